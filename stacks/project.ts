/**
 * Names that tie the tools to the deployed stack: the cdktf stack id, where
 * its local Terraform state lives, and the function's timeout. Imports nothing, so the seed and the
 * runners can read it without loading cdktf.
 */
import * as path from "node:path";

export const STACK_NAME = "stepfunctions-map";
export const PROJECT_ROOT = path.join(__dirname, "..");

/** The Lambda's timeout: it only logs; 10 s leaves room for a cold start. The offline run uses it too. */
export const FUNCTION_TIMEOUT_SECONDS = 10;

/** The local state file of a stack, in the project root. */
export function stateFileName(stackId: string): string {
  return `terraform.${stackId}.tfstate`;
}

/**
 * The oldest Terraform the synthesized configuration accepts. The S3 backend's
 * `use_lockfile` (S3 native state locking, set with stateBucket) needs
 * Terraform 1.10 or OpenTofu 1.10; the Terraform tier tests with OpenTofu
 * 1.12.6, which satisfies it too (OpenTofu checks required_version against its
 * own version).
 */
export const TERRAFORM_REQUIRED_VERSION = ">= 1.10.0";

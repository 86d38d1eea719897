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

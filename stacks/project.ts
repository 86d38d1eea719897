/**
 * Names that tie the tools to the deployed stack: the cdktf stack id and where
 * its local Terraform state lives. Imports nothing, so the seed and the
 * runners can read it without loading cdktf.
 */
import * as path from "node:path";

export const STACK_NAME = "stepfunctions-map";
export const PROJECT_ROOT = path.join(__dirname, "..");

/** The local state file of a stack, in the project root. */
export function stateFileName(stackId: string): string {
  return `terraform.${stackId}.tfstate`;
}

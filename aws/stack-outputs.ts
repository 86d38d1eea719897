/**
 * Reads the deployed stack's outputs from its local Terraform state file, so
 * the seed (and later tools) can default to the table that was deployed.
 * Returns undefined when there is no state or no such output.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT, STACK_NAME, stateFileName } from "../stacks/project";

export function stackOutput(name: string, stateFile = path.join(PROJECT_ROOT, stateFileName(STACK_NAME))): string | undefined {
  try {
    const state = JSON.parse(readFileSync(stateFile, "utf8")) as { outputs?: Record<string, { value?: unknown }> };
    const value = state.outputs?.[name]?.value;
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

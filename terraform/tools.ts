/**
 * Where the Terraform tier's tools live (built by `npm run setup:terraform`
 * into the git-ignored .tools/) and the environment that runs them with no
 * network: OpenTofu reading providers from the local mirror.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../stacks/project";

export const TOOLS = path.join(PROJECT_ROOT, ".tools");
export const TOFU = path.join(TOOLS, "bin", "tofu");
export const CLI_CONFIG = path.join(TOOLS, "tofurc");
export const MOTO_SERVER = path.join(TOOLS, "venv-moto", "bin", "moto_server");
export const CHECKOV = path.join(TOOLS, "venv-checkov", "bin", "checkov");
export const ACTIONLINT = path.join(TOOLS, "bin", "actionlint");
export const ZIZMOR = path.join(TOOLS, "venv-zizmor", "bin", "zizmor");

/** The tools missing from .tools/, empty when the tier can run. */
export function missingTools(): string[] {
  return [TOFU, CLI_CONFIG, MOTO_SERVER, CHECKOV, ACTIONLINT, ZIZMOR].filter((p) => !existsSync(p)).map((p) => path.relative(PROJECT_ROOT, p));
}

/** Environment for tofu and cdktf: the mirror, no update checks, OpenTofu as the binary. */
export function terraformEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: CLI_CONFIG,
    TERRAFORM_BINARY_NAME: TOFU,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

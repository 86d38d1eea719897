/**
 * A throwaway copy of the project for the Terraform tier: its own cdktf.out
 * and state file, so a test run can never touch the user's real state.
 * node_modules is linked, not copied.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT, STACK_NAME, stateFileName } from "../stacks/project";
import { TOFU, terraformEnv } from "./tools";

const exec = promisify(execFile);
// Every folder a command run in the copy may load (the import rules in the
// README say which import which): synth needs stacks/ and functions/, the
// seed seed/, aws/ and cli/, execute and start also report/ and local/.
const COPIED = ["main.ts", "cdktf.json", "package.json", "tsconfig.json", "stacks", "functions", "seed", "aws", "cli", "report", "local", "execute"];

export interface Workdir {
  readonly root: string;
  readonly stackDir: string;
  readonly stateFile: string;
  /** Runs a command there with the tier's environment; rejects with its output on a non-zero exit. */
  run(cmd: string, args: string[], opts?: { cwd?: string; env?: Record<string, string> }): Promise<{ stdout: string; stderr: string }>;
  /** tofu in the synthesized stack's folder. */
  tofu(args: string[], env?: Record<string, string>): Promise<{ stdout: string; stderr: string }>;
  remove(): void;
}

export function makeWorkdir(env: Record<string, string>): Workdir {
  const root = mkdtempSync(path.join(tmpdir(), "tf-tier-"));
  for (const entry of COPIED) cpSync(path.join(PROJECT_ROOT, entry), path.join(root, entry), { recursive: true });
  symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"));
  const stackDir = path.join(root, "cdktf.out", "stacks", STACK_NAME);
  const run: Workdir["run"] = async (cmd, args, opts = {}) => {
    try {
      return await exec(cmd, args, {
        cwd: opts.cwd ?? root,
        env: terraformEnv({ ...env, ...opts.env }),
        maxBuffer: 64 * 1024 * 1024,
        timeout: 15 * 60_000,
      });
    } catch (e) {
      const err = e as Error & { stdout?: string; stderr?: string };
      throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`, { cause: e });
    }
  };
  return {
    root,
    stackDir,
    stateFile: path.join(root, stateFileName(STACK_NAME)),
    run,
    tofu: (args, extra) => run(TOFU, args, { cwd: stackDir, env: extra }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

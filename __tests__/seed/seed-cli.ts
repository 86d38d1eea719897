/**
 * Runs the seed CLI as a user would (`npm run seed -- ARGS`, through tsx), in
 * a child process with no AWS configuration from this machine: no AWS_*
 * variables, an empty HOME (so no ~/.aws), no instance metadata lookups.
 * Shared by the seed tests; not a test file itself.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const ROOT = path.join(__dirname, "..", "..");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function seedCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const home = mkdtempSync(path.join(tmpdir(), "seed-home-"));
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
  try {
    const out = await run(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "seed/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...cleanEnv, HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...env },
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A fresh temporary folder, and a function that writes a file there and returns its path. */
export function tempFiles(prefix: string): { dir: string; file: (name: string, content: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    file: (name, content) => {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
  };
}

/** The seed CLI as `... | npm run seed -- ARGS`: `input` is written to its standard input. */
export function seedCliWithInput(args: string[], input: string | Buffer, env: Record<string, string> = {}): Promise<CliResult> {
  const home = mkdtempSync(path.join(tmpdir(), "seed-home-"));
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "seed/cli.ts", ...args],
      { cwd: ROOT, env: { ...cleanEnv, HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...env } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

/**
 * The seed CLI as a running child process: kill it (SIGKILL) or race it;
 * `done` settles when it exits. One process: tsx as Node's loader (the tsx
 * command would run the seed in a grandchild, which a kill would not reach).
 */
export function spawnSeedCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const home = mkdtempSync(path.join(tmpdir(), "seed-home-"));
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
  const child = spawn(process.execPath, ["--import", "tsx", "seed/cli.ts", ...args], {
    cwd: ROOT,
    env: { ...cleanEnv, HOME: home, AWS_EC2_METADATA_DISABLED: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr })),
  );
  return { child, done };
}

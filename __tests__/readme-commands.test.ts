/**
 * README, "The offline run (`npm start`)": the ```sh block after
 * `<!-- commands:offline` run as written, every line, in a throwaway copy of
 * the project (so nothing lands in the checkout), with the exit code the
 * line's comment promises ("exit 1"; else 0) and its key output.
 *
 * The install and test commands of "Set up, test, run" (`npm ci`, `npm
 * test`) are not marked and not run: `npm test` runs this test.
 * `my.tfvars` is the user's own file (the README line says so): the test
 * writes the README's example, `max_concurrency = 3`, in the copy.
 *
 * Waits are left as the README has them (2 s per item): about 20 s in all.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { markedCommands } from "./readme-blocks";

const ROOT = path.join(__dirname, "..");
jest.setTimeout(120_000);

const commands = markedCommands(readFileSync(path.join(ROOT, "README.md"), "utf8"), "commands:offline");
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), "readme-commands-"));
  const skip = new Set(["node_modules", ".git", ".tools", ".node", "cdktf.out", "coverage", ".cache", ".build", ".gen"]);
  for (const entry of readdirSync(ROOT)) {
    if (!skip.has(entry) && !entry.startsWith("terraform.")) cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  writeFileSync(path.join(copy, "my.tfvars"), "max_concurrency = 3\n");
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function bash(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // No TF_VAR_* or npm_* from the test's own environment: only what the line sets.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TF_VAR_") && !k.startsWith("npm_")));
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", line], {
      cwd: copy,
      env: { ...env, NO_COLOR: "1", npm_config_update_notifier: "false", PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The first column of the Lambda (█) in each timeline row. */
const lambdaColumns = (out: string) =>
  out
    .split("\n")
    .filter((l) => /^ {2}item \d/.test(l))
    .map((r) => r.indexOf("█"));

/** What each line's output must show, by the line as the README writes it. */
const CHECKS: Record<string, (out: string) => void> = {
  "npm start": (out) => {
    const cols = lambdaColumns(out);
    expect(cols).toHaveLength(3);
    expect(cols[0]).toBeLessThan(cols[1]!);
    expect(cols[1]).toBeLessThan(cols[2]!);
    expect(out).toMatch(/^SUCCEEDED 3 items processed after \d/m);
  },
  "TF_VAR_max_concurrency=3 npm start --silent -- --json": (out) => {
    const report = JSON.parse(out) as { status: string; settings: { max_concurrency: number }; items: { lambdaStartedMs: number }[] };
    expect(report.status).toBe("SUCCEEDED");
    expect(report.settings.max_concurrency).toBe(3);
    const starts = report.items.map((i) => i.lambdaStartedMs);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(500);
  },
  "TF_VAR_wait_seconds=3 TF_VAR_timeout_seconds=2 npm start": (out) => {
    expect(out).toMatch(/^TIMED_OUT/m);
    expect(out).toContain("States.Timeout");
  },
  "npm start -- --file seed/listofdicts.json --var-file my.tfvars": (out) => {
    expect(out).toMatch(/^ {2}max_concurrency +3 /m);
    expect(out).toMatch(/^SUCCEEDED 3 items processed after \d/m);
  },
};

test("the README's offline block is the lines this test knows how to check (a new line needs a check here)", () => {
  expect(commands.map((c) => c.line)).toEqual(Object.keys(CHECKS));
});

test.each(commands.map((c) => [c.line, c] as const))("%s", async (_line, { line, exit }) => {
  const { code, stdout, stderr } = await bash(line);
  expect({ code, stderr: code === exit ? "" : stderr }).toEqual({ code: exit, stderr: "" });
  CHECKS[line]?.(stdout);
});

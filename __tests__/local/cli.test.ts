/** npm start as a user runs it: one process, its exit code, its output. */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { run as startRun } from "../../local/commands/cli-main";
import { nodeVersionProblem } from "../../local/commands/node-version";
import { runCaptured } from "../cli/capture";

const ROOT = path.join(__dirname, "..", "..");
const run = promisify(execFile);

/** Runs local/commands/cli.ts with tsx, with no AWS configuration from this machine. */
async function start(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_") && !k.startsWith("TF_VAR_")));
  try {
    const out = await run(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "local/commands/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...clean, HOME: mkdtempSync(path.join(tmpdir(), "start-home-")), AWS_EC2_METADATA_DISABLED: "true", ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test("--json --var wait_seconds=0: one SUCCEEDED JSON report, exit 0, nothing else on stdout", async () => {
  const { code, stdout, stderr } = await start(["--json", "--var", "wait_seconds=0"]);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const report = JSON.parse(stdout);
  expect(report).toMatchObject({ status: "SUCCEEDED", error: null, cause: null, settings: { wait_seconds: 0, max_concurrency: 1 } });
  expect(typeof report.durationMs).toBe("number");
  expect(report.items).toHaveLength(3);
  for (const item of report.items) {
    for (const key of ["input", "waitStartedMs", "lambdaStartedMs", "lambdaEndedMs", "output"]) expect(item).toHaveProperty(key);
  }
  expect(report.items.map((i: { output: unknown }) => i.output)).toEqual(["Computer Science", "Economics", "Mathematics"]);
});

test("TF_VAR_max_concurrency=abc: refused with Terraform's message on one line, exit 1", async () => {
  const { code, stdout, stderr } = await start([], { TF_VAR_max_concurrency: "abc" });
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toBe(
    "start: Invalid value for input variable: Unsuitable value for var.max_concurrency set using the TF_VAR_max_concurrency environment variable: a number is required.\n",
  );
});

test("the timeline, a timeout and its exit code", async () => {
  const { code, stdout } = await start(["--var", "wait_seconds=2", "--var", "timeout_seconds=1"], { NO_COLOR: "1" });
  expect(code).toBe(1);
  expect(stdout).toContain("Timeline");
  expect(stdout).toMatch(/^ {2}item 0 /m);
  expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^TIMED_OUT .*States.Timeout/);
});

test("Node.js older than 22 is refused with one line", () => {
  expect(nodeVersionProblem("22.0.0")).toBeUndefined();
  expect(nodeVersionProblem("24.1.0")).toBeUndefined();
  const problem = nodeVersionProblem("20.19.1");
  expect(problem).toMatch(/needs Node.js 22 or newer .*Promise.withResolvers.*20.19.1/);
  expect(problem).not.toContain("\n");
});

describe("run(argv, io) in this process", () => {
  const start = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCaptured(startRun, argv, { env });

  test("an unknown option: the line, then the pointer to --help, exit 2", async () => {
    const r = await start(["--jsn"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^start: Unknown option '--jsn'[^\n]*\nsee npm start -- --help\n$/);
  });

  test("--help: the usage on stdout, exit 0", async () => {
    const r = await start(["--help"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^Usage: npm start -- \[options\]/);
  });

  test("refused settings from io.env: one line, exit 1", async () => {
    const r = await start([], { TF_VAR_max_concurrency: "abc" });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^start: Invalid value for input variable: .*TF_VAR_max_concurrency.*\n$/);
  });

  test("a missing --file: one line, exit 1", async () => {
    const r = await start(["--file", "no/such/list.json", "--var", "wait_seconds=0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^start: seed file not found: .*list\.json\n$/);
  });
});

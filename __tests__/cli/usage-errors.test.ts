/**
 * Every command, as a real process: a usage error exits 2 and prints its one
 * line and the pointer to --help, never the whole usage (issue 23). The
 * commands run as the npm scripts run them (tsx FILE), so a command that
 * bypassed cli/run.ts would show here.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

const ROOT = path.join(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** [npm script, file it runs, a usage error, its line, the help command]. */
const CASES: [string, string, string[], RegExp, string][] = [
  ["start", "local/commands/cli.ts", ["--bogus"], /^start: Unknown option '--bogus'/, "npm start -- --help"],
  ["start", "local/commands/cli.ts", ["--var", "max_concurrency"], /^start: Invalid -var option: /, "npm start -- --help"],
  [
    "start",
    "local/commands/cli.ts",
    ["--var", "max_concurency=3"],
    /^start: unknown variable max_concurency, did you mean max_concurrency\?$/,
    "npm start -- --help",
  ],
  ["seed", "seed/cli.ts", ["--source", "items", "--file", "x.json"], /^seed: --source must be list or rows, got "items"$/, "npm run seed -- --help"],
  ["execute", "execute/cli.ts", ["--wait-forever"], /^execute: Unknown option '--wait-forever'/, "npm run execute -- --help"],
  ["dynamodb", "local/dynamodb/cli.ts", ["--port", "x"], /^dynamodb: --port must be a port number/, "npm run dynamodb -- --help"],
  ["emulator", "terraform/emulator-cli.ts", ["--port", "0"], /^emulator: --port must be a port number from 1 to 65535, got "0"$/, "npm run emulator -- --help"],
  ["bench", "bench/run.ts", ["--only", "nothing"], /^bench: --only: no group nothing; /, "npm run bench -- --help"],
  [
    "plan:review",
    "terraform/plan-review.ts",
    ["--for", "prod", "p.json"],
    /^plan-review: --for takes one of pr, main, drift, got "prod"$/,
    "npm run plan:review -- --help",
  ],
  ["definition", "local/commands/definition-cli.ts", ["--bogus"], /^definition: Unknown option '--bogus'/, "npm run definition -- --help"],
];

test.each(CASES)(
  "npm run %s (%s) %j: exit 2, the line, then the pointer to --help",
  async (_script, file, argv, line, help) => {
    const { code, stdout, stderr } = await promisify(execFile)(TSX, [file, ...argv], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: "0" } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(line);
    expect(lines.slice(1)).toEqual([`see ${help}`, ""]);
  },
  60_000,
);

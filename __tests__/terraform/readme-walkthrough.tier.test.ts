/**
 * docs/terraform-tier.md, "Try the deploy loop on the emulator", run as written: the one ```sh
 * block after `<!-- walkthrough:emulator` is read from that page and its
 * commands run in order, in a throwaway copy of the project, against the
 * emulator its first line starts. Only the port is changed (a free one for
 * 5000, so a user's emulator or another test run is never touched). So the
 * documented loop cannot rot: a renamed option, a missing step or a command
 * that hangs fails here.
 *
 * Each command runs in its own `bash -c` after the block's `source` and
 * `export` lines so far, as a second shell would have them; its exit code
 * and key output are checked. Part of the Terraform tier (needs .tools/).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { PROJECT_ROOT } from "../../stacks/project";
import { resourceNames, settings } from "../../stacks/settings";
import { missingTools, TOOLS } from "../../terraform/tools";
import { freePort } from "../../terraform/moto-server";
import { makeWorkdir, type Workdir } from "../../terraform/workdir";
import { markedCommands } from "../readme-blocks";

const missing = missingTools();
if (missing.length > 0) {
  throw new Error(`the Terraform tier needs ${missing.join(", ")}: run npm run setup:terraform first`);
}
jest.setTimeout(10 * 60_000);

const names = resourceNames(settings.name_prefix.default);
const README_PORT = "5000";

/** What the README's walkthrough shows a command printing (the first match after the marker). */
function readmeQuote(pattern: RegExp): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, "docs", "terraform-tier.md"), "utf8");
  const found = pattern.exec(readme.slice(readme.indexOf("<!-- walkthrough:emulator")));
  if (!found) throw new Error(`docs/terraform-tier.md's walkthrough quotes nothing like ${pattern}`);
  return found[0];
}

const commands = markedCommands(readFileSync(path.join(PROJECT_ROOT, "docs", "terraform-tier.md"), "utf8"), "walkthrough:emulator").map((c) => c.line);

let port: number;
let wd: Workdir;
let emulator: ChildProcess | undefined;
let emulatorOut = "";
const timings: [string, number][] = [];

/** The README's line with its port replaced, and nothing else. */
const withPort = (line: string) => line.replaceAll(`127.0.0.1:${README_PORT}`, `127.0.0.1:${port}`).replace(`--port ${README_PORT}`, `--port ${port}`);

beforeAll(async () => {
  port = await freePort();
  // makeWorkdir copies what cdktf synth needs; the walkthrough also runs the
  // commands (seed, execute and the emulator need aws/, cli/, report/, terraform/, ...)
  // and sources terraform/env.sh, which finds .tools/ next to it.
  wd = makeWorkdir({});
  const skip = new Set(["node_modules", ".git", ".tools", ".node", "cdktf.out", "coverage", ".cache", ".build", ".gen"]);
  for (const entry of readdirSync(PROJECT_ROOT)) {
    if (skip.has(entry) || entry.startsWith("terraform.") || existsSync(path.join(wd.root, entry))) continue;
    cpSync(path.join(PROJECT_ROOT, entry), path.join(wd.root, entry), { recursive: true });
  }
  symlinkSync(TOOLS, path.join(wd.root, ".tools"));
});

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    // A step failed before the last test's Ctrl-C: Ctrl-C now (SIGKILL would
    // leave moto, in its own process group, running).
    const exited = new Promise((resolve) => emulator!.once("exit", resolve));
    process.kill(-emulator.pid!, "SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  wd?.remove();
  process.stdout.write(`README walkthrough timings:\n${timings.map(([c, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${c}`).join("\n")}\n`);
});

/** The user's environment without AWS settings or npm's own variables: only what the README exports. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("AWS_") && !k.startsWith("npm_") && !k.startsWith("TF_") && k !== "CDKTF_EMULATOR_ENDPOINT" && k !== "TERRAFORM_BINARY_NAME",
    ),
  );
  return {
    ...env,
    // The Node.js running these tests runs the commands too.
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
    AWS_EC2_METADATA_DISABLED: "true",
    npm_config_update_notifier: "false",
    // As on a CI runner: cdktf prints its progress without redrawing spinners.
    CI: "1",
  };
}

interface Step {
  readonly code: number | null;
  readonly out: string;
}

function bash(script: string, label: string): Promise<Step> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], { cwd: wd.root, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      timings.push([label, Date.now() - started]);
      // Without cdktf's colours and cursor movements.
      // eslint-disable-next-line no-control-regex
      resolve({ code, out: out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "") });
    });
  });
}

const setup: string[] = [];

/** Runs the walkthrough's next commands up to and including one starting with `prefix`. */
async function runUntil(prefix: string): Promise<Step> {
  while (commands.length > 0) {
    const line = withPort(commands.shift()!);
    if (/^(source|export) /.test(line)) {
      setup.push(line);
      continue;
    }
    if (!line.startsWith(prefix)) throw new Error(`the README walkthrough has "${line}" where this test expects "${prefix} ..."`);
    return bash([...setup, line].join("\n"), line);
  }
  throw new Error(`the README walkthrough has no "${prefix} ..." command left`);
}

describe("README: Try the deploy loop on the emulator, literally", () => {
  test("the block is the emulator, the three lines it prints to paste, then the loop", () => {
    expect(commands[0]).toBe(`npm run emulator -- --port ${README_PORT}`);
    expect(commands.slice(1, 4)).toEqual([
      "source terraform/env.sh",
      `export CDKTF_EMULATOR_ENDPOINT=http://127.0.0.1:${README_PORT}`,
      "export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1",
    ]);
  });

  test("npm run emulator: starts, and prints those lines", async () => {
    const line = withPort(commands.shift()!);
    const started = Date.now();
    emulator = spawn("bash", ["-c", `exec ${line}`], { cwd: wd.root, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });
    emulator.stdout!.on("data", (d: Buffer) => (emulatorOut += d.toString()));
    emulator.stderr!.on("data", (d: Buffer) => (emulatorOut += d.toString()));
    while (!emulatorOut.includes("export AWS_ACCESS_KEY_ID")) {
      if (emulator.exitCode !== null || Date.now() - started > 60_000) throw new Error(`the emulator did not start:\n${emulatorOut}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    timings.push([line, Date.now() - started]);
    for (const paste of commands.slice(0, 3)) expect(emulatorOut).toContain(`  ${withPort(paste)}\n`);
  });

  test("npx cdktf deploy: creates the stack, the state machine last", async () => {
    const { code, out } = await runUntil("npx cdktf deploy");
    expect({ code, tail: out.slice(-3000) }).toMatchObject({ code: 0 });
    expect(out).toMatch(/aws_sfn_state_machine\.state_machine: Creation complete/);
    // The figure the README quotes, so the walkthrough's printed output cannot go stale either.
    expect(out).toContain(readmeQuote(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./));
    expect(out).toContain(`state_machine_name = ${names.stateMachine}`);
  });

  test("npm run seed: writes the list into moto's table", async () => {
    const { code, out } = await runUntil("npm run seed");
    expect({ code, out }).toMatchObject({ code: 0 });
    expect(out).toContain(`seeded 3 items from seed/simplelist.json into table ${names.table}\n`);
  });

  test("npm run execute: moto runs the definition to SUCCEEDED, three items one after another", async () => {
    const { code, out } = await runUntil("npm run execute");
    expect({ code, out }).toMatchObject({ code: 0 });
    expect(out).toMatch(/^Execution {2}arn:aws:states:us-east-1:123456789012:execution:/m);
    expect(out).toContain(`Items read from table ${names.table} (3)`);
    // moto's default would print no timeline and stay RUNNING: these rows are moto's real run.
    const rows = out.split("\n").filter((l) => /^ {2}item \d/.test(l));
    expect(rows).toHaveLength(3);
    const firstRun = rows.map((r) => r.indexOf("█"));
    expect(firstRun[0]).toBeLessThan(firstRun[1]!);
    expect(firstRun[1]).toBeLessThan(firstRun[2]!);
    expect(out).toMatch(/^SUCCEEDED 3 items processed after \d/m);
  });

  test("npx cdktf plan --var max_concurrency=3: the state machine's MaxConcurrency 1 -> 3, nothing added or destroyed", async () => {
    const { code, out } = await runUntil("npx cdktf plan");
    expect({ code, tail: out.slice(-3000) }).toMatchObject({ code: 0 });
    expect(out).toMatch(/MaxConcurrency = 1 -> 3/);
    // The function and its role policy too: moto keeps no LoggingConfig (README says so).
    expect(out).toContain("Plan: 0 to add, 3 to change, 0 to destroy.");
  });

  test("npx cdktf destroy: nothing left in moto", async () => {
    const { code, out } = await runUntil("npx cdktf destroy");
    expect({ code, tail: out.slice(-3000) }).toMatchObject({ code: 0 });
    expect(out).toContain(readmeQuote(/Destroy complete! Resources: \d+ destroyed\./));
    const sdk = { region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
    const dynamo = new DynamoDBClient(sdk);
    const sfn = new SFNClient(sdk);
    expect((await dynamo.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    dynamo.destroy();
    sfn.destroy();
    expect(commands).toEqual([]);
  });

  test("Ctrl-C ends the emulator: exit 130", async () => {
    const exited = new Promise<number | null>((resolve) => emulator!.once("exit", (code) => resolve(code)));
    process.kill(-emulator!.pid!, "SIGINT");
    expect(await exited).toBe(130);
  });
});

/**
 * `npm run emulator` as a user runs it, a child process with moto from
 * .tools/: what it prints, that the endpoint is the proxy with executions on,
 * and how it ends — Ctrl-C (SIGINT to the whole process group, as a terminal
 * sends it) and SIGTERM (to npm alone) exit 130 / 143 with moto gone; moto
 * dying ends it with exit 1 and a line saying so.
 *
 * npm itself dies of a terminal's SIGINT at once (the shell shows 130) while
 * the emulator stops moto behind it; so "moto gone" is awaited, briefly.
 * The script is `exec tsx ...`: without the exec, npm hands SIGTERM to the
 * `sh -c` between it and tsx, which dies of it and leaves tsx and the
 * emulator running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { constants } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/project";
import { MOTO_SERVER } from "../../terraform/tools";
import { freePort } from "../../terraform/moto-server";

if (!existsSync(MOTO_SERVER)) {
  throw new Error(`this test needs ${path.relative(PROJECT_ROOT, MOTO_SERVER)}: run npm run setup:terraform first`);
}
jest.setTimeout(90_000);

interface Emulator {
  readonly child: ChildProcess;
  readonly port: number;
  readonly motoPid: number;
  out(): string;
  err(): string;
  /** The exit code, or 128 + the signal's number when it died of a signal (what a shell's $? says). */
  exited: Promise<number>;
}

const started: Emulator[] = [];
afterEach(() => {
  // A failed test must not leave the emulator or moto running.
  for (const emu of started.splice(0)) {
    for (const pid of [-emu.child.pid!, emu.motoPid]) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone already
      }
    }
  }
});

async function gone(pid: number): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startEmulator(): Promise<Emulator> {
  const port = await freePort();
  // Its own process group, so the test can send the group a terminal's Ctrl-C.
  const child = spawn("npm", ["run", "--silent", "emulator", "--", "--port", String(port)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`, npm_config_update_notifier: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number>((resolve) => child.once("exit", (code, signal) => resolve(code ?? 128 + constants.signals[signal!])));
  const deadline = Date.now() + 60_000;
  let m: RegExpExecArray | null;
  while (!(m = /moto_server pid (\d+)/.exec(out))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the emulator did not start:\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const emu = { child, port, motoPid: Number(m[1]), out: () => out, err: () => err, exited };
  started.push(emu);
  return emu;
}

test("prints the endpoint and the lines to paste; the endpoint is the proxy in front of moto; Ctrl-C: exit 130, moto gone", async () => {
  const emu = await startEmulator();
  const endpoint = `http://127.0.0.1:${emu.port}`;
  expect(emu.out()).toContain(`emulator: moto on ${endpoint}, executions run, Lambda echoes its payload\n`);
  for (const line of [
    "source terraform/env.sh",
    `export CDKTF_EMULATOR_ENDPOINT=${endpoint}`,
    "export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1",
  ]) {
    expect(emu.out()).toContain(`\n  ${line}\n`);
  }
  // The proxy answers what moto lacks...
  const validate = await fetch(endpoint, {
    method: "POST",
    headers: { "x-amz-target": "AWSStepFunctions.ValidateStateMachineDefinition", "content-type": "application/x-amz-json-1.0" },
    body: JSON.stringify({ definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }) }),
  });
  expect(await validate.json()).toEqual({ result: "OK", diagnostics: [], truncated: false });
  // ...and passes the rest to moto, configured for Lambda without Docker. (moto's
  // config GET does not show the stepfunctions switch: the README walkthrough's
  // test sees executions run.)
  const config = (await (await fetch(`${endpoint}/moto-api/config`)).json()) as { lambda: object };
  expect(config.lambda).toEqual({ use_docker: false });

  process.kill(-emu.child.pid!, "SIGINT");
  expect(await emu.exited).toBe(130);
  expect(await gone(emu.motoPid)).toBe(true);
  expect(emu.err()).toContain("emulator: stopping moto");
  await expect(fetch(endpoint)).rejects.toThrow();
});

test("SIGTERM to npm alone: exit 143, moto gone", async () => {
  const emu = await startEmulator();
  emu.child.kill("SIGTERM");
  expect(await emu.exited).toBe(143);
  expect(await gone(emu.motoPid)).toBe(true);
  expect(emu.err()).toContain("emulator: stopping moto");
});

test("moto dying: the emulator says so and exits 1", async () => {
  const emu = await startEmulator();
  process.kill(emu.motoPid, "SIGKILL");
  expect(await emu.exited).toBe(1);
  expect(emu.err()).toMatch(new RegExp(`^emulator: moto_server \\(pid ${emu.motoPid}\\) exited \\(SIGKILL\\)`, "m"));
  await expect(fetch(`http://127.0.0.1:${emu.port}`)).rejects.toThrow();
});

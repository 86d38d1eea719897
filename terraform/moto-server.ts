/**
 * Starts moto's server (the AWS emulator) on a free loopback port, with a
 * proxy in front on a free or given loopback port, and stops both: for the
 * Terraform tier and for `npm run emulator` (terraform/emulator.ts). Nothing
 * it serves leaves this machine.
 *
 * moto 5.2 lacks calls the AWS provider makes for a state machine: it answers
 * 500 and the provider retries for many minutes. A small proxy in front of
 * moto answers them and passes every other request on:
 *  - ValidateStateMachineDefinition (at plan time): asl-validator's verdict;
 *  - ListStateMachineVersions / ListStateMachineAliases (after create): none,
 *    which is the truth for this stack, which never publishes a version.
 */
import { UserError } from "../cli/errors";
import { spawn, type ChildProcess } from "node:child_process";
import { request, createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import aslValidator from "asl-validator";
import { MOTO_SERVER } from "./tools";

export interface MotoServer {
  /** The proxy's URL: what clients, cdktf and the commands use. */
  readonly endpoint: string;
  /** moto's own process and port, behind the proxy (for diagnostics). */
  readonly motoPid: number;
  readonly motoPort: number;
  /** Settles when moto exits or the proxy stops listening, other than through stop(): with what happened. */
  readonly died: Promise<string>;
  stop(): Promise<void>;
}

export interface MotoOptions {
  /** The proxy's port on 127.0.0.1; default a free one. */
  readonly port?: number;
  /**
   * Run state machine executions (moto's `stepfunctions.execute_state_machine`)
   * with the Docker-free Lambda backend (`lambda.use_docker` false: an invoke
   * echoes its payload). Default off: moto then only records executions.
   */
  readonly executeStateMachines?: boolean;
  /** The moto_server binary; default the one in .tools/. */
  readonly motoServer?: string;
}

/** The proxy's port is taken by something else. */
class PortTakenError extends UserError {
  override name = "PortTakenError";
}

/**
 * Starts moto on a free loopback port with the proxy in front (on
 * `opts.port`, or a free port). The proxy's port is bound before moto starts,
 * so a taken port fails at once and starts nothing.
 */
export async function startMoto(opts: MotoOptions = {}): Promise<MotoServer> {
  const proxy = await startValidatingProxy(opts.port ?? 0);
  let child: ChildProcess | undefined;
  let stopping = false;
  try {
    const port = await freePort();
    // Its own process group (detached), so that stopping kills whatever moto
    // started too, and a terminal's Ctrl-C reaches the parent, which stops it
    // in order, rather than killing moto under a proxy that still answers.
    const moto = spawn(opts.motoServer ?? MOTO_SERVER, ["-H", "127.0.0.1", "-p", String(port)], {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
      detached: true,
    });
    child = moto;
    // If this process ends without stop() (process.exit on a second Ctrl-C, a crash), moto goes too.
    const onExit = () => killGroup(moto, "SIGKILL");
    process.once("exit", onExit);
    moto.once("exit", () => process.off("exit", onExit));
    let stderr = "";
    // A binary that cannot start (ENOENT, EACCES) is reported by waitUntilUp, not thrown from an event.
    moto.on("error", (e) => (stderr += `${e.message}\n`));
    moto.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const motoEndpoint = `http://127.0.0.1:${port}`;
    await waitUntilUp(motoEndpoint, moto, () => stderr);
    if (opts.executeStateMachines) await configure(motoEndpoint);
    proxy.target(port);
    const died = new Promise<string>((resolve) => {
      moto.once("exit", (code, signal) => {
        if (!stopping) resolve(`moto_server (pid ${moto.pid}) exited (${signal ?? `code ${code}`}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
      });
      proxy.server.once("close", () => {
        if (!stopping) resolve(`the proxy on ${proxy.endpoint} stopped listening`);
      });
    });
    return {
      endpoint: proxy.endpoint,
      motoPid: moto.pid!,
      motoPort: port,
      died,
      stop: async () => {
        stopping = true;
        await proxy.close();
        await stop(moto);
      },
    };
  } catch (e) {
    stopping = true;
    await proxy.close();
    if (child) await stop(child);
    throw e;
  }
}

/** Turns on execution of state machines, with the Lambda backend that needs no Docker. */
async function configure(motoEndpoint: string): Promise<void> {
  const res = await fetch(`${motoEndpoint}/moto-api/config`, {
    method: "POST",
    body: JSON.stringify({ stepfunctions: { execute_state_machine: true }, lambda: { use_docker: false } }),
  });
  if (!res.ok) throw new Error(`moto refused its configuration: HTTP ${res.status} ${await res.text()}`);
}

const VALIDATE_TARGET = "AWSStepFunctions.ValidateStateMachineDefinition";
const EMPTY_LISTS: Record<string, object> = {
  "AWSStepFunctions.ListStateMachineVersions": { stateMachineVersions: [] },
  "AWSStepFunctions.ListStateMachineAliases": { stateMachineAliases: [] },
};

interface Proxy {
  readonly endpoint: string;
  readonly server: Server;
  /** Where requests go from now on; until then they are answered 503. */
  target(motoPort: number): void;
  close(): Promise<void>;
}

async function startValidatingProxy(port: number): Promise<Proxy> {
  let motoPort: number | undefined;
  const server = createHttpServer((req, res) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    if (motoPort === undefined) {
      req.resume();
      res.writeHead(503);
      res.end("moto is still starting");
    } else if (target === VALIDATE_TARGET) void answerValidate(req, res);
    else if (target in EMPTY_LISTS) answerJson(req, res, EMPTY_LISTS[target]!);
    else forward(req, res, motoPort);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new PortTakenError(`port ${port} on 127.0.0.1 is taken (another emulator?); stop it or pick another with --port`));
      else reject(e);
    });
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    server,
    target: (p) => (motoPort = p),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answerValidate(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { definition: string };
  let diagnostics: { severity: string; code: string; message: string }[];
  try {
    const { isValid, errors } = aslValidator(JSON.parse(body.definition));
    diagnostics = isValid ? [] : errors.map((e) => ({ severity: "ERROR", code: "SCHEMA_VALIDATION_FAILED", message: e.message }));
  } catch (e) {
    diagnostics = [{ severity: "ERROR", code: "INVALID_JSON_DESCRIPTION", message: (e as Error).message }];
  }
  answerJson(req, res, { result: diagnostics.length ? "FAIL" : "OK", diagnostics, truncated: false });
}

function answerJson(req: IncomingMessage, res: ServerResponse, body: object): void {
  req.resume();
  res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
  res.end(JSON.stringify(body));
}

function forward(req: IncomingMessage, res: ServerResponse, motoPort: number): void {
  const upstream = request({ host: "127.0.0.1", port: motoPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on("error", (e) => {
    res.writeHead(502);
    res.end(String(e));
  });
  req.pipe(upstream);
}

async function waitUntilUp(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      throw new Error(`moto_server exited (${child.signalCode ?? child.exitCode ?? "did not start"}): ${stderr()}`);
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  killGroup(child, "SIGKILL");
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      // Anything moto started in its group goes with it.
      killGroup(child, "SIGKILL");
      resolve();
    });
    killGroup(child, "SIGTERM");
  });
}

/** Signals moto's whole process group (it leads its own: spawned detached). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is gone already
  }
}

/** A port no one listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

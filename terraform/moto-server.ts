/**
 * Starts moto's server (the AWS emulator) on a free loopback port for the
 * Terraform tier and stops it afterwards. Nothing it serves leaves this machine.
 *
 * moto 5.2 lacks calls the AWS provider makes for a state machine: it answers
 * 500 and the provider retries for many minutes. A small proxy in front of
 * moto answers them and passes every other request on:
 *  - ValidateStateMachineDefinition (at plan time): asl-validator's verdict;
 *  - ListStateMachineVersions / ListStateMachineAliases (after create): none,
 *    which is the truth for this stack, which never publishes a version.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { request, createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import aslValidator from "asl-validator";
import { MOTO_SERVER } from "./tools";

export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child = spawn(MOTO_SERVER, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" },
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const motoEndpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(motoEndpoint, child, () => stderr);
  const proxy = await startValidatingProxy(port);
  return {
    endpoint: proxy.endpoint,
    stop: async () => {
      await proxy.close();
      await stop(child);
    },
  };
}

const VALIDATE_TARGET = "AWSStepFunctions.ValidateStateMachineDefinition";
const EMPTY_LISTS: Record<string, object> = {
  "AWSStepFunctions.ListStateMachineVersions": { stateMachineVersions: [] },
  "AWSStepFunctions.ListStateMachineAliases": { stateMachineAliases: [] },
};

async function startValidatingProxy(motoPort: number): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createHttpServer((req, res) => {
    const target = String(req.headers["x-amz-target"] ?? "");
    if (target === VALIDATE_TARGET) void answerValidate(req, res);
    else if (target in EMPTY_LISTS) answerJson(req, res, EMPTY_LISTS[target]!);
    else forward(req, res, motoPort);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
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
  const upstream = request(
    { host: "127.0.0.1", port: motoPort, method: req.method, path: req.url, headers: req.headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", (e) => {
    res.writeHead(502);
    res.end(String(e));
  });
  req.pipe(upstream);
}

async function waitUntilUp(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

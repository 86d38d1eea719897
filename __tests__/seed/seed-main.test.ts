/**
 * npm run seed's run(argv, io) in this process: usage, --help, refused input
 * and unreachable endpoints, each one line (or the line and the usage) with
 * its exit code, never a stack trace.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { run } from "../../seed/main";
import { runCaptured } from "../cli/capture";
import { tempFiles } from "./seed-cli";

const { dir } = tempFiles("seed-main-");
/** No AWS configuration from this machine: an emulator gets the test credentials. */
const seed = (argv: string[]) => runCaptured(run, argv, { env: {} });

test("no --file: the line, then the pointer to --help, exit 2", async () => {
  const r = await seed([]);
  expect(r).toEqual({ code: 2, stdout: "", stderr: "seed: --file is required\nsee npm run seed -- --help\n" });
});

test("an unknown option or a stray word: exit 2, the line and the pointer", async () => {
  for (const argv of [["--file", "x.json", "--tabel", "t"], ["x.json"]]) {
    const r = await seed(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seed: [^\n]+\nsee npm run seed -- --help\n$/);
  }
});

test("--help: the usage on stdout, exit 0", async () => {
  const r = await seed(["--help"]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  expect(r.stdout).toMatch(/^Usage: npm run seed -- --file FILE/);
});

test("a missing file: one line, exit 1", async () => {
  const missing = path.join(dir, "nope.json");
  const r = await seed(["--file", missing, "--endpoint", "http://127.0.0.1:1"]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toBe(`seed: seed file not found: ${missing}\n`);
});

test.each([["list"], ["rows"]])("--source %s --endpoint notaurl: one line, exit 1", async (source) => {
  const r = await seed(["--file", "seed/simplelist.json", "--source", source, "--endpoint", "notaurl"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('seed: --endpoint must be a URL such as http://127.0.0.1:4566 (http or https), not "notaurl"\n');
});

test("an endpoint whose host does not resolve: one line naming it, exit 1", async () => {
  const r = await seed(["--file", "seed/simplelist.json", "--table", "t", "--endpoint", "http://nonexistent.invalid:1"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^seed: cannot reach DynamoDB at http:\/\/nonexistent\.invalid:1: host not found \(.*nonexistent\.invalid.*\)\n$/);
}, 30_000);

test("nothing listening at the endpoint: one line, exit 1", async () => {
  const r = await seed(["--file", "seed/simplelist.json", "--table", "t", "--endpoint", "http://127.0.0.1:1"]);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe("seed: cannot reach DynamoDB at http://127.0.0.1:1: connection refused\n");
}, 30_000);

describe("something answers at the endpoint, but not AWS", () => {
  // A plain web server on loopback, as when --endpoint names the wrong port.
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!DOCTYPE html><p>not AWS</p>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("an HTML page instead of an AWS answer: one line, exit 1", async () => {
    const r = await seed(["--file", "seed/simplelist.json", "--table", "t", "--endpoint", `http://${url}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`seed: the answer from DynamoDB at http://${url} is not an AWS API response (is this the right endpoint and port?)\n`);
  }, 30_000);

  test("https to a plain http port: one line, exit 1", async () => {
    const r = await seed(["--file", "seed/simplelist.json", "--table", "t", "--endpoint", `https://${url}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`seed: cannot reach DynamoDB at https://${url}: the TLS handshake failed (https to a plain http port?)\n`);
  }, 30_000);
});

/**
 * `npm run emulator`'s refusals, in-process: they need no moto (the port is
 * bound, and the binary looked for, before moto starts). Its life with moto
 * (Ctrl-C, SIGTERM, moto dying) is in emulator.tier.test.ts.
 */
import { createServer, type Server } from "node:net";
import { run } from "../../terraform/emulator";

function capture() {
  let out = "";
  let err = "";
  const io = {
    stdout: { write: (s: string) => ((out += s), true), isTTY: false, columns: 80 },
    stderr: { write: (s: string) => ((err += s), true), isTTY: false, columns: 80 },
  };
  return { io: io as never, out: () => out, err: () => err };
}

test("without moto_server: says to run the setup, exit 1, one line", async () => {
  const c = capture();
  expect(await run([], c.io, { motoServer: "/nonexistent/.tools/venv-moto/bin/moto_server" })).toBe(1);
  expect(c.err()).toMatch(/^emulator: \S*moto_server is missing: run npm run setup:terraform first\n$/);
  expect(c.out()).toBe("");
});

test("a port that is taken: one line, exit 1, nothing started", async () => {
  const taken: Server = createServer();
  await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
  const port = (taken.address() as { port: number }).port;
  const c = capture();
  try {
    // An existing file stands in for moto_server: the port is refused before it would run.
    expect(await run(["--port", String(port)], c.io, { motoServer: process.execPath })).toBe(1);
  } finally {
    taken.close();
  }
  expect(c.err()).toBe(`emulator: port ${port} on 127.0.0.1 is taken (another emulator?); stop it or pick another with --port\n`);
  expect(c.out()).toBe("");
});

test.each([["abc"], ["0"], ["70000"], ["5000.5"]])("--port %s: a usage error, exit 2", async (port) => {
  const c = capture();
  expect(await run(["--port", port], c.io, { motoServer: process.execPath })).toBe(2);
  expect(c.err().split("\n")[0]).toBe(`emulator: --port must be a port number from 1 to 65535, got "${port}"`);
});

test("--help prints the usage, exit 0", async () => {
  const c = capture();
  expect(await run(["--help"], c.io)).toBe(0);
  expect(c.out()).toMatch(/^Usage: npm run emulator -- \[--port PORT\]/);
});

/**
 * `npm run dynamodb` stops its server when SIGINT or SIGTERM reaches npm's own
 * process alone (a supervisor, `kill <npm's pid>`), not only on a terminal's
 * Ctrl-C to the whole group: the script execs tsx, so npm's signal reaches it.
 */
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** Whether something still listens on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer().once("error", () => resolve(true));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
  });

test.each(["SIGINT", "SIGTERM"] as const)(
  "%s to npm's pid alone: the server stops and its port is free",
  async (signal) => {
    const port = await freePort();
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` };
    const npm = spawn("npm", ["run", "dynamodb", "--", "--port", String(port)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      npm.stdout.on("data", (d: Buffer) => ((out += String(d)), out.includes("Ctrl-C stops it.") && resolve()));
      npm.once("exit", () => reject(new Error(`npm run dynamodb ended early: ${out}`)));
    });
    expect(await listening(port)).toBe(true);
    const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
    npm.kill(signal);
    await exited;
    // The server's process is gone too, not orphaned behind npm.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await listening(port)).toBe(false);
  },
  60_000,
);

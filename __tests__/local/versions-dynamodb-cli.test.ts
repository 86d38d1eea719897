/**
 * `npm run dynamodb`: a real process serving the stack's table on loopback;
 * the seed (another real process) writes and shows a list through it; Ctrl-C
 * (SIGINT) stops it with exit 130.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { seedCli } from "../seed/seed-cli";

jest.setTimeout(60_000);
const ROOT = path.join(__dirname, "..", "..");

function startServer(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "local/dynamodb/cli.ts", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const endpoint = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (m && stdout.includes("Ctrl-C stops it.")) resolve(m[1]!);
    });
    child.on("close", () => reject(new Error(`server exited: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, endpoint, exited };
}

test("serves the stack's table; the seed writes and shows through it; Ctrl-C exits 130", async () => {
  const server = startServer(["--port", "0", "--table", "try-it"]);
  const endpoint = await server.endpoint;
  const seeded = await seedCli(["--endpoint", endpoint, "--table", "try-it", "--file", "seed/listofdicts.json", "--source", "rows"]);
  expect(seeded.stderr).toBe("");
  const shown = await seedCli(["--endpoint", endpoint, "--table", "try-it", "--show", "--source", "rows"]);
  expect(JSON.parse(shown.stdout)).toEqual([
    { topic: "cs", name: "Computer Science" },
    { topic: "econ", name: "Economics" },
    { topic: "math", name: "Mathematics" },
  ]);
  server.child.kill("SIGINT");
  const exit = await server.exited;
  expect(exit.code).toBe(130);
  expect(exit.stdout).toContain(`npm run seed -- --endpoint ${endpoint} --table try-it --show --source rows`);
});

test("a port in use: one line, exit 1", async () => {
  const first = startServer(["--port", "0", "--table", "first-table"]);
  const port = new URL(await first.endpoint).port;
  const second = startServer(["--port", port, "--table", "first-table"]);
  second.endpoint.catch(() => {});
  const exit = await second.exited;
  expect(exit.code).toBe(1);
  expect(exit.stderr).toBe(`dynamodb: port ${port} is in use: pass --port N (0 picks a free one)\n`);
  first.child.kill("SIGINT");
  await first.exited;
});

test("a table name DynamoDB refuses: one line, exit 1", async () => {
  const server = startServer(["--port", "0", "--table", "t"]);
  server.endpoint.catch(() => {});
  const exit = await server.exited;
  expect(exit.code).toBe(1);
  expect(exit.stderr).toBe("dynamodb: table t: TableName must be at least 3 characters long and at most 255 characters long\n");
});

/** The scaffolding every command runs in: exit codes and what each kind of failure prints. */
import { UsageError, UserError } from "../../cli/errors";
import { parseCommandLine, runCommand, type CommandIo } from "../../cli/run";
import { captureStream } from "./capture";

/** Stands for a command's own input error (SeedInputError, SettingsError, ...). */
class ForeignInputError extends UserError {}

const USAGE = "Usage: demo [--name N]\n";

async function demo(argv: string[], body: (values: { name?: string | undefined }) => Promise<number>) {
  const stdout = captureStream();
  const stderr = captureStream();
  const io: CommandIo = { stdout, stderr };
  const code = await runCommand({ name: "demo", usage: USAGE }, io, async () => body(parseCommandLine(argv, { name: { type: "string" } }).values));
  return { code, stdout: stdout.text, stderr: stderr.text };
}

test("success: the body's code", async () => {
  expect(await demo(["--name", "x"], async (v) => (v.name === "x" ? 0 : 9))).toEqual({ code: 0, stdout: "", stderr: "" });
});

test("--help: the usage on stdout, exit 0, the body does not run", async () => {
  expect(await demo(["--help"], async () => 5)).toEqual({ code: 0, stdout: USAGE, stderr: "" });
});

test("an unknown option, a stray word, or a UsageError: the line, then a pointer to --help, exit 2", async () => {
  for (const argv of [["--nmae", "x"], ["x"]]) {
    const r = await demo(argv, async () => 0);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^demo: [^\n]+\nsee --help\n$/);
  }
  expect((await demo([], async () => Promise.reject(new UsageError("--name is required")))).stderr).toBe("demo: --name is required\nsee --help\n");
  // A message over several lines is still one line.
  expect((await demo([], async () => Promise.reject(new UsageError("two\n  lines")))).stderr).toBe("demo: two lines\nsee --help\n");
});

test("the pointer names the command that prints the help, read from the usage's first line", async () => {
  const text = async (usage: string) => {
    const stderr = captureStream();
    await runCommand({ name: "x", usage }, { stdout: captureStream(), stderr }, () => Promise.reject(new UsageError("bad")));
    return stderr.text;
  };
  expect(await text("Usage: npm start -- [options]\n")).toBe("x: bad\nsee npm start -- --help\n");
  expect(await text("Usage: npm run plan:review -- PLAN.json\n")).toBe("x: bad\nsee npm run plan:review -- --help\n");
  expect(await text("Usage: demo\n")).toBe("x: bad\nsee --help\n");
});

test("a UserError or a subclass of it: one line, exit 1", async () => {
  expect(await demo([], async () => Promise.reject(new UserError("no such file: x")))).toEqual({ code: 1, stdout: "", stderr: "demo: no such file: x\n" });
  expect(await demo([], async () => Promise.reject(new ForeignInputError("bad list")))).toEqual({ code: 1, stdout: "", stderr: "demo: bad list\n" });
});

test("anything else is a bug: the stack trace, exit 1", async () => {
  const r = await demo([], async () => Promise.reject(new TypeError("x is undefined")));
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^demo: unexpected error: TypeError: x is undefined\n {4}at /);
});

/**
 * npm start -- --definition FILE: a user's definition offline, as a user runs
 * it. In this process through run(argv, io) where possible, plus one real
 * `npm start`. Asserts what stays true while the engine, the history sink and
 * the Distributed Map layer change: statuses, outputs, exit codes, messages
 * and the shape of the printed history, not exact event lists.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { run as startRun } from "../../local/commands/cli-main";
import { awsCliTimestamp } from "../../local/commands/history-json";
import { runCaptured } from "../cli/capture";

const ROOT = path.join(__dirname, "..", "..");
const FIXTURES = path.join(__dirname, "..", "fixtures", "definitions");
const fixture = (name: string) => path.join(FIXTURES, name);
const HANDLER = fixture("echo-handler.ts");

const start = (argv: string[]) => runCaptured(startRun, argv, { env: { NO_COLOR: "1" } });
const json = async (argv: string[]) => {
  const r = await start([...argv, "--json"]);
  return {
    ...r,
    report: JSON.parse(r.stdout) as {
      status: string;
      error: string | null;
      cause: string | null;
      items: { status: string; output: unknown; error?: string }[];
    },
  };
};

describe("a given definition runs offline, with no table", () => {
  test("an inline Map: every Lambda invoke calls --handler; --json as for the project's run; exit 0", async () => {
    const r = await json(["--definition", fixture("map-lambda.json"), "--input", '{"items":[1,2,3]}', "--handler", HANDLER]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.report).toMatchObject({ status: "SUCCEEDED", error: null, cause: null });
    expect(r.report.items.map((i) => i.output)).toEqual([2, 4, 6]);
  });

  test("#exportName picks the export; a CommonJS .js module works too", async () => {
    const tripled = await json(["--definition", fixture("map-lambda.json"), "--input", '{"items":[1,2]}', "--handler", `${HANDLER}#tripled`]);
    expect(tripled.report.items.map((i) => i.output)).toEqual([3, 6]);
    const js = await json(["--definition", fixture("map-lambda.json"), "--input", '{"items":[1]}', "--handler", fixture("echo-handler.js")]);
    expect(js.report.items.map((i) => i.output)).toEqual([{ fromJs: 1 }]);
  });

  test("a callback handler (event, context, callback) ends when it calls back, with its result or its error", async () => {
    const ok = await json(["--definition", fixture("map-lambda.json"), "--input", '{"items":[1]}', "--handler", fixture("callback-handler.js")]);
    expect(ok.report.items[0]).toMatchObject({ status: "SUCCEEDED", output: { calledBack: 1 } });
    const failed = await json(["--definition", fixture("map-lambda.json"), "--input", '{"items":["boom"]}', "--handler", fixture("callback-handler.js")]);
    expect(failed.report).toMatchObject({ status: "FAILED", error: "Error" });
  });

  test("without --handler, the project's function serves the invocations", async () => {
    const r = await json(["--definition", fixture("map-lambda.json"), "--input", '{"items":[{"name":"a"},7]}']);
    expect(r.code).toBe(0);
    expect(r.report.items.map((i) => i.output)).toEqual([{ name: "a" }, 7]);
  });

  test("the handler's console output is its log (the timeline's Handler log), never stdout's JSON; console is restored", async () => {
    const log = console.log;
    const timeline = await start(["--definition", fixture("map-lambda.json"), "--input-file", fixture("items-input.json"), "--handler", HANDLER]);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).toMatch(/Handler log \(2 lines\)/);
    expect(timeline.stdout).toMatch(/item 1 +handling 20/);
    expect(timeline.stdout.trimEnd().split("\n").at(-1)).toMatch(/^SUCCEEDED 2 items processed/);
    expect(console.log).toBe(log);
  });

  test("a handler's error fails the item and the execution with its name; exit 1", async () => {
    const r = await json(["--definition", fixture("map-lambda.json"), "--input", '{"items":[1,"boom"]}', "--handler", HANDLER]);
    expect(r.code).toBe(1);
    expect(r.report.status).toBe("FAILED");
    expect(r.report.error).toBe("Given.Boom");
    expect(r.report.items[1]).toMatchObject({ status: "FAILED", error: "Given.Boom" });
  });

  test("a Fail state: FAILED with its Error and Cause; exit 1", async () => {
    const r = await json(["--definition", fixture("fail-state.json")]);
    expect(r.code).toBe(1);
    expect(r.report).toMatchObject({ status: "FAILED", error: "Given.Failure", cause: "the definition says so" });
  });

  test("a Distributed Map runs through the project's layer: a child per item; a failed one fails the Map Run", async () => {
    const ok = await json(["--definition", fixture("distributed-lambda.json"), "--input", '{"items":[1,2,3]}', "--handler", HANDLER]);
    expect(ok.code).toBe(0);
    expect(ok.report.items.map((i) => i.output)).toEqual([2, 4, 6]);
    const failed = await json(["--definition", fixture("distributed-lambda.json"), "--input", '{"items":[1,"boom"]}', "--handler", HANDLER]);
    expect(failed.code).toBe(1);
    expect(failed.report.status).toBe("FAILED");
    // Only the failed item's status: whether its sibling ended first is a race, on AWS too.
    expect(failed.report.items[1]!.status).toBe("FAILED");
  });

  test("the definition's TimeoutSeconds: TIMED_OUT, exit 1", async () => {
    const r = await start(["--definition", fixture("timeout.json")]);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^TIMED_OUT .*States\.Timeout/);
  });
});

describe("--history: as aws stepfunctions get-execution-history --output json prints it", () => {
  const ISO_LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?[+-]\d\d:\d\d$/;

  test('{"events": [...]}, 4-space indent, each event with timestamp, type, id, previousEventId and its details', async () => {
    const input = '{"items":[1,2]}';
    const r = await start(["--definition", fixture("map-lambda.json"), "--input", input, "--handler", HANDLER, "--history"]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('{\n    "events": [\n        {\n            "timestamp": ')).toBe(true);
    expect(r.stdout.endsWith("}\n")).toBe(true);
    const { events } = JSON.parse(r.stdout) as { events: Record<string, unknown>[] };
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(["events"]);
    events.forEach((e, k) => {
      expect(Object.keys(e).slice(0, 4)).toEqual(["timestamp", "type", "id", "previousEventId"]);
      expect(e.timestamp).toMatch(ISO_LOCAL);
      expect(e.id).toBe(k + 1);
      expect(typeof e.previousEventId).toBe("number");
      expect(e.previousEventId as number).toBeLessThan(k + 1);
      // At most one ...EventDetails per event, named after its family.
      expect(
        Object.keys(e)
          .slice(4)
          .every((key) => key.endsWith("EventDetails")),
      ).toBe(true);
    });
    expect(events[0]).toMatchObject({ type: "ExecutionStarted", executionStartedEventDetails: { input } });
    expect(events.at(-1)).toMatchObject({ type: "ExecutionSucceeded", executionSucceededEventDetails: { output: "[2,4]" } });
    expect(events.filter((e) => e.type === "TaskScheduled")).toHaveLength(2);
  });

  test("a failed execution: its history still printed, ExecutionFailed last; exit 1", async () => {
    const r = await start(["--definition", fixture("fail-state.json"), "--history"]);
    expect(r.code).toBe(1);
    const { events } = JSON.parse(r.stdout) as { events: Record<string, unknown>[] };
    expect(events.at(-1)).toMatchObject({ type: "ExecutionFailed", executionFailedEventDetails: { error: "Given.Failure", cause: "the definition says so" } });
  });

  test("timestamps as Python's isoformat() of the local time: microseconds only when not zero, the offset as +HH:MM", () => {
    expect(awsCliTimestamp(new Date(0), 0)).toBe("1970-01-01T00:00:00+00:00");
    expect(awsCliTimestamp(new Date(1_500), -480)).toBe("1969-12-31T16:00:01.500000-08:00");
    expect(awsCliTimestamp(new Date(Date.UTC(2024, 0, 25, 18, 6, 52, 713)), 330)).toBe("2024-01-25T23:36:52.713000+05:30");
  });
});

describe("bad input: one line naming what is wrong", () => {
  /** Refused input: exit 1, one line on stderr, nothing on stdout. */
  async function refused(argv: string[]): Promise<string> {
    const r = await start(argv);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(/^start: [^\n]+\n$/);
    return r.stderr;
  }
  const def = ["--definition", fixture("map-lambda.json")];

  test("--definition: not JSON names the file and where the parser stopped", async () => {
    const line = await refused(["--definition", fixture("not-json.json")]);
    expect(line).toContain(`--definition ${fixture("not-json.json")}: not JSON: `);
    expect(line).toContain("line 4 column 27");
  });

  test("--definition: one the engine rejects (asl-validator) names the file and every problem, on one line", async () => {
    const line = await refused(["--definition", fixture("rejected.json")]);
    expect(line).toContain(`--definition ${fixture("rejected.json")}: `);
    expect(line).toMatch(/MISSING_TRANSITION_TARGET.*Nowhere/);
  });

  test("--definition: a missing file, a directory, a JSON value that is no object", async () => {
    expect(await refused(["--definition", fixture("nope.json")])).toBe(`start: --definition ${fixture("nope.json")}: no such file\n`);
    expect(await refused(["--definition", FIXTURES])).toContain("a directory");
    expect(await refused(["--definition", fixture("not-an-object.json")])).toContain("a state machine definition is a JSON object, not an array");
  });

  test("any Task but Lambda invoke is refused before the run, naming the state and its resource", async () => {
    const line = await refused(["--definition", fixture("dynamodb-task.json")]);
    expect(line).toContain("state Read");
    expect(line).toContain("arn:aws:states:::dynamodb:getItem");
    const direct = await refused(["--definition", fixture("direct-lambda.json")]);
    expect(direct).toContain("state Call");
    expect(direct).toContain("arn:aws:lambda:us-east-1:123456789012:function:given directly");
  });

  test("--handler: a missing module, a missing export (with the module's exports), an export that is no function", async () => {
    expect(await refused([...def, "--handler", fixture("none.ts")])).toBe(`start: --handler ${fixture("none.ts")}: no such file\n`);
    const missing = await refused([...def, "--handler", `${HANDLER}#nope`]);
    expect(missing).toContain("has no export nope");
    expect(missing).toContain("handler");
    expect(await refused([...def, "--handler", `${HANDLER}#notAFunction`])).toContain("the export notAFunction is number, not a function");
    expect(await refused([...def, "--handler", fixture("handler.py")])).toContain("expected a .ts or .js module");
  });

  test("--input that is not JSON names the option; --input-file a missing file", async () => {
    expect(await refused([...def, "--input", "{items: [1]}"])).toMatch(/^start: --input: not JSON: /);
    expect(await refused([...def, "--input", "a\nb"])).toMatch(/^start: --input: not JSON: /);
    expect(await refused([...def, "--input-file", fixture("nope.json")])).toBe(`start: --input-file ${fixture("nope.json")}: no such file\n`);
  });

  test.each([
    [["--input", "{}", "--input-file", "x.json"], "--input and --input-file"],
    [["--file", "seed/simplelist.json"], "--file applies to the project's own definition"],
    [["--var", "max_concurrency=3"], "--var applies to the project's own definition"],
    [["--var-file", "my.tfvars"], "--var-file applies"],
    [["--fail-items", "1"], "--fail-items applies"],
    [["--history", "--json"], "--history and --json"],
  ])("usage error with --definition: %j (the line, then the pointer to --help, exit 2)", async (extra, message) => {
    const r = await start([...def, ...extra]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^start: [^\n]+\nsee npm start -- --help\n$/);
    expect(r.stderr).toContain(`start: ${message}`);
  });

  test.each([["--input", "{}"], ["--input-file", "x.json"], ["--handler", "h.ts"], ["--history"]])(
    "%s without --definition is a usage error, exit 2",
    async (...argv) => {
      const r = await start(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/needs --definition FILE/);
    },
  );
});

test("--help names the given-definition form and its options", async () => {
  const r = await start(["--help"]);
  expect(r.code).toBe(0);
  for (const option of ["--definition FILE.json", "--input JSON", "--input-file FILE", "--handler FILE.ts|FILE.js[#EXPORT]", "--history"])
    expect(r.stdout).toContain(option);
});

test("a real npm start: --definition with a .ts --handler and --history, exit 0; a refused one, exit 1", async () => {
  const run = promisify(execFile);
  const env = {
    ...process.env,
    HOME: mkdtempSync(path.join(tmpdir(), "start-home-")),
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const args = ["start", "--silent", "--", "--definition", fixture("map-lambda.json"), "--input", '{"items":[5]}', "--handler", HANDLER, "--history"];
  const ok = await run("npm", args, { cwd: ROOT, env, timeout: 30_000 });
  const { events } = JSON.parse(ok.stdout) as { events: { type: string }[] };
  expect(events.at(-1)).toMatchObject({ type: "ExecutionSucceeded", executionSucceededEventDetails: { output: "[10]" } });
  await expect(run("npm", ["start", "--silent", "--", "--definition", fixture("nope.json")], { cwd: ROOT, env, timeout: 30_000 })).rejects.toMatchObject({
    code: 1,
    stdout: "",
    stderr: `start: --definition ${fixture("nope.json")}: no such file\n`,
  });
});

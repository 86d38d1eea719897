/**
 * `npm run execute`'s command line and messages, without any network: every
 * case here is refused before a client is made, or is a pure function.
 * Following real executions is in __tests__/terraform/execute.tier.test.ts
 * (against moto).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { InvalidArn, StateMachineDoesNotExist } from "@aws-sdk/client-sfn";
import { consoleLink } from "../../aws/console-link";
import { AwsAccessError, explainAwsError } from "../../aws/errors";
import { UserError } from "../../cli/errors";
import { displayLine, endedRequestId, requestIdOf } from "../../execute/function-logs";
import { run } from "../../execute/main";
import { regionOfArn } from "../../aws/arn";
import { parseOptions } from "../../execute/options";
import { formatProgress } from "../../execute/progress";
import { runCaptured } from "../cli/capture";

const ROOT = path.join(__dirname, "..", "..");
const ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:stepfunctions-map-workflow";
const NO_STATE = path.join(mkdtempSync(path.join(tmpdir(), "execute-")), "terraform.stepfunctions-map.tfstate");

/** Runs the command in this process with captured streams and no AWS configuration. */
function execute(argv: string[], stateFile = NO_STATE) {
  return runCaptured(run, argv, { stateFile, env: {} });
}

describe("refused before anything reaches AWS: one line on stderr", () => {
  test("no --arn and no state file", async () => {
    const { code, stdout, stderr } = await execute([]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^execute: no state machine ARN: pass --arn, or deploy the stack first \(npm run deploy\) so that .*terraform\.stepfunctions-map\.tfstate has the output state_machine_arn/,
    );
    expect(stderr.split("\n")).toHaveLength(2);
  });

  test("a state file without the output is the same as none", async () => {
    const file = path.join(path.dirname(NO_STATE), "other.tfstate");
    writeFileSync(file, JSON.stringify({ outputs: { table_name: { value: "t" } } }));
    expect((await execute([], file)).stderr).toMatch(/no state machine ARN/);
  });

  test.each([
    [["--input", "{bad"], /^execute: --input is not valid JSON \(.*\): \{bad\n$/],
    [["--input", ""], /^execute: --input is not valid JSON/],
    [["--arn", "nonsense"], /^execute: not a state machine ARN: nonsense; expected arn:aws:states:REGION:ACCOUNT:stateMachine:NAME\n$/],
    [["--arn", "arn:aws:states:us-east-1:123456789012:execution:sm:run-1"], /that is an execution ARN/],
    [["--arn", ARN, "--endpoint", "localhost:4566"], /^execute: --endpoint must be a URL/],
    [["--arn", ARN, "--endpoint", "notaurl"], /^execute: --endpoint must be a URL such as http:\/\/127\.0\.0\.1:4566 \(http or https\), not "notaurl"\n$/],
    [["--arn", ARN, "--region", ""], /^execute: --region is empty\n$/],
  ])("%j", async (argv, message) => {
    const { code, stdout, stderr } = await execute(argv);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
  });

  test("an endpoint whose host does not resolve: one line naming it, exit 1", async () => {
    const { code, stdout, stderr } = await execute(["--arn", ARN, "--endpoint", "http://nonexistent.invalid:1"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^execute: cannot reach Step Functions at http:\/\/nonexistent\.invalid:1: host not found \(.*nonexistent\.invalid.*\)\n$/);
  }, 30_000);

  test("bad --input is refused before the ARN is looked for", async () => {
    expect((await execute(["--input", "[1,"])).stderr).toMatch(/--input is not valid JSON/);
  });

  test("an unknown option, or options that do not go together: the line, then the pointer to --help, exit 2", async () => {
    const unknown = await execute(["--arn", ARN, "--wait-forever"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^execute: Unknown option '--wait-forever'[^\n]*\nsee npm run execute -- --help\n$/);
    const clash = await execute(["--arn", ARN, "--log-group", "/aws/lambda/x"]);
    expect(clash).toEqual({ code: 2, stdout: "", stderr: "execute: --log-group only makes sense with --logs\nsee npm run execute -- --help\n" });
  });

  test("--help: the usage on stdout, exit 0", async () => {
    const { code, stdout, stderr } = await execute(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    for (const option of ["--arn", "--input", "--profile", "--region", "--endpoint", "--no-wait", "--json", "--logs", "--log-group"]) {
      expect(stdout).toContain(option);
    }
  });
});

test("as a user runs it: bad --input, exit 1, one line, nothing on stdout", async () => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
  const out = await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "execute/cli.ts", "--arn", ARN, "--input", '{"a":'],
    {
      cwd: ROOT,
      env: { ...clean, HOME: mkdtempSync(path.join(tmpdir(), "execute-home-")), AWS_EC2_METADATA_DISABLED: "true" },
      timeout: 30_000,
    },
  ).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  expect(out.code).toBe(1);
  expect(out.stdout).toBe("");
  expect(out.stderr).toMatch(/^execute: --input is not valid JSON \(.*\): \{"a":\n$/);
});

describe("options", () => {
  test("defaults: input {}, follow, timeline; the ARN from the state file when there is one", () => {
    const file = path.join(path.dirname(NO_STATE), "deployed.tfstate");
    writeFileSync(file, JSON.stringify({ outputs: { state_machine_arn: { value: ARN } } }));
    expect(parseOptions([], file)).toMatchObject({ stateMachineArn: ARN, arnFromStack: true, input: "{}", wait: true, json: false, logs: false });
    expect(parseOptions(["--arn", ARN, "--no-wait", "--json"], file)).toMatchObject({ stateMachineArn: ARN, arnFromStack: false, wait: false, json: true });
    expect(parseOptions([], file)).not.toHaveProperty("html");
    expect(parseOptions(["--arn", ARN, "--html", "run.html"], file)).toMatchObject({ html: "run.html" });
  });

  test("the region an ARN names", () => {
    expect(regionOfArn(ARN)).toBe("eu-west-1");
    expect(regionOfArn("arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:x")).toBe("us-gov-west-1");
    expect(regionOfArn("nonsense")).toBeUndefined();
  });
});

test("the console link of an execution, in its own region", () => {
  const execution = "arn:aws:states:eu-west-1:123456789012:execution:stepfunctions-map-workflow:6f6a";
  expect(consoleLink(execution)).toBe(`https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${execution}`);
});

test("the progress line: status and elapsed until the Map starts, then items", () => {
  expect(formatProgress("RUNNING", 812, undefined)).toBe("RUNNING  0.812s");
  expect(formatProgress("RUNNING", 812, { total: undefined, started: 0, succeeded: 0, failed: 0, aborted: 0 })).toBe("RUNNING  0.812s");
  expect(formatProgress("RUNNING", 4100, { total: 3, started: 3, succeeded: 1, failed: 0, aborted: 0 })).toBe("RUNNING  4.100s  items 1/3 done, 2 running");
  expect(formatProgress("FAILED", 5000, { total: 3, started: 3, succeeded: 1, failed: 1, aborted: 1 })).toBe(
    "FAILED  5.000s  items 3/3 done, 0 running, 1 failed",
  );
});

describe("the SDK's errors a user causes, as one line", () => {
  const sdk = { $metadata: {} };
  test.each([
    [
      "InvalidArn",
      new InvalidArn({ message: "Invalid Arn: 'Resource type not valid in this context: execution'", ...sdk }),
      /^not a state machine ARN: arn:.*; pass --arn arn:aws:states:REGION:ACCOUNT:stateMachine:NAME$/,
    ],
    [
      "StateMachineDoesNotExist",
      new StateMachineDoesNotExist({ message: "State Machine Does Not Exist: 'arn:...'", ...sdk }),
      /^no such state machine: arn:.*; deploy the stack \(npm run deploy\), or check --arn and --region$/,
    ],
    [
      "no credentials",
      Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
      /^no usable AWS credentials: Could not load credentials from any providers \(set AWS_PROFILE or pass --profile/,
    ],
    [
      "bad credentials",
      Object.assign(new Error("The security token included in the request is invalid."), { name: "UnrecognizedClientException" }),
      /^AWS refused the credentials \(UnrecognizedClientException\)/,
    ],
    ["no region", new Error("Region is missing"), /^no AWS region configured: pass --region/],
    [
      "no server",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      /^cannot reach Step Functions at http:\/\/127\.0\.0\.1:1: connection refused$/,
    ],
  ])("%s", (_label, error, message) => {
    const explained = explainAwsError(error, { stateMachineArn: ARN, endpoint: "http://127.0.0.1:1" });
    expect(explained).toBeInstanceOf(AwsAccessError);
    expect(explained).toBeInstanceOf(UserError);
    expect(explained.message).toMatch(message);
    expect(explained.message).not.toContain("\n");
  });

  test("anything else is left as it is (a bug keeps its stack)", () => {
    const bug = new TypeError("x is undefined");
    expect(explainAwsError(bug)).toBe(bug);
  });
});

describe("Lambda log lines (JSON and text log formats)", () => {
  const id = "8f5b6c1a-3d2e-4f10-9a8b-7c6d5e4f3a21";
  test("the request id of a line", () => {
    expect(requestIdOf(JSON.stringify({ timestamp: "2025-03-01T10:00:02.100Z", level: "INFO", requestId: id, message: '{"message":"processing item"}' }))).toBe(
      id,
    );
    expect(requestIdOf(JSON.stringify({ time: "2025-03-01T10:00:02.000Z", type: "platform.start", record: { requestId: id, version: "$LATEST" } }))).toBe(id);
    expect(requestIdOf(`START RequestId: ${id} Version: $LATEST\n`)).toBe(id);
    expect(requestIdOf(`2025-03-01T10:00:02.100Z\t${id}\tINFO\tprocessing item\n`)).toBe(id);
    expect(requestIdOf("INIT_START Runtime Version: nodejs:22.v40\n")).toBeUndefined();
  });

  test("the lines that close an invocation", () => {
    expect(endedRequestId(JSON.stringify({ type: "platform.report", record: { requestId: id, metrics: { durationMs: 2.1 } } }))).toBe(id);
    expect(endedRequestId(`REPORT RequestId: ${id}\tDuration: 2.10 ms\n`)).toBe(id);
    expect(endedRequestId(`END RequestId: ${id}\n`)).toBe(id);
    expect(endedRequestId(`START RequestId: ${id} Version: $LATEST\n`)).toBeUndefined();
    expect(endedRequestId(JSON.stringify({ type: "platform.start", record: { requestId: id } }))).toBeUndefined();
  });

  test("what the timeline shows: the function's own line, or the platform event", () => {
    const own = '{"level":"INFO","message":"processing item","item":"Economics"}';
    expect(displayLine(JSON.stringify({ timestamp: "t", level: "INFO", requestId: id, message: own }))).toBe(own);
    expect(displayLine(JSON.stringify({ time: "t", type: "platform.start", record: { requestId: id } }))).toBe(`platform.start {"requestId":"${id}"}`);
    expect(displayLine(`END RequestId: ${id}\n`)).toBe(`END RequestId: ${id}`);
  });
});

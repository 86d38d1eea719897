/**
 * `npm run execute` against moto, the Terraform tier's AWS emulator, as a
 * user runs it: a child process, its exit code, its stdout and stderr. Part
 * of the Terraform tier (needs .tools/venv-moto from npm run setup:terraform;
 * fails, rather than skips, without it). Nothing leaves this machine.
 *
 * What moto 5.2.5 does on StartExecution, found in its source and asserted
 * below:
 *  - by default it records the execution and runs nothing: DescribeExecution
 *    says RUNNING until StopExecution (then ABORTED), and GetExecutionHistory
 *    returns a fixed, made-up four-event history (a Pass state "A State",
 *    dated 2020-01-01, ending ExecutionSucceeded) whatever the definition;
 *  - with the server's config `stepfunctions.execute_state_machine` (POST
 *    /moto-api/config) it really interprets the definition on a thread:
 *    DynamoDB GetItem against moto's table, the Map with its MaxConcurrency,
 *    the Wait's seconds, lambda:invoke (with `lambda.use_docker` false, moto's
 *    Lambda echoes the payload), TimeoutSeconds; a history in AWS's shape,
 *    on one page (its lambda:invoke output has no SdkResponseMetadata). Two
 *    faults in this mode: StopExecution ends the execution FAILED with
 *    States.Runtime, so ABORTED is shown in default mode; and a timeout with
 *    an item queued behind MaxConcurrency also ends FAILED, States.Runtime.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from "@aws-sdk/client-sfn";
import { filterAll } from "../../execute/function-logs";
import { followExecution, startExecution } from "../../execute/start-and-follow";
import type { ItemProgress } from "../../execute/progress";
import type { Report } from "../../report/report";
import { buildDefinition } from "../../stacks/definition";
import { PROJECT_ROOT } from "../../stacks/project";
import { resourceNames, settings } from "../../stacks/settings";
import { ATTRIBUTE_DEFINITIONS, KEY_SCHEMA, LIST_ATTRIBUTE, LIST_ITEM_ID } from "../../stacks/table-schema";
import { startMoto, type MotoServer } from "../../terraform/moto-server";
import { MOTO_SERVER } from "../../terraform/tools";

if (!existsSync(MOTO_SERVER)) {
  throw new Error(`this test needs ${path.relative(PROJECT_ROOT, MOTO_SERVER)}: run npm run setup:terraform first`);
}
jest.setTimeout(120_000);

const REGION = "us-east-1";
const TEST_CREDENTIALS = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" };
const names = resourceNames(settings.name_prefix.default);
const LIST = ["Computer Science", "Economics", "Mathematics"];

let moto: MotoServer;
let sdk: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
let sfn: SFNClient;
let roleArn: string;

beforeAll(async () => {
  moto = await startMoto();
  sdk = { region: REGION, endpoint: moto.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  sfn = new SFNClient(sdk);
  const iam = new IAMClient(sdk);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: names.stateMachine,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: ["states.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
      }),
    }),
  );
  roleArn = role.Role!.Arn!;
  iam.destroy();
});
afterAll(async () => {
  sfn?.destroy();
  await moto?.stop();
});

/** Switches moto between recording executions (false) and running them (true). */
async function executeStateMachines(on: boolean): Promise<void> {
  const res = await fetch(`${moto.endpoint}/moto-api/config`, {
    method: "POST",
    body: JSON.stringify({ stepfunctions: { execute_state_machine: on }, lambda: { use_docker: false } }),
  });
  expect(res.ok).toBe(true);
}

async function createStateMachine(
  name: string,
  p: { functionArn: string; maxConcurrency: number; waitSeconds: number; timeoutSeconds: number },
): Promise<string> {
  const definition = buildDefinition({ tableName: names.table, ...p });
  const out = await sfn.send(new CreateStateMachineCommand({ name, roleArn, definition: JSON.stringify(definition), type: "STANDARD" }));
  return out.stateMachineArn!;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run --silent execute -- ARGS` with no AWS configuration from this
 * machine: an empty HOME, no AWS_* variables but the ones given, no instance
 * metadata. `onStderr` sees stderr as it grows (to act while it follows).
 */
function npmRunExecute(args: string[], env: Record<string, string> = TEST_CREDENTIALS, onStderr?: (text: string) => void): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_") && !k.startsWith("npm_")));
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "execute", "--", ...args], {
      cwd: PROJECT_ROOT,
      env: {
        ...clean,
        // The Node.js running these tests runs the command too.
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
        HOME: mkdtempSync(path.join(tmpdir(), "execute-home-")),
        AWS_EC2_METADATA_DISABLED: "true",
        npm_config_update_notifier: "false",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const EXECUTION_LINE = /^Execution {2}(arn:aws:states:us-east-1:\d{12}:execution:[^:\s]+:[0-9a-f-]{36})$/m;
const consoleLink = (arn: string) => `https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/${arn}`;

describe("moto's default mode: executions are recorded, not run", () => {
  let arn: string;
  beforeAll(async () => {
    await executeStateMachines(false);
    arn = await createStateMachine(names.stateMachine, {
      functionArn: `arn:aws:lambda:${REGION}:123456789012:function:${names.function}`,
      maxConcurrency: 3,
      waitSeconds: 1,
      timeoutSeconds: 20,
    });
  });

  test("what moto does on StartExecution: RUNNING until stopped, a fixed made-up history", async () => {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: "{}", name: "probe" }));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
    const history = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    expect(history.map((e) => [e.type, e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name])).toEqual([
      ["ExecutionStarted", undefined],
      ["PassStateEntered", "A State"],
      ["PassStateExited", "A State"],
      ["ExecutionSucceeded", undefined],
    ]);
    expect(history[0]!.timestamp).toEqual(new Date("2020-01-01T00:00:00Z"));
    await sfn.send(new StopExecutionCommand({ executionArn }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("ABORTED");
  });

  test("--no-wait --input: the ARN and the console link, exit 0 at once; the execution is left running with that input", async () => {
    const input = '{"from":"the tier test"}';
    const { code, stdout, stderr } = await npmRunExecute(["--arn", arn, "--endpoint", moto.endpoint, "--region", REGION, "--no-wait", "--input", input]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const executionArn = EXECUTION_LINE.exec(stdout)?.[1];
    expect(executionArn).toBeDefined();
    expect(stdout).toBe(`Execution  ${executionArn}\nConsole    ${consoleLink(executionArn!)}\n`);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({ status: "RUNNING", input });
  });

  test("--no-wait --json: one JSON document with the ARN, the link and RUNNING", async () => {
    const { code, stdout } = await npmRunExecute(["--arn", arn, "--endpoint", moto.endpoint, "--region", REGION, "--no-wait", "--json"]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { executionArn: string; consoleLink: string; status: string; startDate: string };
    expect(out).toMatchObject({ status: "RUNNING" });
    expect(out.consoleLink).toBe(consoleLink(out.executionArn));
    expect(Number.isNaN(Date.parse(out.startDate))).toBe(false);
  });

  test("an execution stopped while followed: ABORTED, a clear line, exit 1", async () => {
    let stopped = false;
    const { code, stdout, stderr } = await npmRunExecute(["--arn", arn, "--endpoint", moto.endpoint, "--region", REGION, "--json"], TEST_CREDENTIALS, (err) => {
      const executionArn = EXECUTION_LINE.exec(err)?.[1];
      if (executionArn && !stopped) {
        stopped = true;
        void sfn.send(new StopExecutionCommand({ executionArn }));
      }
    });
    expect(stopped).toBe(true);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^execute: the execution was aborted after \S+ \(StopExecution, or Stop in the console\): arn:aws:states:/m);
    // moto's made-up history still ends ExecutionSucceeded: said, and the exit code follows DescribeExecution.
    expect(stderr).toContain("execute: warning: DescribeExecution says ABORTED but the execution history ends SUCCEEDED");
    expect((JSON.parse(stdout) as Report).status).toBe("SUCCEEDED");
  });

  test("a state machine that does not exist: one clear line, exit 1, nothing started", async () => {
    const missing = `${arn}-missing`;
    const { code, stdout, stderr } = await npmRunExecute(["--arn", missing, "--endpoint", moto.endpoint, "--region", REGION]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`execute: no such state machine: ${missing}; deploy the stack (npm run deploy), or check --arn and --region\n`);
  });

  test("an Express state machine: refused with a clear line before anything starts", async () => {
    const express = await sfn.send(
      new CreateStateMachineCommand({
        name: `${names.stateMachine}-express`,
        roleArn,
        type: "EXPRESS",
        definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }),
      }),
    );
    const { code, stdout, stderr } = await npmRunExecute(["--arn", express.stateMachineArn!, "--endpoint", moto.endpoint, "--region", REGION]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^execute: arn:\S+-express is an Express workflow: it keeps no execution history to follow/);
    expect(stderr.split("\n")).toHaveLength(2);
  });

  test("no credentials (empty HOME, no AWS_* variables) with --endpoint: the emulator's test credentials, as every command uses", async () => {
    const { code, stdout, stderr } = await npmRunExecute(["--arn", arn, "--endpoint", moto.endpoint, "--region", REGION, "--no-wait"], {});
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(EXECUTION_LINE);
  });

  test("no credentials and no --endpoint: one clear line, exit 1, nothing invented", async () => {
    const { code, stdout, stderr } = await npmRunExecute(["--arn", arn, "--region", REGION], {});
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^execute: no usable AWS credentials: .*\(set AWS_PROFILE or pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; --endpoint URL for a local emulator\)\n$/,
    );
  });
});

describe("moto running the definition (execute_state_machine)", () => {
  let functionArn: string;
  let parallel: string;
  beforeAll(async () => {
    await executeStateMachines(true);
    const dynamo = new DynamoDBClient(sdk);
    await dynamo.send(
      new CreateTableCommand({
        TableName: names.table,
        KeySchema: [...KEY_SCHEMA],
        AttributeDefinitions: [...ATTRIBUTE_DEFINITIONS],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await dynamo.send(
      new PutItemCommand({
        TableName: names.table,
        Item: { ...marshall(LIST_ITEM_ID), [LIST_ATTRIBUTE]: { L: LIST.map((S) => ({ S })) } },
      }),
    );
    dynamo.destroy();
    const lambda = new LambdaClient(sdk);
    // moto's Lambda without Docker runs no code: an empty zip will do.
    const emptyZip = Buffer.concat([Buffer.from("PK\x05\x06"), Buffer.alloc(18)]);
    const fn = await lambda.send(
      new CreateFunctionCommand({ FunctionName: names.function, Runtime: "nodejs22.x", Role: roleArn, Handler: "index.handler", Code: { ZipFile: emptyZip } }),
    );
    functionArn = fn.FunctionArn!;
    lambda.destroy();
    parallel = await createStateMachine(names.stateMachine, { functionArn, maxConcurrency: 3, waitSeconds: 1, timeoutSeconds: 20 });
  });

  test("--json follows the execution to SUCCEEDED, exit 0, with npm start's report shape", async () => {
    const html = path.join(mkdtempSync(path.join(tmpdir(), "execute-html-")), "run.html");
    const { code, stdout, stderr } = await npmRunExecute(["--arn", parallel, "--endpoint", moto.endpoint, "--region", REGION, "--json", "--html", html]);
    expect(code).toBe(0);
    // --html: the same run as one page (report/html/; opened in Chromium by __tests__/report/).
    expect(readFileSync(html, "utf8")).toContain('<h1 id="summary" class="SUCCEEDED">SUCCEEDED 3 items, 0 failed');
    // With --json the ARN and the link go to stderr; stdout is the report alone.
    const executionArn = EXECUTION_LINE.exec(stderr)?.[1];
    expect(stderr).toBe(`Execution  ${executionArn}\nConsole    ${consoleLink(executionArn!)}\n`);
    const report = JSON.parse(stdout) as Report;
    expect(Object.keys(report)).toEqual(["status", "error", "cause", "output", "settings", "startedAt", "durationMs", "executions", "items", "states"]);
    // One execution (a list run never continues as new), named by execute.
    expect(report.executions).toEqual([
      { name: executionArn!.split(":").at(-1), status: "SUCCEEDED", events: expect.any(Number), startedMs: 0, output: report.output },
    ]);
    expect(report).toMatchObject({ status: "SUCCEEDED", error: null, cause: null });
    // Read back from the deployed definition and the state machine's name.
    expect(report.settings).toMatchObject({ max_concurrency: 3, wait_seconds: 1, timeout_seconds: 20, name_prefix: settings.name_prefix.default });
    expect(report.items.map((i) => [i.index, i.status, i.input, i.attempts])).toEqual(LIST.map((S, i) => [i, "SUCCEEDED", { S }, 1]));
    // moto's Lambda echoes its payload: the item as the Map handed it.
    expect(report.items.map((i) => i.output)).toEqual(LIST.map((S) => ({ S })));
    // Concurrency 3: the three waits start together, each Lambda after its 1 s wait.
    const waits = report.items.map((i) => i.waitStartedMs!);
    expect(Math.max(...waits) - Math.min(...waits)).toBeLessThan(300);
    for (const item of report.items) {
      expect(item.lambdaStartedMs! - item.waitStartedMs!).toBeGreaterThanOrEqual(900);
      expect(item.lambdaEndedMs!).toBeGreaterThanOrEqual(item.lambdaStartedMs!);
    }
  });

  test("the timeline of a concurrency-1 run: a staircase, SUCCEEDED, exit 0", async () => {
    const sequential = await createStateMachine(`${settings.name_prefix.default}-one-workflow`, {
      functionArn,
      maxConcurrency: 1,
      waitSeconds: 1,
      timeoutSeconds: 20,
    });
    const { code, stdout } = await npmRunExecute(["--arn", sequential, "--endpoint", moto.endpoint, "--region", REGION], {
      ...TEST_CREDENTIALS,
      NO_COLOR: "1",
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(EXECUTION_LINE);
    expect(stdout).toMatch(/^ {2}max_concurrency +1 +MapState\.MaxConcurrency$/m);
    expect(stdout).toContain(`Items read from table ${names.table} (3)`);
    const rows = stdout.split("\n").filter((l) => /^ {2}item \d/.test(l));
    expect(rows).toHaveLength(3);
    const firstRun = rows.map((r) => r.indexOf("█"));
    expect(firstRun[0]).toBeLessThan(firstRun[1]!);
    expect(firstRun[1]).toBeLessThan(firstRun[2]!);
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^SUCCEEDED 3 items processed after \d/);
  });

  test("past TimeoutSeconds: TIMED_OUT, exit 1", async () => {
    // Every item waiting at once: moto 5.2.5 times out cleanly only then (with an
    // item queued behind MaxConcurrency it ends FAILED, States.Runtime, instead).
    const slow = await createStateMachine(`${settings.name_prefix.default}-slow-workflow`, {
      functionArn,
      maxConcurrency: 3,
      waitSeconds: 3,
      timeoutSeconds: 1,
    });
    const { code, stdout } = await npmRunExecute(["--arn", slow, "--endpoint", moto.endpoint, "--region", REGION, "--json"]);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as Report).status).toBe("TIMED_OUT");
  });

  test("--logs: the function's lines logged during the execution, in time order, and none from before", async () => {
    const logs = new CloudWatchLogsClient(sdk);
    const group = names.functionLogGroup;
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "2025/03/01/[$LATEST]old" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "2025/03/01/[$LATEST]now" }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "2025/03/01/[$LATEST]old",
        logEvents: [{ timestamp: Date.now() - 3_600_000, message: "an hour ago" }],
      }),
    );
    const requestId = "8f5b6c1a-3d2e-4f10-9a8b-7c6d5e4f3a21";
    let logged: Promise<unknown> | undefined;
    const { code, stdout } = await npmRunExecute(
      ["--arn", parallel, "--endpoint", moto.endpoint, "--region", REGION, "--json", "--logs"],
      TEST_CREDENTIALS,
      (err) => {
        // While the execution waits: lines as the function would log them, in JSON log format, given out of order.
        if (logged || !EXECUTION_LINE.test(err)) return;
        const now = Date.now();
        logged = logs.send(
          new PutLogEventsCommand({
            logGroupName: group,
            logStreamName: "2025/03/01/[$LATEST]now",
            logEvents: [
              {
                timestamp: now,
                message: JSON.stringify({ time: new Date(now).toISOString(), type: "platform.start", record: { requestId, version: "$LATEST" } }),
              },
              {
                timestamp: now + 2,
                message: JSON.stringify({ timestamp: new Date(now + 2).toISOString(), level: "INFO", requestId, message: '{"message":"processing item"}' }),
              },
            ],
          }),
        );
      },
    );
    await logged;
    logs.destroy();
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Report & { logs: { line: string; requestId: string | null; index: number | null; atMs: number }[] };
    expect(out.status).toBe("SUCCEEDED");
    expect(out.logs.map((l) => l.line)).toEqual([`platform.start {"requestId":"${requestId}","version":"$LATEST"}`, '{"message":"processing item"}']);
    expect(out.logs.every((l) => l.requestId === requestId && l.atMs >= 0)).toBe(true);
    // moto's lambda:invoke output carries no request id, so the lines are tied to no item.
    expect(out.logs.map((l) => l.index)).toEqual([null, null]);
  });

  test("FilterLogEvents is read to its last page", async () => {
    const logs = new CloudWatchLogsClient(sdk);
    const group = "/aws/lambda/paging";
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: "s" }));
    const t = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: "s",
        logEvents: Array.from({ length: 7 }, (_, i) => ({ timestamp: t + i, message: `line ${i}` })),
      }),
    );
    const events = await filterAll(logs, group, t + 1, t + 5, 2);
    logs.destroy();
    expect(events.map((e) => e.message)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
  });

  test("following counts the items from the new history events each poll", async () => {
    const client = new SFNClient(sdk);
    const started = await startExecution(client, parallel, "{}");
    const polls: { status: string; items: ItemProgress | undefined }[] = [];
    const described = await followExecution(client, started.executionArn, {
      pollMs: 200,
      countItems: true,
      onPoll: (status, items) => polls.push({ status, items }),
    });
    client.destroy();
    expect(described.status).toBe("SUCCEEDED");
    expect(polls.length).toBeGreaterThan(2);
    expect(polls.at(-1)).toEqual({ status: "SUCCEEDED", items: { total: 3, started: 3, succeeded: 3, failed: 0, aborted: 0 } });
    // While the items waited, the line said so.
    expect(polls.some((p) => p.status === "RUNNING" && p.items?.total === 3 && p.items.succeeded === 0)).toBe(true);
  });
});

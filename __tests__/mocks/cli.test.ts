/** npm start --mock-config FILE --test-case NAME [--state-machine NAME], both forms, in this process. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run as startRun } from "../../local/commands/cli-main";
import { runCaptured } from "../cli/capture";

const FIXTURES = path.join(__dirname, "..", "fixtures", "mocks");
const project = path.join(FIXTURES, "project.json");
const start = (argv: string[]) => runCaptured(startRun, argv, { env: {} });

test("the project's run with a test case: the mocked Lambda's payloads, and one line saying which test case ran", async () => {
  const { code, stdout, stderr } = await start(["--mock-config", project, "--test-case", "HappyPath", "--var", "wait_seconds=0", "--json"]);
  expect(stderr).toBe(
    `start: mock config ${project}: test case HappyPath of state machine stepfunctions-map-workflow (the only state machine in ${project}); mocked: LambdaInvoke\n`,
  );
  expect(code).toBe(0);
  const report = JSON.parse(stdout);
  expect(report.status).toBe("SUCCEEDED");
  expect(report.items.map((i: { output: unknown }) => i.output)).toEqual([{ processed: true }, { processed: true }, { processed: true }]);
});

test("a failing mocked GetItem: FAILED, exit 1", async () => {
  const { code, stdout } = await start(["--mock-config", project, "--test-case", "GetItemFails", "--json"]);
  expect(code).toBe(1);
  expect(JSON.parse(stdout)).toMatchObject({ status: "FAILED", error: "DynamoDB.ResourceNotFoundException" });
});

test("a run past a mocked response's last invocation: FAILED, exit 1, and the whole cause on stderr in one line", async () => {
  const { code, stderr } = await start(["--mock-config", project, "--test-case", "TooFewResponses", "--var", "wait_seconds=0", "--json"]);
  expect(code).toBe(1);
  expect(stderr.split("\n")[1]).toBe(
    `start: ${project}: MockedResponses.OneItemOnly: no response for invocation 1 of state LambdaInvoke (it defines invocations 0 to 0); Step Functions Local fails the execution when a mocked Task has no response`,
  );
  expect(stderr.split("\n")).toHaveLength(3);
});

test("--definition with AWS's example file: the SQS Task is mocked, so it runs", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "mocks-"));
  const file = path.join(dir, "LambdaSQSIntegration.json");
  const lambda = { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "f", "Payload.$": "$" }, Next: "SQSState" };
  const sqs = { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Parameters: { QueueUrl: "q", MessageBody: "m" }, End: true };
  writeFileSync(file, JSON.stringify({ StartAt: "LambdaState", States: { LambdaState: lambda, SQSState: sqs } }));
  const { code, stderr } = await start([
    "--definition",
    file,
    "--mock-config",
    path.join(FIXTURES, "aws-doc-example.json"),
    "--test-case",
    "HappyPath",
    "--json",
  ]);
  expect(stderr).toMatch(
    /^start: mock config .*aws-doc-example\.json: test case HappyPath of state machine LambdaSQSIntegration \(the only state machine in .*\); mocked: LambdaState, SQSState\n$/,
  );
  expect(code).toBe(0);
});

test.each([
  [["--mock-config", project], "--mock-config needs --test-case NAME (the test case of the file to run)"],
  [["--test-case", "HappyPath"], "--test-case needs --mock-config FILE (the mock configuration that defines it)"],
  [["--state-machine", "M"], "--state-machine needs --mock-config FILE and --test-case NAME"],
])("%j: a usage error, exit 2", async (argv, message) => {
  const { code, stderr } = await start(argv);
  expect(code).toBe(2);
  expect(stderr.split("\n")[0]).toContain(message);
});

test.each([
  [["--mock-config", path.join(FIXTURES, "not-json.json"), "--test-case", "T"], /^start: .*not-json\.json: not JSON: .+\n$/],
  [
    ["--mock-config", project, "--test-case", "HapyPath"],
    /^start: .*project\.json: StateMachines\.stepfunctions-map-workflow\.TestCases: no test case named HapyPath, did you mean HappyPath\? \(known: .+\)\n$/,
  ],
  [
    ["--mock-config", project, "--test-case", "HappyPath", "--state-machine", "Other"],
    /^start: .*project\.json: StateMachines: no state machine named Other \(known: stepfunctions-map-workflow\)\n$/,
  ],
])("%j: refused in one line, exit 1, nothing run", async (argv, line) => {
  const { code, stdout, stderr } = await start(argv);
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toMatch(line);
});

/**
 * The project's own workflow run with the test cases of
 * __tests__/fixtures/mocks/project.json (AWS Step Functions Local's mock
 * configuration format): each invocation of a mocked state takes the next
 * entry of its response, Throw fails the attempt so Retry and Catch see it,
 * and a run past the responses fails the execution.
 */
import * as path from "node:path";
import type { HistoryEvent } from "../../report/history-types";
import { runTestCase } from "../../local/mocks/run-test-case";

const mockConfig = path.join(__dirname, "..", "fixtures", "mocks", "project.json");
const list = ["History", "Economics", "Art"];

/** The TaskFailed events' errors of a history, in order. */
function taskErrors(history: readonly HistoryEvent[]): (string | undefined)[] {
  return history.filter((e) => e.type === "TaskFailed").map((e) => e.taskFailedEventDetails?.error);
}

test("the happy path: every item's Lambda returns the mocked Payload, which ResultSelector keeps", async () => {
  const { report, history } = await runTestCase({ mockConfig, testCase: "HappyPath", list });
  expect(report.status).toBe("SUCCEEDED");
  expect(report.items.map((i) => [i.status, i.attempts, i.output])).toEqual([
    ["SUCCEEDED", 1, { processed: true }],
    ["SUCCEEDED", 1, { processed: true }],
    ["SUCCEEDED", 1, { processed: true }],
  ]);
  // The integration's result is the whole mocked Return, as TaskSucceeded shows it.
  const succeeded = history.find((e) => e.type === "TaskSucceeded" && e.taskSucceededEventDetails?.resourceType === "lambda")!;
  expect(JSON.parse(succeeded.taskSucceededEventDetails!.output!)).toEqual({ StatusCode: 200, ExecutedVersion: "$LATEST", Payload: { processed: true } });
});

test("a throttled Lambda (Lambda.TooManyRequestsException once) is retried, then succeeds", async () => {
  const { report, history } = await runTestCase({ mockConfig, testCase: "ThrottledThenSucceeds", list });
  expect(report.status).toBe("SUCCEEDED");
  expect(report.items.map((i) => i.attempts)).toEqual([2, 1, 1]);
  expect(taskErrors(history)).toEqual(["Lambda.TooManyRequestsException"]);
});

test("isolate_failures: the function error of item 1 is caught in its iteration, its siblings finish (34 percent tolerates one in three)", async () => {
  const { report, history } = await runTestCase({
    mockConfig,
    testCase: "FunctionErrorIsolated",
    settings: { isolate_failures: true, tolerated_failure_percentage: 34 },
    list,
  });
  expect(report.status).toBe("SUCCEEDED");
  expect(taskErrors(history)).toEqual(["Error"]);
  // Not retried (a function error named "Error" is not in the Retry's list), caught by States.ALL.
  expect(report.items[1]).toMatchObject({ attempts: 1, output: { status: "F", failure: { position: 1, error: "Error" } } });
  expect(report.items[2]).toMatchObject({ output: { status: "S", output: { processed: true } } });
});

test("isolate_failures at the threshold's edge: one failure in three is over 33 percent", async () => {
  const { report } = await runTestCase({
    mockConfig,
    testCase: "FunctionErrorIsolated",
    settings: { isolate_failures: true, tolerated_failure_percentage: 33 },
    list,
  });
  expect(report.status).toBe("FAILED");
});

test("DISTRIBUTED: a child's Lambda fails past the threshold (0 percent), the Map Run fails the execution", async () => {
  const { report } = await runTestCase({ mockConfig, testCase: "DistributedChildFails", settings: { map_mode: "DISTRIBUTED" }, list });
  expect(report.status).toBe("FAILED");
  expect(report.error).toBe("States.ExceedToleratedFailureThreshold");
  expect(report.failedItem).toMatchObject({ index: 1, error: "Error" });
  expect(report.items.map((i) => i.status)).toEqual(["SUCCEEDED", "FAILED", "NOT_STARTED"]);
});

test("a failing GetItem (DynamoDB.ResourceNotFoundException on ReadDDBTable) fails the execution before any item", async () => {
  const { report, history } = await runTestCase({ mockConfig, testCase: "GetItemFails", list });
  expect(report).toMatchObject({
    status: "FAILED",
    error: "DynamoDB.ResourceNotFoundException",
    cause: "Requested resource not found (Service: DynamoDb, Status Code: 400, Request ID: mocked)",
  });
  expect(report.items).toEqual([]);
  expect(history.filter((e) => e.type === "MapStateEntered")).toEqual([]);
});

test("more invocations than the response defines: the execution fails (States.Runtime), naming the file, response, state and invocation", async () => {
  const { report } = await runTestCase({ mockConfig, testCase: "TooFewResponses", list });
  expect(report.status).toBe("FAILED");
  expect(report.error).toBe("States.Runtime");
  expect(report.failedItem?.cause).toBe(
    `${mockConfig}: MockedResponses.OneItemOnly: no response for invocation 1 of state LambdaInvoke (it defines invocations 0 to 0); Step Functions Local fails the execution when a mocked Task has no response`,
  );
  // Invocation 0, the last defined, succeeded; no Retry or Catch handled invocation 1.
  expect(report.items.map((i) => i.status)).toEqual(["SUCCEEDED", "FAILED", "NOT_STARTED"]);
});

test("a mocked state the project's definition does not have is refused before anything runs", async () => {
  const mock = { StateMachines: { M: { TestCases: { T: { LambdaInvok: "R" } } } }, MockedResponses: { R: { "0": { Return: {} } } } };
  await expect(runTestCase({ mockConfig: mock, testCase: "T", list })).rejects.toThrow(
    /^mockConfig: StateMachines\.M\.TestCases\.T\.LambdaInvok: the definition has no state LambdaInvok, did you mean LambdaInvoke\? \(its Task states: ReadDDBTable, LambdaInvoke\)$/,
  );
});

test("an inline Map's concurrent iterations take the responses in call order: one throttle in all, whichever item gets it", async () => {
  const { report, history } = await runTestCase({ mockConfig, testCase: "ThrottledThenSucceeds", settings: { max_concurrency: 3 }, list });
  expect(report.status).toBe("SUCCEEDED");
  expect(taskErrors(history)).toEqual(["Lambda.TooManyRequestsException"]);
  // Four invocations: "0" threw, "1-3" returned; the last defined one is used, none past it.
  expect(report.items.reduce((sum, i) => sum + i.attempts, 0)).toBe(4);
});

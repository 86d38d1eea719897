/**
 * Execution histories of the deployed definition, shaped exactly as
 * GetExecutionHistory returns them through the AWS SDK: typed with the SDK's
 * own HistoryEvent (so a misspelt field does not compile), timestamps as Date
 * objects, inputs and outputs as JSON text, the Lambda task's output as the
 * optimized lambda:invoke integration gives it (Payload, StatusCode,
 * SdkHttpMetadata, SdkResponseMetadata), iterations interleaved and linked
 * only by previousEventId.
 *
 * Not a test file: fixtures for history-report.test.ts and history-pages.test.ts.
 */
import type { HistoryEvent } from "@aws-sdk/client-sfn";

export const T0 = Date.parse("2025-03-01T10:00:00.000Z");
export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const TABLE = "stepfunctions-map-list";
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:stepfunctions-map-process-item`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/stepfunctions-map-workflow-role`;
export const ITEMS = [{ S: "Computer Science" }, { S: "Economics" }, { S: "Mathematics" }];
export const PLAIN = ["Computer Science", "Economics", "Mathematics"];
/** The Lambda request id of each item's successful invocation. */
export const REQUEST_IDS = ["0b1f0c2e-1111-4a4a-9c9c-000000000000", "0b1f0c2e-2222-4a4a-9c9c-000000000001", "0b1f0c2e-3333-4a4a-9c9c-000000000002"];

const at = (ms: number) => new Date(T0 + ms);
const noTruncation = { truncated: false };
const lambda = { resourceType: "lambda", resource: "invoke" };
const getItem = { resourceType: "dynamodb", resource: "getItem" };
const sdkMetadata = (requestId: string, length: number) => ({
  SdkHttpMetadata: {
    AllHttpHeaders: { "x-amzn-RequestId": [requestId], "Content-Length": [String(length)], "Content-Type": ["application/json"] },
    HttpHeaders: { "x-amzn-RequestId": requestId, "Content-Length": String(length), "Content-Type": "application/json" },
    HttpStatusCode: 200,
  },
  SdkResponseMetadata: { RequestId: requestId },
});
const listItem = { Item: { mapstatelist: { S: "mapitems" }, values: { L: ITEMS } } };

/** Events 1-10: start, GetItem, Choice, Map entered and started (length 3). */
function top(): HistoryEvent[] {
  const afterRead = JSON.stringify(listItem);
  return [
    {
      id: 1,
      previousEventId: 0,
      timestamp: at(0),
      type: "ExecutionStarted",
      executionStartedEventDetails: { input: "{}", inputDetails: noTruncation, roleArn: ROLE_ARN },
    },
    {
      id: 2,
      previousEventId: 0,
      timestamp: at(30),
      type: "TaskStateEntered",
      stateEnteredEventDetails: { name: "ReadDDBTable", input: "{}", inputDetails: noTruncation },
    },
    {
      id: 3,
      previousEventId: 2,
      timestamp: at(30),
      type: "TaskScheduled",
      taskScheduledEventDetails: {
        ...getItem,
        region: REGION,
        parameters: JSON.stringify({ TableName: TABLE, Key: { mapstatelist: { S: "mapitems" } }, ConsistentRead: true }),
      },
    },
    { id: 4, previousEventId: 3, timestamp: at(31), type: "TaskStarted", taskStartedEventDetails: getItem },
    {
      id: 5,
      previousEventId: 4,
      timestamp: at(52),
      type: "TaskSucceeded",
      taskSucceededEventDetails: {
        ...getItem,
        output: JSON.stringify({ ...listItem, ...sdkMetadata("Q8J1V4UJ6JH0AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 120) }),
        outputDetails: noTruncation,
      },
    },
    {
      id: 6,
      previousEventId: 5,
      timestamp: at(52),
      type: "TaskStateExited",
      stateExitedEventDetails: { name: "ReadDDBTable", output: afterRead, outputDetails: noTruncation },
    },
    {
      id: 7,
      previousEventId: 6,
      timestamp: at(60),
      type: "ChoiceStateEntered",
      stateEnteredEventDetails: { name: "CheckListLoaded", input: afterRead, inputDetails: noTruncation },
    },
    {
      id: 8,
      previousEventId: 7,
      timestamp: at(60),
      type: "ChoiceStateExited",
      stateExitedEventDetails: { name: "CheckListLoaded", output: afterRead, outputDetails: noTruncation },
    },
    {
      id: 9,
      previousEventId: 8,
      timestamp: at(61),
      type: "MapStateEntered",
      stateEnteredEventDetails: { name: "MapState", input: afterRead, inputDetails: noTruncation },
    },
    { id: 10, previousEventId: 9, timestamp: at(61), type: "MapStateStarted", mapStateStartedEventDetails: { length: 3 } },
  ];
}

const input = (i: number) => JSON.stringify(ITEMS[i]);
const iterationStarted = (id: number, ms: number, index: number): HistoryEvent => ({
  id,
  previousEventId: 10,
  timestamp: at(ms),
  type: "MapIterationStarted",
  mapIterationStartedEventDetails: { name: "MapState", index },
});
const waitEntered = (id: number, prev: number, ms: number, i: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "WaitStateEntered",
  stateEnteredEventDetails: { name: "WaitInMap", input: input(i), inputDetails: noTruncation },
});
const waitExited = (id: number, prev: number, ms: number, i: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "WaitStateExited",
  stateExitedEventDetails: { name: "WaitInMap", output: input(i), outputDetails: noTruncation },
});
const invokeEntered = (id: number, prev: number, ms: number, i: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "TaskStateEntered",
  stateEnteredEventDetails: { name: "LambdaInvoke", input: input(i), inputDetails: noTruncation },
});
const invokeScheduled = (id: number, prev: number, ms: number, i: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "TaskScheduled",
  taskScheduledEventDetails: { ...lambda, region: REGION, parameters: JSON.stringify({ FunctionName: FUNCTION_ARN, Payload: ITEMS[i] }) },
});
const invokeStarted = (id: number, prev: number, ms: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "TaskStarted",
  taskStartedEventDetails: lambda,
});
const invokeSucceeded = (id: number, prev: number, ms: number, i: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "TaskSucceeded",
  taskSucceededEventDetails: {
    ...lambda,
    output: JSON.stringify({
      ExecutedVersion: "$LATEST",
      Payload: PLAIN[i],
      ...sdkMetadata(REQUEST_IDS[i]!, JSON.stringify(PLAIN[i]).length),
      StatusCode: 200,
    }),
    outputDetails: noTruncation,
  },
});
const invokeExited = (id: number, prev: number, ms: number, i: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "TaskStateExited",
  stateExitedEventDetails: { name: "LambdaInvoke", output: JSON.stringify(PLAIN[i]), outputDetails: noTruncation },
});
const iterationSucceeded = (id: number, prev: number, ms: number, index: number): HistoryEvent => ({
  id,
  previousEventId: prev,
  timestamp: at(ms),
  type: "MapIterationSucceeded",
  mapIterationSucceededEventDetails: { name: "MapState", index },
});

export const THROTTLED_CAUSE = "Rate Exceeded. (Service: Lambda, Status Code: 429, Request ID: 5c1d6a3e-9999-4b4b-8d8d-000000000000)";

/**
 * max_concurrency 3, wait_seconds 2: the three iterations wait together, item
 * 2's first invocation is throttled (Lambda.TooManyRequestsException, in the
 * Retry list) and its retry succeeds. 43 events.
 */
export function succeededWithRetry(): HistoryEvent[] {
  return [
    ...top(),
    iterationStarted(11, 62, 0),
    waitEntered(12, 11, 62, 0),
    iterationStarted(13, 62, 1),
    waitEntered(14, 13, 63, 1),
    iterationStarted(15, 63, 2),
    waitEntered(16, 15, 63, 2),
    waitExited(17, 12, 2062, 0),
    invokeEntered(18, 17, 2062, 0),
    waitExited(19, 14, 2063, 1),
    invokeEntered(20, 19, 2063, 1),
    waitExited(21, 16, 2063, 2),
    invokeEntered(22, 21, 2064, 2),
    invokeScheduled(23, 18, 2064, 0),
    invokeStarted(24, 23, 2080),
    invokeScheduled(25, 20, 2064, 1),
    invokeStarted(26, 25, 2081),
    invokeScheduled(27, 22, 2065, 2),
    invokeStarted(28, 27, 2082),
    {
      id: 29,
      previousEventId: 28,
      timestamp: at(2090),
      type: "TaskFailed",
      taskFailedEventDetails: { ...lambda, error: "Lambda.TooManyRequestsException", cause: THROTTLED_CAUSE },
    },
    invokeSucceeded(30, 24, 2350, 0),
    invokeExited(31, 30, 2350, 0),
    iterationSucceeded(32, 31, 2351, 0),
    invokeSucceeded(33, 26, 2360, 1),
    invokeExited(34, 33, 2360, 1),
    iterationSucceeded(35, 34, 2361, 1),
    // The retry, after a jittered pause within IntervalSeconds 1.
    invokeScheduled(36, 29, 2700, 2),
    invokeStarted(37, 36, 2712),
    invokeSucceeded(38, 37, 2790, 2),
    invokeExited(39, 38, 2790, 2),
    iterationSucceeded(40, 39, 2791, 2),
    { id: 41, previousEventId: 40, timestamp: at(2792), type: "MapStateSucceeded" },
    {
      id: 42,
      previousEventId: 41,
      timestamp: at(2792),
      type: "MapStateExited",
      stateExitedEventDetails: { name: "MapState", output: JSON.stringify(PLAIN), outputDetails: noTruncation },
    },
    {
      id: 43,
      previousEventId: 42,
      timestamp: at(2793),
      type: "ExecutionSucceeded",
      executionSucceededEventDetails: { output: JSON.stringify(PLAIN), outputDetails: noTruncation },
    },
  ];
}

export const FUNCTION_ERROR_CAUSE = JSON.stringify({
  errorType: "TypeError",
  errorMessage: "Cannot read properties of undefined (reading 'S')",
  trace: ["TypeError: Cannot read properties of undefined (reading 'S')", "    at Runtime.handler (/var/task/index.js:1:300)"],
});

/**
 * max_concurrency 3: item 1's function throws (TypeError, not in the Retry
 * list: one attempt), its iteration fails, the Map fails, and AWS aborts the
 * two iterations still in flight (item 0 in its Lambda, item 2 still waiting).
 */
export function failedItem(): HistoryEvent[] {
  return [
    ...top(),
    iterationStarted(11, 62, 0),
    waitEntered(12, 11, 62, 0),
    iterationStarted(13, 62, 1),
    waitEntered(14, 13, 63, 1),
    iterationStarted(15, 63, 2),
    waitEntered(16, 15, 63, 2),
    waitExited(17, 14, 2063, 1),
    invokeEntered(18, 17, 2063, 1),
    invokeScheduled(19, 18, 2064, 1),
    invokeStarted(20, 19, 2070),
    waitExited(21, 12, 2064, 0),
    invokeEntered(22, 21, 2064, 0),
    invokeScheduled(23, 22, 2065, 0),
    invokeStarted(24, 23, 2075),
    {
      id: 25,
      previousEventId: 20,
      timestamp: at(2100),
      type: "TaskFailed",
      taskFailedEventDetails: { ...lambda, error: "TypeError", cause: FUNCTION_ERROR_CAUSE },
    },
    { id: 26, previousEventId: 25, timestamp: at(2101), type: "MapIterationFailed", mapIterationFailedEventDetails: { name: "MapState", index: 1 } },
    { id: 27, previousEventId: 24, timestamp: at(2102), type: "TaskStateAborted" },
    { id: 28, previousEventId: 27, timestamp: at(2102), type: "MapIterationAborted", mapIterationAbortedEventDetails: { name: "MapState", index: 0 } },
    { id: 29, previousEventId: 16, timestamp: at(2102), type: "WaitStateAborted" },
    { id: 30, previousEventId: 29, timestamp: at(2102), type: "MapIterationAborted", mapIterationAbortedEventDetails: { name: "MapState", index: 2 } },
    { id: 31, previousEventId: 26, timestamp: at(2103), type: "MapStateFailed" },
    {
      id: 32,
      previousEventId: 31,
      timestamp: at(2104),
      type: "ExecutionFailed",
      executionFailedEventDetails: { error: "TypeError", cause: FUNCTION_ERROR_CAUSE },
    },
  ];
}

/** Experiment 3: max_concurrency 1, wait_seconds 25, timeout_seconds 20; item 0 is still waiting when the execution times out. */
export function timedOut(): HistoryEvent[] {
  return [
    ...top(),
    iterationStarted(11, 62, 0),
    waitEntered(12, 11, 62, 0),
    { id: 13, previousEventId: 12, timestamp: at(20_001), type: "ExecutionTimedOut", executionTimedOutEventDetails: { error: "States.Timeout" } },
  ];
}

/** StopExecution while item 0 waits. */
export function aborted(): HistoryEvent[] {
  return [
    ...top(),
    iterationStarted(11, 62, 0),
    waitEntered(12, 11, 62, 0),
    {
      id: 13,
      previousEventId: 12,
      timestamp: at(5_000),
      type: "ExecutionAborted",
      executionAbortedEventDetails: { error: "Stopped", cause: "stopped by hand" },
    },
  ];
}

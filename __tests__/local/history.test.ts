/**
 * The offline run's history has the shape and links of an AWS execution
 * history, so report.ts can read both the same way.
 */
import type { HistoryEvent as SdkHistoryEvent } from "@aws-sdk/client-sfn";
import type { HistoryEvent } from "../../report/history-types";
import { taskNames } from "../../local/history/history";
import { attributeToIterations } from "../../report/report";
import { runOffline } from "../../local/run/run-offline";
import { buildDefinition, STATE } from "../../stacks/definition";

const quiet = { warn: () => {} };

test("the SDK's HistoryEvent[] is accepted where the hand-written type is expected", () => {
  const fromSdk: SdkHistoryEvent[] = [{ timestamp: new Date(), type: "ExecutionStarted", id: 1, previousEventId: 0 }];
  const asOurs: readonly HistoryEvent[] = fromSdk; // compile-time check; tsc runs in npm test
  expect(asOurs).toHaveLength(1);
});

test("resource names as the history shows them", () => {
  expect(taskNames("arn:aws:states:::lambda:invoke")).toEqual({ resourceType: "lambda", resource: "invoke" });
  expect(taskNames("arn:aws:states:::dynamodb:getItem")).toEqual({ resourceType: "dynamodb", resource: "getItem" });
  expect(taskNames("arn:aws:states:::aws-sdk:dynamodb:getItem")).toEqual({ resourceType: "aws-sdk:dynamodb", resource: "getItem" });
});

describe("a successful run", () => {
  let history: readonly HistoryEvent[];
  beforeAll(async () => {
    ({ history } = await runOffline({ ...quiet, settings: { max_concurrency: 3, wait_seconds: 0 } }));
  });

  test("ids count up from 1 in time order; each previousEventId points back to an earlier event", () => {
    history.forEach((e, k) => expect(e.id).toBe(k + 1));
    for (const e of history) expect(e.previousEventId).toBeLessThan(e.id!);
    const times = history.map((e) => (e.timestamp as Date).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  test("the top-level sequence is the one AWS logs", () => {
    const top = history.filter((e) => !attributed(history).has(e.id!)).map((e) => e.type);
    expect(top).toEqual([
      "ExecutionStarted",
      "TaskStateEntered",
      "TaskScheduled",
      "TaskStarted",
      "TaskSucceeded",
      "TaskStateExited",
      "ChoiceStateEntered",
      "ChoiceStateExited",
      "MapStateEntered",
      "MapStateStarted",
      "MapStateSucceeded",
      "MapStateExited",
      "ExecutionSucceeded",
    ]);
    expect(history.find((e) => e.type === "MapStateStarted")?.mapStateStartedEventDetails).toEqual({ length: 3 });
  });

  test("each iteration is one previousEventId chain, in the order AWS logs an iteration", () => {
    const chains = attributeToIterations(history, "MapState");
    expect([...chains.keys()].sort()).toEqual([0, 1, 2]);
    for (const chain of chains.values()) {
      expect(chain.map((e) => e.type)).toEqual([
        "MapIterationStarted",
        "WaitStateEntered",
        "WaitStateExited",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSucceeded",
        "TaskStateExited",
        "MapIterationSucceeded",
      ]);
      for (let k = 1; k < chain.length; k++) expect(chain[k]!.previousEventId).toBe(chain[k - 1]!.id);
    }
  });

  test("task details: what was sent and what the integration returned, as JSON text", () => {
    const getItem = history.find((e) => e.type === "TaskScheduled" && e.taskScheduledEventDetails?.resourceType === "dynamodb")!;
    expect(getItem.taskScheduledEventDetails).toMatchObject({ resource: "getItem", region: "us-east-1" });
    expect(JSON.parse(getItem.taskScheduledEventDetails!.parameters!)).toEqual({
      TableName: "stepfunctions-map-list",
      Key: { mapstatelist: { S: "mapitems" }, position: { S: "list" } },
      ConsistentRead: true,
    });
    const read = history.find((e) => e.type === "TaskSucceeded" && e.taskSucceededEventDetails?.resourceType === "dynamodb")!;
    const out = JSON.parse(read.taskSucceededEventDetails!.output!);
    expect(out.Item.values.L).toEqual([{ S: "Computer Science" }, { S: "Economics" }, { S: "Mathematics" }]);
    expect(out.SdkHttpMetadata.HttpStatusCode).toBe(200);

    const invoked = history.find((e) => e.type === "TaskSucceeded" && e.taskSucceededEventDetails?.resourceType === "lambda")!;
    expect(JSON.parse(invoked.taskSucceededEventDetails!.output!)).toMatchObject({ ExecutedVersion: "$LATEST", StatusCode: 200 });
    // The state's own output is the payload alone (OutputPath $.Payload).
    const exited = history.find((e) => e.previousEventId === invoked.id)!;
    expect(exited.type).toBe("TaskStateExited");
    expect(typeof JSON.parse(exited.stateExitedEventDetails!.output!)).toBe("string");
  });
});

test("many concurrent iterations: every Task event carries its own item's call", async () => {
  const list = Array.from({ length: 120 }, (_, i) => `item-${i}`);
  const { history, logs } = await runOffline({ ...quiet, settings: { max_concurrency: 40, wait_seconds: 0 }, list });
  const chains = attributeToIterations(history, "MapState");
  expect(chains.size).toBe(list.length);
  for (const [index, chain] of chains) {
    const scheduled = chain.find((e) => e.type === "TaskScheduled")!;
    expect(JSON.parse(scheduled.taskScheduledEventDetails!.parameters!).Payload).toEqual({ S: list[index] });
    const succeeded = chain.find((e) => e.type === "TaskSucceeded")!;
    expect(JSON.parse(succeeded.taskSucceededEventDetails!.output!).Payload).toBe(list[index]);
  }
  // Log lines too are tied to the item whose invocation wrote them.
  expect(logs).toHaveLength(list.length);
  for (const l of logs) expect(JSON.parse(l.line).item).toBe(list[l.index!]);
});

test("a failed attempt then a retry: TaskFailed, then TaskScheduled again on the same chain", async () => {
  let failures = 0;
  const { history, report } = await runOffline({
    ...quiet,
    settings: { wait_seconds: 0 },
    list: ["x"],
    retryIntervalOverrides: { LambdaInvoke: 1 },
    handler: (e) => {
      if (failures++ === 0) throw Object.assign(new Error("hiccup"), { name: "Lambda.ServiceException" });
      return e;
    },
  });
  expect(report.status).toBe("SUCCEEDED");
  const chain = attributeToIterations(history, "MapState").get(0)!;
  expect(chain.map((e) => e.type)).toEqual([
    "MapIterationStarted",
    "WaitStateEntered",
    "WaitStateExited",
    "TaskStateEntered",
    "TaskScheduled",
    "TaskStarted",
    "TaskFailed",
    "TaskScheduled",
    "TaskStarted",
    "TaskSucceeded",
    "TaskStateExited",
    "MapIterationSucceeded",
  ]);
  expect(chain.find((e) => e.type === "TaskFailed")?.taskFailedEventDetails).toMatchObject({ resourceType: "lambda", error: "Lambda.ServiceException" });
  expect(report.items[0]!.attempts).toBe(2);
});

test("a result the definition cannot select from: TaskSucceeded, then the execution fails (States.Runtime)", async () => {
  const definition = buildDefinition({
    tableName: "stepfunctions-map-list",
    functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f",
    maxConcurrency: 1,
    waitSeconds: 0,
    timeoutSeconds: 5,
  });
  // Selecting $.Item from the GetItem result of an empty table fails, as on AWS.
  Object.assign(definition.States[STATE.read]!, { ResultSelector: { "Item.$": "$.Item" } });
  const { history, report } = await runOffline({ ...quiet, seed: false, definition });
  expect(history.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "ExecutionFailed"]);
  expect(report.error).toBe("States.Runtime");
});

function attributed(history: readonly HistoryEvent[]): Set<number> {
  return new Set([...attributeToIterations(history, "MapState").values()].flat().map((e) => e.id!));
}

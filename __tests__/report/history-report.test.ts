/**
 * A real execution's history -> the report, on histories shaped exactly as
 * the SDK returns GetExecutionHistory (aws-histories.ts: the SDK's own type,
 * Date timestamps, the lambda:invoke output with its SDK metadata).
 *
 * What __tests__/report/report.test.ts already covers on its own hand-written
 * histories (interleaving, exhausted retries, a bare timeout, a running
 * history) is not repeated; these add the SDK's shape end to end through
 * execute's path (explainHistory), a retry that then succeeds, AWS's aborts
 * of in-flight iterations, the list and table the history shows, and the
 * Lambda request id of each item.
 */
import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { settingsWith } from "../../local/settings/settings-input";
import { explainHistory } from "../../execute/explain";
import { requestIdsByItem } from "../../execute/function-logs";
import * as aws from "../execute/aws-histories";

const values = settingsWith({ max_concurrency: 3, wait_seconds: 2 });

test("the fixtures are what the SDK gives: Date timestamps, increasing ids, each previousEventId earlier", () => {
  for (const history of [aws.succeededWithRetry(), aws.failedItem(), aws.timedOut(), aws.aborted()]) {
    history.forEach((e, i) => {
      expect(e.timestamp).toBeInstanceOf(Date);
      expect(e.id).toBe(i + 1);
      expect(e.previousEventId).toBeLessThan(e.id!);
    });
  }
});

describe("concurrency 3, one throttled invocation retried", () => {
  const explained = explainHistory(aws.succeededWithRetry(), { values });
  const r = explained.report;

  test("SUCCEEDED, times from ExecutionStarted, the settings given", () => {
    expect(r).toMatchObject({ status: "SUCCEEDED", error: null, cause: null, startedAt: "2025-03-01T10:00:00.000Z", durationMs: 2793, settings: values });
    expect(r.failedItem).toBeUndefined();
  });

  test("per item: when its wait started and ended, when its Lambda ran, its output", () => {
    expect(
      r.items.map(({ index, status, input, waitStartedMs, waitEndedMs, lambdaStartedMs, lambdaEndedMs, output, attempts }) => ({
        index,
        status,
        input,
        waitStartedMs,
        waitEndedMs,
        lambdaStartedMs,
        lambdaEndedMs,
        output,
        attempts,
      })),
    ).toEqual([
      {
        index: 0,
        status: "SUCCEEDED",
        input: aws.ITEMS[0],
        waitStartedMs: 62,
        waitEndedMs: 2062,
        lambdaStartedMs: 2080,
        lambdaEndedMs: 2350,
        output: aws.PLAIN[0],
        attempts: 1,
      },
      {
        index: 1,
        status: "SUCCEEDED",
        input: aws.ITEMS[1],
        waitStartedMs: 63,
        waitEndedMs: 2063,
        lambdaStartedMs: 2081,
        lambdaEndedMs: 2360,
        output: aws.PLAIN[1],
        attempts: 1,
      },
      {
        index: 2,
        status: "SUCCEEDED",
        input: aws.ITEMS[2],
        waitStartedMs: 63,
        waitEndedMs: 2063,
        lambdaStartedMs: 2082,
        lambdaEndedMs: 2790,
        output: aws.PLAIN[2],
        attempts: 2,
      },
    ]);
  });

  test("the retried item keeps both attempts; the throttling is on the first run only, not on the item", () => {
    const item = r.items[2]!;
    expect(item.runs).toEqual([
      { startedMs: 2082, endedMs: 2090, error: "Lambda.TooManyRequestsException", cause: aws.THROTTLED_CAUSE },
      { startedMs: 2712, endedMs: 2790 },
    ]);
    expect(item.error).toBeUndefined();
  });

  test("the table and the list the GetItem read, as plain JSON", () => {
    expect(explained.tableName).toBe(aws.TABLE);
    expect(explained.itemsRead).toEqual(aws.PLAIN);
  });

  test("each item's Lambda request id, from the task output's SdkResponseMetadata", () => {
    expect(Object.fromEntries(requestIdsByItem(aws.succeededWithRetry()))).toEqual({
      [aws.REQUEST_IDS[0]!]: 0,
      [aws.REQUEST_IDS[1]!]: 1,
      [aws.REQUEST_IDS[2]!]: 2,
    });
  });

  test("newest first (reverseOrder) reads the same", () => {
    expect(explainHistory(aws.succeededWithRetry().reverse(), { values }).report).toEqual(r);
  });
});

describe("a failed item", () => {
  const r = explainHistory(aws.failedItem(), { values }).report;

  test("FAILED with the function's error and cause; the item named with its input", () => {
    expect(r).toMatchObject({ status: "FAILED", error: "TypeError", cause: aws.FUNCTION_ERROR_CAUSE, durationMs: 2104 });
    expect(r.failedItem).toEqual({ index: 1, input: aws.ITEMS[1], error: "TypeError", cause: aws.FUNCTION_ERROR_CAUSE });
    expect(r.items[1]).toMatchObject({ status: "FAILED", attempts: 1, lambdaStartedMs: 2070, lambdaEndedMs: 2100, output: null, error: "TypeError" });
  });

  test("iterations AWS aborted: the one in its Lambda (run never ended), the one still waiting", () => {
    expect(r.items[0]).toMatchObject({ status: "ABORTED", attempts: 1, lambdaStartedMs: 2075, lambdaEndedMs: null, output: null });
    expect(r.items[0]!.error).toBeUndefined();
    expect(r.items[2]).toMatchObject({ status: "ABORTED", attempts: 0, waitStartedMs: 63, waitEndedMs: null, lambdaStartedMs: null });
  });

  test("no request ids: a failed invocation's output carries none, the aborted one has none", () => {
    expect(requestIdsByItem(aws.failedItem()).size).toBe(0);
  });
});

test("execution timed out (wait 25 s, timeout 20 s): TIMED_OUT, States.Timeout, the waiting item aborted, the rest not started", () => {
  const r = explainHistory(aws.timedOut(), { values: settingsWith({ wait_seconds: 25, timeout_seconds: 20 }) }).report;
  expect(r).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout", cause: null, durationMs: 20_001 });
  expect(r.items.map((i) => i.status)).toEqual(["ABORTED", "NOT_STARTED", "NOT_STARTED"]);
  // ExecutionTimedOut points back into item 0's chain, but belongs to the execution.
  expect(r.items[0]).toMatchObject({ waitStartedMs: 62, waitEndedMs: null, attempts: 0 });
});

test("execution aborted (StopExecution): ABORTED with the error and cause given to StopExecution", () => {
  const r = explainHistory(aws.aborted(), { values }).report;
  expect(r).toMatchObject({ status: "ABORTED", error: "Stopped", cause: "stopped by hand", durationMs: 5000 });
  expect(r.items[0]).toMatchObject({ status: "ABORTED", waitStartedMs: 62 });
});

test("a GetItem that found no list: itemsRead null (shown as 0 items), as npm start shows an unseeded table", () => {
  const history: HistoryEvent[] = aws.succeededWithRetry().slice(0, 4);
  history.push({
    id: 5,
    previousEventId: 4,
    timestamp: new Date(aws.T0 + 50),
    type: "TaskSucceeded",
    taskSucceededEventDetails: { resourceType: "dynamodb", resource: "getItem", output: JSON.stringify({ SdkResponseMetadata: { RequestId: "x" } }) },
  });
  expect(explainHistory(history, { values }).itemsRead).toBeNull();
  // No GetItem in the history at all: nothing to show.
  expect(explainHistory(history.slice(0, 1), { values }).itemsRead).toBeUndefined();
});

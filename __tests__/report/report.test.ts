/**
 * report.ts on hand-written histories shaped like GetExecutionHistory output
 * (ISO timestamps, JSON text in details, iterations interleaved and linked
 * only by previousEventId), as a real execution would give them.
 */
import type { HistoryEvent, HistoryEventType } from "../../report/history-types";
import { buildReport } from "../../report/report";
import { settingsWith } from "../../local/settings/settings-input";

const T0 = Date.parse("2025-01-01T00:00:00.000Z");

/** Builds a history: each add() returns the new event's id, for later events to point back to. */
class History {
  readonly events: HistoryEvent[] = [];
  add(type: HistoryEventType, previousEventId: number, ms: number, details: Partial<HistoryEvent> = {}): number {
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId, type, timestamp: new Date(T0 + ms).toISOString(), ...details });
    return id;
  }
  /** The top of the run: start, GetItem, Choice, Map entered and started. Returns MapStateStarted's id. */
  start(items: unknown[]): number {
    let p = this.add("ExecutionStarted", 0, 0, { executionStartedEventDetails: { input: "{}" } });
    p = this.add("TaskStateEntered", p, 1, { stateEnteredEventDetails: { name: "ReadDDBTable", input: "{}" } });
    p = this.add("TaskScheduled", p, 1, {
      taskScheduledEventDetails: { resourceType: "dynamodb", resource: "getItem", region: "us-east-1", parameters: "{}" },
    });
    p = this.add("TaskStarted", p, 2, { taskStartedEventDetails: { resourceType: "dynamodb", resource: "getItem" } });
    p = this.add("TaskSucceeded", p, 20, { taskSucceededEventDetails: { resourceType: "dynamodb", resource: "getItem", output: "{}" } });
    p = this.add("TaskStateExited", p, 20, { stateExitedEventDetails: { name: "ReadDDBTable", output: "{}" } });
    p = this.add("ChoiceStateEntered", p, 21, { stateEnteredEventDetails: { name: "CheckListLoaded", input: "{}" } });
    p = this.add("ChoiceStateExited", p, 21, { stateExitedEventDetails: { name: "CheckListLoaded", output: "{}" } });
    p = this.add("MapStateEntered", p, 22, { stateEnteredEventDetails: { name: "MapState", input: "{}" } });
    return this.add("MapStateStarted", p, 22, { mapStateStartedEventDetails: { length: items.length } });
  }
  iterationStart(mapStarted: number, index: number, ms: number, input: unknown): number {
    const p = this.add("MapIterationStarted", mapStarted, ms, { mapIterationStartedEventDetails: { name: "MapState", index } });
    return this.add("WaitStateEntered", p, ms, { stateEnteredEventDetails: { name: "WaitInMap", input: JSON.stringify(input) } });
  }
  waitExit(prev: number, ms: number, input: unknown): number {
    const p = this.add("WaitStateExited", prev, ms, { stateExitedEventDetails: { name: "WaitInMap", output: JSON.stringify(input) } });
    return this.add("TaskStateEntered", p, ms, { stateEnteredEventDetails: { name: "LambdaInvoke", input: JSON.stringify(input) } });
  }
  lambdaStart(prev: number, ms: number): number {
    const lambda = { resourceType: "lambda", resource: "invoke" };
    const p = this.add("TaskScheduled", prev, ms, { taskScheduledEventDetails: { ...lambda, region: "us-east-1", parameters: "{}" } });
    return this.add("TaskStarted", p, ms, { taskStartedEventDetails: lambda });
  }
  lambdaOk(prev: number, ms: number, index: number, output: unknown): number {
    const lambda = { resourceType: "lambda", resource: "invoke" };
    let p = this.add("TaskSucceeded", prev, ms, { taskSucceededEventDetails: { ...lambda, output: JSON.stringify({ Payload: output, StatusCode: 200 }) } });
    p = this.add("TaskStateExited", p, ms, { stateExitedEventDetails: { name: "LambdaInvoke", output: JSON.stringify(output) } });
    return this.add("MapIterationSucceeded", p, ms, { mapIterationSucceededEventDetails: { name: "MapState", index } });
  }
  lambdaFail(prev: number, ms: number, error: string, cause: string): number {
    return this.add("TaskFailed", prev, ms, { taskFailedEventDetails: { resourceType: "lambda", resource: "invoke", error, cause } });
  }
}

const settings = settingsWith({ max_concurrency: 3, wait_seconds: 2 });
const ITEMS = [{ S: "Computer Science" }, { S: "Economics" }, { S: "Mathematics" }];

test("concurrency 3: interleaved iterations are told apart by their previousEventId chains", () => {
  const h = new History();
  const map = h.start(ITEMS);
  // All three iterations start, wait and run interleaved, in an order unlike their indexes.
  const w2 = h.iterationStart(map, 2, 30, ITEMS[2]);
  const w0 = h.iterationStart(map, 0, 31, ITEMS[0]);
  const w1 = h.iterationStart(map, 1, 32, ITEMS[1]);
  const t1 = h.waitExit(w1, 2030, ITEMS[1]);
  const t0 = h.waitExit(w0, 2031, ITEMS[0]);
  const t2 = h.waitExit(w2, 2032, ITEMS[2]);
  const s0 = h.lambdaStart(t0, 2040);
  const s2 = h.lambdaStart(t2, 2041);
  const s1 = h.lambdaStart(t1, 2042);
  h.lambdaOk(s2, 2100, 2, "Mathematics");
  h.lambdaOk(s0, 2110, 0, "Computer Science");
  const last = h.lambdaOk(s1, 2120, 1, "Economics");
  let p = h.add("MapStateSucceeded", last, 2121);
  p = h.add("MapStateExited", p, 2121, { stateExitedEventDetails: { name: "MapState", output: "[]" } });
  h.add("ExecutionSucceeded", p, 2122, { executionSucceededEventDetails: { output: "[]" } });

  const r = buildReport(h.events, settings);
  expect(r).toMatchObject({ status: "SUCCEEDED", error: null, cause: null, durationMs: 2122, startedAt: "2025-01-01T00:00:00.000Z", settings });
  expect(r.failedItem).toBeUndefined();
  expect(
    r.items.map(({ index, status, input, waitStartedMs, lambdaStartedMs, lambdaEndedMs, output, attempts }) => ({
      index,
      status,
      input,
      waitStartedMs,
      lambdaStartedMs,
      lambdaEndedMs,
      output,
      attempts,
    })),
  ).toEqual([
    { index: 0, status: "SUCCEEDED", input: ITEMS[0], waitStartedMs: 31, lambdaStartedMs: 2040, lambdaEndedMs: 2110, output: "Computer Science", attempts: 1 },
    { index: 1, status: "SUCCEEDED", input: ITEMS[1], waitStartedMs: 32, lambdaStartedMs: 2042, lambdaEndedMs: 2120, output: "Economics", attempts: 1 },
    { index: 2, status: "SUCCEEDED", input: ITEMS[2], waitStartedMs: 30, lambdaStartedMs: 2041, lambdaEndedMs: 2100, output: "Mathematics", attempts: 1 },
  ]);
});

test("a failed item: retries counted, the execution's error and the failed item named", () => {
  const cause = JSON.stringify({ errorType: "Lambda.ServiceException", errorMessage: "down", trace: [] });
  const h = new History();
  const map = h.start(ITEMS);
  const w0 = h.iterationStart(map, 0, 30, ITEMS[0]);
  const w1 = h.iterationStart(map, 1, 30, ITEMS[1]);
  const t0 = h.waitExit(w0, 1030, ITEMS[0]);
  const t1 = h.waitExit(w1, 1030, ITEMS[1]);
  h.lambdaOk(h.lambdaStart(t0, 1031), 1050, 0, "Computer Science");
  let p = h.lambdaFail(h.lambdaStart(t1, 1031), 1040, "Lambda.ServiceException", cause);
  p = h.lambdaFail(h.lambdaStart(p, 1600), 1610, "Lambda.ServiceException", cause);
  p = h.lambdaFail(h.lambdaStart(p, 3000), 3010, "Lambda.ServiceException", cause);
  p = h.lambdaFail(h.lambdaStart(p, 5000), 5010, "Lambda.ServiceException", cause);
  p = h.add("MapIterationFailed", p, 5011, { mapIterationFailedEventDetails: { name: "MapState", index: 1 } });
  // Item 2 had started its wait when the Map failed: AWS aborts it.
  const w2 = h.iterationStart(map, 2, 1051, ITEMS[2]);
  h.add("MapIterationAborted", w2, 5011, { mapIterationAbortedEventDetails: { name: "MapState", index: 2 } });
  p = h.add("MapStateFailed", p, 5012);
  h.add("ExecutionFailed", p, 5012, { executionFailedEventDetails: { error: "Lambda.ServiceException", cause } });

  const r = buildReport(h.events, settings);
  expect(r).toMatchObject({ status: "FAILED", error: "Lambda.ServiceException", cause, durationMs: 5012 });
  expect(r.failedItem).toEqual({ index: 1, input: ITEMS[1], error: "Lambda.ServiceException", cause });
  const failed = r.items[1]!;
  expect(failed).toMatchObject({ status: "FAILED", attempts: 4, lambdaStartedMs: 1031, lambdaEndedMs: 5010, output: null });
  expect(failed.runs.map((run) => [run.startedMs, run.endedMs])).toEqual([
    [1031, 1040],
    [1600, 1610],
    [3000, 3010],
    [5000, 5010],
  ]);
  expect(r.items[0]).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  expect(r.items[2]).toMatchObject({ status: "ABORTED", attempts: 0, lambdaStartedMs: null, waitStartedMs: 1051 });
});

test("a timeout: TIMED_OUT with States.Timeout; unstarted items listed as such", () => {
  const h = new History();
  const map = h.start(ITEMS);
  h.iterationStart(map, 0, 30, ITEMS[0]);
  h.add("ExecutionTimedOut", map, 2000, { executionTimedOutEventDetails: { error: "States.Timeout" } });

  const r = buildReport(h.events, settingsWith({ wait_seconds: 3, timeout_seconds: 2 }));
  expect(r).toMatchObject({ status: "TIMED_OUT", error: "States.Timeout", cause: null, durationMs: 2000 });
  expect(r.failedItem).toBeUndefined();
  expect(r.items.map((i) => i.status)).toEqual(["ABORTED", "NOT_STARTED", "NOT_STARTED"]);
  expect(r.items[0]).toMatchObject({ input: ITEMS[0], waitStartedMs: 30, waitEndedMs: null, lambdaStartedMs: null, attempts: 0 });
  expect(r.items[1]).toMatchObject({ input: null, waitStartedMs: null });
});

test("a history still running: RUNNING, durations up to the last event", () => {
  const h = new History();
  const map = h.start(ITEMS.slice(0, 1));
  const w = h.iterationStart(map, 0, 30, ITEMS[0]);
  h.lambdaStart(h.waitExit(w, 1030, ITEMS[0]), 1031);
  const r = buildReport(h.events, settings);
  expect(r.status).toBe("RUNNING");
  expect(r.durationMs).toBe(1031);
  expect(r.items[0]).toMatchObject({ status: "RUNNING", lambdaStartedMs: 1031, lambdaEndedMs: null });
});

test("SDK-style Date timestamps and out-of-order events are read too", () => {
  const h = new History();
  const map = h.start(ITEMS.slice(0, 1));
  h.lambdaOk(h.lambdaStart(h.waitExit(h.iterationStart(map, 0, 30, ITEMS[0]), 50, ITEMS[0]), 51), 60, 0, "Computer Science");
  const asSdk = h.events.map((e) => ({ ...e, timestamp: new Date(e.timestamp as string) })).reverse();
  expect(buildReport(asSdk, settings).items[0]).toMatchObject({ status: "SUCCEEDED", lambdaStartedMs: 51, output: "Computer Science" });
});

/**
 * An AWS-shaped history of an inline Map with `items` iterations, built
 * directly (no engine): for the report's scale test and its benchmark. Each
 * item waits, then runs a Lambda of 10 ms; `concurrency` items run at once.
 */
import type { HistoryEvent, HistoryEventType } from "./history-types";

export function syntheticHistory(items: number, concurrency = 40, waitMs = 0): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const add = (type: HistoryEventType, prev: number, ms: number, extra: Partial<HistoryEvent> = {}) => {
    events.push({ id: events.length + 1, previousEventId: prev, type, timestamp: new Date(ms), ...extra });
    return events.length;
  };
  const lambda = { resourceType: "lambda", resource: "invoke" };
  let p = add("ExecutionStarted", 0, 0, { executionStartedEventDetails: { input: "{}" } });
  p = add("MapStateEntered", p, 0, { stateEnteredEventDetails: { name: "MapState", input: "{}" } });
  const map = add("MapStateStarted", p, 0, { mapStateStartedEventDetails: { length: items } });
  let last = map;
  let end = 0;
  for (let index = 0; index < items; index++) {
    const s = Math.floor(index / concurrency) * (waitMs + 10);
    let q = add("MapIterationStarted", map, s, { mapIterationStartedEventDetails: { name: "MapState", index } });
    q = add("WaitStateEntered", q, s, { stateEnteredEventDetails: { name: "WaitInMap", input: `"item${index}"` } });
    q = add("WaitStateExited", q, s + waitMs, { stateExitedEventDetails: { name: "WaitInMap", output: `"item${index}"` } });
    q = add("TaskStarted", q, s + waitMs, { taskStartedEventDetails: lambda });
    q = add("TaskSucceeded", q, s + waitMs + 10, { taskSucceededEventDetails: { ...lambda, output: "{}" } });
    q = add("TaskStateExited", q, s + waitMs + 10, { stateExitedEventDetails: { name: "LambdaInvoke", output: `"out${index}"` } });
    last = add("MapIterationSucceeded", q, s + waitMs + 10, { mapIterationSucceededEventDetails: { name: "MapState", index } });
    end = Math.max(end, s + waitMs + 10);
  }
  p = add("MapStateSucceeded", last, end);
  p = add("MapStateExited", p, end, { stateExitedEventDetails: { name: "MapState", output: "[]" } });
  add("ExecutionSucceeded", p, end, { executionSucceededEventDetails: { output: "[]" } });
  return events;
}

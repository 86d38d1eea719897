/**
 * The mapping of the run's events to AWS history event types (history.ts
 * lists it in full).
 */
import type { HistoryEventType } from "../../report/history-types";
import type { RunEvent, StateEvent } from "../engine/events";
import type { AttemptCalls } from "../engine/events";

/** One AWS event to write, and the engine event it is written for (an earlier one when it was held back). */
export interface Emission {
  readonly event: RunEvent;
  readonly type: HistoryEventType;
}

/**
 * THE mapping of one engine event to AWS history event types, in order. The
 * builder (history.ts) emits exactly these, and local/quotas/quotas.ts counts exactly these while
 * the run goes on, so the live count and the history can never disagree.
 */
export function awsEventTypes(e: RunEvent, attempt: AttemptCalls): HistoryEventType[] {
  return awsEmissions(e, attempt).map((x) => x.type);
}

/** awsEventTypes with the engine event each AWS event is written for: held-back ones first (deferred.ts). */
export function awsEmissions(e: RunEvent, attempt: AttemptCalls): Emission[] {
  const due = (attempt.due ?? []).map((d) => ({ event: d.event, type: d.type }));
  return [...due, ...ownTypes(e, attempt).map((type) => ({ event: e, type }))];
}

function ownTypes(e: RunEvent, attempt: AttemptCalls): HistoryEventType[] {
  switch (e.type) {
    case "MapRunStarted":
    case "MapRunSucceeded":
    case "MapRunFailed":
    case "MapRunAborted":
    case "ExecutionStarted":
    case "ExecutionSucceeded":
    case "ExecutionFailed":
    case "ExecutionAborted":
    case "MapIterationStarted":
    case "MapIterationSucceeded":
    case "MapIterationFailed":
    case "MapIterationAborted":
      return [e.type];
    case "ExecutionTimeout":
      return ["ExecutionTimedOut"];
    case "StateEntered":
    case "StateRetried":
    case "StateFailed":
    case "StateCaught":
    case "StateExited":
    case "StateAborted":
      return stateTypes(e, attempt);
    default:
      // Parallel branch events: AWS logs none (its branches' states' events are the history's).
      return [];
  }
}

function stateTypes(e: StateEvent, attempt: AttemptCalls): HistoryEventType[] {
  const type = e.state.type;
  switch (e.type) {
    case "StateEntered": {
      const entered = `${type}StateEntered` as HistoryEventType;
      // No call: the task failed on its input (Parameters) before being scheduled, as AWS shows it.
      if (type === "Task") return attempt.call ? [entered, "TaskScheduled", "TaskStarted"] : [entered];
      // A Map's MapStateStarted is held back (deferred.ts).
      if (type === "Parallel") return [entered, "ParallelStateStarted"];
      return [entered];
    }
    case "StateRetried":
      // A Map's new MapStateStarted is held back (deferred.ts); test_parallel_state_retry id 5 for a Parallel state.
      if (type === "Parallel") return ["ParallelStateStarted"];
      return type === "Task" && attempt.call ? ["TaskScheduled", "TaskStarted"] : [];
    case "StateFailed":
      // A Map's or Parallel state's failure is held back: a Retry may follow (deferred.ts).
      return type === "Task" ? taskFailed(e, attempt) : [];
    case "StateCaught":
      // AWS logs nothing for the catch; the state's exit follows, with the Catch's output.
      return [];
    case "StateAborted":
      return type === "Task" || type === "Map" || type === "Parallel" || type === "Wait" ? [`${type}StateAborted` as HistoryEventType] : [];
    default:
      if (attempt.afterCatch) return [`${type}StateExited` as HistoryEventType];
      return [
        ...(type === "Task" ? (["TaskSucceeded"] as const) : []),
        ...(type === "Map" ? (["MapStateSucceeded"] as const) : []),
        ...(type === "Parallel" ? (["ParallelStateSucceeded"] as const) : []),
        `${type}StateExited` as HistoryEventType,
      ];
  }
}

function taskFailed(e: Extract<StateEvent, { type: "StateFailed" }>, attempt: AttemptCalls): HistoryEventType[] {
  const made = attempt.made;
  if (!made) return [];
  // TimeoutSeconds ran out: TaskTimedOut (v2/timeouts/test_timeouts.snapshot.json, test_service_lambda_map_timeout ids 20-23).
  if (e.Error === "States.Timeout" && made.endedAt === undefined) return ["TaskTimedOut"];
  // The call succeeded and processing its result failed (ResultSelector, OutputPath):
  // AWS logs TaskSucceeded, then the execution fails with the States.Runtime error.
  return [made.endedAt !== undefined && made.error === undefined ? "TaskSucceeded" : "TaskFailed"];
}

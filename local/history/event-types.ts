/**
 * The mapping of the run's events to AWS history event types (history.ts
 * lists it in full).
 */
import type { HistoryEventType } from "../../report/history-types";
import type { RunEvent } from "../engine/events";
import type { AttemptCalls } from "./call-pairing";

/**
 * THE mapping of one engine event to AWS history event types, in order. The
 * builder (history.ts) emits exactly these, and local/quotas/quotas.ts counts exactly these while
 * the run goes on, so the live count and the history can never disagree.
 */
export function awsEventTypes(e: RunEvent, attempt: AttemptCalls): HistoryEventType[] {
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
      return [e.type];
    case "ExecutionTimeout":
      return ["ExecutionTimedOut"];
    case "StateEntered": {
      const entered = `${e.state.type}StateEntered` as HistoryEventType;
      // No call: the task failed on its input (Parameters) before being scheduled, as AWS shows it.
      if (e.state.type === "Task") return attempt.call ? [entered, "TaskScheduled", "TaskStarted"] : [entered];
      if (e.state.type === "Map") return [entered, "MapStateStarted"];
      return [entered];
    }
    case "StateRetried":
      return e.state.type === "Task" && attempt.call ? ["TaskScheduled", "TaskStarted"] : [];
    case "StateFailed": {
      const made = attempt.made;
      // The call succeeded and processing its result failed (ResultSelector, OutputPath):
      // AWS logs TaskSucceeded, then the execution fails with the States.Runtime error.
      if (e.state.type === "Task" && made) return [made.endedAt !== undefined && made.error === undefined ? "TaskSucceeded" : "TaskFailed"];
      return e.state.type === "Map" ? ["MapStateFailed"] : [];
    }
    case "StateCaught":
      // AWS shows the caught error as the state's exit.
      return [`${e.state.type}StateExited` as HistoryEventType];
    case "StateExited":
      if (attempt.afterCatch) return [];
      return [
        ...(e.state.type === "Task" ? (["TaskSucceeded"] as const) : []),
        ...(e.state.type === "Map" ? (["MapStateSucceeded"] as const) : []),
        `${e.state.type}StateExited` as HistoryEventType,
      ];
    default:
      // Parallel branch events: this project's definition has no Parallel state.
      return [];
  }
}

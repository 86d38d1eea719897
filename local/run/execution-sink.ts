/**
 * Where one execution of the chain puts its events as they leave the layers
 * (EngineRunOptions.sink): its AWS history, built as they come, and what its
 * log lines need of them. The events themselves are not kept, so an execution
 * of 40,000 items holds its history, not its engine events beside it.
 */
import type { HistoryEvent } from "../../report/history-types";
import { LAMBDA_INVOKE } from "../../stacks/definition/asl";
import type { TaskCall } from "../engine/events";
import { HistoryStream, type HistoryOptions } from "../history/history";
import type { RunSink } from "./run-definition";

export class ExecutionSink {
  private readonly history: HistoryStream;
  private readonly iterations = new Map<TaskCall, number | null>();
  private started: number | undefined;

  constructor(opts: HistoryOptions) {
    this.history = new HistoryStream(opts);
  }

  readonly sink: RunSink = (event, attempt, cut) => {
    if (event.type === "ExecutionStarted") this.started ??= event.timestamp;
    // Each Lambda call's Map iteration, as the meter paired it with its attempt: what its log lines are tied to
    // (no other integration logs; a Distributed Map parent's page Queries are not kept here).
    if (attempt.call?.resource === LAMBDA_INVOKE) this.iterations.set(attempt.call, "index" in event && typeof event.index === "number" ? event.index : null);
    this.history.push(event, attempt, cut);
  };

  /** When the execution started (epoch ms), once its ExecutionStarted has come. */
  get startedAt(): number | undefined {
    return this.started;
  }

  /** The Map iteration of each Lambda call (null: none), for the log lines (logs.ts). */
  get iterationOfCall(): ReadonlyMap<TaskCall, number | null> {
    return this.iterations;
  }

  /** The execution has ended: its whole history. */
  finish(): HistoryEvent[] {
    return this.history.finish();
  }
}

/**
 * Where one execution of the chain puts its events as they leave the layers
 * (EngineRunOptions.sink): each is written into its AWS history
 * (HistoryStream) and each history event folded into the execution's report
 * (ReportFold) as it is written; the log lines get what they need of the
 * pairing. Neither the engine's events nor, unless asked for, the history are
 * kept: an execution of a million items (a Distributed Map's parent reading
 * every page) holds its items' traces, not its pages' texts.
 */
import { EVENTS_LISTED } from "../../report/chain-report";
import type { HistoryEvent } from "../../report/history-types";
import type { Report } from "../../report/report";
import { ReportFold } from "../../report/report-fold";
import { LAMBDA_INVOKE } from "../../stacks/definition/asl";
import type { SettingValues } from "../../stacks/settings";
import type { TaskCall } from "../engine/events";
import { HistoryStream, type HistoryOptions } from "../history/history";
import type { RunSink } from "./run-definition";

export interface ExecutionSinkOptions extends HistoryOptions {
  /** The settings the report names. */
  readonly settings: SettingValues;
  /** Keep the whole history (--history, tests); else only its first EVENTS_LISTED events, which the HTML report lists. */
  readonly keepHistory: boolean;
}

/** An execution once it has ended: its report, its length, and the history kept of it. */
export interface SunkExecution {
  readonly report: Report;
  /** Events in its whole history. */
  readonly events: number;
  /** The whole history (keepHistory), else its first EVENTS_LISTED events. */
  readonly history: readonly HistoryEvent[];
  /** Its MapIterationStarted events (the log lines of later executions are numbered on after them). */
  readonly iterationsStarted: number;
}

export class ExecutionSink {
  private readonly history: HistoryStream;
  private readonly fold: ReportFold;
  private readonly kept: HistoryEvent[] = [];
  private readonly iterations = new Map<TaskCall, number | null>();
  private started: number | undefined;
  private iterationsStarted = 0;

  constructor(opts: ExecutionSinkOptions) {
    this.fold = new ReportFold(opts.settings);
    const keep = opts.keepHistory ? Infinity : EVENTS_LISTED;
    this.history = new HistoryStream(opts, (e) => {
      this.fold.add(e);
      if (e.type === "MapIterationStarted") this.iterationsStarted++;
      if (this.kept.length < keep) this.kept.push(e);
    });
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

  /** The execution has ended. */
  finish(): SunkExecution {
    this.history.finish();
    return { report: this.fold.result(), events: this.fold.events, history: this.kept, iterationsStarted: this.iterationsStarted };
  }
}

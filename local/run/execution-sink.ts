/**
 * Where one execution of the chain puts its events as they leave the layers
 * (EngineRunOptions.sink): each is written into its AWS history
 * (HistoryStream) and each history event folded into the execution's report
 * (ReportFold) as it is written; the log lines get the item of each Lambda
 * call, as the report numbers it. Neither the engine's events nor, unless
 * asked for, the history are kept: an execution of a million items (a
 * Distributed Map's parent reading every page) holds its items' traces, not
 * its pages' texts.
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
}

export class ExecutionSink {
  private readonly history: HistoryStream;
  private readonly fold: ReportFold;
  private readonly kept: HistoryEvent[] = [];
  /** By Lambda request id, the item its call served (null: none), as the report numbers items. */
  private readonly items = new Map<string, number | null>();
  /** The Lambda call of the attempt being written, until its TaskScheduled is. */
  private writing: TaskCall | undefined;
  private started: number | undefined;

  constructor(opts: ExecutionSinkOptions) {
    this.fold = new ReportFold(opts.settings);
    const keep = opts.keepHistory ? Infinity : EVENTS_LISTED;
    this.history = new HistoryStream(opts, (e) => {
      const item = this.fold.add(e);
      if (e.type === "TaskScheduled" && this.writing?.requestId !== undefined) this.items.set(this.writing.requestId, item ?? null);
      if (this.kept.length < keep) this.kept.push(e);
    });
  }

  readonly sink: RunSink = (event, attempt, cut) => {
    if (event.type === "ExecutionStarted") this.started ??= event.timestamp;
    // A Lambda attempt's call, as the meter paired it: its TaskScheduled's item is what its log lines are tied to
    // (no other integration logs; a Distributed Map parent's page Queries are not looked at).
    this.writing = attempt.call?.resource === LAMBDA_INVOKE ? attempt.call : undefined;
    this.history.push(event, attempt, cut);
    this.writing = undefined;
  };

  /** When the execution started (epoch ms), once its ExecutionStarted has come. */
  get startedAt(): number | undefined {
    return this.started;
  }

  /** By Lambda request id, the item its call served (null: none), for the log lines (logs.ts). */
  get itemOfRequest(): ReadonlyMap<string, number | null> {
    return this.items;
  }

  /** The execution has ended. */
  finish(): SunkExecution {
    this.history.finish();
    return { report: this.fold.result(), events: this.fold.events, history: this.kept };
  }
}

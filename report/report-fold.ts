/**
 * The run report of one execution, folded from its history one event at a
 * time, in id order: buildReport (report.ts) feeds it a whole history (an
 * offline run's or GetExecutionHistory's), the offline run each event as the
 * history is written (local/run/execution-sink.ts), so an execution keeps its
 * items' traces and, by event id, the few numbers and names a later event's
 * link asks for (iteration-chains.ts, state-counts.ts), not its history's
 * events and texts. Pure: no I/O.
 *
 * The report is about the top-level Map (the first Map entered): with
 * item_source rows it runs once per page; its items are numbered on across
 * pages. Times are milliseconds since ExecutionStarted.
 */
import type { SettingValues } from "../stacks/settings";
import type { HistoryEvent } from "./history-types";
import { IterationChains } from "./iteration-chains";
import { itemReport, newTrace, parse, TERMINAL, toMs, traceEvent, smallMs, type ItemTrace } from "./item-trace";
import type { ExecutionStatus, FailedItem, Report, ReportItem } from "./report-types";
import { counterInto, emptyStates, type StatesRecord } from "./state-counts";

export class ReportFold {
  private first: HistoryEvent | undefined;
  private started: HistoryEvent | undefined;
  private terminal: HistoryEvent | undefined;
  private last: HistoryEvent | undefined;
  private mapSeen = false;
  private mapName: string | undefined;
  /** Each MapStateStarted's details: read when the report is made (an offline history may count a length by its end). */
  private readonly mapStarts: ({ readonly length?: number } | undefined)[] = [];
  private readonly chains = new IterationChains();
  /** By item index: what its chain said so far. */
  private readonly traces: (ItemTrace | undefined)[] = [];
  private failedIndex: number | undefined;
  private readonly states: StatesRecord = emptyStates();
  private readonly counter = counterInto(this.states);
  private count = 0;

  constructor(private readonly settings: SettingValues) {}

  /** Events folded so far. */
  get events(): number {
    return this.count;
  }

  /** Folds the next event; returns the item it belongs to, if any (numbered as the report's rows). */
  add(e: HistoryEvent): number | undefined {
    this.count++;
    this.first ??= e;
    if (e.type === "ExecutionStarted") this.started ??= e;
    if (e.type !== undefined && TERMINAL[e.type]) this.terminal = e;
    this.last = e;
    if (e.type === "MapStateEntered" && !this.mapSeen) {
      this.mapSeen = true;
      this.mapName = e.stateEnteredEventDetails?.name;
    }
    if (e.type === "MapStateStarted") this.mapStarts.push(e.mapStateStartedEventDetails);
    const item = this.chains.add(e, this.mapName);
    if (item !== undefined) {
      traceEvent((this.traces[item] ??= newTrace()), e);
      if (e.type === "MapIterationFailed" && e.mapIterationFailedEventDetails?.name === this.mapName) this.failedIndex ??= item;
    }
    this.counter.add(e);
    return item;
  }

  result(): Report {
    const { started, terminal } = this;
    const t0 = started ? toMs(started.timestamp) : this.first ? toMs(this.first.timestamp) : 0;
    const status: ExecutionStatus = terminal?.type ? TERMINAL[terminal.type]! : "RUNNING";
    const end = terminal ?? this.last;
    const details = terminal?.executionFailedEventDetails ?? terminal?.executionTimedOutEventDetails ?? terminal?.executionAbortedEventDetails;
    const length = this.mapStarts.reduce((n, d) => n + (d?.length ?? 0), 0);
    // No spread over items: a spread of 150,000 arguments overflows the call stack.
    const count = Math.max(length, this.traces.length);
    const items: ReportItem[] = [];
    for (let index = 0; index < count; index++) items.push(itemReport(index, this.traces[index], t0, terminal !== undefined));
    const failed = status === "FAILED" ? (items.find((i) => i.index === this.failedIndex) ?? items.find((i) => i.status === "FAILED")) : undefined;
    return {
      status,
      error: details?.error ?? null,
      cause: details?.cause ?? null,
      output: executionOutput(terminal),
      settings: this.settings,
      startedAt: started ? new Date(t0).toISOString() : null,
      durationMs: end ? smallMs(toMs(end.timestamp) - t0) : null,
      items,
      ...failedItemField(failed),
      states: this.states,
    };
  }
}

/** What an ExecutionSucceeded event says the execution returned (parsed JSON, else the text); null for any other end. */
function executionOutput(terminal: HistoryEvent | undefined): unknown {
  const text = terminal?.type === "ExecutionSucceeded" ? terminal.executionSucceededEventDetails?.output : undefined;
  return text === undefined ? null : parse(text);
}

/** The report's failedItem field: the item whose failure failed the execution, or none. */
export function failedItemField(item: ReportItem | undefined): { failedItem?: FailedItem } {
  if (!item) return {};
  return { failedItem: { index: item.index, input: item.input, ...(item.error ? { error: item.error } : {}), ...(item.cause ? { cause: item.cause } : {}) } };
}

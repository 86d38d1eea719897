/**
 * The run report, built only from AWS execution-history events: the same
 * function reads the history of an offline run (local/history/) and of a real
 * execution (GetExecutionHistory). Pure: no I/O, no SDK.
 *
 * Events are attributed to Map items by following previousEventId: a
 * MapIterationStarted opens an item's chain, every event whose previous event
 * is on that chain joins it, and the chain ends at MapIterationSucceeded,
 * MapIterationFailed or MapIterationAborted (which also carry the index).
 * Times are milliseconds since ExecutionStarted.
 */
import type { SettingValues } from "../stacks/settings";
import type { HistoryEvent } from "./history-types";
import { addStateCounts, emptyStates, type StatesRecord } from "./state-counts";

type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
export type ItemStatus = "NOT_STARTED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

/** One Lambda attempt of an item. */
interface LambdaRun {
  readonly startedMs: number;
  readonly endedMs: number | null;
  readonly error?: string;
  readonly cause?: string;
}

export interface ReportItem {
  readonly index: number;
  readonly status: ItemStatus;
  /** The iteration's input, as the state machine handed it (typed DynamoDB values here); null if never started. */
  readonly input: unknown;
  readonly waitStartedMs: number | null;
  readonly waitEndedMs: number | null;
  /** Start of the first Lambda attempt. */
  readonly lambdaStartedMs: number | null;
  /** End of the last Lambda attempt. */
  readonly lambdaEndedMs: number | null;
  /** The iteration's output (the function's payload, or a Catch's result when `caught`); null unless the iteration succeeded. */
  readonly output: unknown;
  readonly error?: string;
  readonly cause?: string;
  /**
   * Its Lambda's last attempt failed and a Catch took it on: the iteration
   * succeeded, the item did not, so its status is FAILED (see caughtFailure).
   */
  readonly caught?: true;
  /** Lambda attempts made (1 + retries). */
  readonly attempts: number;
  readonly runs: readonly LambdaRun[];
}

/** The item whose failure failed the execution: where it was, what it got, and why it failed. */
interface FailedItem {
  readonly index: number;
  readonly input: unknown;
  readonly error?: string;
  readonly cause?: string;
}

export interface Report {
  readonly status: ExecutionStatus;
  readonly error: string | null;
  readonly cause: string | null;
  /** The execution's output (ExecutionSucceeded's, parsed; a chain's: its last execution's); null unless it succeeded. */
  readonly output: unknown;
  readonly settings: SettingValues;
  /** ISO time of ExecutionStarted. */
  readonly startedAt: string | null;
  /** ExecutionStarted to the end (or to the last event while running). */
  readonly durationMs: number | null;
  readonly items: readonly ReportItem[];
  /** The item whose failure failed the execution. */
  readonly failedItem?: FailedItem;
  /** Every execution the run took (several when it continued as new), in order; set by buildChainReport. */
  readonly executions?: readonly ExecutionSummary[];
  /**
   * What each state did, by name (entered, succeeded, failed, caught,
   * retried), counted from the histories (a Distributed Map's children
   * included): the HTML report's graph colors states by these.
   */
  readonly states: Readonly<StatesRecord>;
}

const TERMINAL: Partial<Record<string, ExecutionStatus>> = {
  ExecutionSucceeded: "SUCCEEDED",
  ExecutionFailed: "FAILED",
  ExecutionTimedOut: "TIMED_OUT",
  ExecutionAborted: "ABORTED",
};
const ITERATION_END = new Set(["MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted"]);
/** Events of the execution or of the Map itself, whatever event they follow. */
const NEVER_IN_ITERATION = /^(Execution|MapState|MapRun)/;

export function buildReport(history: readonly HistoryEvent[], settings: SettingValues): Report {
  const events = inIdOrder(history);
  const started = events.find((e) => e.type === "ExecutionStarted");
  const t0 = started ? toMs(started.timestamp) : events.length ? toMs(events[0]!.timestamp) : 0;
  const rel = (e: HistoryEvent) => smallMs(toMs(e.timestamp) - t0);

  let terminal: HistoryEvent | undefined;
  for (let k = events.length - 1; k >= 0 && !terminal; k--) if (events[k]!.type !== undefined && TERMINAL[events[k]!.type!]) terminal = events[k];
  const status: ExecutionStatus = terminal?.type ? TERMINAL[terminal.type]! : "RUNNING";
  const end = terminal ?? events.at(-1);
  const details = terminal?.executionFailedEventDetails ?? terminal?.executionTimedOutEventDetails ?? terminal?.executionAbortedEventDetails;

  // The report is about the top-level Map. With item_source rows it runs once
  // per page; its items are numbered on across pages.
  const mapName = events.find((e) => e.type === "MapStateEntered")?.stateEnteredEventDetails?.name;
  const length = events.filter((e) => e.type === "MapStateStarted").reduce((n, e) => n + (e.mapStateStartedEventDetails?.length ?? 0), 0);

  const chains = attributeToIterations(events, mapName);
  // No spread over items: a spread of 150,000 arguments overflows the call stack.
  let count = length ?? 0;
  for (const i of chains.keys()) count = Math.max(count, i + 1);
  const items: ReportItem[] = [];
  for (let index = 0; index < count; index++) items.push(itemReport(index, chains.get(index) ?? [], rel, terminal !== undefined));

  const failedByEvent = events.find((e) => e.type === "MapIterationFailed" && e.mapIterationFailedEventDetails?.name === mapName);
  let failedIndex: number | undefined;
  if (failedByEvent !== undefined) {
    for (const [index, chain] of chains) {
      if (chain.includes(failedByEvent)) {
        failedIndex = index;
        break;
      }
    }
  }
  const failed = status === "FAILED" ? (items.find((i) => i.index === failedIndex) ?? items.find((i) => i.status === "FAILED")) : undefined;

  return {
    status,
    error: details?.error ?? null,
    cause: details?.cause ?? null,
    output: executionOutput(terminal),
    settings,
    startedAt: started ? new Date(t0).toISOString() : null,
    durationMs: end ? rel(end) : null,
    items,
    ...failedItemField(failed),
    states: statesOf(events),
  };
}

/** The events in id order: as given when they already are (an offline history always is), else a sorted copy. */
function inIdOrder(history: readonly HistoryEvent[]): readonly HistoryEvent[] {
  for (let k = 1; k < history.length; k++) {
    if ((history[k - 1]!.id ?? 0) > (history[k]!.id ?? 0)) return [...history].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  }
  return history;
}

function statesOf(history: readonly HistoryEvent[]): StatesRecord {
  const states = emptyStates();
  addStateCounts(states, history);
  return states;
}

/** What an ExecutionSucceeded event says the execution returned (parsed JSON, else the text); null for any other end. */
function executionOutput(terminal: HistoryEvent | undefined): unknown {
  const text = terminal?.type === "ExecutionSucceeded" ? terminal.executionSucceededEventDetails?.output : undefined;
  return text === undefined ? null : parse(text);
}

/** The report's failedItem field: the item whose failure failed the execution, or none. */
function failedItemField(item: ReportItem | undefined): { failedItem?: FailedItem } {
  if (!item) return {};
  return { failedItem: { index: item.index, input: item.input, ...(item.error ? { error: item.error } : {}), ...(item.cause ? { cause: item.cause } : {}) } };
}

/**
 * `report` with its items replaced (by rows the parent's history does not
 * hold); the failed item is then the first failed row, not the parent's own.
 */
export function withItems(report: Report, items: readonly ReportItem[]): Report {
  const { failedItem: _fromParent, ...rest } = report;
  const failed = report.status === "FAILED" ? items.find((i) => i.status === "FAILED") : undefined;
  return { ...rest, items, ...failedItemField(failed) };
}

/**
 * What one item of a batch (ItemBatcher) shows of the batch's output: its own
 * element when the output is an array as long as the batch; otherwise the
 * whole output. Unbatched, the output itself.
 */
export function batchElementOutput(output: unknown, k: number, batchSize: number, batched: boolean): unknown {
  return batched && Array.isArray(output) && output.length === batchSize ? output[k] : output;
}

/**
 * Item index -> its events in id order, by following previousEventId from each
 * MapIterationStarted. Each new entry into the Map (the next page of rows)
 * numbers its iterations on from where the previous one stopped.
 */
export function attributeToIterations(events: readonly HistoryEvent[], mapName: string | undefined): Map<number, HistoryEvent[]> {
  // Only the ids an iteration's chain goes on from: its end event joins it, and what follows that belongs to the Map itself.
  const indexOf = new Map<number, number>();
  const chains = new Map<number, HistoryEvent[]>();
  const add = (e: HistoryEvent, index: number) => {
    if (e.id !== undefined && !ITERATION_END.has(e.type ?? "")) indexOf.set(e.id, index);
    const list = chains.get(index);
    if (list) list.push(e);
    else chains.set(index, [e]);
  };
  let offset = 0;
  let inThisRun = 0;
  for (const e of events) {
    if (e.type === "MapStateEntered" && e.stateEnteredEventDetails?.name === mapName) {
      offset += inThisRun;
      inThisRun = 0;
    }
    const iter =
      e.mapIterationStartedEventDetails ?? e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails ?? e.mapIterationAbortedEventDetails;
    if (iter && iter.index !== undefined && (mapName === undefined || iter.name === mapName)) {
      inThisRun = Math.max(inThisRun, iter.index + 1);
      add(e, offset + iter.index);
      continue;
    }
    const index = e.previousEventId === undefined ? undefined : indexOf.get(e.previousEventId);
    if (index !== undefined && !NEVER_IN_ITERATION.test(e.type ?? "")) add(e, index);
  }
  return chains;
}

/** An item's Lambda attempt while its chain is read: open until its end event. */
interface OpenRun {
  startedMs: number;
  endedMs: number | null;
  error?: string | undefined;
  cause?: string | undefined;
}

/** What an item's chain of events says, read event by event. */
interface ItemTrace {
  input: unknown;
  /** The text of the last state output seen: parsed once, when the chain is read (an item exits several states). */
  outputText: string | undefined;
  waitStartedMs: number | null;
  waitEndedMs: number | null;
  ended: ItemStatus | undefined;
  readonly runs: OpenRun[];
}

const ITERATION_STATUS: Partial<Record<string, ItemStatus>> = {
  MapIterationSucceeded: "SUCCEEDED",
  MapIterationFailed: "FAILED",
  MapIterationAborted: "ABORTED",
};

function itemReport(index: number, chain: readonly HistoryEvent[], rel: (e: HistoryEvent) => number, executionEnded: boolean): ReportItem {
  const trace = traceItem(chain, rel);
  const { runs } = trace;
  const lastRun = runs.at(-1);
  const ended: ItemStatus = trace.ended ?? (chain.length === 0 ? "NOT_STARTED" : executionEnded ? "ABORTED" : "RUNNING");
  const caught = caughtFailure(ended, runs);
  const status: ItemStatus = caught ? "FAILED" : ended;
  const failedRun = status === "FAILED" || (status === "ABORTED" && lastRun?.error) ? lastRun : undefined;
  // Every field always there, undefined where there is none (JSON leaves those out): one shape for every row
  // of a million, not a dictionary of spread-in fields (about 110 bytes less per row, measured).
  return {
    index,
    status,
    input: trace.input,
    waitStartedMs: trace.waitStartedMs,
    waitEndedMs: trace.waitEndedMs,
    lambdaStartedMs: runs[0]?.startedMs ?? null,
    lambdaEndedMs: lastRun?.endedMs ?? null,
    output: ended === "SUCCEEDED" && trace.outputText !== undefined ? parse(trace.outputText) : null,
    error: failedRun?.error || undefined,
    cause: failedRun?.cause || undefined,
    attempts: runs.length,
    // A copy of its own length: an array grown by push keeps room for 17 (about 80 bytes a row more, measured).
    runs: runs.slice(),
    caught: caught ? true : undefined,
  };
}

/**
 * Whether the item's failure was caught, read from its events, not from the
 * shape of its output: its iteration (or child execution) succeeded although
 * its last Lambda attempt ended in TaskFailed or TaskTimedOut. A failed state
 * goes on only through a Catch: "When a state reports an error and either
 * there is no Retry field, or if retries fail to resolve the error, Step
 * Functions scans through the catchers ... [and] transitions to the state
 * named in the Next field" (Step Functions developer guide, Handling errors,
 * concepts-error-handling.html). A retry that succeeded leaves a last attempt
 * without an error, so it is not a caught failure.
 */
function caughtFailure(ended: ItemStatus, runs: readonly LambdaRun[]): boolean {
  return ended === "SUCCEEDED" && runs.at(-1)?.error !== undefined;
}

function traceItem(chain: readonly HistoryEvent[], rel: (e: HistoryEvent) => number): ItemTrace {
  const trace: ItemTrace = { input: null, outputText: undefined, waitStartedMs: null, waitEndedMs: null, ended: undefined, runs: [] };
  for (const e of chain) {
    const entered = e.stateEnteredEventDetails;
    if (entered && trace.input === null && entered.input !== undefined) trace.input = parse(entered.input);
    readEvent(trace, e, rel(e));
    trace.ended = ITERATION_STATUS[e.type ?? ""] ?? trace.ended;
    // The iteration's result is the output of the last state it exited.
    if (e.stateExitedEventDetails?.output !== undefined) trace.outputText = e.stateExitedEventDetails.output;
  }
  return trace;
}

/** The wait and the Lambda attempts: what one event of the chain adds to them. */
function readEvent(trace: ItemTrace, e: HistoryEvent, atMs: number): void {
  const runs = trace.runs;
  const open = runs.at(-1)?.endedMs === null ? runs.at(-1) : undefined;
  switch (e.type) {
    case "WaitStateEntered":
      trace.waitStartedMs ??= atMs;
      break;
    case "WaitStateExited":
      trace.waitEndedMs = atMs;
      break;
    case "TaskStarted":
      if (e.taskStartedEventDetails?.resourceType === "lambda") runs.push({ startedMs: atMs, endedMs: null });
      break;
    case "TaskSucceeded":
      if (open && e.taskSucceededEventDetails?.resourceType === "lambda") open.endedMs = atMs;
      break;
    case "TaskFailed":
    case "TaskTimedOut": {
      const d = e.taskFailedEventDetails ?? e.taskTimedOutEventDetails;
      if (open && d?.resourceType === "lambda") Object.assign(open, { endedMs: atMs, error: d.error, cause: d.cause });
      break;
    }
    default:
      break;
  }
}

/**
 * Whole milliseconds as V8's small integers where they fit (under 24 days),
 * not as the boxed doubles a difference of two epoch times is: a row keeps
 * six of them, 16 bytes each boxed (measured: a million rows, 96 MB less).
 * The value is the same; JSON writes it the same.
 */
export function smallMs(ms: number): number {
  return Number.isInteger(ms) && Math.abs(ms) <= 0x7fffffff ? ms | 0 : ms;
}

/** Epoch milliseconds of a history timestamp: a Date (SDK), an ISO string (JSON), or epoch seconds/ms. */
function toMs(t: HistoryEvent["timestamp"]): number {
  if (t instanceof Date) return t.getTime();
  if (typeof t === "number") return t < 1e11 ? t * 1000 : t;
  if (typeof t === "string") return Date.parse(t);
  return NaN;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// --- Several executions (continue as new): chain-report.ts -----------------

/** One execution of a run, as the report lists it. */
export interface ExecutionSummary {
  readonly name: string;
  readonly status: ExecutionStatus;
  /** Events in its history: what the 25,000-event quota counts. */
  readonly events: number;
  /** When it started, in ms since the run's first execution started. */
  readonly startedMs: number;
  /** Its output (ExecutionSucceeded's, parsed); null unless it succeeded. */
  readonly output: unknown;
}

/** An execution's name and its whole history. */
export interface NamedHistory {
  readonly name: string;
  readonly history: readonly HistoryEvent[];
}

// --- Distributed Map: rows from the children's histories ---------------------

/** One child workflow execution of a Distributed Map: its history and the items it served. */
export interface ChildExecutionHistory {
  /** Zero-based positions of its items in the run's list (one, or a batch). */
  readonly positions: readonly number[];
  /** Its input was {"Items": [...]} (ItemBatcher): each item of the batch is a row. */
  readonly batched: boolean;
  readonly history: readonly HistoryEvent[];
}

/**
 * The report of a run whose Map is Distributed: the parent's history holds the
 * Map Run, not the items, so each item's row comes from its child's history
 * (input, wait, Lambda attempts, output or error), timed from the parent's
 * start. A batch's child gives one row per item: the item's input, and its
 * element of the batch's output when that is an array of the batch's length.
 * Items no child ran stay NOT_STARTED. `rows`: childRows' of every Map Run.
 */
export function withChildRows(report: Report, rows: readonly ReportItem[], totalItems: number): Report {
  const count = Math.max(totalItems, report.items.length);
  const items: ReportItem[] = [];
  for (let index = 0; index < count; index++) items.push(itemReport(index, [], () => 0, false));
  for (const row of rows) items[row.index] = row;
  return withItems(report, items);
}

/** The rows of a Distributed Map's children (withChildRows), timed from `t0`, the run's start in epoch ms. */
export function childRows(children: readonly ChildExecutionHistory[], t0: number): ReportItem[] {
  const rel = (e: HistoryEvent) => smallMs(toMs(e.timestamp) - t0);
  const rows: ReportItem[] = [];
  for (const child of children) for (const row of childHistoryRows(child, rel)) rows.push(row);
  return rows;
}

/** The rows one child's history gives: one, or one per item of its batch. */
function childHistoryRows(child: ChildExecutionHistory, rel: (e: HistoryEvent) => number): ReportItem[] {
  const events = [...child.history].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const whole = itemReport(0, events, rel, true);
  const started = events.find((e) => e.type === "ExecutionStarted");
  const input = started?.executionStartedEventDetails?.input !== undefined ? parse(started.executionStartedEventDetails.input) : null;
  const end = events.findLast((e) => e.type !== undefined && TERMINAL[e.type] !== undefined);
  const endStatus = end?.type ? TERMINAL[end.type] : undefined;
  const succeeded = endStatus === "SUCCEEDED";
  const output = succeeded ? parse(end?.executionSucceededEventDetails?.output ?? "null") : null;
  const failure = end?.executionFailedEventDetails ?? end?.executionTimedOutEventDetails;
  const ended: ItemStatus = succeeded ? "SUCCEEDED" : endStatus === undefined ? "RUNNING" : endStatus === "ABORTED" ? "ABORTED" : "FAILED";
  // A child that succeeded after a Catch took its Lambda's failure: a failed item, as inline.
  const caught = caughtFailure(ended, whole.runs);
  const status: ItemStatus = caught ? "FAILED" : ended;
  const failed = status === "FAILED";
  const error = whole.error ?? failure?.error ?? (endStatus === "TIMED_OUT" ? "States.Timeout" : undefined);
  const cause = whole.cause ?? failure?.cause;
  const batchItems = child.batched ? (input as { Items?: unknown[] } | null)?.Items : undefined;
  // Every field written out, as itemReport's rows are: one shape for a million rows, not spread-built ones.
  return child.positions.map((position, k) => ({
    index: position,
    status,
    input: child.batched ? (batchItems?.[k] ?? null) : input,
    waitStartedMs: whole.waitStartedMs,
    waitEndedMs: whole.waitEndedMs,
    lambdaStartedMs: whole.lambdaStartedMs,
    lambdaEndedMs: whole.lambdaEndedMs,
    output: succeeded ? batchElementOutput(output, k, child.positions.length, child.batched) : null,
    // Only a failed row carries an error and a cause (a retried attempt's error is not the row's).
    error: (failed && error) || undefined,
    cause: (failed && cause) || undefined,
    attempts: whole.attempts,
    runs: whole.runs,
    caught: caught ? true : undefined,
  }));
}

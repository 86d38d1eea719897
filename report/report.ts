/**
 * The run report, built only from AWS execution-history events: the same
 * function reads the history of an offline run (local/history/) and of a real
 * execution (GetExecutionHistory). Pure: no I/O, no SDK.
 *
 * One execution's report is folded event by event (report-fold.ts): events
 * are attributed to Map items by following previousEventId
 * (iteration-chains.ts), each item's chain read into its row (item-trace.ts).
 * A Distributed Map's rows come from its children's histories (here).
 * Times are milliseconds since ExecutionStarted.
 */
import type { SettingValues } from "../stacks/settings";
import type { HistoryEvent } from "./history-types";
import { caughtFailure, itemReport, parse, TERMINAL, traceOf } from "./item-trace";
import { failedItemField, ReportFold } from "./report-fold";
import type { ChildExecutionHistory, ItemStatus, Report, ReportItem } from "./report-types";

export type { ChildExecutionHistory, ExecutionSummary, ItemStatus, NamedHistory, Report, ReportItem } from "./report-types";
export { attributeToIterations } from "./iteration-chains";
export { smallMs } from "./item-trace";

export function buildReport(history: readonly HistoryEvent[], settings: SettingValues): Report {
  const fold = new ReportFold(settings);
  for (const e of inIdOrder(history)) fold.add(e);
  return fold.result();
}

/** The events in id order: as given when they already are (an offline history always is), else a sorted copy. */
function inIdOrder(history: readonly HistoryEvent[]): readonly HistoryEvent[] {
  for (let k = 1; k < history.length; k++) {
    if ((history[k - 1]!.id ?? 0) > (history[k]!.id ?? 0)) return [...history].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  }
  return history;
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

// --- Distributed Map: rows from the children's histories ---------------------

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
  const items: (ReportItem | undefined)[] = new Array<ReportItem | undefined>(count);
  for (const row of rows) items[row.index] = row;
  // A NOT_STARTED row only where no child ran: not a million placeholders made and dropped at the run's peak.
  for (let index = 0; index < items.length; index++) items[index] ??= itemReport(index, undefined, 0, false);
  return withItems(report, items as ReportItem[]);
}

/** The rows of a Distributed Map's children (withChildRows), timed from `t0`, the run's start in epoch ms. */
export function childRows(children: readonly ChildExecutionHistory[], t0: number): ReportItem[] {
  const rows: ReportItem[] = [];
  for (const child of children) for (const row of childHistoryRows(child, t0)) rows.push(row);
  return rows;
}

/** The rows one child's history gives: one, or one per item of its batch. */
function childHistoryRows(child: ChildExecutionHistory, t0: number): ReportItem[] {
  const events = inIdOrder(child.history);
  const whole = itemReport(0, traceOf(events), t0, true);
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

/**
 * One report from the executions of one run, in the order they ran: a run
 * that continued as new (stacks/definition/chain.ts) is one list of items
 * spread over several histories. Items are numbered on across executions and
 * timed from the first execution's start; status, error and the failed item
 * are the last execution's, since the chain stops at the first that does not
 * hand on. With one execution this is buildReport plus `executions`.
 *
 * Folded as the executions come (ChainReportBuilder.add, or addReport with
 * the report an offline execution folded as its history was written,
 * report-fold.ts): an execution's history becomes its items' rows and its
 * states' counts, and nothing else of it is kept, so a run of a million items
 * holds a million rows, not the events of its hundreds of executions.
 */
import type { SettingValues } from "../stacks/settings";
import type { HistoryEvent } from "./history-types";
import {
  buildReport,
  childRows,
  withChildRows,
  type ChildExecutionHistory,
  type ExecutionSummary,
  type NamedHistory,
  type Report,
  type ReportItem,
  smallMs,
} from "./report";
import { addStateCounts, emptyStates, mergeStates } from "./state-counts";

/** Events of an execution the HTML report lists (the rest it counts): all a run need keep of a history it folds. */
export const EVENTS_LISTED = 2000;

export function buildChainReport(executions: readonly NamedHistory[], settings: SettingValues): Report {
  const builder = new ChainReportBuilder(settings);
  for (const { name, history } of executions) builder.add(name, history);
  return builder.result();
}

export class ChainReportBuilder {
  private readonly items: ReportItem[] = [];
  private readonly summaries: ExecutionSummary[] = [];
  private readonly states = emptyStates();
  /**
   * A Distributed Map's rows, timed from the run's start. A child may end before its parent's history is read:
   * rows added before the first execution are timed in epoch ms until add() learns the start (t0).
   */
  private readonly childRows: ReportItem[] = [];
  private t0: number | undefined;
  private childItems = 0;
  private first: Report | undefined;
  private last: Report | undefined;
  private lastShift = 0;
  private lastOffset = 0;

  constructor(private readonly settings: SettingValues) {}

  /** The next execution of the chain; `childItems`: the items of its Map Runs, whose rows addChildren gives. */
  add(name: string, history: readonly HistoryEvent[], childItems = 0): void {
    this.addReport(name, buildReport(history, this.settings), history.length, childItems);
  }

  /** The next execution, its report folded as its history was written (ReportFold); `events`: its history's length. */
  addReport(name: string, report: Report, events: number, childItems = 0): void {
    if (!this.first) this.startAt(report);
    this.first ??= report;
    const shift = report.startedAt && this.first.startedAt ? smallMs(Date.parse(report.startedAt) - Date.parse(this.first.startedAt)) : 0;
    const offset = this.items.length;
    // A loop, not a spread: a chain may hold hundreds of thousands of items. The rows were built just now for
    // this chain alone, so they are renumbered and retimed in place rather than copied (a copy per row of a million).
    for (const item of report.items) this.items.push(shiftInPlace(item, offset, shift));
    this.summaries.push({ name, status: report.status, events, startedMs: shift, output: report.output });
    mergeStates(this.states, report.states);
    this.childItems += childItems;
    this.last = report;
    this.lastShift = shift;
    this.lastOffset = offset;
  }

  /** Child executions of a Map Run (as each ends, or with their execution): their rows and their states' counts. */
  addChildren(children: readonly ChildExecutionHistory[]): void {
    for (const row of childRows(children, this.t0 ?? 0)) this.childRows.push(row);
    for (const child of children) addStateCounts(this.states, child.history);
  }

  /** The run's start is known: the rows folded before it are retimed in place, not copied (a million rows at the end of a run). */
  private startAt(first: Report): void {
    this.t0 = first.startedAt ? Date.parse(first.startedAt) : 0;
    // The rows of one batched child share its Lambda attempts (childHistoryRows): those are copied, not shifted twice.
    for (const row of this.childRows) shiftInPlace(row, 0, -this.t0, { runsShared: true });
  }

  result(): Report {
    const end = this.last;
    if (!end || !this.first) throw new Error("a chain report needs at least one execution");
    const rows = this.childRows;
    const report: Report = {
      status: end.status,
      error: end.error,
      cause: end.cause,
      output: end.output,
      settings: this.settings,
      startedAt: this.first.startedAt,
      durationMs: end.durationMs === null ? null : end.durationMs + this.lastShift,
      executions: this.summaries,
      items: this.items,
      ...(end.failedItem ? { failedItem: { ...end.failedItem, index: end.failedItem.index + this.lastOffset } } : {}),
      states: this.states,
    };
    // A Distributed Map's items are in its children's histories, not the parent's.
    return this.childItems > 0 || rows.length > 0 ? withChildRows(report, rows, this.childItems) : report;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Renumbers and retimes a row this builder made and no one else holds: in place, not a copy per row. */
function shiftInPlace(item: ReportItem, offset: number, shiftMs: number, opts: { readonly runsShared?: boolean } = {}): ReportItem {
  if (offset === 0 && shiftMs === 0) return item;
  const row = item as Mutable<ReportItem>;
  const at = (ms: number | null) => (ms === null ? null : smallMs(ms + shiftMs));
  row.index += offset;
  row.waitStartedMs = at(row.waitStartedMs);
  row.waitEndedMs = at(row.waitEndedMs);
  row.lambdaStartedMs = at(row.lambdaStartedMs);
  row.lambdaEndedMs = at(row.lambdaEndedMs);
  if (opts.runsShared) {
    row.runs = row.runs.map((r) => ({ ...r, startedMs: smallMs(r.startedMs + shiftMs), endedMs: at(r.endedMs) }));
    return row;
  }
  for (const run of row.runs as Mutable<ReportItem["runs"][number]>[]) {
    run.startedMs = smallMs(run.startedMs + shiftMs);
    run.endedMs = at(run.endedMs);
  }
  return row;
}

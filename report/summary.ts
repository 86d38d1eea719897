/**
 * The end of the text report: the executions of a run that continued as new,
 * then the status line, which says what happened to every item (a run that
 * tolerated failures is SUCCEEDED, and says how many failed and which).
 * Pure: returns lines.
 */
import { HISTORY_EVENT_QUOTA } from "../stacks/aws-limits";
import { firstLine, seconds, truncate } from "./format";
import type { Report, ReportItem } from "./report";

/** The colours the summary uses (timeline.ts's palette has them). */
interface SummaryPaint {
  bold(s: string): string;
  dim(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
}

/** Failed items listed under a SUCCEEDED line; --json has the rest. */
export const FAILED_ITEMS_SHOWN = 20;

/** A chain of more executions than this lists its first and last EXECUTIONS_SHOWN / 2 (--json and --html have all). */
export const EXECUTIONS_SHOWN = 20;

/**
 * A chain's executions, one line each with its event count against the
 * history quota (the first and last ten of a longer chain, the most events
 * any held among the rest); nothing for a run of one execution.
 */
export function executionLines(report: Report, c: SummaryPaint): string[] {
  const runs = report.executions ?? [];
  if (runs.length < 2) return [];
  // Express workflows keep no such history and have no such quota (stacks/aws-limits.ts).
  const express = report.settings.workflow_type === "EXPRESS";
  const quota = express ? "" : ` of ${HISTORY_EVENT_QUOTA.toLocaleString("en-US")}`;
  const counts = runs.map((r) => r.events.toLocaleString("en-US"));
  const nameWidth = runs.reduce((w, r) => Math.max(w, r.name.length), 0);
  const countWidth = counts.reduce((w, n) => Math.max(w, n.length), 0);
  const numberWidth = String(runs.length).length;
  const head = `Executions (${runs.length}: the run continued as new ${times(runs.length - 1)}${express ? "; Express: no history quota" : ""})`;
  const line = (k: number) =>
    `  ${String(k + 1).padStart(numberWidth)}  ${runs[k]!.name.padEnd(nameWidth)}  ${runs[k]!.status.padEnd(9)}  ${counts[k]!.padStart(countWidth)}${quota} events`;
  if (runs.length <= EXECUTIONS_SHOWN) return [c.bold(head), ...runs.map((_, k) => line(k))];
  const half = EXECUTIONS_SHOWN / 2;
  const hidden = runs.slice(half, runs.length - half);
  const most = hidden.reduce((m, r) => Math.max(m, r.events), 0);
  const gap = `  … ${hidden.length.toLocaleString("en-US")} more, each at most ${most.toLocaleString("en-US")}${quota} events (--json lists them all)`;
  return [c.bold(head), ...runs.slice(0, half).map((_, k) => line(k)), gap, ...Array.from({ length: half }, (_, k) => line(runs.length - half + k))];
}

/** The status line, then what it needs beside it: the failed items, or the item that failed the run. */
export function statusLines(report: Report, c: SummaryPaint, itemsRead: readonly unknown[] | null | undefined, width: number): string[] {
  const took = report.durationMs === null ? "" : ` after ${seconds(report.durationMs)}`;
  const end = `${took}${chainNote(report)}`;
  switch (report.status) {
    case "SUCCEEDED":
      return succeededLines(report, c, end, { itemsRead, width });
    case "FAILED":
      return failedLines(report, c, end, { itemsRead, width });
    case "TIMED_OUT":
      return [
        c.bad("TIMED_OUT") +
          `${end}: ${report.error ?? "States.Timeout"} (the execution ran past timeout_seconds = ${String(report.settings.timeout_seconds)})`,
      ];
    case "ABORTED":
      return [c.warn("ABORTED") + `${end}: the execution was stopped before it ended`];
    case "RUNNING":
      return [c.warn("RUNNING") + end];
  }
}

/** Where the items are shown: the list as read (for how each item is shown) and the line width. */
interface ItemsShown {
  readonly itemsRead: readonly unknown[] | null | undefined;
  readonly width: number;
}

/**
 * "SUCCEEDED 3 items processed after 6.017s" when every item succeeded;
 * otherwise "SUCCEEDED 23 of 25 items, 2 failed (tolerated 10 %) after
 * 0.153s" and the failed items, each with its error and cause.
 */
function succeededLines(report: Report, c: SummaryPaint, end: string, shown: ItemsShown): string[] {
  const n = report.items.length;
  const failed: ReportItem[] = [];
  const others = new Map<string, number>();
  let succeeded = 0;
  for (const item of report.items) {
    if (item.status === "SUCCEEDED") succeeded++;
    else if (item.status === "FAILED") failed.push(item);
    else others.set(item.status, (others.get(item.status) ?? 0) + 1);
  }
  if (failed.length === 0 && others.size === 0) return [c.ok("SUCCEEDED") + ` ${n} item${n === 1 ? "" : "s"} processed${end}`];
  const rest = [...others].map(([status, count]) => `, ${count} ${status.toLowerCase().replace("_", " ")}`).join("");
  const lines = [c.ok("SUCCEEDED") + ` ${succeeded} of ${n} items, ${failed.length} failed${rest}${toleranceNote(report, failed)}${end}`];
  for (const item of failed.slice(0, FAILED_ITEMS_SHOWN)) lines.push(...failedItemLines(item, shown));
  if (failed.length > FAILED_ITEMS_SHOWN) lines.push(c.dim(`  ... ${failed.length - FAILED_ITEMS_SHOWN} more failed items (--json has every item)`));
  return lines;
}

/** Why a run with failed items still succeeded: the tolerated share it was given, or the Catch that took every failure. */
function toleranceNote(report: Report, failed: readonly ReportItem[]): string {
  const percent = report.settings.tolerated_failure_percentage;
  if (failed.length === 0) return "";
  if (typeof percent === "number" && percent > 0) return ` (tolerated ${percent} %)`;
  return failed.every((i) => i.caught) ? " (caught)" : "";
}

/** One failed item: where it was, as the item list shows it, how often it ran, and its error; then its cause. */
function failedItemLines(item: ReportItem, { itemsRead, width }: ItemsShown): string[] {
  const head = `${itemLine(item, itemsRead, width)}${item.caught ? " (caught)" : ""}: ${item.error ?? "(no error)"}`;
  return item.cause ? [head, `    cause: ${truncate(firstLine(item.cause), width - 11)}`] : [head];
}

function failedLines(report: Report, c: SummaryPaint, end: string, { itemsRead, width }: ItemsShown): string[] {
  const lines = [c.bad("FAILED") + `${end}: ${report.error ?? "(no error)"}`];
  if (report.cause) lines.push(`  cause: ${truncate(firstLine(report.cause), 300)}`);
  const f = report.failedItem;
  if (f) lines.push(itemLine(report.items[f.index] ?? { ...f, attempts: 0 }, itemsRead, width));
  return lines;
}

/** "  item 1 "Economics" failed after 1 attempt". */
function itemLine(item: Pick<ReportItem, "index" | "input" | "attempts">, itemsRead: readonly unknown[] | null | undefined, width: number): string {
  // As the item list above shows it (the element as seeded, not its typed DynamoDB value), when the list was read.
  const shown = itemsRead && item.index < itemsRead.length ? itemsRead[item.index] : item.input;
  const attempts = item.attempts;
  return `  item ${item.index} ${truncate(JSON.stringify(shown) ?? "null", width - 40)} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
}

/** " (continued as new: 3 executions)" for a chain; nothing for one execution. */
function chainNote(report: Report): string {
  const n = report.executions?.length ?? 1;
  return n > 1 ? ` (continued as new: ${n} executions)` : "";
}

function times(n: number): string {
  return n === 1 ? "once" : n === 2 ? "twice" : `${n} times`;
}

/**
 * Draws a report for a person: the settings in force, the items read, one row
 * per item on a shared time axis, the handler's log lines and the final
 * status. Pure: returns text; the CLI decides width and colour.
 *
 *   ·  idle    ░  Wait state    ▒  retry pause    █  Lambda running
 */
import { settingText } from "../stacks/settings";
import { seconds, truncate } from "./format";
import type { Report, ReportItem } from "./report";
import { executionLines, statusLines } from "./summary";

export { seconds } from "./format";

export interface TimelineInput {
  readonly report: Report;
  /** Where each setting came from ("default", "TF_VAR_x", ...). */
  readonly sources?: Readonly<Record<string, string>>;
  readonly tableName?: string;
  /** The list as read from the table. */
  readonly itemsRead?: readonly unknown[] | null;
  readonly logs?: readonly { atMs: number; index: number | null; line: string }[];
}

export interface TimelineStyle {
  /** Total columns available. */
  readonly width: number;
  readonly color: boolean;
}

const IDLE = "·";
const WAIT = "░";
const PAUSE = "▒";
const RUN = "█";
/** A Distributed Map child on AWS: Express children keep no history, so only their start and stop are known. */
const CHILD = "▓";
const LOG_LINES_SHOWN = 50;
/**
 * Above this many items the picture is summarized: the first and last rows
 * (half each), then a row of how many Lambdas ran during each column and the
 * count per status. 200,000 rows are not a picture. No spread over items
 * anywhere here: a spread of 150,000 arguments overflows the call stack.
 */
export const ROWS_DRAWN = 60;
const LIST_LINES_SHOWN = 20;

export function renderTimeline(input: TimelineInput, style: TimelineStyle): string {
  const c = palette(style.color);
  const { report } = input;
  const out: string[] = [];

  out.push(c.bold("Settings"));
  const entries = Object.entries(report.settings);
  const nameWidth = entries.reduce((w, [k]) => Math.max(w, k.length), 0);
  const valueWidth = entries.reduce((w, [, v]) => Math.max(w, settingText(v).length), 0);
  for (const [name, value] of entries) {
    const source = input.sources?.[name];
    out.push(`  ${name.padEnd(nameWidth)}  ${settingText(value).padEnd(valueWidth)}  ${source ? c.dim(source) : ""}`.trimEnd());
  }

  if (input.itemsRead !== undefined) {
    out.push("");
    const list = input.itemsRead ?? [];
    out.push(c.bold(`Items read from table ${input.tableName ?? ""}`.trimEnd() + ` (${list.length})`));
    const line = (i: number) => `  ${String(i).padStart(3)}  ${truncate(JSON.stringify(list[i]), style.width - 7)}`;
    if (list.length <= LIST_LINES_SHOWN) for (let i = 0; i < list.length; i++) out.push(line(i));
    else {
      for (let i = 0; i < LIST_LINES_SHOWN / 2; i++) out.push(line(i));
      out.push(c.dim(`  ... ${list.length - LIST_LINES_SHOWN} more (--json has every item)`));
      for (let i = list.length - LIST_LINES_SHOWN / 2; i < list.length; i++) out.push(line(i));
    }
  }

  out.push("");
  for (const line of drawRows(report, style.width, c)) out.push(line);

  const logs = input.logs ?? [];
  if (logs.length > 0) {
    out.push("");
    out.push(c.bold(`Handler log (${logs.length} line${logs.length === 1 ? "" : "s"})`));
    for (const l of logs.slice(0, LOG_LINES_SHOWN)) {
      const head = `  ${seconds(l.atMs).padStart(8)}  ${l.index === null ? "" : `item ${l.index}`}`.padEnd(20);
      // In full: the log line is what the handler wrote, and may be what someone is looking for.
      out.push(l.line === "" ? c.dim(head.trimEnd()) : `${c.dim(head)}${l.line}`);
    }
    if (logs.length > LOG_LINES_SHOWN) out.push(c.dim(`  ... ${logs.length - LOG_LINES_SHOWN} more (--json has every item)`));
  }

  const executions = executionLines(report, c);
  if (executions.length > 0) out.push("", ...executions);

  out.push("");
  for (const line of statusLines(report, c, input.itemsRead, style.width)) out.push(line);
  return out.join("\n") + "\n";
}

function drawRows(report: Report, width: number, c: Palette): string[] {
  const items = report.items;
  const label = (i: number) => `item ${i}`;
  let widest = 0;
  for (const i of items) widest = Math.max(widest, i.index);
  // At least one space between the widest label and its row.
  const labelWidth = Math.max(7, label(widest).length + 1) + 2;
  const cols = Math.max(10, width - labelWidth - 2);
  const span = Math.max(report.durationMs ?? 0, 1);
  const msPerCol = span / cols;
  const col = (ms: number) => Math.min(cols - 1, Math.max(0, Math.floor(ms / msPerCol)));

  const out: string[] = [];
  const childSpans = items.some(hasChildSpan);
  out.push(
    c.bold("Timeline") +
      c.dim(`  ${IDLE} idle  `) +
      c.wait(WAIT) +
      c.dim(" Wait state  ") +
      c.pause(PAUSE) +
      c.dim(" retry pause  ") +
      c.run(RUN) +
      c.dim(" Lambda running") +
      (childSpans ? c.dim("  ") + c.run(CHILD) + c.dim(" child execution (no Wait/Lambda split kept)") : ""),
  );
  out.push((" ".repeat(labelWidth) + axis(span, cols)).trimEnd());
  if (items.length === 0) out.push(c.dim("  (no Map iterations)"));
  const summarized = items.length > ROWS_DRAWN;
  for (let k = 0; k < items.length; k++) {
    if (summarized && k === ROWS_DRAWN / 2) {
      out.push(
        c.dim(
          `  ... ${items.length - ROWS_DRAWN} of ${items.length} rows not drawn (more than ${ROWS_DRAWN}: first and last ${ROWS_DRAWN / 2} shown, then a summary; --json has every item)`,
        ),
      );
      k = items.length - ROWS_DRAWN / 2;
    }
    const item = items[k]!;
    const cells: string[] = Array.from({ length: cols }, () => IDLE);
    const paint = (from: number | null, to: number | null, mark: string) => {
      if (from === null) return;
      const end = to ?? span;
      for (let k = col(from); k <= col(Math.max(from, end - 0.001)); k++) cells[k] = mark;
    };
    paint(item.waitStartedMs, item.waitEndedMs, WAIT);
    item.runs.forEach((run, k) => {
      const next = item.runs[k + 1];
      if (run.endedMs !== null && next) paint(run.endedMs, next.startedMs, PAUSE);
    });
    // Lambda runs last, so a run shorter than a column still shows.
    for (const run of item.runs) paint(run.startedMs, run.endedMs, RUN);
    if (hasChildSpan(item) && item.runs.length === 0) paint(item.childStartedMs, item.childEndedMs, CHILD);
    const paintRun = (m: string) => (m[0] === WAIT ? c.wait(m) : m[0] === PAUSE ? c.pause(m) : m[0] === RUN || m[0] === CHILD ? c.runFor(item, m) : c.dim(m));
    // One colour code per stretch of equal cells, not per cell.
    const row = (cells.join("").match(/(.)\1*/gu) ?? []).map(paintRun).join("");
    out.push(`  ${label(item.index).padEnd(labelWidth - 2)}${row}${c.dim(suffix(item))}`);
  }
  if (summarized) for (const line of summaryRows(items, cols, labelWidth, col, span, c)) out.push(line);
  return out;
}

/** A row built from a described child (report/child-rows.ts) carries the child's own start and stop. */
function hasChildSpan(item: ReportItem): item is ReportItem & { childStartedMs: number | null; childEndedMs: number | null } {
  return "childStartedMs" in item;
}

const LEVELS = " ▁▂▃▄▅▆▇█";

/**
 * For a summarized timeline: how many Lambdas ran during each column (one pass
 * over the items, a difference array per column: memory grows with the
 * width, time with the items), and the count of items per status.
 */
function summaryRows(items: readonly ReportItem[], cols: number, labelWidth: number, col: (ms: number) => number, span: number, c: Palette): string[] {
  const diff = new Int32Array(cols + 1);
  const byStatus = new Map<string, number>();
  for (const item of items) {
    byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
    for (const run of item.runs) {
      diff[col(run.startedMs)]! += 1;
      diff[col(Math.max(run.startedMs, (run.endedMs ?? span) - 0.001)) + 1]! -= 1;
    }
  }
  let running = 0;
  let peak = 0;
  const perCol: number[] = [];
  for (let k = 0; k < cols; k++) {
    running += diff[k]!;
    perCol.push(running);
    peak = Math.max(peak, running);
  }
  const bar = perCol.map((n) => (n === 0 ? IDLE : LEVELS[Math.max(1, Math.round((n / Math.max(peak, 1)) * (LEVELS.length - 1)))]!)).join("");
  const counts = [...byStatus].map(([status, n]) => `${n.toLocaleString("en-US")} ${status.toLowerCase().replace("_", " ")}`).join(", ");
  return [
    `  ${"running".padEnd(labelWidth - 2)}${c.run(bar)}${c.dim(` Lambdas that ran in each column (most in one column: ${peak}; not all at once)`)}`,
    c.dim(`  items: ${counts}`),
  ];
}

/**
 * A scale line that reaches the end of the run: the run's end right-aligned
 * under the last column ("6.017s|"), and before it tick labels ("|2.000s")
 * at a round step that leaves room between them. No trailing spaces.
 */
function axis(spanMs: number, cols: number): string {
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 3_600_000, 86_400_000];
  const endText = `${seconds(spanMs)}|`;
  const endAt = endText.length <= cols ? cols - endText.length : cols;
  // Room for a label as long as the end's, and three spaces after it.
  const minGap = endText.length + 3;
  const step = steps.find((s) => (s / spanMs) * cols >= minGap) ?? steps.at(-1)!;
  const line = Array.from({ length: cols }, () => " ");
  for (let t = 0; t < spanMs; t += step) {
    const at = Math.min(cols - 1, Math.floor((t / spanMs) * cols));
    const text = `|${seconds(t)}`;
    // Two spaces at least before the end's label.
    if (at + text.length + 2 > endAt) break;
    for (let k = 0; k < text.length; k++) line[at + k] = text[k]!;
  }
  if (endAt < cols) for (let k = 0; k < endText.length; k++) line[endAt + k] = endText[k]!;
  return line.join("").trimEnd();
}

function suffix(item: ReportItem): string {
  const retries = item.attempts > 1 ? ` ${item.attempts} attempts` : "";
  switch (item.status) {
    case "SUCCEEDED":
      return retries;
    case "FAILED":
      return ` failed${item.caught ? " (caught)" : ""}: ${item.error ?? "?"}${retries}`;
    case "NOT_STARTED":
      return " not started";
    default:
      return ` ${item.status.toLowerCase()}${retries}`;
  }
}

interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  ok(s: string): string;
  bad(s: string): string;
  warn(s: string): string;
  wait(s: string): string;
  pause(s: string): string;
  run(s: string): string;
  runFor(item: ReportItem, s: string): string;
}

function palette(color: boolean): Palette {
  const sgr = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const red = sgr("31");
  const green = sgr("32");
  return {
    bold: sgr("1"),
    dim: sgr("2"),
    ok: sgr("1;32"),
    bad: sgr("1;31"),
    warn: sgr("1;33"),
    wait: sgr("33"),
    pause: sgr("35"),
    run: green,
    runFor: (item, s) => (item.status === "FAILED" ? red(s) : green(s)),
  };
}

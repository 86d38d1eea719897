/**
 * A Distributed Map's per-item rows on AWS, from its child executions as
 * DescribeExecution describes them. Pure: no I/O, no SDK (the fields are the
 * SDK's DescribeExecutionOutput names, so its objects can be passed as they are).
 *
 * What AWS keeps for the project's children (ExecutionType EXPRESS):
 *  - DescribeExecution answers for them: "Executions of an EXPRESS state
 *    machine aren't supported by DescribeExecution unless a Map Run
 *    dispatched them" (Step Functions API reference, DescribeExecution,
 *    https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html):
 *    status, input, output, startDate, stopDate, error, cause.
 *  - GetExecutionHistory does not: "This API action is not supported by
 *    EXPRESS state machines" (API reference, GetExecutionHistory,
 *    https://docs.aws.amazon.com/step-functions/latest/apireference/API_GetExecutionHistory.html).
 *    So a child's Wait, its Lambda start and end, and its retries are not
 *    kept: such a row has the child's start and stop (childStartedMs,
 *    childEndedMs) and no wait/Lambda split (null, attempts 0, no runs).
 *
 * Which item a child ran: its input does not say where in the list the item
 * was, unless the definition put it there. So, in this order:
 *  1. an envelope {"position": P, "value": V} (ItemSelector with
 *     isolate_failures or item_source rows): P;
 *  2. the list the Map iterated (the parent's GetItem output): the first
 *     unclaimed element equal to the input (a batch: the first unclaimed run
 *     of elements equal to its Items, in order); equal items are claimed in
 *     the children's start order;
 *  3. otherwise the first unclaimed positions, in start order.
 *
 * A batch (ItemBatcher, input {"Items": [...]}) gives one row per item. Shared
 * by every row of a batch: the child's status, start and stop, error and
 * cause, and its output (each row gets its own element only when the output is
 * an array as long as the batch; otherwise every row shows the whole output).
 */
import { batchElementOutput, withItems, type ItemStatus, type Report, type ReportItem } from "./report";

/** A child execution of a Map Run, as DescribeExecution returns it. */
export interface DescribedChild {
  readonly executionArn?: string | undefined;
  readonly status?: string | undefined;
  readonly input?: string | undefined;
  readonly output?: string | undefined;
  readonly startDate?: Date | string | number | undefined;
  readonly stopDate?: Date | string | number | undefined;
  readonly error?: string | undefined;
  readonly cause?: string | undefined;
}

/** A row built from a described child: the report's item plus what AWS keeps of the child. */
export interface ChildRow extends ReportItem {
  readonly childExecutionArn: string | null;
  /** The child's start and stop, ms from the parent's start (the whole child: Wait and Lambda together). */
  readonly childStartedMs: number | null;
  readonly childEndedMs: number | null;
  /** Items the child ran (1 unbatched; the batch's size with ItemBatcher). */
  readonly batchSize: number;
}

export interface ChildRowsOptions {
  /** The Map's item count (DescribeMapRun itemCounts.total, summed over Map Runs). */
  readonly totalItems: number;
  /** The Map has an ItemBatcher: each child's input is {"Items": [...]}. */
  readonly batched: boolean;
  /** The list the Map iterated, each element as the child receives it (typed DynamoDB values). */
  readonly list?: readonly unknown[] | undefined;
}

/** `report` with its items replaced by rows built from the Map Run's described children. */
export function withDescribedChildRows(report: Report, children: readonly DescribedChild[], opts: ChildRowsOptions): Report {
  const t0 = report.startedAt ? Date.parse(report.startedAt) : NaN;
  const rel = (d: DescribedChild["startDate"]) => {
    const ms = toMs(d);
    return ms === null || Number.isNaN(t0) ? null : ms - t0;
  };
  const count = Math.max(opts.totalItems, report.items.length);
  const rows: ReportItem[] = [];
  for (let index = 0; index < count; index++) rows.push(report.items[index] ?? notStarted(index));
  const claimed = new Array<boolean>(count).fill(false);
  const keys = opts.list?.map((e) => JSON.stringify(e));

  const ordered = [...children].sort(
    (a, b) => (toMs(a.startDate) ?? 0) - (toMs(b.startDate) ?? 0) || (a.executionArn ?? "").localeCompare(b.executionArn ?? ""),
  );
  for (const child of ordered) {
    const input = parse(child.input);
    const elements: unknown[] = opts.batched ? (isObject(input) && Array.isArray(input.Items) ? input.Items : []) : [input];
    const positions = placeOf(elements, claimed, keys);
    positions.forEach((position, k) => {
      if (position >= rows.length) for (let i = rows.length; i <= position; i++) rows.push(notStarted(i));
      rows[position] = childRow(child, { position, k, elements, batched: opts.batched, rel });
    });
  }
  return withItems(report, rows);
}

/** Which row of a child is built: its position in the list and its element (k) of the child's elements. */
interface RowPlace {
  readonly position: number;
  readonly k: number;
  readonly elements: readonly unknown[];
  readonly batched: boolean;
  readonly rel: (d: DescribedChild["startDate"]) => number | null;
}

function childRow(child: DescribedChild, { position, k, elements, batched, rel }: RowPlace): ChildRow {
  const status = itemStatus(child.status);
  const output = status === "SUCCEEDED" ? parse(child.output) : null;
  const failed = status === "FAILED";
  const error = child.error ?? (child.status === "TIMED_OUT" ? "States.Timeout" : undefined);
  return {
    index: position,
    status,
    input: elements[k] ?? null,
    waitStartedMs: null,
    waitEndedMs: null,
    lambdaStartedMs: null,
    lambdaEndedMs: null,
    output: batchElementOutput(output, k, elements.length, batched),
    ...(failed && error ? { error } : {}),
    ...(failed && child.cause ? { cause: child.cause } : {}),
    attempts: 0,
    runs: [],
    childExecutionArn: child.executionArn ?? null,
    childStartedMs: rel(child.startDate),
    childEndedMs: rel(child.stopDate),
    batchSize: elements.length,
  };
}

/** Where a child's elements were in the list (see the module comment); claims them. */
function placeOf(elements: readonly unknown[], claimed: boolean[], keys: readonly string[] | undefined): number[] {
  const enveloped = elements.map(envelopePosition);
  if (elements.length > 0 && enveloped.every((p) => p !== undefined)) {
    for (const p of enveloped) if (p < claimed.length) claimed[p] = true;
    return enveloped;
  }
  if (keys && elements.length > 0) {
    const wanted = elements.map((e) => JSON.stringify(e));
    for (let start = 0; start + wanted.length <= keys.length; start++) {
      let fits = true;
      for (let k = 0; k < wanted.length && fits; k++) fits = !claimed[start + k] && keys[start + k] === wanted[k];
      if (fits) {
        for (let k = 0; k < wanted.length; k++) claimed[start + k] = true;
        return wanted.map((_, k) => start + k);
      }
    }
  }
  const out: number[] = [];
  for (let i = 0; out.length < elements.length; i++) {
    if (i >= claimed.length) claimed.push(false);
    if (!claimed[i]) {
      claimed[i] = true;
      out.push(i);
    }
  }
  return out;
}

/** The position an ItemSelector envelope {"position": P, "value": V} names (a number, or a sort key's digits). */
function envelopePosition(element: unknown): number | undefined {
  if (!isObject(element) || !("value" in element)) return undefined;
  const p = typeof element.position === "string" ? Number(element.position) : element.position;
  return typeof p === "number" && Number.isInteger(p) && p >= 0 ? p : undefined;
}

function itemStatus(status: string | undefined): ItemStatus {
  switch (status) {
    case "SUCCEEDED":
      return "SUCCEEDED";
    case "FAILED":
    case "TIMED_OUT":
      return "FAILED";
    case "ABORTED":
      return "ABORTED";
    case undefined:
      return "NOT_STARTED";
    default:
      return "RUNNING";
  }
}

/** A row for an item no child has run yet. */
export function notStarted(index: number): ReportItem {
  return {
    index,
    status: "NOT_STARTED",
    input: null,
    waitStartedMs: null,
    waitEndedMs: null,
    lambdaStartedMs: null,
    lambdaEndedMs: null,
    output: null,
    attempts: 0,
    runs: [],
  };
}

function toMs(d: DescribedChild["startDate"]): number | null {
  if (d instanceof Date) return d.getTime();
  if (typeof d === "number") return d < 1e11 ? d * 1000 : d;
  if (typeof d === "string") return Date.parse(d);
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A Distributed Map on AWS: its Map Run, followed while it runs and
 * explained when it ends. The parent's history holds only MapRunStarted and
 * MapRunSucceeded/MapRunFailed; the items are in the Map Run's counts
 * (DescribeMapRun) and in its child executions (ListExecutions with
 * mapRunArn, then DescribeExecution for each failed one).
 *
 * What AWS keeps for Express children (the project's DISTRIBUTED shapes use
 * them): GetExecutionHistory "is not supported by EXPRESS state machines", so
 * a child's Wait and Lambda times and its retries are not kept (only its
 * CloudWatch log group has them, if logging is on); DescribeExecution does
 * answer for an Express child a Map Run started, with its input, output,
 * error and cause ("Executions of an EXPRESS state machine aren't supported
 * by DescribeExecution unless a Map Run dispatched them").
 */
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  type DescribeMapRunCommandOutput,
  type ExecutionStatus,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import type { DescribedChild } from "../report/child-rows";
import type { HistoryEvent } from "../report/history-types";
import { LIST_ATTRIBUTE } from "../stacks/table-schema";

/** What AWS does not keep for a Distributed Map's Express children: said once, with the failures. */
export const EXPRESS_CHILDREN_NOTE =
  "Express children keep no execution history on AWS (GetExecutionHistory does not serve Express workflows): per-item Wait and Lambda times and retries are not available, only each child's status, start and stop, input, output, error and cause (DescribeExecution; a batch's items share them) and its CloudWatch log group";

/** The Map Runs an execution started, in order (MapRunStarted events). */
export function mapRunArns(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((e) => (e.type === "MapRunStarted" && e.mapRunStartedEventDetails?.mapRunArn ? [e.mapRunStartedEventDetails.mapRunArn] : []));
}

export interface MapRunProgress {
  readonly status: string;
  readonly items: { total: number; succeeded: number; failed: number; running: number; pending: number };
  readonly executions: { total: number; succeeded: number; failed: number; running: number };
}

/** DescribeMapRun's counts (failed includes timed out and aborted, as the tolerance counts them). */
export async function describeMapRun(client: Pick<SFNClient, "send">, mapRunArn: string): Promise<MapRunProgress> {
  const out: DescribeMapRunCommandOutput = await client.send(new DescribeMapRunCommand({ mapRunArn }));
  const i = out.itemCounts;
  const x = out.executionCounts;
  const bad = (c: typeof i) => (c?.failed ?? 0) + (c?.timedOut ?? 0) + (c?.aborted ?? 0);
  return {
    status: out.status ?? "RUNNING",
    items: { total: i?.total ?? 0, succeeded: i?.succeeded ?? 0, failed: bad(i), running: i?.running ?? 0, pending: i?.pending ?? 0 },
    executions: { total: x?.total ?? 0, succeeded: x?.succeeded ?? 0, failed: bad(x), running: x?.running ?? 0 },
  };
}

/** The progress line's Map Run part: "Map Run 1,234/10,000 items (12 failed), 100 children running". */
export function formatMapRun(p: MapRunProgress): string {
  const n = (v: number) => v.toLocaleString("en-US");
  const done = p.items.succeeded + p.items.failed;
  return `Map Run ${n(done)}/${n(p.items.total)} items${p.items.failed ? ` (${n(p.items.failed)} failed)` : ""}, ${n(p.executions.running)} children running`;
}

export interface FailedChild {
  readonly executionArn: string;
  /** An ExecutionStatus, or whatever newer status the service returns. */
  readonly status: string;
  readonly input: unknown;
  readonly error?: string;
  readonly cause?: string;
}

const UNSUCCESSFUL: readonly ExecutionStatus[] = ["FAILED", "TIMED_OUT", "ABORTED"];

/** Lines for the end of the report: each failed child, then what AWS does not keep. */
export function failedChildrenLines(mapRunArn: string, found: { children: readonly FailedChild[]; more: number }, express: boolean): string[] {
  if (found.children.length === 0) return [];
  return [
    `Failed children of ${mapRunArn}:`,
    ...found.children.map((c) => `  ${c.status}  ${JSON.stringify(c.input)}  ${c.error ?? ""}${c.cause ? `: ${c.cause}` : ""}  (${c.executionArn})`),
    ...(found.more > 0 ? [`  ... and ${found.more} more (ListExecutions --map-run-arn)`] : []),
    ...(express ? [`Note: ${EXPRESS_CHILDREN_NOTE}.`] : []),
  ];
}

/** A Map Run's children, each as DescribeExecution gives it (with ListExecutions' itemCount). */
export interface ChildExecution extends DescribedChild {
  readonly executionArn: string;
  readonly itemCount?: number | undefined;
}

/**
 * Every child of a Map Run: ListExecutions with mapRunArn (every page), then
 * DescribeExecution for each, `concurrency` at a time (the SDK retries
 * throttling). One call per child: 10,000 items unbatched are 10,000 calls.
 */
export async function describeChildren(client: Pick<SFNClient, "send">, mapRunArn: string, concurrency = 10): Promise<ChildExecution[]> {
  const listed: { arn: string; itemCount?: number | undefined }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListExecutionsCommand({ mapRunArn, ...(nextToken ? { nextToken } : {}) }));
    for (const e of page.executions ?? []) if (e.executionArn) listed.push({ arn: e.executionArn, itemCount: e.itemCount });
    nextToken = page.nextToken;
  } while (nextToken);
  const out = new Array<ChildExecution>(listed.length);
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < listed.length; k = next++) {
      const { arn, itemCount } = listed[k]!;
      const d = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
      out[k] = {
        executionArn: arn,
        status: d.status,
        input: d.input,
        output: d.output,
        startDate: d.startDate,
        stopDate: d.stopDate,
        error: d.error,
        cause: d.cause,
        ...(itemCount !== undefined ? { itemCount } : {}),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, listed.length) }, worker));
  return out;
}

/** The unsuccessful children among the described ones, with error and cause (no second round of calls). */
export function failedAmong(children: readonly ChildExecution[], limit = 100): { children: FailedChild[]; more: number } {
  const bad = children.filter((c) => UNSUCCESSFUL.includes(c.status as ExecutionStatus));
  return {
    children: bad.slice(0, limit).map((c) => {
      let input: unknown = c.input ?? null;
      try {
        input = c.input === undefined ? null : JSON.parse(c.input);
      } catch {
        // Kept as text.
      }
      return {
        executionArn: c.executionArn,
        status: c.status ?? "FAILED",
        input,
        ...(c.error ? { error: c.error } : {}),
        ...(c.cause ? { cause: c.cause } : {}),
      };
    }),
    more: Math.max(0, bad.length - limit),
  };
}

/**
 * The list the Map iterated, element by element as a child receives it: the
 * GetItem output's list attribute (typed DynamoDB values). undefined for the
 * rows source (its children carry their position) or when the output is not shown.
 */
export function typedListRead(history: readonly HistoryEvent[]): unknown[] | undefined {
  const got = history.find(
    (e) => e.type === "TaskSucceeded" && e.taskSucceededEventDetails?.resourceType === "dynamodb" && e.taskSucceededEventDetails.resource === "getItem",
  );
  try {
    const out = JSON.parse(got?.taskSucceededEventDetails?.output ?? "null") as { Item?: Record<string, { L?: unknown[] }> } | null;
    const list = out?.Item?.[LIST_ATTRIBUTE]?.L;
    return Array.isArray(list) ? list : undefined;
  } catch {
    return undefined;
  }
}

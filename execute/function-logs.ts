/**
 * The Lambda's log lines for one execution (--logs): FilterLogEvents on the
 * function's log group between the execution's start and stop, every page,
 * in time order. Lines are tied to their item through the Lambda request id,
 * which the history's TaskSucceeded output carries (SdkResponseMetadata).
 *
 * CloudWatch Logs delivers with a delay of seconds, so right after the
 * execution ends the last invocations' lines may be missing: the read is
 * repeated until every invocation the history shows has its END or REPORT
 * line, for at most `settleMs`.
 *
 * The log group is the function's, shared by every execution: a line logged
 * by an overlapping execution in the same window shows too (with no item).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { attributeToIterations } from "../report/report";

/** After the stop time too: a function's REPORT line is written just after it returns. */
const AFTER_STOP_MS = 5000;
const SETTLE_MS = 20_000;
const SETTLE_POLL_MS = 2000;

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

export interface FunctionLogLine {
  /** ISO time the line was logged. */
  readonly timestamp: string;
  /** Milliseconds since the execution started. */
  readonly atMs: number;
  /** The Map item whose invocation logged it, when the history tells. */
  readonly index: number | null;
  readonly requestId: string | null;
  readonly logStream: string | null;
  /** The line as the function wrote it (the inner message of a JSON-format log record). */
  readonly line: string;
}

export interface FunctionLogs {
  readonly lines: FunctionLogLine[];
  /** Invocations in the history whose END/REPORT line had not arrived when reading stopped. */
  readonly incomplete: number;
}

export interface ReadLogsOptions {
  readonly logGroup: string;
  readonly startMs: number;
  readonly stopMs: number;
  readonly history: readonly HistoryEvent[];
  readonly settleMs?: number;
  readonly pageSize?: number;
}

export async function readFunctionLogs(client: CloudWatchLogsClient, opts: ReadLogsOptions): Promise<FunctionLogs> {
  const items = requestIdsByItem(opts.history);
  const deadline = Date.now() + (opts.settleMs ?? SETTLE_MS);
  for (;;) {
    const events = await filterAll(client, opts.logGroup, opts.startMs, opts.stopMs + AFTER_STOP_MS, opts.pageSize);
    const ended = new Set(events.map((e) => endedRequestId(e.message ?? "")).filter((id): id is string => id !== undefined));
    const incomplete = [...items.keys()].filter((id) => !ended.has(id)).length;
    if (incomplete === 0 || Date.now() + SETTLE_POLL_MS > deadline) {
      return { lines: events.map((e) => toLine(e, opts.startMs, items)), incomplete };
    }
    await sleep(SETTLE_POLL_MS);
  }
}

/** Every page of FilterLogEvents in [startMs, endMs], in time order. */
export async function filterAll(
  client: CloudWatchLogsClient,
  logGroupName: string,
  startMs: number,
  endMs: number,
  pageSize?: number,
): Promise<FilteredLogEvent[]> {
  const events: FilteredLogEvent[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new FilterLogEventsCommand({
        logGroupName,
        startTime: startMs,
        endTime: endMs,
        ...(pageSize !== undefined ? { limit: pageSize } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
    if (nextToken !== undefined && seen.has(nextToken)) throw new Error(`FilterLogEvents returned the nextToken ${nextToken} twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken);
  // Pages interleave streams; stable sort keeps each stream's own order on equal times.
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.timestamp ?? 0) - (b.e.timestamp ?? 0) || a.i - b.i)
    .map(({ e }) => e);
}

/** Lambda request id -> Map item index, from the Lambda tasks that succeeded. */
export function requestIdsByItem(history: readonly HistoryEvent[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const mapName = history.find((e) => e.type === "MapStateEntered")?.stateEnteredEventDetails?.name;
  const indexOf = new Map<number, number>();
  for (const [index, chain] of attributeToIterations(history, mapName)) for (const e of chain) if (e.id !== undefined) indexOf.set(e.id, index);
  for (const e of history) {
    const d = e.taskSucceededEventDetails;
    if (e.type !== "TaskSucceeded" || d?.resourceType !== "lambda") continue;
    const id = requestIdOfOutput(d.output);
    if (id) out.set(id, e.id === undefined ? null : (indexOf.get(e.id) ?? null));
  }
  return out;
}

/** The request id in a lambda:invoke task's output (SdkResponseMetadata, or the response header). */
function requestIdOfOutput(output: string | undefined): string | undefined {
  try {
    const o = JSON.parse(output ?? "null") as {
      SdkResponseMetadata?: { RequestId?: unknown };
      SdkHttpMetadata?: { HttpHeaders?: Record<string, unknown> };
    } | null;
    const id = o?.SdkResponseMetadata?.RequestId ?? o?.SdkHttpMetadata?.HttpHeaders?.["x-amzn-RequestId"];
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The request id a log line belongs to: JSON format (requestId, record.requestId) or text format. */
export function requestIdOf(message: string): string | undefined {
  const json = parseRecord(message);
  if (json) {
    const id = json.requestId ?? (json.record as Record<string, unknown> | undefined)?.requestId;
    return typeof id === "string" ? id : undefined;
  }
  return new RegExp(`RequestId: (${UUID})`).exec(message)?.[1] ?? new RegExp(`^\\S+\\t(${UUID})\\t`).exec(message)?.[1];
}

/** The request id whose invocation this line closes (END / REPORT, platform.runtimeDone / platform.report). */
export function endedRequestId(message: string): string | undefined {
  const json = parseRecord(message);
  if (json) return json.type === "platform.report" || json.type === "platform.runtimeDone" ? requestIdOf(message) : undefined;
  return new RegExp(`^(?:END|REPORT) RequestId: (${UUID})`).exec(message)?.[1];
}

/** What the timeline shows of a line: the function's own text, or the platform event's type and record. */
export function displayLine(message: string): string {
  const json = parseRecord(message);
  if (json && typeof json.message === "string") return json.message.trimEnd();
  if (json && typeof json.type === "string") return `${json.type} ${JSON.stringify(json.record ?? {})}`;
  return message.trimEnd();
}

function toLine(e: FilteredLogEvent, startMs: number, items: ReadonlyMap<string, number | null>): FunctionLogLine {
  const message = e.message ?? "";
  const ts = e.timestamp ?? startMs;
  const requestId = requestIdOf(message) ?? null;
  return {
    timestamp: new Date(ts).toISOString(),
    atMs: ts - startMs,
    index: requestId === null ? null : (items.get(requestId) ?? null),
    requestId,
    logStream: e.logStreamName ?? null,
    line: displayLine(message),
  };
}

function parseRecord(message: string): Record<string, unknown> | undefined {
  if (!message.trimStart().startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(message);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The handler's log lines of an offline run, each tied to the item whose invocation logged it. */
import type { TaskCall } from "../engine/events";

/** A line the handler logged, tied to the item whose invocation logged it. */
export interface LogLine {
  /** Milliseconds since the execution started. */
  readonly atMs: number;
  readonly index: number | null;
  readonly requestId: string | null;
  readonly line: string;
}

/** A line as the Lambda integration hands it over, before it is tied to an item: its call's request id and item positions, not the call (its input and output). */
export interface RawLogLine {
  readonly at: number;
  readonly line: string;
  readonly requestId: string | undefined;
  /** A Distributed Map child's call: the positions of the child's items (TaskCall.itemPositions). */
  readonly itemPositions: readonly number[] | undefined;
}

/** The line of `call`, as the Lambda integration's onLog hands it over. */
export function rawLogLine(line: string, call: TaskCall): RawLogLine {
  return { at: Date.now(), line, requestId: call.requestId, itemPositions: call.itemPositions };
}

/**
 * One execution's lines: an inline Map's by the item of the call's Task
 * attempt as the execution's report numbers it (`itemOfRequest`, by Lambda
 * request id; null for a call outside the Map), after `itemsBefore` items of
 * earlier executions; a Distributed Map's by the child's (first) item, which
 * each call of a child carries (TaskCall.itemPositions), so no table of a
 * million children's calls is kept until the parent ends. Times count from
 * `startedAt`, the first execution's start, as the report's do.
 */
export function executionLogs(
  raw: readonly RawLogLine[],
  itemOfRequest: ReadonlyMap<string, number | null>,
  itemsBefore: number,
  startedAt: number | undefined,
): LogLine[] {
  const t0 = startedAt ?? raw[0]?.at ?? 0;
  return raw.map((r) => {
    const item = r.requestId === undefined ? null : (itemOfRequest.get(r.requestId) ?? null);
    const index = r.itemPositions?.[0] ?? (item === null ? null : item + itemsBefore);
    return { atMs: r.at - t0, index, requestId: r.requestId ?? null, line: r.line };
  });
}

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

/** A line as the Lambda integration hands it over, before it is tied to an item. */
export interface RawLogLine {
  readonly at: number;
  readonly call: TaskCall;
  readonly line: string;
}

/**
 * One execution's lines: an inline Map's by the iteration of the call's Task
 * attempt (after `itemsBefore` items of earlier executions), as the run paired
 * them (`iterationOfCall`: null for a call outside any iteration); a
 * Distributed Map's by the child's (first) item, which each call of a child
 * carries (TaskCall.itemPositions), so no table of a million children's calls
 * is kept until the parent ends. Times count from `startedAt`, the first
 * execution's start, as the report's do.
 */
export function executionLogs(
  raw: readonly RawLogLine[],
  iterationOfCall: ReadonlyMap<TaskCall, number | null>,
  itemsBefore: number,
  startedAt: number | undefined,
): LogLine[] {
  const t0 = startedAt ?? raw[0]?.at ?? 0;
  return raw.map((r) => {
    const child = r.call.itemPositions?.[0];
    const iteration = iterationOfCall.get(r.call) ?? null;
    const index = child ?? (iteration === null ? null : iteration + itemsBefore);
    return { atMs: r.at - t0, index, requestId: r.call.requestId ?? null, line: r.line };
  });
}

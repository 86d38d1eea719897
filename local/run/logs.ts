/** The handler's log lines of an offline run, each tied to the item whose invocation logged it. */
import type { EngineRun, RunEvent, TaskCall } from "../engine/events";
import { pairCalls } from "../history/call-pairing";

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
 * attempt (after `itemsBefore` items of earlier executions), a Distributed
 * Map's by the child's (first) item, which each call of a child carries
 * (TaskCall.itemPositions), so no table of a million children's calls is
 * kept until the parent ends. Times count from `startedAt`, the first
 * execution's start, as the report's do.
 */
export function executionLogs(raw: readonly RawLogLine[], run: EngineRun, itemsBefore: number, startedAt: number | undefined): LogLine[] {
  return attributeLogs(raw, run.events, run.calls, startedAt).map((line, k) => {
    const child = raw[k]!.call.itemPositions?.[0];
    return child !== undefined ? { ...line, index: child } : line.index === null ? line : { ...line, index: line.index + itemsBefore };
  });
}

/** Each log line gets the item index of the call that logged it (through the call's Task attempt). */
function attributeLogs(raw: readonly RawLogLine[], events: readonly RunEvent[], calls: readonly TaskCall[], startedAt?: number): LogLine[] {
  const t0 = startedAt ?? events.find((e) => e.type === "ExecutionStarted")?.timestamp ?? raw[0]?.at ?? 0;
  const indexOfCall = new Map<TaskCall, number | null>();
  for (const [event, call] of pairCalls(events, calls)) {
    indexOfCall.set(call, "index" in event && typeof event.index === "number" ? event.index : null);
  }
  return raw.map((r) => ({
    atMs: r.at - t0,
    index: indexOfCall.get(r.call) ?? null,
    requestId: r.call.requestId ?? null,
    line: r.line,
  }));
}

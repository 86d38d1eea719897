/**
 * What each state did in a run, counted from AWS-shaped histories (an offline
 * run's or GetExecutionHistory's): entered, succeeded, failed, caught and
 * retried, as the console's graph view colors them. Events without a state
 * name (TaskFailed, MapStateStarted, ...) belong to the state their
 * previousEventId chain leads back to, the link AWS writes.
 */
import type { HistoryEvent, HistoryEventType } from "./history-types";

export interface StateCounts {
  entered: number;
  succeeded: number;
  /** Failed attempts, retried or caught ones included. */
  failed: number;
  caught: number;
  retried: number;
}

/** "stopped": entered but never finished (the execution timed out, failed elsewhere or was aborted meanwhile). */
export type StateOutcome = "succeeded" | "caught" | "failed" | "stopped" | "not-run";

// The execution's own end (ExecutionFailed, ExecutionTimedOut) is no state's: it is not counted here.
const FAILURES = new Set<HistoryEventType>(["TaskFailed", "TaskTimedOut", "MapStateFailed", "ParallelStateFailed", "MapRunFailed"]);
const ATTEMPT_STARTS = new Set<HistoryEventType>(["TaskScheduled", "MapStateStarted", "ParallelStateStarted"]);

/** A Map's or Parallel's own events after it started: they follow its iterations' (or branches') last event. */
const CONTAINER_EVENT = /^(Map|Parallel)State(Started|Succeeded|Failed|Aborted)$/;

/**
 * The Map or Parallel state a container event belongs to: back along the links to the nearest
 * iteration event (which names its Map) or the container's own entered event.
 */
function containerOf(e: HistoryEvent, byId: EventsById): string | undefined {
  for (let at = byId[e.previousEventId ?? 0]; at; at = byId[at.previousEventId ?? 0]) {
    const iteration =
      at.mapIterationStartedEventDetails ?? at.mapIterationSucceededEventDetails ?? at.mapIterationFailedEventDetails ?? at.mapIterationAbortedEventDetails;
    if (iteration?.name) return iteration.name;
    if (at.type === "MapStateEntered" || at.type === "ParallelStateEntered") return at.stateEnteredEventDetails?.name;
    if (at.previousEventId === 0) return undefined;
  }
  return undefined;
}

const blank = (): StateCounts => ({ entered: 0, succeeded: 0, failed: 0, caught: 0, retried: 0 });

/** Counts of every state named in these histories (a Distributed Map's children included). */
export function stateCounts(histories: readonly (readonly HistoryEvent[])[]): Map<string, StateCounts> {
  const counts = new Map<string, StateCounts>();
  const of = (name: string) => counts.get(name) ?? counts.set(name, blank()).get(name)!;
  for (const history of histories) countOne(history, of);
  return counts;
}

/** A report's counts, by state name: a record without a prototype, so any state name is a plain key. */
export type StatesRecord = Record<string, StateCounts>;

export function emptyStates(): StatesRecord {
  return Object.create(null) as StatesRecord;
}

/** Adds one history's counts to `into` (folded execution by execution, so no history need be kept). */
export function addStateCounts(into: StatesRecord, history: readonly HistoryEvent[]): void {
  countOne(history, (name) => (into[name] ??= blank()));
}

/** Adds `more`'s counts to `into`. */
export function mergeStates(into: StatesRecord, more: Readonly<StatesRecord>): void {
  for (const [name, c] of Object.entries(more)) {
    const to = (into[name] ??= blank());
    to.entered += c.entered;
    to.succeeded += c.succeeded;
    to.failed += c.failed;
    to.caught += c.caught;
    to.retried += c.retried;
  }
}

/** Events by id. An array, not a Map: ids are small consecutive integers, and this runs over every event of a run. */
type EventsById = readonly (HistoryEvent | undefined)[];

function countOne(history: readonly HistoryEvent[], of: (name: string) => StateCounts): void {
  const owner: (string | undefined)[] = [];
  const byId: (HistoryEvent | undefined)[] = [];
  for (const e of history) byId[e.id ?? 0] = e;
  for (const e of history) {
    const type = e.type ?? "";
    const named = e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name;
    // An event after a state's exit starts no state of its own: it belongs to none.
    const previous = byId[e.previousEventId ?? 0];
    const inherited = previous?.type?.endsWith("StateExited") ? undefined : owner[e.previousEventId ?? 0];
    const name = named ?? (CONTAINER_EVENT.test(type) ? containerOf(e, byId) : inherited);
    owner[e.id ?? 0] = type.endsWith("StateExited") ? undefined : name;
    if (!name) continue;
    const c = of(name);
    if (type.endsWith("StateEntered")) {
      c.entered++;
      if (type === "FailStateEntered") c.failed++;
    } else if (type.endsWith("StateExited")) {
      if (previous?.type && FAILURES.has(previous.type)) c.caught++;
      else c.succeeded++;
    } else if (FAILURES.has(type as HistoryEventType)) c.failed++;
    // A retry starts the next attempt right after the failed one (AWS logs no retry event).
    else if (ATTEMPT_STARTS.has(type as HistoryEventType) && previous?.type && FAILURES.has(previous.type)) c.retried++;
  }
}

/** The color a state gets: failed when a failure was neither retried nor caught. */
export function outcomeOf(c: StateCounts | undefined, type: string): StateOutcome {
  if (!c || c.entered === 0) return "not-run";
  if (type === "Fail" || c.failed > c.retried + c.caught) return "failed";
  if (c.succeeded + c.caught < c.entered) return "stopped";
  return c.caught > 0 || c.retried > 0 ? "caught" : "succeeded";
}

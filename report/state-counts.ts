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

const blank = (): StateCounts => ({ entered: 0, succeeded: 0, failed: 0, caught: 0, retried: 0 });

/** Counts of every state named in these histories (a Distributed Map's children included). */
export function stateCounts(histories: readonly (readonly HistoryEvent[])[]): Map<string, StateCounts> {
  const counts = new Map<string, StateCounts>();
  const of = (name: string) => counts.get(name) ?? counts.set(name, blank()).get(name)!;
  for (const history of histories) {
    const counter = new StateCounter(of);
    for (const e of history) counter.add(e);
  }
  return counts;
}

/** A report's counts, by state name: a record without a prototype, so any state name is a plain key. */
export type StatesRecord = Record<string, StateCounts>;

export function emptyStates(): StatesRecord {
  return Object.create(null) as StatesRecord;
}

/** Adds one history's counts to `into` (folded execution by execution, so no history need be kept). */
export function addStateCounts(into: StatesRecord, history: readonly HistoryEvent[]): void {
  const counter = counterInto(into);
  for (const e of history) counter.add(e);
}

/** A counter adding to `into`, one event at a time (a history folded as it is written). */
export function counterInto(into: StatesRecord): StateCounter {
  return new StateCounter((name) => (into[name] ??= blank()));
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

/**
 * Counts one history's events as they come, in id order (an event's
 * previous one comes before it). Keeps, by event id, only what a later event
 * asks of the one it links to: its type, the state it belongs to, and the
 * Map or Parallel state it is in (arrays, not Maps: ids are small consecutive
 * integers, and this runs over every event of a run).
 */
export class StateCounter {
  private readonly typeOf: (string | undefined)[] = [];
  private readonly owner: (string | undefined)[] = [];
  /** The Map or Parallel state a container event linking to this one belongs to (containerOf). */
  private readonly container: (string | undefined)[] = [];

  constructor(private readonly of: (name: string) => StateCounts) {}

  add(e: HistoryEvent): void {
    const id = e.id ?? 0;
    const previousId = e.previousEventId ?? 0;
    const type = e.type ?? "";
    const previousType = this.typeOf[previousId];
    const named = e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name;
    // An event after a state's exit starts no state of its own: it belongs to none.
    const inherited = previousType?.endsWith("StateExited") ? undefined : this.owner[previousId];
    const name = named ?? (CONTAINER_EVENT.test(type) ? this.containerOf(previousId) : inherited);
    this.typeOf[id] = type;
    this.owner[id] = type.endsWith("StateExited") ? undefined : name;
    this.container[id] = this.containerAt(e, previousId);
    if (name) this.count(this.of(name), type, previousType);
  }

  private count(c: StateCounts, type: string, previousType: string | undefined): void {
    const previousFailed = previousType !== undefined && FAILURES.has(previousType as HistoryEventType);
    if (type.endsWith("StateEntered")) {
      c.entered++;
      if (type === "FailStateEntered") c.failed++;
    } else if (type.endsWith("StateExited")) {
      if (previousFailed) c.caught++;
      else c.succeeded++;
    } else if (FAILURES.has(type as HistoryEventType)) c.failed++;
    // A retry starts the next attempt right after the failed one (AWS logs no retry event).
    else if (ATTEMPT_STARTS.has(type as HistoryEventType) && previousFailed) c.retried++;
  }

  /**
   * The Map or Parallel state a container event belongs to: back along the links to the nearest
   * iteration event (which names its Map) or the container's own entered event, from the event it links to.
   */
  private containerOf(previousId: number): string | undefined {
    return this.typeOf[previousId] === undefined ? undefined : this.container[previousId];
  }

  /** containerOf for an event linking to `e`: e's own Map (an iteration event, a Map or Parallel entered), else e's previous one's. */
  private containerAt(e: HistoryEvent, previousId: number): string | undefined {
    const iteration =
      e.mapIterationStartedEventDetails ?? e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails ?? e.mapIterationAbortedEventDetails;
    if (iteration?.name) return iteration.name;
    if (e.type === "MapStateEntered" || e.type === "ParallelStateEntered") return e.stateEnteredEventDetails?.name;
    if (e.previousEventId === 0) return undefined;
    return this.containerOf(previousId);
  }
}

/** The color a state gets: failed when a failure was neither retried nor caught. */
export function outcomeOf(c: StateCounts | undefined, type: string): StateOutcome {
  if (!c || c.entered === 0) return "not-run";
  if (type === "Fail" || c.failed > c.retried + c.caught) return "failed";
  if (c.succeeded + c.caught < c.entered) return "stopped";
  return c.caught > 0 || c.retried > 0 ? "caught" : "succeeded";
}

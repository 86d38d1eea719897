/**
 * Which integration call each Task attempt made: the engine logs attempts
 * and the core journals calls separately; the history (and the quota meter,
 * live) need them paired.
 */
import { iterationOf, type AttemptCalls, type RunEvent, type TaskCall } from "../engine/events";
import { DeferredEvents } from "./deferred";
import { jsonText } from "./json-text";

/**
 * Which integration call each Task attempt (StateEntered or StateRetried of a
 * Task state) made. The engine calls the integration synchronously right
 * after logging the attempt, so per state the calls come in the attempts'
 * order; attempts logged in the same millisecond by different iterations are
 * told apart by their input, which the call's parameters embed.
 */
export function pairCalls(events: readonly RunEvent[], calls: readonly TaskCall[]): Map<RunEvent, TaskCall> {
  // The whole journal, handed over once (the live pairer is handed each call as it is journaled).
  let untaken = calls;
  const pairer = new CallPairer(() => {
    const out = untaken;
    untaken = [];
    return out;
  });
  const pairs = new Map<RunEvent, TaskCall>();
  // The log's own order: since patch 002 it is AWS's order (each iteration's events before the next's), as the live pairer sees it.
  for (const e of events) {
    const call = pairer.pair(e);
    if (call) pairs.set(e, call);
  }
  return pairs;
}

/** A state's calls not yet paired: from `next` on (the ones before are paired and let go). */
interface StateCalls {
  calls: TaskCall[];
  used: boolean[];
  next: number;
}

/**
 * pairCalls one event at a time, over a journal that may still be growing
 * (the live history count in local/quotas/quotas.ts): `take` hands over the
 * calls journaled since it was last asked (RunControl.takeCalls). The engine
 * makes an attempt's call before its event reaches the root log, so a live
 * pairer sees the same calls for an attempt as the one run afterwards.
 */
export class CallPairer {
  private readonly byState = new Map<string, StateCalls>();

  constructor(private readonly take: () => readonly TaskCall[]) {}

  /** The call a Task attempt (StateEntered or StateRetried of a Task) made; undefined for any other event. */
  pair(e: RunEvent): TaskCall | undefined {
    if ((e.type !== "StateEntered" && e.type !== "StateRetried") || e.state.type !== "Task") return undefined;
    for (const c of this.take()) {
      let g = this.byState.get(c.state);
      if (!g) this.byState.set(c.state, (g = { calls: [], used: [], next: 0 }));
      g.calls.push(c);
      g.used.push(false);
    }
    const g = this.byState.get(e.state.name);
    if (!g) return undefined;
    const input = jsonText(e.state.input);
    let fallback: number | undefined;
    let chosen: number | undefined;
    for (let j = g.next; j < g.calls.length; j++) {
      if (g.used[j]) continue;
      if (g.calls[j]!.startedAt > e.timestamp + 1) break;
      fallback ??= j;
      if (jsonText(g.calls[j]!.parameters).includes(input)) {
        chosen = j;
        break;
      }
    }
    chosen ??= fallback ?? g.used.indexOf(false, g.next);
    if (chosen === undefined || chosen < 0) return undefined;
    g.used[chosen] = true;
    const call = g.calls[chosen]!;
    while (g.next < g.used.length && g.used[g.next]) g.next++;
    // Paired calls are dropped once they are at least half the group (amortised: each is moved at most once more),
    // so a group holds about what is open: a Distributed Map parent's one page Query, not every page it read.
    if (g.next * 2 >= g.calls.length) {
      g.calls.splice(0, g.next);
      g.used.splice(0, g.next);
      g.next = 0;
    }
    return call;
  }
}

/** Most events make and follow no call: one shared answer, not an object per event (the quota meter keeps one per event). */
const NO_CALLS: AttemptCalls = Object.freeze({});
const AFTER_CATCH: AttemptCalls = Object.freeze({ afterCatch: true });

/** Follows attempts per state and iteration, so each Task event knows its calls (AttemptCalls). */
export class AttemptTracker {
  private readonly latest = new Map<string, TaskCall | undefined>();
  constructor(private readonly callOf: (e: RunEvent) => TaskCall | undefined) {}

  private readonly caught = new Set<string>();
  private readonly deferred = new DeferredEvents();

  see(e: RunEvent): AttemptCalls {
    const due = this.deferred.see(e);
    const own = this.own(e);
    return due.length > 0 ? { ...own, due } : own;
  }

  private own(e: RunEvent): AttemptCalls {
    if (!("state" in e)) return NO_CALLS;
    const key = `${e.state.name}#${iterationOf(e)}`;
    if (e.type === "StateCaught") this.caught.add(key);
    else if (e.type === "StateEntered") this.caught.delete(key);
    else if (e.type === "StateExited" && this.caught.delete(key)) return AFTER_CATCH;
    if (e.state.type !== "Task") return NO_CALLS;
    if (e.type === "StateEntered" || e.type === "StateRetried") {
      const call = this.callOf(e);
      this.latest.set(key, call);
      return { call };
    }
    return { made: this.latest.get(key) };
  }
}

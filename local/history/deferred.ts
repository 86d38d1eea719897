/**
 * AWS events the sink writes later than the engine's event that causes them:
 * the engine logs a Map's or Parallel state's failure before it knows whether
 * a Retry follows, and a Map's start before it has read MaxConcurrencyPath.
 * Both the history (history.ts) and the quota meter (local/quotas/quotas.ts)
 * see them through AttemptTracker, so both count the same events.
 *
 * AWS's records (LocalStack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json):
 *  - a Map with Retry logs a new MapStateStarted per attempt and one MapStateFailed at the end
 *    (test_map_state_retry ids 9, 13, 17); a Parallel state likewise (test_parallel_state_retry ids 5, 7, 9);
 *  - a Map whose MaxConcurrencyPath fails logs neither MapStateStarted nor MapStateFailed
 *    (test_max_concurrency_path[NoNumber]: MapStateEntered, then ExecutionFailed).
 */
import { iterationOf, type Deferred, type RunEvent, type StateEvent } from "../engine/events";

const key = (e: StateEvent) => `${e.state.name}#${iterationOf(e)}`;
const laneOf = (e: RunEvent): number | undefined => ("index" in e ? e.index : undefined);

export class DeferredEvents {
  private pending: Deferred[] = [];

  /** The held-back events due before `e`'s own ones; then holds back what `e` starts. */
  see(e: RunEvent): Deferred[] {
    if (e.type === "StateRetried") this.drop((d) => d.type.endsWith("StateFailed") && key(d.event) === key(e));
    const failedBeforeStart = e.type === "StateFailed" && e.state.type === "Map" && this.drop((d) => d.type === "MapStateStarted" && key(d.event) === key(e));
    const due = this.pending.filter((d) => isDue(d, e));
    this.pending = this.pending.filter((d) => !due.includes(d));
    if ((e.type === "StateEntered" || e.type === "StateRetried") && e.state.type === "Map") this.pending.push({ event: e, type: "MapStateStarted" });
    if (e.type === "StateFailed" && !failedBeforeStart && (e.state.type === "Map" || e.state.type === "Parallel"))
      this.pending.push({ event: e, type: `${e.state.type}StateFailed` });
    return due;
  }

  private drop(match: (d: Deferred) => boolean): boolean {
    const before = this.pending.length;
    this.pending = this.pending.filter((d) => !match(d));
    return this.pending.length < before;
  }
}

/**
 * Held-back events come due at the next event of the same Map iteration lane
 * (the engine's `index`), at their own Map's iterations, and at any event of
 * no lane (the execution's end, a Map Run's events).
 */
function isDue(d: Deferred, e: RunEvent): boolean {
  const lane = laneOf(e);
  if (lane === undefined) return true;
  if (!("parentState" in e)) return lane === d.event.index;
  // A Map's own iterations; another Map's iteration ending (the one this state runs in), not one starting (a nested Map's).
  return e.parentState.name === d.event.state.name || (e.type !== "MapIterationStarted" && lane === d.event.index);
}

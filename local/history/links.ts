/**
 * previousEventId: which earlier event each AWS event links to. AWS keeps one
 * "source" event per scope (the execution, each Map iteration, each Map
 * worker, a Parallel state's branches) and links each event to its scope's
 * source; most events then become the source. LocalStack models this in
 * localstack/services/stepfunctions/asl/eval/event/event_manager.py
 * (EventHistoryContext, update_source_event_id) and iteration_worker.py.
 *
 * AWS's records (LocalStack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json,
 * ids as id→previousEventId):
 *  - ExecutionStarted, MapIterationSucceeded/Failed/Aborted, MapStateSucceeded and
 *    ParallelStateSucceeded do not become the source (test_map_state 1→0, 2→0; 9→8, 10→8; 38→37, 39→37);
 *  - an iteration starts from MapStateStarted, or, in a worker that ran one before
 *    (MaxConcurrency reached), from that iteration's last state event (test_map_state 6→5, 10→8);
 *  - after its iterations a Map links to the last MapIterationSucceeded (test_map_state 38→37, 39→37;
 *    test_map_state_nested 19→18, 20→18), after a failure to the failing iteration's last event
 *    (test_map_state_break_condition 35→33), an empty Map to MapStateStarted;
 *  - a Parallel state's end links to its branches' last event (test_parallel_state_order 13→11,
 *    test_parallel_state_fail 5→4), a retry's ParallelStateStarted too (test_parallel_state_retry 5→4);
 *  - a Distributed Map: MapStateSucceeded links to MapRunSucceeded, MapStateExited to MapRunStarted
 *    (test_map_state_config_distributed_item_selector_parameters 8→7, 9→6, recorded 15-11-2024; the same in
 *    test_map_state_config_distributed_items_path_from_previous, test_map_state_nested_config_distributed and
 *    ..._no_max_max_concurrency, recorded 12-2024 to 03-2025). Records made before 07-2024
 *    (test_map_state_config_distributed_parameters 7→5 and others) link MapStateExited to MapRunSucceeded:
 *    AWS changed this between 07-2024 and 11-2024; the newer behaviour is followed.
 */
import type { HistoryEventType } from "../../report/history-types";
import type { RunEvent } from "../engine/events";

interface Scope {
  source: number;
}

interface Worker {
  /** Where its next iteration starts from: its last iteration's last state event. */
  source: number;
  /** Its last iteration's MapIterationSucceeded. */
  done: number;
}

interface Job {
  readonly scope: Scope;
  readonly worker: Worker;
  readonly lane: number | undefined;
}

/** One run of a Map state (an attempt): its workers and iterations. */
interface MapRun {
  readonly name: string;
  readonly scope: Scope;
  readonly lane: number | undefined;
  readonly startedId: number;
  readonly limit: number;
  workers: number;
  readonly free: Worker[];
  readonly jobs: Map<number, Job>;
  runStarted?: number;
}

/** One run of a Parallel state: its branches share one scope (the engine's branch events name no branch). */
interface ParallelRun {
  readonly name: string;
  readonly scope: Scope;
  readonly lane: number | undefined;
  readonly branches: Scope;
}

const NOT_SOURCE = new Set<HistoryEventType>([
  "ExecutionStarted",
  "MapIterationSucceeded",
  "MapIterationFailed",
  "MapIterationAborted",
  "MapStateSucceeded",
  "ParallelStateSucceeded",
]);

export class Links {
  private readonly top: Scope = { source: 0 };
  /** Per lane (the engine's `index`: the outermost Map iteration), the open scopes, innermost last. */
  private readonly lanes = new Map<number | undefined, Scope[]>();
  private readonly maps: MapRun[] = [];
  private readonly parallels: ParallelRun[] = [];

  /** @param limitOf how many iterations of Map `name` run at once, given its input. */
  constructor(private readonly limitOf: (name: string, input: unknown) => number) {}

  /** The previousEventId of AWS event `id` of type `type`, written for the engine's `e`. */
  link(e: RunEvent, type: HistoryEventType, id: number): number {
    const scope = this.scopeFor(e, type);
    const previous = this.previousIn(scope, e, type);
    if (!NOT_SOURCE.has(type)) scope.source = id;
    this.after(e, type, id, scope);
    return previous;
  }

  private previousIn(scope: Scope, e: RunEvent, type: HistoryEventType): number {
    if (type === "MapStateExited" && e.type === "StateExited") {
      const run = this.openMap(e.state.name);
      if (run?.runStarted !== undefined) return run.runStarted;
    }
    return scope.source;
  }

  private scopeFor(e: RunEvent, type: HistoryEventType): Scope {
    if (type === "ExecutionStarted") return { source: 0 };
    if (type.startsWith("MapRun")) return this.maps.at(-1)?.scope ?? this.top;
    if (type === "MapIterationStarted" && e.type === "MapIterationStarted") return this.startJob(e.parentState.name, e.index).scope;
    if (e.type === "MapIterationSucceeded" || e.type === "MapIterationFailed" || e.type === "MapIterationAborted") {
      return this.openMap(e.parentState.name)?.jobs.get(e.index)?.scope ?? this.top;
    }
    const scope = this.laneTop("index" in e ? e.index : undefined);
    if (type === "ParallelStateStarted" || type === "ParallelStateFailed" || type === "ParallelStateSucceeded") {
      return (e.type !== "StateEntered" && this.closeParallel(e)) || scope;
    }
    if (type === "MapStateStarted" || type === "MapStateFailed" || type === "MapStateSucceeded") this.closeRun(e, type, scope);
    return scope;
  }

  private after(e: RunEvent, type: HistoryEventType, id: number, scope: Scope): void {
    if (!("state" in e) && !("parentState" in e)) {
      if (type === "MapRunStarted") this.maps.at(-1)!.runStarted = id;
      return;
    }
    const lane = "index" in e ? e.index : undefined;
    if (type === "MapStateStarted" && "state" in e) {
      const input = e.state.input;
      this.maps.push({ name: e.state.name, scope, lane, startedId: id, limit: this.limitOf(e.state.name, input), workers: 0, free: [], jobs: new Map() });
    } else if (type === "ParallelStateStarted" && "state" in e) {
      const branches: Scope = { source: id };
      this.parallels.push({ name: e.state.name, scope, lane, branches });
      this.push(lane, branches);
    } else if ((type === "MapStateExited" || type === "MapStateFailed") && "state" in e) {
      const run = this.openMap(e.state.name);
      if (run && type === "MapStateExited") this.maps.splice(this.maps.indexOf(run), 1);
    } else if (e.type === "MapIterationSucceeded" || e.type === "MapIterationFailed" || e.type === "MapIterationAborted") {
      this.endJob(e.parentState.name, e.index, type, id);
    }
  }

  private startJob(name: string, index: number): Job {
    const run = this.openMap(name);
    if (!run) return { scope: this.top, worker: { source: 0, done: 0 }, lane: undefined };
    const reused = run.workers >= run.limit ? run.free.shift() : undefined;
    if (!reused) run.workers++;
    const worker = reused ?? { source: run.startedId, done: 0 };
    const lane = run.lane === undefined ? index : run.lane;
    const job: Job = { scope: { source: worker.source }, worker, lane };
    run.jobs.set(index, job);
    this.push(lane, job.scope);
    return job;
  }

  private endJob(name: string, index: number, type: HistoryEventType, id: number): void {
    const run = this.openMap(name);
    const job = run?.jobs.get(index);
    if (!run || !job) return;
    run.jobs.delete(index);
    this.pop(job.lane, job.scope);
    if (type === "MapIterationSucceeded") {
      job.worker.source = job.scope.source;
      job.worker.done = id;
      run.free.push(job.worker);
    } else if (type === "MapIterationFailed") {
      run.scope.source = Math.max(run.scope.source, job.scope.source);
    }
  }

  /** A Map run ends (it succeeded, failed, or a retry starts it again): its idle workers hand on their last iteration. */
  private closeRun(e: RunEvent, type: HistoryEventType, scope: Scope): void {
    if (!("state" in e)) return;
    const run = this.openMap(e.state.name);
    if (!run || (type === "MapStateStarted" && e.type === "StateEntered")) return;
    for (const w of run.free.splice(0)) scope.source = Math.max(scope.source, w.done);
    if (type !== "MapStateSucceeded") this.maps.splice(this.maps.indexOf(run), 1);
  }

  /** A Parallel run ends (or a retry starts it again): the state's scope goes on from its branches' last event. */
  private closeParallel(e: RunEvent): Scope | undefined {
    if (!("state" in e)) return undefined;
    const k = this.parallels.map((p) => p.name).lastIndexOf(e.state.name);
    if (k < 0) return undefined;
    const [run] = this.parallels.splice(k, 1);
    this.pop(run!.lane, run!.branches);
    run!.scope.source = Math.max(run!.scope.source, run!.branches.source);
    return run!.scope;
  }

  private openMap(name: string): MapRun | undefined {
    return this.maps.findLast((m) => m.name === name);
  }

  private laneTop(lane: number | undefined): Scope {
    return this.lanes.get(lane)?.at(-1) ?? (lane === undefined ? this.top : this.laneTop(undefined));
  }

  private push(lane: number | undefined, scope: Scope): void {
    this.lanes.set(lane, [...(this.lanes.get(lane) ?? []), scope]);
  }

  private pop(lane: number | undefined, scope: Scope): void {
    this.lanes.set(
      lane,
      (this.lanes.get(lane) ?? []).filter((s) => s !== scope),
    );
  }
}

/**
 * Turns the local engine's event log (plus the journal of integration calls)
 * into AWS Step Functions execution-history events, the shape
 * GetExecutionHistory returns, so that one report builder serves offline runs
 * and real executions alike.
 *
 * The end of the offline run's layer stack (local/engine/layer.ts): the sink
 * that turns the run's events into AWS's. HistoryBuilder emits AWS events one
 * run event at a time, each family by its own method; today it still reads
 * the finished log once first (call pairing, the fallback Map length), and
 * toHistory sorts that log by time (the engine's log is in order per
 * iteration, not across them). The linear-cost work replaces those two
 * passes with the live CallPairer the quota meter already uses and a small
 * reorder window.
 *
 * Ids follow time order. previousEventId links each event to the one before
 * it in the same Map iteration (or, outside iterations, to the one before it
 * at the top level), as AWS links them; report.ts follows those links.
 *
 * Mapping (engine event -> AWS events):
 *   StateEntered(Task)  -> TaskStateEntered, TaskScheduled, TaskStarted
 *   StateRetried(Task)  -> TaskScheduled, TaskStarted (AWS logs no retry event)
 *   StateFailed(Task)   -> TaskFailed (or TaskSucceeded when the call succeeded and
 *                          its ResultSelector/OutputPath failed);  StateFailed(Map) -> MapStateFailed
 *   StateExited(Task)   -> TaskSucceeded, TaskStateExited
 *   StateEntered(Map)   -> MapStateEntered, MapStateStarted {length}
 *   StateExited(Map)    -> MapStateSucceeded, MapStateExited
 *   other states        -> <Type>StateEntered / <Type>StateExited
 *   ExecutionTimeout    -> ExecutionTimedOut {error: States.Timeout}
 *   MapRun* (added by the Distributed Map layer, local/distributed/layer.ts) -> the same type
 *   ExecutionFailed (the quota layer's, local/quotas/layer.ts) -> ExecutionFailed, last
 */
import { allStates } from "../../stacks/definition-walk";
import type { HistoryEvent, HistoryEventType } from "../../report/history-types";
import type { MapRunEvent, RunEvent, StateEvent, TaskCall } from "../engine/events";
import { AttemptTracker, inTimeOrder, pairCalls, type AttemptCalls } from "./call-pairing";
import { awsEventTypes } from "./event-types";

export interface HistoryInput {
  readonly events: readonly RunEvent[];
  readonly calls: readonly TaskCall[];
  readonly definition: object;
  /** For TaskScheduled.region; default us-east-1. */
  readonly region?: string;
  /** For ExecutionStarted.roleArn. */
  readonly roleArn?: string;
  /**
   * The run ended on a quota (QuotaFailure.keep, local/engine/events.ts): at most this many
   * events, then the last event (the ExecutionFailed the quota layer added).
   */
  readonly quotaCut?: number;
}

export function toHistory(input: HistoryInput): HistoryEvent[] {
  const builder = new HistoryBuilder(input);
  const attempts = new AttemptTracker((e) => builder.callOf.get(e));
  // On a quota, the last event is the ExecutionFailed that ends the run: it comes last, after the cut.
  const terminal = input.quotaCut === undefined ? undefined : input.events.at(-1);
  const sorted = inTimeOrder(input.events);
  for (const e of terminal ? [...sorted.filter((x) => x !== terminal), terminal] : sorted) {
    const attempt = attempts.see(e);
    for (const type of awsEventTypes(e, attempt)) {
      if (terminal && e !== terminal && builder.out.length >= input.quotaCut!) break;
      builder.add(e, type, attempt);
    }
  }
  return builder.out;
}

/**
 * Builds the history one AWS event at a time, each event family by its own
 * method. Ids follow the order of `add`; previousEventId follows the Map
 * iteration chains (module comment).
 */
class HistoryBuilder {
  readonly out: HistoryEvent[] = [];
  readonly callOf: Map<RunEvent, TaskCall>;
  private readonly region: string;
  private readonly stateDefs: Map<string, Record<string, unknown>>;
  private lastTop = 0;
  private readonly lastInIteration = new Map<number, number>();
  private readonly mapStartedId = new Map<string, number>();
  /** MapIterationStarted events per Map state: its length when ItemsPath cannot be read. */
  private readonly iterationsStarted = new Map<string, number>();

  constructor(private readonly input: HistoryInput) {
    this.region = input.region ?? "us-east-1";
    this.stateDefs = new Map(allStates(input.definition).map((s) => [s.name, s.state]));
    this.callOf = pairCalls(input.events, input.calls);
    for (const x of input.events) {
      if (x.type === "MapIterationStarted") this.iterationsStarted.set(x.parentState.name, (this.iterationsStarted.get(x.parentState.name) ?? 0) + 1);
    }
  }

  /** One AWS event of type `type` for the run's event `e` (awsEventTypes chose which). */
  add(e: RunEvent, type: HistoryEventType, attempt: AttemptCalls): void {
    switch (e.type) {
      case "MapRunStarted":
      case "MapRunSucceeded":
      case "MapRunFailed":
      case "MapRunAborted":
        return this.mapRun(e, type);
      case "MapIterationStarted":
        this.emit(
          e.timestamp,
          type,
          { mapIterationStartedEventDetails: { name: e.parentState.name, index: e.index } },
          e.index,
          this.mapStartedId.get(e.parentState.name),
        );
        return;
      case "MapIterationSucceeded":
      case "MapIterationFailed": {
        const details = { name: e.parentState.name, index: e.index };
        this.emit(
          e.timestamp,
          type,
          e.type === "MapIterationSucceeded" ? { mapIterationSucceededEventDetails: details } : { mapIterationFailedEventDetails: details },
          e.index,
        );
        this.lastTop = this.out.length; // the Map's own next event follows the iteration that ended last
        return;
      }
      case "StateEntered":
      case "StateExited":
      case "StateFailed":
      case "StateRetried":
      case "StateCaught":
        return type.startsWith("Task") && type !== "TaskStateEntered" && type !== "TaskStateExited" ? this.task(e, type, attempt) : this.state(e, type);
      case "StateAborted": // the engine's since patch 006; awsEventTypes gives it no AWS event yet
        return;
      default:
        return this.execution(e, type);
    }
  }

  /** Appends one event; `index` puts it on that Map iteration's chain. */
  private emit(ts: number, type: HistoryEventType, details: Partial<HistoryEvent>, index?: number, previous?: number): number {
    const id = this.out.length + 1;
    const previousEventId = previous ?? (index === undefined ? this.lastTop : (this.lastInIteration.get(index) ?? this.lastTop));
    this.out.push({ timestamp: new Date(ts), type, id, previousEventId, ...details });
    if (index === undefined) this.lastTop = id;
    else this.lastInIteration.set(index, id);
    return id;
  }

  private execution(e: Exclude<RunEvent, StateEvent | MapRunEvent>, type: HistoryEventType): void {
    const ts = e.timestamp;
    switch (e.type) {
      case "ExecutionStarted":
        this.emit(ts, type, { executionStartedEventDetails: { input: json(e.input), inputDetails: { truncated: false }, roleArn: this.input.roleArn } });
        // AWS links the first state's event to 0, not to ExecutionStarted (test_base_scenarios.snapshot.json test_map_state: ids 1 and 2 both have previousEventId 0).
        this.lastTop = 0;
        return;
      case "ExecutionSucceeded":
        this.emit(ts, type, { executionSucceededEventDetails: { output: json(e.output), outputDetails: { truncated: false } } });
        return;
      case "ExecutionFailed":
        this.emit(ts, type, { executionFailedEventDetails: { ...(e.Error ? { error: e.Error } : {}), cause: causeText(e.Cause) } });
        return;
      case "ExecutionTimeout":
        this.emit(ts, type, { executionTimedOutEventDetails: { error: "States.Timeout" } });
        return;
      case "ExecutionAborted":
        this.emit(ts, type, { executionAbortedEventDetails: {} });
        return;
      default:
        // Parallel branch events: this project's definition has no Parallel state.
        return;
    }
  }

  private mapRun(run: MapRunEvent, type: HistoryEventType): void {
    if (run.type === "MapRunStarted") this.emit(run.timestamp, type, { mapRunStartedEventDetails: { mapRunArn: run.mapRunArn } });
    else if (run.type === "MapRunFailed")
      this.emit(run.timestamp, type, { mapRunFailedEventDetails: { ...(run.error ? { error: run.error } : {}), ...(run.cause ? { cause: run.cause } : {}) } });
    else this.emit(run.timestamp, type, {});
  }

  /** A Task's own events (scheduled, started, succeeded, failed), with its integration's names. */
  private task(e: StateEvent, type: HistoryEventType, attempt: AttemptCalls): void {
    const at = e.index;
    const ts = e.timestamp;
    const resource = this.stateDefs.get(e.state.name)?.Resource;
    const task = taskNames(typeof resource === "string" ? resource : "");
    switch (type) {
      case "TaskScheduled": {
        const call = attempt.call!;
        const timeout = this.stateDefs.get(call.state)?.TimeoutSeconds;
        const details = {
          ...task,
          region: this.region,
          parameters: json(call.parameters),
          ...(typeof timeout === "number" ? { timeoutInSeconds: timeout } : {}),
        };
        this.emit(ts, type, { taskScheduledEventDetails: details }, at);
        return;
      }
      case "TaskStarted":
        // The call starts in the same tick the engine logs the attempt; one timestamp keeps ids in time order.
        this.emit(ts, type, { taskStartedEventDetails: task }, at);
        return;
      case "TaskSucceeded": {
        // The raw result of the latest attempt's call (before ResultSelector/OutputPath).
        const raw = attempt.made;
        const output = e.type === "StateExited" ? json(e.state.output) : "null";
        this.emit(ts, type, { taskSucceededEventDetails: { ...task, output: raw ? json(raw.output) : output, outputDetails: { truncated: false } } }, at);
        return;
      }
      default: {
        const failed = e.type === "StateFailed" ? e : undefined;
        this.emit(ts, type, { taskFailedEventDetails: { ...task, error: failed?.Error, cause: causeText(failed?.Cause) } }, at);
      }
    }
  }

  /** A state's entry and exit (every type), and a Map's own start and end. */
  private state(e: StateEvent, type: HistoryEventType): void {
    const { name } = e.state;
    const at = e.index;
    const ts = e.timestamp;
    if (type === "MapStateStarted") {
      this.mapStartedId.set(name, this.emit(ts, type, { mapStateStartedEventDetails: { length: this.mapLength(name, e.state.input) } }, at));
    } else if (type === "MapStateFailed" || type === "MapStateSucceeded") {
      this.emit(ts, type, {}, at);
    } else if (type.endsWith("StateEntered") && e.type === "StateEntered") {
      this.emit(ts, type, { stateEnteredEventDetails: { name, input: json(e.state.input), inputDetails: { truncated: false } } }, at);
    } else if (type.endsWith("StateExited") && e.type === "StateExited") {
      this.emit(ts, type, { stateExitedEventDetails: { name, output: json(e.state.output), outputDetails: { truncated: false } } }, at);
    } else {
      // StateCaught: the engine does not log the output here.
      this.emit(ts, type, { stateExitedEventDetails: { name } }, at);
    }
  }

  /** Items the Map will iterate: ItemsPath (a plain dotted path) into its input, when it can be read. */
  private mapLength(name: string, stateInput: unknown): number | undefined {
    const def = this.stateDefs.get(name);
    const items = dotted(dotted(stateInput, def?.InputPath), def?.ItemsPath);
    if (Array.isArray(items)) return items.length;
    return this.iterationsStarted.get(name) ?? 0;
  }
}

/** "arn:aws:states:::lambda:invoke" -> {resourceType: "lambda", resource: "invoke"}. */
export function taskNames(arn: string): { resourceType: string; resource: string } {
  const m = /^arn:aws:states:::(.+):([^:]+)$/.exec(arn);
  return m ? { resourceType: m[1]!, resource: m[2]! } : { resourceType: "unknown", resource: arn };
}

function json(v: unknown): string {
  return JSON.stringify(v === undefined ? null : v);
}

function causeText(c: unknown): string {
  return typeof c === "string" ? c : json(c);
}

function dotted(value: unknown, path: unknown): unknown {
  if (path === undefined) return value;
  if (typeof path !== "string" || !/^\$(\.[A-Za-z_][\w-]*)*$/.test(path)) return undefined;
  let v = value;
  for (const key of path.split(".").slice(1)) v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

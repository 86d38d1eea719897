/**
 * Turns the local engine's event log (plus the journal of integration calls)
 * into AWS Step Functions execution-history events, the shape
 * GetExecutionHistory returns, so that one report builder serves offline runs
 * and real executions alike.
 *
 * The end of the offline run's layer stack (local/engine/layer.ts): the sink
 * that turns the run's events into AWS's. HistoryStream emits AWS events one
 * run event at a time, as the run hands them on (local/run/run-definition.ts
 * `sink`), with the Task calls the quota meter paired live; toHistory feeds it
 * a finished log instead (pairing it here when no pairing is given).
 *
 * Ids follow the engine's log order, which since patch 002 is AWS's.
 * previousEventId follows AWS's source-event rules (links.ts); report.ts
 * follows those links.
 *
 * Mapping (engine event -> AWS events):
 *   StateEntered(Task)  -> TaskStateEntered, TaskScheduled, TaskStarted
 *   StateRetried(Task)  -> TaskScheduled, TaskStarted (AWS logs no retry event)
 *   StateFailed(Task)   -> TaskFailed (TaskTimedOut on States.Timeout; TaskSucceeded when the call
 *                          succeeded and its ResultSelector/OutputPath failed)
 *   StateExited(Task)   -> TaskSucceeded, TaskStateExited
 *   StateEntered(Map)   -> MapStateEntered, MapStateStarted {length} (held back: deferred.ts)
 *   StateRetried(Map)   -> MapStateStarted; StateFailed(Map) -> MapStateFailed unless retried
 *   StateExited(Map)    -> MapStateSucceeded, MapStateExited
 *   Parallel            -> the same with ParallelState*; branch events -> none
 *   StateCaught         -> none; the StateExited after it -> <Type>StateExited with the Catch's output
 *   StateAborted        -> <Type>StateAborted (Task, Map, Parallel, Wait)
 *   other states        -> <Type>StateEntered / <Type>StateExited
 *   ExecutionTimeout    -> ExecutionTimedOut {error: States.Timeout}
 *   MapRun* (added by the Distributed Map layer, local/distributed/layer.ts) -> the same type
 *   ExecutionFailed (the quota layer's, local/quotas/layer.ts) -> ExecutionFailed, last
 */
import { allStates } from "../../stacks/definition-walk";
import type { HistoryEvent, HistoryEventType } from "../../report/history-types";
import type { AttemptCalls, MapRunEvent, RunEvent, StateEvent, TaskCall } from "../engine/events";
import { AttemptTracker, pairCalls } from "./call-pairing";
import { awsEmissions } from "./event-types";
import { jsonText } from "./json-text";
import { Links } from "./links";
import { runtimeCause, RuntimeOrigins } from "./runtime-cause";

/** Events a Task writes itself (its StateEntered/StateExited are written as any state's). */
const TASK_OWN = new Set<HistoryEventType>(["TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskFailed", "TaskTimedOut"]);
/** AWS runs up to 40 iterations of an inline Map at once (the engine's DEFAULT_MAX_CONCURRENCY too). */
const INLINE_CONCURRENCY = 40;

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
  /**
   * Each event's Task calls, as the quota meter paired them while the run
   * went on (EngineRun.attempts): the same pairing, made once. Without them
   * the log is paired here.
   */
  readonly attempts?: ReadonlyMap<RunEvent, AttemptCalls>;
}

export function toHistory(input: HistoryInput): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  const stream = new HistoryStream(input, (e) => out.push(e));
  const attemptOf = input.attempts ? pairedBefore(input.attempts) : pairedHere(input);
  // On a quota, the last event is the ExecutionFailed that ends the run: it comes last, after the cut.
  const terminal = input.quotaCut === undefined ? undefined : input.events.at(-1);
  const events = input.events;
  for (const e of terminal ? [...events.filter((x) => x !== terminal), terminal] : events) {
    stream.push(e, attemptOf(e), terminal && e !== terminal ? input.quotaCut : undefined);
  }
  stream.finish();
  return out;
}

/** Each event's calls as the run paired them; every event the history is built from went past the meter. */
function pairedBefore(attempts: ReadonlyMap<RunEvent, AttemptCalls>): (e: RunEvent) => AttemptCalls {
  return (e) => {
    const attempt = attempts.get(e);
    if (!attempt) throw new Error(`toHistory: the run paired no calls for its ${e.type} event`);
    return attempt;
  };
}

/** The log paired here, after the run (a run's events without the meter's pairing). */
function pairedHere(input: HistoryInput): (e: RunEvent) => AttemptCalls {
  const callOf = pairCalls(input.events, input.calls);
  const tracker = new AttemptTracker((e) => callOf.get(e));
  return (e) => tracker.see(e);
}

/** What the history of one run is built with, besides its events. */
export type HistoryOptions = Pick<HistoryInput, "definition" | "region" | "roleArn">;

/**
 * Writes the history as the run's events come, one AWS event at a time,
 * each event family by its own method, to `write`: the run
 * (local/run/execution-sink.ts) hands each event on as it leaves the layers
 * and keeps none of them. Ids follow the order of `add`; previousEventId
 * follows the Map iteration chains (module comment).
 */
export class HistoryStream {
  private count = 0;
  private readonly region: string;
  private readonly stateDefs: Map<string, Record<string, unknown>>;
  private readonly links: Links;
  private readonly origins = new RuntimeOrigins();
  /** MapIterationStarted events per Map state, over the whole run: its length when ItemsPath cannot be read. */
  private readonly iterationsStarted = new Map<string, number>();
  /** MapStateStarted details whose length is that count, known only once the run has ended (finish). */
  private readonly countedLengths: { readonly name: string; readonly details: { length?: number } }[] = [];

  constructor(
    private readonly input: HistoryOptions,
    private readonly write: (e: HistoryEvent) => void,
  ) {
    this.region = input.region ?? "us-east-1";
    this.stateDefs = new Map(allStates(input.definition).map((s) => [s.name, s.state]));
    this.links = new Links((name, stateInput) => this.concurrency(name, stateInput));
  }

  /**
   * The AWS events for the run's next event `e`, with the Task calls its
   * attempt made. `cut`: the run ended on a quota after this many events
   * (QuotaFailure.keep); the quota's own ExecutionFailed comes without it.
   */
  push(e: RunEvent, attempt: AttemptCalls, cut?: number): void {
    if (e.type === "MapIterationStarted") this.iterationsStarted.set(e.parentState.name, (this.iterationsStarted.get(e.parentState.name) ?? 0) + 1);
    for (const { event, type } of awsEmissions(e, attempt)) {
      if (cut !== undefined && this.count >= cut) break;
      this.add(event, type, event === e ? attempt : {});
    }
  }

  /**
   * The run has ended: the Map lengths counted where ItemsPath could not be
   * read are set in the MapStateStarted events already written (whoever keeps
   * them reads the length after this).
   */
  finish(): void {
    for (const { name, details } of this.countedLengths) details.length = this.iterationsStarted.get(name) ?? 0;
    this.countedLengths.length = 0;
  }

  /** One AWS event of type `type` for the run's event `e` (awsEventTypes chose which). */
  private add(e: RunEvent, type: HistoryEventType, attempt: AttemptCalls): void {
    switch (e.type) {
      case "MapRunStarted":
      case "MapRunSucceeded":
      case "MapRunFailed":
      case "MapRunAborted":
        return this.mapRun(e, type);
      case "MapIterationStarted":
      case "MapIterationSucceeded":
      case "MapIterationFailed":
      case "MapIterationAborted": {
        const field = `mapIteration${e.type.slice("MapIteration".length)}EventDetails`;
        this.emit(e, type, { [field]: { name: e.parentState.name, index: e.index } });
        return;
      }
      case "StateEntered":
      case "StateExited":
      case "StateFailed":
      case "StateRetried":
      case "StateCaught":
      case "StateAborted":
        this.origins.see(e, this.count + 1, type);
        return TASK_OWN.has(type) ? this.task(e, type, attempt) : this.state(e, type);
      default:
        return this.execution(e, type);
    }
  }

  private lastTimestamp = 0;

  /** Appends one event written for the engine's `e`; links.ts links it. */
  private emit(e: RunEvent, type: HistoryEventType, details: Partial<HistoryEvent>): void {
    const id = ++this.count;
    const previousEventId = this.links.link(e, type, id);
    // The engine stamps some events before it logs them (a sibling iteration's start); AWS's
    // timestamps never go back as ids go up, so an event is never stamped before the one ahead of it.
    const timestamp = new Date(Math.max(e.timestamp, this.lastTimestamp));
    this.lastTimestamp = timestamp.getTime();
    this.write({ timestamp, type, id, previousEventId, ...details });
  }

  private execution(e: Exclude<RunEvent, StateEvent | MapRunEvent>, type: HistoryEventType): void {
    switch (e.type) {
      case "ExecutionStarted":
        // AWS links the first state's event to 0, not to ExecutionStarted (test_base_scenarios.snapshot.json test_map_state: ids 1 and 2 both have previousEventId 0): links.ts.
        this.emit(e, type, { executionStartedEventDetails: { input: jsonText(e.input), inputDetails: { truncated: false }, roleArn: this.input.roleArn } });
        return;
      case "ExecutionSucceeded":
        this.emit(e, type, { executionSucceededEventDetails: { output: jsonText(e.output), outputDetails: { truncated: false } } });
        return;
      case "ExecutionFailed": {
        const cause = runtimeCause(e.Error, e.Cause, this.origins);
        this.emit(e, type, { executionFailedEventDetails: errorDetails(e.Error, cause) });
        return;
      }
      case "ExecutionTimeout":
        this.emit(e, type, { executionTimedOutEventDetails: { error: "States.Timeout" } });
        return;
      case "ExecutionAborted":
        this.emit(e, type, { executionAbortedEventDetails: {} });
        return;
      default:
        // Parallel branch events: this project's definition has no Parallel state.
        return;
    }
  }

  private mapRun(run: MapRunEvent, type: HistoryEventType): void {
    if (run.type === "MapRunStarted") this.emit(run, type, { mapRunStartedEventDetails: { mapRunArn: run.mapRunArn } });
    else if (run.type === "MapRunFailed") this.emit(run, type, { mapRunFailedEventDetails: errorDetails(run.error, run.cause) });
    else this.emit(run, type, {});
  }

  /** A Task's own events (scheduled, started, succeeded, failed, timed out), with its integration's names. */
  private task(e: StateEvent, type: HistoryEventType, attempt: AttemptCalls): void {
    const resource = this.stateDefs.get(e.state.name)?.Resource;
    const task = taskNames(typeof resource === "string" ? resource : "");
    switch (type) {
      case "TaskScheduled": {
        const call = attempt.call!;
        const timeout = this.stateDefs.get(call.state)?.TimeoutSeconds;
        const details = {
          ...task,
          region: this.region,
          parameters: jsonText(call.parameters),
          ...(typeof timeout === "number" ? { timeoutInSeconds: timeout } : {}),
        };
        this.emit(e, type, { taskScheduledEventDetails: details });
        return;
      }
      case "TaskStarted":
        // The call starts in the same tick the engine logs the attempt.
        this.emit(e, type, { taskStartedEventDetails: task });
        return;
      case "TaskSucceeded": {
        // The raw result of the latest attempt's call (before ResultSelector/OutputPath).
        const raw = attempt.made;
        const output = e.type === "StateExited" ? jsonText(e.state.output) : "null";
        this.emit(e, type, { taskSucceededEventDetails: { ...task, output: raw ? jsonText(raw.output) : output, outputDetails: { truncated: false } } });
        return;
      }
      case "TaskTimedOut":
        // No cause (v2/timeouts/test_timeouts.snapshot.json, test_service_lambda_map_timeout ids 20-23).
        this.emit(e, type, { taskTimedOutEventDetails: { ...task, error: "States.Timeout" } });
        return;
      default: {
        const failed = e.type === "StateFailed" ? e : undefined;
        this.emit(e, type, { taskFailedEventDetails: { ...task, ...errorDetails(failed?.Error, failed?.Cause) } });
      }
    }
  }

  /** A state's entry and exit (every type), a Map's or Parallel state's own start and end, an aborted state. */
  private state(e: StateEvent, type: HistoryEventType): void {
    const { name } = e.state;
    if (type === "MapStateStarted") {
      const length = this.mapLength(name, e.state.input);
      const details = { length };
      // Unreadable ItemsPath: the iterations the whole run starts for this Map, counted by the time it ends.
      if (length === undefined) this.countedLengths.push({ name, details });
      this.emit(e, type, { mapStateStartedEventDetails: details });
    } else if (type.endsWith("StateEntered") && e.type === "StateEntered") {
      this.emit(e, type, { stateEnteredEventDetails: { name, input: jsonText(e.state.input), inputDetails: { truncated: false } } });
    } else if (type.endsWith("StateExited") && e.type === "StateExited") {
      // After a Catch too: the output is the Catch's (test_base_scenarios test_map_state_catch id 10).
      this.emit(e, type, { stateExitedEventDetails: { name, output: jsonText(e.state.output), outputDetails: { truncated: false } } });
    } else {
      // Map/ParallelState Started (a Parallel state's has no details), Succeeded, Failed; <Type>StateAborted.
      this.emit(e, type, {});
    }
  }

  /** How many iterations of Map `name` run at once: MaxConcurrency or MaxConcurrencyPath, else 40 (AWS's inline limit). */
  private concurrency(name: string, stateInput: unknown): number {
    const def = this.stateDefs.get(name);
    const n = def?.MaxConcurrencyPath !== undefined ? Number(dotted(stateInput, def.MaxConcurrencyPath)) : def?.MaxConcurrency;
    return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : INLINE_CONCURRENCY;
  }

  /** Items the Map will iterate: ItemsPath (a plain dotted path) into its input, when it can be read. */
  private mapLength(name: string, stateInput: unknown): number | undefined {
    const def = this.stateDefs.get(name);
    const items = dotted(dotted(stateInput, def?.InputPath), def?.ItemsPath);
    return Array.isArray(items) ? items.length : undefined;
  }
}

/** "arn:aws:states:::lambda:invoke" -> {resourceType: "lambda", resource: "invoke"}. */
export function taskNames(arn: string): { resourceType: string; resource: string } {
  const m = /^arn:aws:states:::(.+):([^:]+)$/.exec(arn);
  return m ? { resourceType: m[1]!, resource: m[2]! } : { resourceType: "unknown", resource: arn };
}

/** Error and cause as AWS writes them: each left out when there is none (test_base test_state_fail_empty: {}). */
function errorDetails(error: string | undefined, cause: unknown): { error?: string; cause?: string } {
  return {
    ...(error ? { error } : {}),
    ...(cause === undefined || cause === null || cause === "" ? {} : { cause: typeof cause === "string" ? cause : jsonText(cause) }),
  };
}

function dotted(value: unknown, path: unknown): unknown {
  if (path === undefined) return value;
  if (typeof path !== "string" || !/^\$(\.[A-Za-z_][\w-]*)*$/.test(path)) return undefined;
  let v = value;
  for (const key of path.split(".").slice(1)) v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

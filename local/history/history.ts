/**
 * Turns the local engine's event log (plus the journal of integration calls)
 * into AWS Step Functions execution-history events, the shape
 * GetExecutionHistory returns, so that one report builder serves offline runs
 * and real executions alike.
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
 *   MapRun* (added by distributed-map.ts for a Distributed Map) -> the same type
 */
import { allStates } from "../../stacks/definition-walk";
import type { EngineEvent } from "../run/run-definition";
import type { HistoryEvent, HistoryEventType } from "../../report/history-types";
import type { TaskCall } from "../engine/integrations";

export interface HistoryInput {
  readonly events: readonly EngineEvent[];
  readonly calls: readonly TaskCall[];
  readonly definition: object;
  /** For TaskScheduled.region; default us-east-1. */
  readonly region?: string;
  /** For ExecutionStarted.roleArn. */
  readonly roleArn?: string;
  /**
   * The run ended on a quota (engine.ts QuotaFailure.keep): at most this many
   * events, then the last engine event (the ExecutionFailed the quota layer added).
   */
  readonly quotaCut?: number;
}

type StateEvent = Extract<EngineEvent, { state: unknown }>;

/**
 * A Map Run's event in the parent's log, added by the Distributed Map layer
 * (distributed-map.ts; the engine has no such event). Shaped as
 * GetExecutionHistory returns them: MapRunStarted with
 * mapRunStartedEventDetails {mapRunArn}, MapRunFailed with
 * mapRunFailedEventDetails {error, cause}, MapRunSucceeded and MapRunAborted
 * with no details (HistoryEvent in @aws-sdk/client-sfn).
 */
export interface MapRunEvent {
  readonly type: "MapRunStarted" | "MapRunSucceeded" | "MapRunFailed" | "MapRunAborted";
  readonly timestamp: number;
  readonly mapRunArn?: string;
  readonly error?: string;
  readonly cause?: string;
}

export function mapRunEvent(type: MapRunEvent["type"], timestamp: number, details: { mapRunArn?: string; error?: string | undefined; cause?: string | undefined }): MapRunEvent {
  return {
    type,
    timestamp,
    ...(details.mapRunArn !== undefined ? { mapRunArn: details.mapRunArn } : {}),
    ...(details.error !== undefined ? { error: details.error } : {}),
    ...(details.cause !== undefined ? { cause: details.cause } : {}),
  };
}

/** The Map Run event an engine-log entry is, if it is one (they travel in the engine's log, cast). */
function asMapRunEvent(e: unknown): MapRunEvent | undefined {
  const type = (e as { type?: string }).type;
  return type === "MapRunStarted" || type === "MapRunSucceeded" || type === "MapRunFailed" || type === "MapRunAborted" ? (e as MapRunEvent) : undefined;
}

/** The engine's log in time order; ties keep the log's order, which is each iteration's own order. */
export function inTimeOrder(events: readonly EngineEvent[]): EngineEvent[] {
  return [...events].sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * Which integration call each Task attempt (StateEntered or StateRetried of a
 * Task state) made. The engine calls the integration synchronously right
 * after logging the attempt, so per state the calls come in the attempts'
 * order; attempts logged in the same millisecond by different iterations are
 * told apart by their input, which the call's parameters embed.
 */
export function pairCalls(events: readonly EngineEvent[], calls: readonly TaskCall[]): Map<EngineEvent, TaskCall> {
  const pairer = new CallPairer(calls);
  const pairs = new Map<EngineEvent, TaskCall>();
  for (const e of inTimeOrder(events)) {
    const call = pairer.pair(e);
    if (call) pairs.set(e, call);
  }
  return pairs;
}

/**
 * pairCalls one event at a time, over a journal that may still be growing
 * (the live history count in quotas.ts): calls are read as they appear. The
 * engine makes an attempt's call before its event reaches the root log, so a
 * live pairer sees the same calls for an attempt as the one run afterwards.
 */
export class CallPairer {
  private readonly byState = new Map<string, { calls: TaskCall[]; used: boolean[]; next: number }>();
  private readonly text = new Map<TaskCall, string>();
  private read = 0;

  constructor(private readonly calls: readonly TaskCall[]) {}

  /** The call a Task attempt (StateEntered or StateRetried of a Task) made; undefined for any other event. */
  pair(e: EngineEvent): TaskCall | undefined {
    if ((e.type !== "StateEntered" && e.type !== "StateRetried") || e.state.type !== "Task") return undefined;
    for (; this.read < this.calls.length; this.read++) {
      const c = this.calls[this.read]!;
      const g = this.byState.get(c.state) ?? { calls: [], used: [], next: 0 };
      g.calls.push(c);
      g.used.push(false);
      this.byState.set(c.state, g);
    }
    const g = this.byState.get(e.state.name);
    if (!g) return undefined;
    const paramsText = (c: TaskCall) => this.text.get(c) ?? (this.text.set(c, JSON.stringify(c.parameters) ?? ""), this.text.get(c)!);
    const input = JSON.stringify(e.state.input) ?? "";
    let fallback: number | undefined;
    let chosen: number | undefined;
    for (let j = g.next; j < g.calls.length; j++) {
      if (g.used[j]) continue;
      if (g.calls[j]!.startedAt > e.timestamp + 1) break;
      fallback ??= j;
      if (paramsText(g.calls[j]!).includes(input)) {
        chosen = j;
        break;
      }
    }
    chosen ??= fallback ?? g.used.indexOf(false, g.next);
    if (chosen === undefined || chosen < 0) return undefined;
    g.used[chosen] = true;
    while (g.next < g.used.length && g.used[g.next]) g.next++;
    const call = g.calls[chosen]!;
    this.text.delete(call);
    return call;
  }
}

/** What a Task attempt did, as the history needs it: the call of this attempt, and of the latest one. */
export interface AttemptCalls {
  /** StateEntered/StateRetried of a Task: the call this attempt made (none: it failed on its input). */
  readonly call?: TaskCall;
  /** StateFailed/StateExited of a Task: the call of the latest attempt of that state in that iteration. */
  readonly made?: TaskCall;
  /**
   * StateExited right after StateCaught: the engine logs the caught state's
   * exit twice (StateCaught, then StateExited as for any state that ends);
   * AWS shows one exit, which StateCaught already gave.
   */
  readonly afterCatch?: boolean;
}

/** Follows attempts per state and iteration, so each Task event knows its calls (AttemptCalls). */
export class AttemptTracker {
  private readonly latest = new Map<string, TaskCall | undefined>();
  constructor(private readonly callOf: (e: EngineEvent) => TaskCall | undefined) {}

  private readonly caught = new Set<string>();

  see(e: EngineEvent): AttemptCalls {
    if (!("state" in e)) return {};
    const key = `${e.state.name}#${e.index ?? ""}`;
    if (e.type === "StateCaught") this.caught.add(key);
    else if (e.type === "StateEntered") this.caught.delete(key);
    else if (e.type === "StateExited" && this.caught.delete(key)) return { afterCatch: true };
    if (e.state.type !== "Task") return {};
    if (e.type === "StateEntered" || e.type === "StateRetried") {
      const call = this.callOf(e);
      this.latest.set(key, call);
      return { call };
    }
    return { made: this.latest.get(key) };
  }
}

/**
 * THE mapping of one engine event to AWS history event types, in order. The
 * builder below emits exactly these, and quotas.ts counts exactly these while
 * the run goes on, so the live count and the history can never disagree.
 */
export function awsEventTypes(e: EngineEvent, attempt: AttemptCalls): HistoryEventType[] {
  const run = asMapRunEvent(e);
  if (run) return [run.type];
  switch (e.type) {
    case "ExecutionStarted":
    case "ExecutionSucceeded":
    case "ExecutionFailed":
    case "ExecutionAborted":
    case "MapIterationStarted":
    case "MapIterationSucceeded":
    case "MapIterationFailed":
      return [e.type];
    case "ExecutionTimeout":
      return ["ExecutionTimedOut"];
    case "StateEntered": {
      const entered = `${e.state.type}StateEntered` as HistoryEventType;
      // No call: the task failed on its input (Parameters) before being scheduled, as AWS shows it.
      if (e.state.type === "Task") return attempt.call ? [entered, "TaskScheduled", "TaskStarted"] : [entered];
      if (e.state.type === "Map") return [entered, "MapStateStarted"];
      return [entered];
    }
    case "StateRetried":
      return e.state.type === "Task" && attempt.call ? ["TaskScheduled", "TaskStarted"] : [];
    case "StateFailed": {
      const made = attempt.made;
      // The call succeeded and processing its result failed (ResultSelector, OutputPath):
      // AWS logs TaskSucceeded, then the execution fails with the States.Runtime error.
      if (e.state.type === "Task" && made) return [made.endedAt !== undefined && made.error === undefined ? "TaskSucceeded" : "TaskFailed"];
      return e.state.type === "Map" ? ["MapStateFailed"] : [];
    }
    case "StateCaught":
      // AWS shows the caught error as the state's exit.
      return [`${e.state.type}StateExited` as HistoryEventType];
    case "StateExited":
      if (attempt.afterCatch) return [];
      return [
        ...(e.state.type === "Task" ? (["TaskSucceeded"] as const) : []),
        ...(e.state.type === "Map" ? (["MapStateSucceeded"] as const) : []),
        `${e.state.type}StateExited` as HistoryEventType,
      ];
    default:
      // Parallel branch events: this project's definition has no Parallel state.
      return [];
  }
}

export function toHistory(input: HistoryInput): HistoryEvent[] {
  const region = input.region ?? "us-east-1";
  const stateDefs = new Map(allStates(input.definition).map((s) => [s.name, s.state]));
  const callOf = pairCalls(input.events, input.calls);
  const attempts = new AttemptTracker((e) => callOf.get(e));
  const sorted = inTimeOrder(input.events);

  const out: HistoryEvent[] = [];
  let lastTop = 0;
  const lastInIteration = new Map<number, number>();
  const mapStartedId = new Map<string, number>();

  /** Appends one event; `index` puts it on that Map iteration's chain. */
  const emit = (ts: number, type: HistoryEventType, details: Partial<HistoryEvent>, index?: number, previous?: number) => {
    const id = out.length + 1;
    const previousEventId = previous ?? (index === undefined ? lastTop : lastInIteration.get(index) ?? lastTop);
    out.push({ timestamp: new Date(ts), type, id, previousEventId, ...details });
    if (index === undefined) lastTop = id;
    else lastInIteration.set(index, id);
    return id;
  };

  // On a quota, the last engine event is the ExecutionFailed that ends the run: it comes last, after the cut.
  const terminal = input.quotaCut === undefined ? undefined : input.events.at(-1);
  for (const e of terminal ? [...sorted.filter((x) => x !== terminal), terminal] : sorted) {
    const attempt = attempts.see(e);
    for (const type of awsEventTypes(e, attempt)) {
      if (terminal && e !== terminal && out.length >= input.quotaCut!) break;
      one(e, type, attempt);
    }
  }
  return out;

  /** One AWS event of type `type` for engine event `e` (awsEventTypes chose which). */
  function one(e: EngineEvent, type: HistoryEventType, attempt: AttemptCalls): void {
    const ts = e.timestamp;
    const run = asMapRunEvent(e);
    if (run) {
      if (run.type === "MapRunStarted") emit(ts, type, { mapRunStartedEventDetails: { mapRunArn: run.mapRunArn } });
      else if (run.type === "MapRunFailed") emit(ts, type, { mapRunFailedEventDetails: { ...(run.error ? { error: run.error } : {}), ...(run.cause ? { cause: run.cause } : {}) } });
      else emit(ts, type, {});
      return;
    }
    switch (e.type) {
      case "ExecutionStarted":
        emit(ts, type, { executionStartedEventDetails: { input: json(e.input), inputDetails: { truncated: false }, roleArn: input.roleArn } });
        return;
      case "ExecutionSucceeded":
        emit(ts, type, { executionSucceededEventDetails: { output: json(e.output), outputDetails: { truncated: false } } });
        return;
      case "ExecutionFailed":
        emit(ts, type, { executionFailedEventDetails: { ...(e.Error ? { error: e.Error } : {}), cause: causeText(e.Cause) } });
        return;
      case "ExecutionTimeout":
        emit(ts, type, { executionTimedOutEventDetails: { error: "States.Timeout" } });
        return;
      case "ExecutionAborted":
        emit(ts, type, { executionAbortedEventDetails: {} });
        return;
      case "MapIterationStarted":
        emit(ts, type, { mapIterationStartedEventDetails: { name: e.parentState.name, index: e.index } }, e.index, mapStartedId.get(e.parentState.name));
        return;
      case "MapIterationSucceeded":
        emit(ts, type, { mapIterationSucceededEventDetails: { name: e.parentState.name, index: e.index } }, e.index);
        lastTop = out.length; // the Map's own next event follows the iteration that ended last
        return;
      case "MapIterationFailed":
        emit(ts, type, { mapIterationFailedEventDetails: { name: e.parentState.name, index: e.index } }, e.index);
        lastTop = out.length;
        return;
      case "StateEntered":
      case "StateExited":
      case "StateFailed":
      case "StateRetried":
      case "StateCaught":
        stateEvent(e, type, attempt);
        return;
      default:
        return;
    }
  }

  function stateEvent(e: StateEvent, type: HistoryEventType, attempt: AttemptCalls): void {
    const { name } = e.state;
    const at = e.index;
    const ts = e.timestamp;
    const task = taskNames(String(stateDefs.get(name)?.Resource ?? ""));
    switch (type) {
      case "TaskScheduled": {
        const call = attempt.call!;
        const timeout = stateDefs.get(call.state)?.TimeoutSeconds;
        emit(ts, type, {
          taskScheduledEventDetails: {
            ...task,
            region,
            parameters: json(call.parameters),
            ...(typeof timeout === "number" ? { timeoutInSeconds: timeout } : {}),
          },
        }, at);
        return;
      }
      case "TaskStarted":
        // The call starts in the same tick the engine logs the attempt; one timestamp keeps ids in time order.
        emit(ts, type, { taskStartedEventDetails: task }, at);
        return;
      case "MapStateStarted":
        mapStartedId.set(name, emit(ts, type, { mapStateStartedEventDetails: { length: mapLength(name, e.state.input) } }, at));
        return;
      case "TaskSucceeded": {
        // The raw result of the latest attempt's call (before ResultSelector/OutputPath).
        const raw = attempt.made;
        const output = e.type === "StateExited" ? json(e.state.output) : "null";
        emit(ts, type, { taskSucceededEventDetails: { ...task, output: raw ? json(raw.output) : output, outputDetails: { truncated: false } } }, at);
        return;
      }
      case "TaskFailed":
        emit(ts, type, { taskFailedEventDetails: { ...task, error: e.type === "StateFailed" ? e.Error : undefined, cause: causeText(e.type === "StateFailed" ? e.Cause : undefined) } }, at);
        return;
      case "MapStateFailed":
      case "MapStateSucceeded":
        emit(ts, type, {}, at);
        return;
      default:
        if (type.endsWith("StateEntered") && e.type === "StateEntered") {
          emit(ts, type, { stateEnteredEventDetails: { name, input: json(e.state.input), inputDetails: { truncated: false } } }, at);
        } else if (type.endsWith("StateExited") && e.type === "StateExited") {
          emit(ts, type, { stateExitedEventDetails: { name, output: json(e.state.output), outputDetails: { truncated: false } } }, at);
        } else {
          // StateCaught: the engine does not log the output here.
          emit(ts, type, { stateExitedEventDetails: { name } }, at);
        }
    }
  }

  /** Items the Map will iterate: ItemsPath (a plain dotted path) into its input, when it can be read. */
  function mapLength(name: string, stateInput: unknown): number | undefined {
    const def = stateDefs.get(name);
    const items = dotted(dotted(stateInput, def?.InputPath), def?.ItemsPath);
    if (Array.isArray(items)) return items.length;
    let seen = 0;
    for (const x of input.events) if (x.type === "MapIterationStarted" && x.parentState.name === name) seen++;
    return seen;
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

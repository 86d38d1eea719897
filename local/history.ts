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
 */
import { allStates } from "../stacks/definition-walk";
import type { EngineEvent } from "./engine";
import type { HistoryEvent, HistoryEventType } from "../report/history-types";
import type { TaskCall } from "./integrations";

export interface HistoryInput {
  readonly events: readonly EngineEvent[];
  readonly calls: readonly TaskCall[];
  readonly definition: object;
  /** For TaskScheduled.region; default us-east-1. */
  readonly region?: string;
  /** For ExecutionStarted.roleArn. */
  readonly roleArn?: string;
}

type StateEvent = Extract<EngineEvent, { state: unknown }>;

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
  const pairs = new Map<EngineEvent, TaskCall>();
  const byState = new Map<string, { calls: TaskCall[]; used: boolean[]; next: number }>();
  for (const c of calls) {
    const g = byState.get(c.state) ?? { calls: [], used: [], next: 0 };
    g.calls.push(c);
    g.used.push(false);
    byState.set(c.state, g);
  }
  const text = new Map<TaskCall, string>();
  const paramsText = (c: TaskCall) => text.get(c) ?? (text.set(c, JSON.stringify(c.parameters) ?? ""), text.get(c)!);

  for (const e of inTimeOrder(events)) {
    if ((e.type !== "StateEntered" && e.type !== "StateRetried") || e.state.type !== "Task") continue;
    const g = byState.get(e.state.name);
    if (!g) continue;
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
    if (chosen === undefined || chosen < 0) continue;
    g.used[chosen] = true;
    while (g.next < g.used.length && g.used[g.next]) g.next++;
    pairs.set(e, g.calls[chosen]!);
  }
  return pairs;
}

export function toHistory(input: HistoryInput): HistoryEvent[] {
  const region = input.region ?? "us-east-1";
  const stateDefs = new Map(allStates(input.definition).map((s) => [s.name, s.state]));
  const callOf = pairCalls(input.events, input.calls);
  const sorted = inTimeOrder(input.events);

  const out: HistoryEvent[] = [];
  let lastTop = 0;
  const lastInIteration = new Map<number, number>();
  const mapStartedId = new Map<string, number>();
  /** The latest attempt of each Task state in each iteration, whose call a StateExited reports. */
  const latestAttempt = new Map<string, EngineEvent>();

  /** Appends one event; `index` puts it on that Map iteration's chain. */
  const emit = (ts: number, type: HistoryEventType, details: Partial<HistoryEvent>, index?: number, previous?: number) => {
    const id = out.length + 1;
    const previousEventId = previous ?? (index === undefined ? lastTop : lastInIteration.get(index) ?? lastTop);
    out.push({ timestamp: new Date(ts), type, id, previousEventId, ...details });
    if (index === undefined) lastTop = id;
    else lastInIteration.set(index, id);
    return id;
  };

  for (const e of sorted) {
    const ts = e.timestamp;
    switch (e.type) {
      case "ExecutionStarted":
        emit(ts, "ExecutionStarted", {
          executionStartedEventDetails: { input: json(e.input), inputDetails: { truncated: false }, roleArn: input.roleArn },
        });
        break;
      case "ExecutionSucceeded":
        emit(ts, "ExecutionSucceeded", { executionSucceededEventDetails: { output: json(e.output), outputDetails: { truncated: false } } });
        break;
      case "ExecutionFailed":
        emit(ts, "ExecutionFailed", { executionFailedEventDetails: { error: e.Error, cause: causeText(e.Cause) } });
        break;
      case "ExecutionTimeout":
        emit(ts, "ExecutionTimedOut", { executionTimedOutEventDetails: { error: "States.Timeout" } });
        break;
      case "ExecutionAborted":
        emit(ts, "ExecutionAborted", { executionAbortedEventDetails: {} });
        break;
      case "MapIterationStarted":
        emit(ts, "MapIterationStarted", { mapIterationStartedEventDetails: { name: e.parentState.name, index: e.index } }, e.index, mapStartedId.get(e.parentState.name));
        break;
      case "MapIterationSucceeded":
        emit(ts, "MapIterationSucceeded", { mapIterationSucceededEventDetails: { name: e.parentState.name, index: e.index } }, e.index);
        lastTop = out.length; // the Map's own next event follows the iteration that ended last
        break;
      case "MapIterationFailed":
        emit(ts, "MapIterationFailed", { mapIterationFailedEventDetails: { name: e.parentState.name, index: e.index } }, e.index);
        lastTop = out.length;
        break;
      case "StateEntered":
      case "StateExited":
      case "StateFailed":
      case "StateRetried":
      case "StateCaught":
        stateEvents(e);
        break;
      default:
        // Parallel branch events: this project's definition has no Parallel state.
        break;
    }
  }
  return out;

  function stateEvents(e: StateEvent): void {
    const { name, type } = e.state;
    const at = e.index;
    const ts = e.timestamp;
    const resource = String(stateDefs.get(name)?.Resource ?? "");
    const task = taskNames(resource);
    const call = callOf.get(e);
    const attemptKey = `${name}#${at ?? ""}`;
    if (e.type === "StateEntered" || e.type === "StateRetried") latestAttempt.set(attemptKey, e);
    switch (e.type) {
      case "StateEntered":
        emit(ts, `${type}StateEntered` as HistoryEventType, { stateEnteredEventDetails: { name, input: json(e.state.input), inputDetails: { truncated: false } } }, at);
        // No call: the task failed on its input (Parameters) before being scheduled, as AWS shows it.
        if (type === "Task" && call) scheduled(ts, task, call, at);
        if (type === "Map") {
          const id = emit(ts, "MapStateStarted", { mapStateStartedEventDetails: { length: mapLength(name, e.state.input) } }, at);
          mapStartedId.set(name, id);
        }
        return;
      case "StateRetried":
        if (type === "Task" && call) scheduled(ts, task, call, at);
        return;
      case "StateFailed": {
        const attempt = latestAttempt.get(attemptKey);
        const made = attempt ? callOf.get(attempt) : undefined;
        if (type === "Task" && made?.endedAt !== undefined && made.error === undefined) {
          // The call succeeded and processing its result failed (ResultSelector, OutputPath):
          // AWS logs TaskSucceeded, then the execution fails with the States.Runtime error.
          emit(ts, "TaskSucceeded", { taskSucceededEventDetails: { ...task, output: json(made.output), outputDetails: { truncated: false } } }, at);
        } else if (type === "Task" && made) {
          emit(ts, "TaskFailed", { taskFailedEventDetails: { ...task, error: e.Error, cause: causeText(e.Cause) } }, at);
        } else if (type === "Map") {
          emit(ts, "MapStateFailed", {}, at);
        }
        return;
      }
      case "StateCaught":
        // AWS shows the caught error as the state's exit; the engine does not log the output here.
        emit(ts, `${type}StateExited` as HistoryEventType, { stateExitedEventDetails: { name } }, at);
        return;
      case "StateExited": {
        const output = json(e.state.output);
        if (type === "Task") {
          const attempt = latestAttempt.get(attemptKey);
          const raw = attempt ? callOf.get(attempt) : undefined;
          emit(ts, "TaskSucceeded", { taskSucceededEventDetails: { ...task, output: raw ? json(raw.output) : output, outputDetails: { truncated: false } } }, at);
        }
        if (type === "Map") emit(ts, "MapStateSucceeded", {}, at);
        emit(ts, `${type}StateExited` as HistoryEventType, { stateExitedEventDetails: { name, output, outputDetails: { truncated: false } } }, at);
        return;
      }
    }
  }

  function scheduled(ts: number, task: { resourceType: string; resource: string }, call: TaskCall, at: number | undefined) {
    const timeout = stateDefs.get(call.state)?.TimeoutSeconds;
    emit(ts, "TaskScheduled", {
      taskScheduledEventDetails: {
        ...task,
        region,
        parameters: json(call.parameters),
        ...(typeof timeout === "number" ? { timeoutInSeconds: timeout } : {}),
      },
    }, at);
    // The call starts in the same tick the engine logs the attempt; one timestamp keeps ids in time order.
    emit(ts, "TaskStarted", { taskStartedEventDetails: task }, at);
  }

  /** Items the Map will iterate: ItemsPath (a plain dotted path) into its input, when it can be read. */
  function mapLength(name: string, stateInput: unknown): number | undefined {
    const def = stateDefs.get(name);
    const items = dotted(dotted(stateInput, def?.InputPath), def?.ItemsPath);
    if (Array.isArray(items)) return items.length;
    const seen = input.events.filter((x) => x.type === "MapIterationStarted" && x.parentState.name === name);
    return seen.length;
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

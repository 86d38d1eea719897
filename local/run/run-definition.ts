/**
 * Runs a definition on aws-local-stepfunctions with local integrations only.
 *
 * The engine overrides Task states by state name; the integrations here are
 * keyed by Resource, so every Task state (inside Map and Parallel too) is
 * mapped to the integration for its Resource. A Task with none is refused
 * before anything runs: the engine would otherwise call real AWS Lambda.
 *
 * Returns the engine's own event log and the journal of integration calls;
 * history.ts turns both into AWS execution-history events.
 *
 * AWS's quotas are applied around the engine (quotas.ts): the engine runs a
 * copy of the definition without its own 60 s Task timeout and with inline
 * Maps held to 40 at once, and a quota reached stops it there: the run ends
 * FAILED, its log cut where AWS's history would end.
 */
import { randomUUID } from "node:crypto";
import {
  StateMachine,
  type RunOptions,
  type StateMachineDefinition,
} from "aws-local-stepfunctions";
import { STATE_PAYLOAD_LIMIT_BYTES } from "../../stacks/aws-limits";
import { taskStates } from "../../stacks/definition-walk";
import { checkSupported, UnsupportedDefinitionError } from "../engine/support";
import { functionError, TaskFailure, type Integrations, type TaskCall } from "../engine/integrations";
import { DATA_LIMIT_EXCEEDED, ENGINE_NO_TASK_TIMEOUT_SECONDS, engineView, payloadBytes, QuotaMeter, type QuotaFailure, type QuotaOptions } from "../quotas/quotas";
import { distributedMaps, runMapRun, withPlaceholders, type MapRunRecord } from "../distributed/distributed-map";
import { mapRunArn } from "../distributed/distributed-rules";
import { withItemPositions } from "../faults/fault-injection";
import { mapRunEvent } from "../history/history";

type RunResult = ReturnType<StateMachine["run"]>;
/** One entry of the engine's event log (its type is not exported by name). */
export type EngineEvent = RunResult["eventLogs"] extends AsyncGenerator<infer E> ? E : never;
type Overrides = NonNullable<RunOptions["overrides"]>;
type LocalHandlers = NonNullable<Overrides["taskResourceLocalHandlers"]>;
type JSONValue = Parameters<LocalHandlers[string]>[0];

export type Outcome =
  | { readonly status: "SUCCEEDED"; readonly output: unknown }
  | { readonly status: "FAILED"; readonly error: string; readonly cause: string }
  | { readonly status: "TIMED_OUT"; readonly error: "States.Timeout" }
  | { readonly status: "ABORTED" };

export interface EngineRunOptions {
  readonly definition: object;
  readonly input?: unknown;
  /** Local integrations by Task Resource ARN. */
  readonly integrations: Integrations;
  /** Aborting it aborts the execution (status ABORTED). */
  readonly signal?: AbortSignal;
  /** Milliseconds between retries, by state name (the engine's override: no jitter then). */
  readonly retryIntervalOverrides?: Overrides["retryIntervalOverrides"];
  /** Milliseconds a Wait state waits, by state name. */
  readonly waitTimeOverrides?: Overrides["waitTimeOverrides"];
  /** Each engine event as it happens (progress display). */
  readonly onEvent?: (event: EngineEvent) => void;
  /** Non-fatal notes (MaxConcurrency above AWS's inline limit); default: stderr. */
  readonly warn?: (message: string) => void;
  /** The context object's Execution and StateMachine fields ($$.Execution.Name, $$.StateMachine.Id). */
  readonly context?: RunOptions["context"];
  /** AWS's quotas; default: a STANDARD workflow's (history 25,000 events, payload 256 KiB). */
  readonly quotas?: QuotaOptions;
  /** The definition was validated by the engine before (a Map Run's later children): skip asl-validator. */
  readonly validated?: boolean;
  /** Each child execution of a Distributed Map as it starts and ends (progress display). */
  readonly onChild?: (event: "started" | "succeeded" | "failed", items: number) => void;
}

export interface EngineRun {
  readonly outcome: Outcome;
  /** The engine's event log, in the order it delivered it. */
  readonly events: readonly EngineEvent[];
  /** Every integration call, in call order. */
  readonly calls: readonly TaskCall[];
  /** The quota that ended the run; `events` then ends with the ExecutionFailed added here. */
  readonly quota?: QuotaFailure;
  /** AWS history events the run made (the length of toHistory's result). */
  readonly historyEvents: number;
  /** The Map Runs of its Distributed Maps, in start order, each with its children's runs. */
  readonly mapRuns: readonly MapRunRecord[];
}

/** A Task whose Resource has no local integration: offline runs never call AWS. */
export class NoLocalHandlerError extends UnsupportedDefinitionError {
  override name = "NoLocalHandlerError";
}

export async function runDefinition(opts: EngineRunOptions): Promise<EngineRun> {
  const { definition, integrations } = opts;
  checkSupported(definition);
  const tasks = taskStates(definition);
  const resourceOf = new Map<string, string>();
  for (const t of tasks) {
    // The engine's overrides are by state name: one name must mean one Resource.
    if (resourceOf.has(t.name) && resourceOf.get(t.name) !== t.resource) {
      throw new UnsupportedDefinitionError(`two Task states are named ${t.name} with different resources; local handlers are chosen by state name`);
    }
    resourceOf.set(t.name, t.resource);
    if (!Object.prototype.hasOwnProperty.call(integrations, t.resource)) {
      throw new NoLocalHandlerError(
        `state ${t.name} (${t.path}) calls ${t.resource}, which has no local handler; offline runs never call AWS (local handlers: ${Object.keys(integrations).join(", ") || "none"})`,
      );
    }
  }
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`${m}\n`));
  const view = engineView(definition);
  for (const w of view.warnings) warn(w);
  // Distributed Maps run through the project's layer (distributed-map.ts): the engine sees a Task placeholder.
  const maps = distributedMaps(definition);
  const engineDefinition = maps.size > 0 ? withPlaceholders(view.definition, maps, ENGINE_NO_TASK_TIMEOUT_SECONDS) : view.definition;

  const calls: TaskCall[] = [];
  const meter = new QuotaMeter(calls, opts.quotas);
  const payloadQuota = opts.quotas?.payloadBytes ?? STATE_PAYLOAD_LIMIT_BYTES;
  let quota: QuotaFailure | undefined;
  let ended = false;
  const handlers: LocalHandlers = {};
  for (const t of tasks) {
    const integration = integrations[t.resource]!;
    // Called by the engine synchronously right after it logs the attempt; the call starts here too.
    handlers[t.name] = async (input: JSONValue): Promise<JSONValue> => {
      if (ended) {
        // The engine keeps starting queued Map iterations after an abort or timeout; start no task for them.
        throw new TaskFailure("States.Runtime", "the execution has already ended");
      }
      const call: TaskCall = { seq: calls.length, state: t.name, resource: t.resource, parameters: input, startedAt: Date.now() };
      calls.push(call);
      if (payloadBytes(input) > payloadQuota) {
        // AWS would not start this task (States.DataLimitExceeded); the quota meter ends the run
        // when this attempt reaches the log. Journaled, not called.
        call.error = DATA_LIMIT_EXCEEDED;
        call.endedAt = call.startedAt;
        throw new TaskFailure(DATA_LIMIT_EXCEEDED, "task input over the payload quota");
      }
      try {
        const output = await integration(input, call);
        call.output = output;
        return output as JSONValue;
      } catch (e) {
        const failure = e instanceof TaskFailure ? e : functionError(e);
        call.error = failure.name;
        call.cause = failure.cause;
        throw failure;
      } finally {
        call.endedAt = Date.now();
      }
    };
  }

  const mapRuns: MapRunRecord[] = [];
  // The n-th Map Run of a state has one ARN, whoever asks first: the handler or the log reader.
  const runArns = new Map<string, string[]>();
  const arnOf = (state: string, n: number) => {
    const list = runArns.get(state) ?? [];
    runArns.set(state, list);
    const stateMachineId = String((opts.context as { StateMachine?: { Id?: string } } | undefined)?.StateMachine?.Id ?? "arn:aws:states:us-east-1:000000000000:stateMachine:local");
    while (list.length <= n) list.push(mapRunArn(stateMachineId, maps.get(state)!.label, randomUUID()));
    return list[n]!;
  };
  const runsStarted = new Map<string, number>();
  // One validation of a child definition is enough: asl-validator costs more than a short child's run.
  const validatedChildren = new Set<string>();
  let itemsBefore = 0;
  for (const spec of maps.values()) {
    handlers[spec.name] = async (input: JSONValue): Promise<JSONValue> => {
      if (ended) throw new TaskFailure("States.Runtime", "the execution has already ended");
      const n = runsStarted.get(spec.name) ?? 0;
      runsStarted.set(spec.name, n + 1);
      const output = await runMapRun({
        spec,
        input,
        mapRunArn: arnOf(spec.name, n),
        itemOffset: itemsBefore,
        ...(opts.context ? { context: opts.context as object } : {}),
        isEnded: () => ended,
        warn,
        ...(opts.onChild ? { onChild: opts.onChild } : {}),
        onStart: (record) => {
          mapRuns.push(record);
          itemsBefore += record.totalItems;
        },
        runChild: (child) =>
          withItemPositions(child.positions, () =>
            runDefinition({
              definition: child.definition,
              input: child.input,
              validated: validatedChildren.has(spec.name) || (validatedChildren.add(spec.name), false),
              integrations,
              ...(opts.signal ? { signal: opts.signal } : {}),
              retryIntervalOverrides: opts.retryIntervalOverrides,
              waitTimeOverrides: opts.waitTimeOverrides,
              warn,
              context: {
                ...(opts.context ?? {}),
                Execution: { Id: child.executionArn, Name: child.name },
              } as RunOptions["context"],
              // Express children keep no history quota (their 5-minute limit is in their definition).
              quotas: { ...opts.quotas, historyEvents: child.express ? null : opts.quotas?.historyEvents },
            }),
          ),
      });
      return output as JSONValue;
    };
  }
  const recordOf = (state: string, n: number) => mapRuns.filter((r) => r.stateName === state)[n];
  const runsSeen = new Map<string, { entered: number; ended: number }>();

  let machine: StateMachine;
  try {
    machine = new StateMachine(engineDefinition as StateMachineDefinition, opts.validated ? { validationOptions: { noValidate: true } } : undefined);
  } catch (e) {
    // The engine validates with asl-validator and throws a plain Error listing the problems.
    throw new UnsupportedDefinitionError(`the local engine refused the definition: ${(e as Error).message}`);
  }
  const execution = machine.run((opts.input ?? {}) as never, {
    ...(opts.context ? { context: opts.context } : {}),
    overrides: {
      taskResourceLocalHandlers: handlers,
      retryIntervalOverrides: opts.retryIntervalOverrides,
      waitTimeOverrides: opts.waitTimeOverrides,
    },
  });
  const events: EngineEvent[] = [];
  // The log ends when the engine closes it: on success, failure, abort and timeout alike.
  const drained = (async () => {
    for await (const raw of execution.eventLogs) {
      if (quota) continue; // past the quota: AWS's history has ended
      const { event, before, after } = asDistributedMap(raw);
      for (const extra of before) {
        quota ??= meter.see(extra);
        if (!quota) events.push(extra);
      }
      if (quota) continue;
      quota = meter.see(event);
      if (quota) {
        // Stop the engine here; no task starts after this point.
        ended = true;
        execution.abort();
        let at = event.timestamp;
        for (const x of events) at = Math.max(at, x.timestamp);
        events.push(event, { type: "ExecutionFailed", timestamp: at, Error: quota.error, Cause: quota.cause } as unknown as EngineEvent);
        continue;
      }
      events.push(event);
      opts.onEvent?.(event);
      for (const extra of after) {
        quota ??= meter.see(extra);
        if (!quota) events.push(extra);
      }
    }
  })();

  /**
   * A Distributed Map's placeholder Task events given back their type Map, with
   * the Map Run's events beside them: MapRunStarted after the state is entered
   * (or retried), MapRunSucceeded/MapRunFailed before it exits or fails. A Map
   * whose items could not be read (ItemsPath) started no Map Run: none then.
   */
  function asDistributedMap(raw: EngineEvent): { event: EngineEvent; before: EngineEvent[]; after: EngineEvent[] } {
    if (!("state" in raw) || raw.index !== undefined || !maps.has(raw.state.name)) return { event: raw, before: [], after: [] };
    const name = raw.state.name;
    const event = { ...raw, state: { ...raw.state, type: "Map" } } as EngineEvent;
    const seen = runsSeen.get(name) ?? { entered: 0, ended: 0 };
    runsSeen.set(name, seen);
    if (raw.type === "StateEntered" || raw.type === "StateRetried") {
      seen.entered++;
      return { event, before: [], after: [] };
    }
    if (raw.type !== "StateExited" && raw.type !== "StateFailed" && raw.type !== "StateCaught") return { event, before: [], after: [] };
    // The handler has settled when the engine logs the state's end: its record is complete.
    const record = recordOf(name, seen.ended);
    if (!record || record.mapRunArn !== arnOf(name, seen.entered - 1)) return { event, before: [], after: [] };
    seen.ended++;
    const started = mapRunEvent("MapRunStarted", record.startedAt, { mapRunArn: record.mapRunArn });
    const ended =
      record.status === "SUCCEEDED"
        ? mapRunEvent("MapRunSucceeded", record.endedAt, {})
        : mapRunEvent(record.status === "ABORTED" ? "MapRunAborted" : "MapRunFailed", record.endedAt, { error: record.error, cause: record.cause });
    return { event, before: [started as unknown as EngineEvent, ended as unknown as EngineEvent], after: [] };
  }

  const abort = () => execution.abort();
  if (opts.signal?.aborted) abort();
  else opts.signal?.addEventListener("abort", abort, { once: true });

  let outcome: Outcome;
  try {
    outcome = { status: "SUCCEEDED", output: await execution.result };
  } catch (e) {
    outcome = outcomeOf(e);
  } finally {
    ended = true;
    opts.signal?.removeEventListener("abort", abort);
    // Map iterations the engine already started (p-limit starts the next one as a
    // failed one settles) would otherwise sit out their Wait after the run ended.
    execution.abort();
  }
  await drained;
  if (quota) {
    outcome = { status: "FAILED", error: quota.error ?? "", cause: quota.cause };
    return { outcome, events, calls, quota, historyEvents: quota.keep + 1, mapRuns };
  }
  return { outcome, events, calls, historyEvents: meter.count, mapRuns };
}

/**
 * The engine's errors by name (not instanceof: robust to two copies of the
 * package). Its top-level TimeoutSeconds timer aborts the run and throws
 * ExecutionTimeoutError, which AWS reports as States.Timeout / TIMED_OUT.
 */
function outcomeOf(e: unknown): Outcome {
  const err = e as Error;
  switch (err?.name) {
    case "ExecutionTimeoutError":
      return { status: "TIMED_OUT", error: "States.Timeout" };
    case "ExecutionAbortedError":
      return { status: "ABORTED" };
    case "ExecutionError": {
      const failure = err.cause as Error & { cause?: unknown };
      return {
        status: "FAILED",
        error: failure?.name ?? "Error",
        cause: typeof failure?.cause === "string" ? failure.cause : failure?.message ?? "",
      };
    }
    default:
      throw e;
  }
}

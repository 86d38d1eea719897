/**
 * One execution offline: the engine core (local/engine/) with the layers
 * that make it behave as AWS does, stacked from the engine outward:
 *
 *   engine -> caller's layers (fault injection) -> Distributed Map (local/distributed/) -> quotas (local/quotas/)
 *
 * The definition goes in from the outside (the quota layer lifts the engine's
 * own 60 s Task timeout and holds inline Maps to 40 at once, then the
 * Distributed Map layer puts its placeholder Tasks in); each task call goes
 * through the quota's payload check, then the injected faults, to the
 * integration; the events come out from the engine (Map Run events added,
 * then the history and payloads metered: a quota reached stops the run
 * there, FAILED, its log cut where AWS's history would end).
 *
 * Returns the run's events and the journal of integration calls;
 * local/history/ turns both into AWS execution-history events.
 */
import type { RunOptions } from "aws-local-stepfunctions";
import { checkDefinition, Engine, type EngineStartOptions } from "../engine/engine";
import type { Integrations } from "../engine/integrations";
import { isMapRunEvent, type AttemptCalls, type ChildFold, type EngineEvent, type EngineRun, type Outcome, type RunEvent } from "../engine/events";
import { LayerStack, type Layer } from "../engine/layer";
import type { QuotaOptions } from "../quotas/quotas";
import { quotaLayer, type QuotaLayer } from "../quotas/layer";
import { distributedLayer, type DistributedLayer } from "../distributed/layer";
import type { ChildToRun } from "../distributed/distributed-map";

export interface EngineRunOptions {
  readonly definition: object;
  /**
   * A Map Run's child: the positions in the top-level list of the items it serves, which each of its task calls carries
   * (fault injection and log lines read them). A child of a nested Map Run keeps its parent child's.
   */
  readonly itemPositions?: readonly number[];
  readonly input?: unknown;
  /** Local integrations by Task Resource ARN. */
  readonly integrations: Integrations;
  /** Aborting it aborts the execution (status ABORTED). */
  readonly signal?: AbortSignal;
  /** Milliseconds between retries, by state name (the engine's override: no jitter then). */
  readonly retryIntervalOverrides?: EngineStartOptions["retryIntervalOverrides"];
  /** Milliseconds a Wait state waits, by state name. */
  readonly waitTimeOverrides?: EngineStartOptions["waitTimeOverrides"];
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
  /** Layers of the caller's (fault injection), next to the engine, inside the AWS ones; a Distributed Map's children run with them too. */
  readonly layers?: readonly Layer[];
  /** Takes each child of this execution's Map Runs as it ends, which its MapRunRecord then does not keep (not passed on to the children). */
  readonly foldChild?: ChildFold;
  /**
   * Takes each event as it leaves the layers, with the Task calls the quota
   * meter paired for it (a HistoryStream): the run then keeps none of them
   * (EngineRun.events and attempts stay empty), so an execution's memory is
   * what its sink keeps. Not passed on to a Distributed Map's children.
   */
  readonly sink?: RunSink;
}

/** Where a run's events go as they come (EngineRunOptions.sink); `cut`: the history's length on a quota (QuotaFailure.keep), the quota's own ExecutionFailed aside. */
export type RunSink = (event: RunEvent, attempt: AttemptCalls, cut: number | undefined) => void;

/** Where warnings go when the caller names no `warn`: one line each on stderr. */
export function warnOnStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}

export async function runDefinition(opts: EngineRunOptions): Promise<EngineRun> {
  const tasks = checkDefinition(opts.definition, opts.integrations);
  const warn = opts.warn ?? warnOnStderr;
  // Streamed: the meter pairs each call and the history takes it; the engine's journal lets it go.
  const engine = new Engine(!opts.sink);
  const quotas = quotaLayer(opts.definition, engine, { ...(opts.quotas ? { quotas: opts.quotas } : {}), warn });
  const distributed = distributedLayer(opts.definition, engine, {
    ...(opts.context ? { context: opts.context } : {}),
    warn,
    ...(opts.onChild ? { onChild: opts.onChild } : {}),
    runChild: (child, validated) => runDefinition(childOptions(opts, warn, child, validated)),
    ...(opts.foldChild ? { foldChild: opts.foldChild } : {}),
  });
  const layers = new LayerStack([...(opts.layers ?? []), distributed, quotas]);
  const execution = engine.start({
    definition: layers.engineDefinition(opts.definition),
    tasks,
    integrations: layers.integrations(opts.integrations),
    stateHandlers: layers.stateHandlers(),
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    retryIntervalOverrides: opts.retryIntervalOverrides,
    waitTimeOverrides: opts.waitTimeOverrides,
    ...(opts.context ? { context: opts.context } : {}),
    ...(opts.validated ? { validated: true } : {}),
    ...(opts.itemPositions ? { itemPositions: opts.itemPositions } : {}),
  });
  const events: RunEvent[] = [];
  const attempts = new Map<RunEvent, AttemptCalls>();
  const sink = opts.sink;
  const keep = (e: RunEvent) => {
    const attempt = quotas.takeAttempt(e);
    if (sink) sink(e, attempt, "quota" in e ? undefined : quotas.failure?.keep);
    else {
      events.push(e);
      attempts.set(e, attempt);
    }
    if (!("quota" in e) && !isMapRunEvent(e)) opts.onEvent?.(e);
  };
  const drained = (async () => {
    for await (const raw of execution.events) layers.push(raw).forEach(keep);
    layers.flush().forEach(keep);
  })();
  const outcome = await execution.outcome;
  await drained;
  return result(outcome, { events, attempts }, engine, quotas, distributed);
}

function result(outcome: Outcome, kept: Pick<EngineRun, "events" | "attempts">, engine: Engine, quotas: QuotaLayer, distributed: DistributedLayer): EngineRun {
  const { failure } = quotas;
  const base = { ...kept, calls: engine.calls, historyEvents: quotas.historyEvents, mapRuns: distributed.mapRuns };
  if (failure) return { ...base, outcome: { status: "FAILED", error: failure.error ?? "", cause: failure.cause }, quota: failure };
  return { ...base, outcome };
}

/** A Distributed Map's child: the parent's integrations, overrides and layers, its own context and quotas. */
function childOptions(parent: EngineRunOptions, warn: (message: string) => void, child: ChildToRun, validated: boolean): EngineRunOptions {
  return {
    definition: child.definition,
    input: child.input,
    validated,
    integrations: parent.integrations,
    ...(parent.signal ? { signal: parent.signal } : {}),
    retryIntervalOverrides: parent.retryIntervalOverrides,
    waitTimeOverrides: parent.waitTimeOverrides,
    warn,
    context: { ...(parent.context ?? {}), Execution: { Id: child.executionArn, Name: child.name } },
    // Positions in the top-level list: a child of a child's own Map Run serves its parent's items (log lines, faults).
    itemPositions: parent.itemPositions ?? child.itemPositions,
    // Express children keep no history quota (their 5-minute limit is in their definition).
    quotas: { ...parent.quotas, historyEvents: child.express ? null : parent.quotas?.historyEvents },
    ...(parent.layers ? { layers: parent.layers } : {}),
  };
}

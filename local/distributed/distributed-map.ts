/**
 * Distributed Map offline: a layer around aws-local-stepfunctions (which
 * implements none, and stays unmodified) that runs a Map Run the way AWS
 * describes it ("Using Map state in Distributed mode"): each item, or each
 * batch with ItemBatcher, is a child workflow execution of the ItemProcessor
 * with its own history, run on the same engine with the child's
 * ExecutionType, at most MaxConcurrency at once, and the Map Run fails with
 * States.ExceedToleratedFailureThreshold when failures exceed the tolerated
 * threshold (distributed-rules.ts holds each rule and its citation).
 *
 * How it hooks the engine (layer.ts, through the layer interface of
 * local/engine/layer.ts): the engine runs a copy of the
 * definition in which each Distributed Map is a Task state of the same name
 * (same InputPath, ResultSelector, ResultPath, OutputPath, Retry, Catch,
 * Next/End) whose local handler is runMapRun. The engine's events for that
 * state are given back the type Map before anything reads them, and the
 * Map Run's own events are added beside them, so the parent's history shows
 * MapStateEntered, MapStateStarted, MapRunStarted, MapRunSucceeded or
 * MapRunFailed, MapStateSucceeded or MapStateFailed, MapStateExited, and no
 * Task events. Written against the engine's public API only, so it could be
 * offered upstream as is.
 */
import { randomUUID } from "node:crypto";
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { DISTRIBUTED_MAP_CONCURRENCY_LIMIT, EXPRESS_MAX_SECONDS } from "../../stacks/aws-limits";
import { allStates } from "../../stacks/definition-walk";
import { isDistributedMap, itemProcessorOf } from "../../stacks/definition/asl";
import { UnsupportedDefinitionError } from "../engine/support";
import { TaskFailure } from "../engine/integrations";
import type { ChildFold, EngineRun, MapRunRecord } from "../engine/events";
import {
  batcherOf,
  childExecutionArn,
  EXCEED_TOLERATED_FAILURE_THRESHOLD,
  EXCEED_TOLERATED_FAILURE_THRESHOLD_CAUSE,
  exceedsTolerance,
  makeBatches,
  OFFLINE_CHILD_CONCURRENCY_BOUND,
  toleranceOf,
  type Batch,
  type Batcher,
  type ToleranceSpec,
} from "./distributed-rules";
import { MapRuntimeError, readLimits } from "./map-run-paths";

type Json = Record<string, unknown>;

/** The engine-side Resource of the placeholder Task; never deployed, never called as an integration. */
export const MAP_RUN_PLACEHOLDER_RESOURCE = "arn:aws:states:::local:mapRun";

/** A Distributed Map of the definition, checked and ready to run. */
export interface DistributedMapSpec {
  readonly name: string;
  readonly state: Json;
  /** The child's definition: the ItemProcessor's StartAt and States, plus the Express time limit. */
  readonly childDefinition: Json;
  readonly express: boolean;
  readonly batcher?: Batcher;
  readonly tolerance: ToleranceSpec;
  /** MaxConcurrency as AWS reads it (0 or absent: 10,000). */
  readonly maxConcurrency: number;
  /** MaxConcurrencyPath: read when the Map Run starts, then read as MaxConcurrency is. */
  readonly maxConcurrencyPath?: string;
  readonly label: string;
}

/**
 * The top-level Distributed Maps of a definition, by state name. One nested
 * in another Distributed Map's processor is that Map Run's children's: each
 * child runs the processor as a definition of its own, with this layer
 * (AWS runs it: LocalStack's v2/scenarios/test_base_scenarios.snapshot.json,
 * test_map_state_nested_config_distributed and
 * test_map_state_nested_config_distributed_no_max_max_concurrency); it is
 * checked here, before anything runs. One inside an inline Map or a
 * Parallel is refused: its Map Run events would belong inside an
 * iteration's or branch's events, which the offline history cannot place.
 * ItemReader and ResultWriter are refused by checkSupported.
 */
export function distributedMaps(definition: object, at = ""): Map<string, DistributedMapSpec> {
  const out = new Map<string, DistributedMapSpec>();
  const top = new Set(Object.keys(((definition as Json).States as Json | undefined) ?? {}));
  const inside = (path: string) => [...out.keys()].some((name) => path.startsWith(`States.${name}.`));
  for (const { name, state, path } of allStates(definition)) {
    if (!isDistributedMap(state) || inside(path)) continue;
    if (!top.has(name) || path !== `States.${name}`) {
      throw new UnsupportedDefinitionError(`${at}${path}: a Distributed Map inside an inline Map or a Parallel is not built offline`);
    }
    const spec = specOf(name, state, `${at}${path}`);
    out.set(name, spec);
    distributedMaps(spec.childDefinition, `${at}${path}.${state.ItemProcessor ? "ItemProcessor" : "Iterator"}.`);
  }
  return out;
}

function specOf(name: string, state: Json, path: string): DistributedMapSpec {
  const processor = itemProcessorOf(state) as unknown as Json;
  // "ExecutionType ... EXPRESS or STANDARD" (state-map-distributed, ItemProcessor); AWS requires it.
  const type: unknown = (processor.ProcessorConfig as Json | undefined)?.ExecutionType;
  if (type !== "EXPRESS" && type !== "STANDARD") {
    throw new UnsupportedDefinitionError(`${path}: ProcessorConfig.ExecutionType must be EXPRESS or STANDARD, not ${JSON.stringify(type)}`);
  }
  if ("MaxConcurrency" in state && "MaxConcurrencyPath" in state) {
    throw new UnsupportedDefinitionError(`${path}: MaxConcurrency and MaxConcurrencyPath are both given; AWS takes one of them`);
  }
  const express = type === "EXPRESS";
  const { ProcessorConfig: _config, ...machine } = processor;
  const asked = typeof state.MaxConcurrency === "number" ? state.MaxConcurrency : 0;
  return {
    name,
    state,
    childDefinition: { ...machine, ...(express ? { TimeoutSeconds: EXPRESS_MAX_SECONDS } : {}) },
    express,
    ...(state.ItemBatcher !== undefined ? { batcher: batcherOf(state, path) } : {}),
    tolerance: toleranceOf(state, path),
    maxConcurrency: concurrencyOf(asked),
    ...(typeof state.MaxConcurrencyPath === "string" ? { maxConcurrencyPath: state.MaxConcurrencyPath } : {}),
    label: typeof state.Label === "string" ? state.Label : name,
  };
}

/** MaxConcurrency as AWS reads it: 0 (or none) is AWS's 10,000, and so is anything above it. */
function concurrencyOf(asked: number): number {
  return asked > 0 ? Math.min(asked, DISTRIBUTED_MAP_CONCURRENCY_LIMIT) : DISTRIBUTED_MAP_CONCURRENCY_LIMIT;
}

/** Fields a Task and a Map share; everything else of the Map is the layer's business. */
const SHARED_FIELDS = ["Comment", "InputPath", "ResultSelector", "ResultPath", "OutputPath", "Retry", "Catch", "Next", "End"] as const;

/** The engine's copy with each Distributed Map replaced by its placeholder Task (no engine Task timeout). */
export function withPlaceholders(engineDefinition: object, maps: ReadonlyMap<string, DistributedMapSpec>, noTimeoutSeconds: number): object {
  const copy = JSON.parse(JSON.stringify(engineDefinition)) as Json;
  const states = copy.States as Record<string, Json>;
  for (const name of maps.keys()) {
    const map = states[name]!;
    const task: Json = { Type: "Task", Resource: MAP_RUN_PLACEHOLDER_RESOURCE, TimeoutSeconds: noTimeoutSeconds };
    for (const f of SHARED_FIELDS) if (f in map) task[f] = map[f];
    states[name] = task;
  }
  return copy;
}

/**
 * ItemsPath and ItemSelector evaluated by the engine itself, as its inline
 * Map evaluates them (same JSONPath, same $$.Map.Item.Index/Value, same
 * errors): a one-state inline Map whose iterations return their input.
 */
export async function selectItems(state: Json, input: unknown, context: object | undefined): Promise<unknown[]> {
  const selector: Json = {
    Type: "Map",
    ...(state.ItemsPath !== undefined ? { ItemsPath: state.ItemsPath } : {}),
    ...(state.ItemSelector !== undefined ? { ItemSelector: state.ItemSelector } : {}),
    ...(state.Parameters !== undefined ? { Parameters: state.Parameters } : {}),
    ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Pass", End: true } } },
    End: true,
  };
  const machine = new StateMachine({ StartAt: "Select", States: { Select: selector } } as unknown as StateMachineDefinition, {
    validationOptions: { noValidate: true },
  });
  const run = machine.run(input as never, context ? { context: context as never } : {});
  try {
    return (await run.result) as unknown[];
  } catch (e) {
    const failure = (e as Error & { cause?: Error }).cause ?? (e as Error);
    // The engine's States.Runtime (ItemsPath points nowhere) stays one: no Retry or Catch applies.
    if (!failure.name || failure.name === "States.Runtime") throw new MapRuntimeError(failure.message);
    throw new TaskFailure(failure.name, failure.message);
  }
}

/** A child execution to run: its definition (the ItemProcessor), input and name. */
export interface ChildToRun {
  readonly definition: Json;
  readonly input: unknown;
  readonly name: string;
  readonly executionArn: string;
  readonly express: boolean;
  /** The positions in the whole list of the items it serves (one, or a batch); its task calls carry them. */
  readonly itemPositions: readonly number[];
}

export interface MapRunOptions {
  readonly spec: DistributedMapSpec;
  readonly input: unknown;
  readonly mapRunArn: string;
  readonly itemOffset: number;
  /** The parent's context object ($$), for ItemSelector. */
  readonly context?: object;
  /** Runs one child on the engine with the child's quotas (local/run/run-definition.ts's runDefinition). */
  readonly runChild: (child: ChildToRun) => Promise<EngineRun>;
  readonly isEnded: () => boolean;
  readonly warn: (message: string) => void;
  readonly onChild?: (event: "started" | "succeeded" | "failed", items: number) => void;
  /** Called once the items are known, before any child starts. */
  readonly onStart: (record: MapRunRecord) => void;
  /** Takes each child as it ends instead of the record's keeping it. */
  readonly foldChild?: ChildFold;
}

/**
 * Runs one Map Run; returns the Map's raw result (the children's outputs in
 * item order). Throws TaskFailure(States.ExceedToleratedFailureThreshold)
 * when failures exceed the threshold, which the engine then handles as the
 * Map state's error (Retry, Catch, or the execution fails).
 */
export async function runMapRun(opts: MapRunOptions): Promise<unknown[]> {
  const { spec } = opts;
  const items = await selectItems(spec.state, opts.input, opts.context);
  // After the items, before the Map Run: AWS's records show MapStateStarted {length}, then the Path's failure.
  const limits = await readLimits(spec, opts.input, opts.context);
  const maxConcurrency = limits.maxConcurrency !== undefined ? concurrencyOf(limits.maxConcurrency) : spec.maxConcurrency;
  const { tolerance } = limits;
  const batches = makeBatches(items, spec.batcher);
  const record = newRecord(opts, items.length);
  opts.onStart(record);
  const atOnce = Math.min(maxConcurrency, OFFLINE_CHILD_CONCURRENCY_BOUND);
  if (maxConcurrency > OFFLINE_CHILD_CONCURRENCY_BOUND && batches.length > OFFLINE_CHILD_CONCURRENCY_BOUND) {
    opts.warn(
      `warning: ${spec.name} may run ${maxConcurrency.toLocaleString("en-US")} child executions at once on AWS; offline at most ${OFFLINE_CHILD_CONCURRENCY_BOUND.toLocaleString("en-US")} run at once (one process holds them all)`,
    );
  }
  const outputs: unknown[] = new Array(batches.length).fill(null);
  let next = 0;
  let exceeded = false;
  const worker = async () => {
    // Once the threshold is exceeded no child starts; those running finish (AWS: "Step Functions
    // may continue to run child workflows ... after the tolerated failure threshold is exceeded").
    while (next < batches.length && !exceeded && !opts.isEnded()) {
      const k = next++;
      outputs[k] = await runOneChild(opts, record, batches[k]!, () => {
        if (exceedsTolerance(record.failedItems, items.length, tolerance)) exceeded = true;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, batches.length) }, worker));
  record.children.sort((a, b) => a.indices[0]! - b.indices[0]!);
  record.endedAt = Date.now();
  settle(record, exceeded, opts.isEnded());
  return outputs;
}

function newRecord(opts: MapRunOptions, totalItems: number): MapRunRecord {
  return {
    stateName: opts.spec.name,
    mapRunArn: opts.mapRunArn,
    startedAt: Date.now(),
    endedAt: 0,
    status: "SUCCEEDED",
    totalItems,
    itemOffset: opts.itemOffset,
    children: [],
    failedItems: 0,
    childDefinition: opts.spec.childDefinition,
    batched: opts.spec.batcher !== undefined,
  };
}

/** One child execution for one batch (or item); returns its place in the Map's output. `failed` runs as the child's failure is counted. */
async function runOneChild(opts: MapRunOptions, record: MapRunRecord, batch: Batch, failed: () => void): Promise<unknown> {
  const { spec } = opts;
  const name = randomUUID();
  const executionArn = childExecutionArn(opts.mapRunArn, name, spec.express);
  opts.onChild?.("started", batch.indices.length);
  const positions = batch.indices.map((i) => i + opts.itemOffset);
  const run = await opts.runChild({
    definition: spec.childDefinition,
    input: batch.input,
    name,
    executionArn,
    express: spec.express,
    itemPositions: positions,
  });
  const child = { name, executionArn, indices: batch.indices, input: batch.input, run };
  if (opts.foldChild) opts.foldChild(record, child);
  else record.children.push(child);
  if (run.outcome.status === "SUCCEEDED") {
    opts.onChild?.("succeeded", batch.indices.length);
    return run.outcome.output;
  }
  // A failed, timed-out or aborted child fails every item of its batch.
  record.failedItems += batch.indices.length;
  opts.onChild?.("failed", batch.indices.length);
  failed();
  // AWS documents no value for a tolerated failed child's place in the Map's output;
  // offline it holds the child's Error and Cause.
  return "error" in run.outcome ? { Error: run.outcome.error, Cause: "cause" in run.outcome ? run.outcome.cause : "" } : null;
}

/** The Map Run's end: FAILED over the threshold, ABORTED when the execution ended, else SUCCEEDED (throws for the first two). */
function settle(record: MapRunRecord, exceeded: boolean, ended: boolean): void {
  if (exceeded) {
    record.status = "FAILED";
    record.error = EXCEED_TOLERATED_FAILURE_THRESHOLD;
    // MapRunFailed carries the error and cause the Map state then fails with, as AWS's records of a
    // failed Map Run show (test_base_scenarios.snapshot.json, test_map_item_reader_json_no_json_list_object:
    // MapRunFailed, MapStateFailed, ExecutionFailed with one error and cause). No AWS history records a
    // Map Run over its threshold; the cause is the TestState API's (EXCEED_TOLERATED_FAILURE_THRESHOLD_CAUSE).
    record.cause = EXCEED_TOLERATED_FAILURE_THRESHOLD_CAUSE;
    throw new TaskFailure(record.error, record.cause);
  }
  if (ended) {
    record.status = "ABORTED";
    throw new TaskFailure("States.Runtime", "the execution has already ended");
  }
}

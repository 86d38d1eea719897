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
import { isDistributedMap } from "../../stacks/definition/asl";
import { UnsupportedDefinitionError } from "../engine/support";
import { TaskFailure } from "../engine/integrations";
import type { EngineRun, MapRunRecord } from "../engine/events";
import { withItemPositions } from "./child-items";
import {
  batcherOf,
  childExecutionArn,
  EXCEED_TOLERATED_FAILURE_THRESHOLD,
  exceedsTolerance,
  makeBatches,
  OFFLINE_CHILD_CONCURRENCY_BOUND,
  toleranceOf,
  type Batch,
  type Batcher,
  type Tolerance,
} from "./distributed-rules";

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
  readonly tolerance: Tolerance;
  /** MaxConcurrency as AWS reads it (0 or absent: 10,000). */
  readonly maxConcurrency: number;
  readonly label: string;
}

/**
 * The Distributed Maps of a definition, by state name. Only top-level ones
 * run offline: the project deploys no Distributed Map inside another Map or
 * a Parallel, and a nested one is refused rather than run differently.
 * ItemReader and ResultWriter are refused by checkSupported.
 */
export function distributedMaps(definition: object): Map<string, DistributedMapSpec> {
  const out = new Map<string, DistributedMapSpec>();
  const top = new Set(Object.keys(((definition as Json).States as Json | undefined) ?? {}));
  for (const { name, state, path } of allStates(definition)) {
    if (!isDistributedMap(state)) continue;
    if (!top.has(name) || path !== `States.${name}`) {
      throw new UnsupportedDefinitionError(`${path}: a Distributed Map inside another state is not built offline (the project never deploys one)`);
    }
    if ("MaxConcurrencyPath" in state) throw new UnsupportedDefinitionError(`${path}: MaxConcurrencyPath is not built offline for a Distributed Map`);
    const processor = state.ItemProcessor as unknown as Json;
    // "ExecutionType ... EXPRESS or STANDARD" (state-map-distributed, ItemProcessor); AWS requires it.
    const type: unknown = state.ItemProcessor.ProcessorConfig?.ExecutionType;
    if (type !== "EXPRESS" && type !== "STANDARD") {
      throw new UnsupportedDefinitionError(`${path}: ProcessorConfig.ExecutionType must be EXPRESS or STANDARD, not ${JSON.stringify(type)}`);
    }
    const express = type === "EXPRESS";
    const { ProcessorConfig: _config, ...machine } = processor;
    const asked = typeof state.MaxConcurrency === "number" ? state.MaxConcurrency : 0;
    out.set(name, {
      name,
      state,
      childDefinition: { ...machine, ...(express ? { TimeoutSeconds: EXPRESS_MAX_SECONDS } : {}) },
      express,
      ...(state.ItemBatcher !== undefined ? { batcher: batcherOf(state, path) } : {}),
      tolerance: toleranceOf(state, path),
      maxConcurrency: asked > 0 ? Math.min(asked, DISTRIBUTED_MAP_CONCURRENCY_LIMIT) : DISTRIBUTED_MAP_CONCURRENCY_LIMIT,
      label: typeof state.Label === "string" ? state.Label : name,
    });
  }
  return out;
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
    throw new TaskFailure(failure.name || "States.Runtime", failure.message);
  }
}

/** A child execution to run: its definition (the ItemProcessor), input and name. */
export interface ChildToRun {
  readonly definition: Json;
  readonly input: unknown;
  readonly name: string;
  readonly executionArn: string;
  readonly express: boolean;
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
  const batches = makeBatches(items, spec.batcher);
  const record = newRecord(opts, items.length);
  opts.onStart(record);
  const atOnce = Math.min(spec.maxConcurrency, OFFLINE_CHILD_CONCURRENCY_BOUND);
  if (spec.maxConcurrency > OFFLINE_CHILD_CONCURRENCY_BOUND && batches.length > OFFLINE_CHILD_CONCURRENCY_BOUND) {
    opts.warn(
      `warning: ${spec.name} may run ${spec.maxConcurrency.toLocaleString("en-US")} child executions at once on AWS; offline at most ${OFFLINE_CHILD_CONCURRENCY_BOUND.toLocaleString("en-US")} run at once (one process holds them all)`,
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
        if (exceedsTolerance(record.failedItems, items.length, spec.tolerance)) exceeded = true;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, batches.length) }, worker));
  record.children.sort((a, b) => a.indices[0]! - b.indices[0]!);
  record.endedAt = Date.now();
  settle(record, exceeded, opts.isEnded(), spec.tolerance);
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
  const run = await withItemPositions(positions, () =>
    opts.runChild({ definition: spec.childDefinition, input: batch.input, name, executionArn, express: spec.express }),
  );
  record.children.push({ name, executionArn, indices: batch.indices, input: batch.input, run });
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
function settle(record: MapRunRecord, exceeded: boolean, ended: boolean, tolerance: Tolerance): void {
  if (exceeded) {
    record.status = "FAILED";
    record.error = EXCEED_TOLERATED_FAILURE_THRESHOLD;
    // AWS documents the error name, not the cause text: this one is the offline run's.
    record.cause = `${record.failedItems} of ${record.totalItems} items failed, more than tolerated (${describeTolerance(tolerance)})`;
    throw new TaskFailure(record.error, record.cause);
  }
  if (ended) {
    record.status = "ABORTED";
    throw new TaskFailure("States.Runtime", "the execution has already ended");
  }
}

function describeTolerance(t: Tolerance): string {
  const parts = [
    ...(t.percentage !== undefined ? [`ToleratedFailurePercentage ${t.percentage}`] : []),
    ...(t.count !== undefined ? [`ToleratedFailureCount ${t.count}`] : []),
  ];
  return parts.length ? parts.join(", ") : "none tolerated";
}

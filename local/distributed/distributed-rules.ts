/**
 * AWS's rules for a Map state in Distributed mode, as pure functions, each
 * beside the documentation it follows. The runner (distributed-map.ts) uses
 * them; the tests pin their boundaries.
 *
 * Sources (AWS Step Functions Developer Guide):
 *  - "Using Map state in Distributed mode" (state-map-distributed.html)
 *  - "ItemBatcher (Map)" (input-output-itembatcher.html)
 *  - "Setting failure thresholds for Distributed Map states" (maprun-fail-threshold.html)
 */
import { UnsupportedDefinitionError } from "../engine/support";

type Json = Record<string, unknown>;

/** The error a Map Run fails with when failures exceed the threshold (maprun-fail-threshold). */
export const EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";

/**
 * The offline bound on children running at once. Each running child is a
 * whole engine execution held in this process (its event log, its async
 * generators, its Wait timer) and each finished one keeps its events for
 * the report; `npm run bench` measures the peak memory at 1,000 at once on
 * 10,000 items. Past about 1,000 the engine's per-execution overhead and the
 * event logs of one Node.js process, not AWS, would be what is measured, so
 * MaxConcurrency above this runs this many at once, with a warning.
 */
export const OFFLINE_CHILD_CONCURRENCY_BOUND = 1_000;

export interface Tolerance {
  /** ToleratedFailurePercentage, 0..100 (a float, as UpdateMapRun types it). */
  readonly percentage?: number;
  /** ToleratedFailureCount, >= 0. */
  readonly count?: number;
}

/** The tolerance as the definition gives it: values, or paths read from the state's input when the Map Run starts (map-run-paths.ts). */
export interface ToleranceSpec extends Tolerance {
  readonly percentagePath?: string;
  readonly countPath?: string;
}

/**
 * "The specified tolerated failure threshold was exceeded": AWS's cause for
 * States.ExceedToleratedFailureThreshold, recorded by the TestState API
 * (LocalStack's v2/test_state/test_state_configuration.snapshot.json,
 * test_map_state_failure_count[INFO-BASE_MAP_STATE_CATCH], exceeds_tolerated_failure).
 */
export const EXCEED_TOLERATED_FAILURE_THRESHOLD_CAUSE = "The specified tolerated failure threshold was exceeded";

/**
 * maprun-fail-threshold: "Your Map Run fails automatically if it exceeds the
 * threshold ... If you specify both values, your workflow fails when it
 * exceeds either value." Percentage: "Step Functions calculates the
 * percentage of failed items as the result of the total number of failed or
 * timed out items divided by the total number of items." Count: "the number
 * of failed items tolerated."
 *
 * So "exceed" is strictly greater: 2 failed of 25 (8 %) pass at 8 % and fail
 * at 7.99 %. With neither field, nothing is tolerated (a single failed item
 * fails the Map Run, as AWS does by default). With ItemBatcher the counts are
 * of items, not of child executions: a failed child fails every item of its
 * batch (DescribeMapRun reports itemCounts and executionCounts apart; that a
 * failed batch counts all its items is our reading, not a sentence AWS wrote).
 * Compared as 100 x failed > p x total to stay exact with whole numbers.
 */
export function exceedsTolerance(failedItems: number, totalItems: number, t: Tolerance): boolean {
  if (t.percentage === undefined && t.count === undefined) return failedItems > 0;
  if (t.count !== undefined && failedItems > t.count) return true;
  if (t.percentage !== undefined && failedItems * 100 > t.percentage * totalItems) return true;
  return false;
}

/**
 * The tolerance of a Distributed Map state. Literal values out of range are
 * refused before the run (AWS refuses such a definition when it is created);
 * a *Path is kept, and read when the Map Run starts, as AWS reads it.
 */
export function toleranceOf(state: Json, path: string): ToleranceSpec {
  for (const f of ["ToleratedFailurePercentage", "ToleratedFailureCount"]) {
    if (f in state && `${f}Path` in state) throw new UnsupportedDefinitionError(`${path}: ${f} and ${f}Path are both given; AWS takes one of them`);
    const p = state[`${f}Path`];
    if (p !== undefined && typeof p !== "string") throw new UnsupportedDefinitionError(`${path}: ${f}Path must be a path string, not ${JSON.stringify(p)}`);
  }
  const percentage = state.ToleratedFailurePercentage;
  const count = state.ToleratedFailureCount;
  if (percentage !== undefined && (typeof percentage !== "number" || percentage < 0 || percentage > 100)) {
    throw new UnsupportedDefinitionError(`${path}: ToleratedFailurePercentage must be a number from 0 to 100, not ${JSON.stringify(percentage)}`);
  }
  if (count !== undefined && (typeof count !== "number" || !Number.isInteger(count) || count < 0)) {
    throw new UnsupportedDefinitionError(`${path}: ToleratedFailureCount must be a whole number >= 0, not ${JSON.stringify(count)}`);
  }
  const { ToleratedFailurePercentagePath: percentagePath, ToleratedFailureCountPath: countPath } = state as { [k: string]: string | undefined };
  return {
    ...(percentage !== undefined ? { percentage } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(percentagePath !== undefined ? { percentagePath } : {}),
    ...(countPath !== undefined ? { countPath } : {}),
  };
}

export interface Batcher {
  readonly maxItems: number;
  /** BatchInput: fixed JSON added to every batch as "BatchInput". */
  readonly batchInput?: unknown;
}

/** ItemBatcher as the offline run supports it; what it does not build is refused by name. */
export function batcherOf(state: Json, path: string): Batcher | undefined {
  const b = state.ItemBatcher as Json | undefined;
  if (b === undefined) return undefined;
  for (const f of ["MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"]) {
    if (f in b) throw new UnsupportedDefinitionError(`${path}: ItemBatcher.${f} is not built offline (the project never deploys it)`);
  }
  const max = b.MaxItemsPerBatch;
  if (typeof max !== "number" || !Number.isInteger(max) || max < 1) {
    throw new UnsupportedDefinitionError(`${path}: ItemBatcher.MaxItemsPerBatch must be a whole number >= 1 offline, not ${JSON.stringify(max)}`);
  }
  if (b.BatchInput !== undefined && JSON.stringify(b.BatchInput).includes('.$"')) {
    throw new UnsupportedDefinitionError(`${path}: ItemBatcher.BatchInput with paths (".$" keys) is not built offline`);
  }
  return { maxItems: max, ...(b.BatchInput !== undefined ? { batchInput: b.BatchInput } : {}) };
}

/**
 * input-output-itembatcher: each child receives {"Items": [...]} with at most
 * MaxItemsPerBatch items, in order; with BatchInput, {"BatchInput": ...,
 * "Items": [...]}. The last batch holds what is left (shorter), and a batch
 * size larger than the list makes one batch. Returns the item indices of
 * each batch and its input.
 *
 * AWS also keeps a batch under 256 KiB ("MaxInputBytesPerBatch ... up to
 * 256 KiB"); offline a batch over the payload quota is not split: its child
 * fails with States.DataLimitExceeded from the quota layer instead.
 */
/** One child's share of the items: their zero-based positions, and the child's input. */
export interface Batch {
  readonly indices: number[];
  readonly input: unknown;
}

export function makeBatches(items: readonly unknown[], batcher: Batcher | undefined): Batch[] {
  if (!batcher) return items.map((item, i) => ({ indices: [i], input: item }));
  const out: { indices: number[]; input: unknown }[] = [];
  for (let start = 0; start < items.length; start += batcher.maxItems) {
    const indices: number[] = [];
    for (let i = start; i < Math.min(items.length, start + batcher.maxItems); i++) indices.push(i);
    const batch = indices.map((i) => items[i]);
    out.push({ indices, input: batcher.batchInput !== undefined ? { BatchInput: batcher.batchInput, Items: batch } : { Items: batch } });
  }
  return out;
}

/**
 * The Map Run's ARN: "arn:aws:states:<region>:<account>:mapRun:<state machine
 * name>/<Label or state name>:<id>", as DescribeMapRun and the console show it.
 * The id is a UUID offline; AWS documents no format for it.
 */
export function mapRunArn(stateMachineArn: string, label: string, id: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":mapRun:")}/${label}:${id}`;
}

/** A child's ARN: AWS names Express children under the Map Run ("express:<machine>/<label>:<id>:<child>"); offline the same shape. */
export function childExecutionArn(runArn: string, child: string, express: boolean): string {
  return `${runArn.replace(":mapRun:", express ? ":express:" : ":execution:")}:${child}`;
}

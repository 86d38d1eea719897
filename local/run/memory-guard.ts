/**
 * Stops a run that is about to exhaust the JavaScript heap, so the user gets
 * one line saying what to change instead of V8's "FATAL ERROR: ... JavaScript
 * heap out of memory" and a native stack trace (which no catch can turn into
 * a message: V8 aborts the process). The heap is sampled on a timer; past the
 * threshold the run's signal is aborted and the engine stops at its next step.
 */
import { getHeapStatistics } from "node:v8";
import { UserError } from "../../cli/errors";
import { fullCollection } from "./full-collection";

/** The share of V8's heap limit past which a run is stopped: what is left lets it stop and report. */
export const HEAP_THRESHOLD = 0.7;
const SAMPLE_MS = 200;
/**
 * The headroom past the threshold (30 % of the limit) from which a reading past it is checked again after a full
 * collection: 256 MiB, a 854 MiB heap. Below, an 80 MB heap was seen to fill its 24 MB between two samples and crash.
 */
const RECHECK_HEADROOM_BYTES = 256 * 2 ** 20;
/**
 * V8's heap_size_limit counts the young generation too: three semi-spaces
 * of 16 MiB on 64-bit unless --max-semi-space-size says otherwise (measured
 * with Node 22: --max-old-space-size=100 gives 148 MiB, 150 gives 198). What
 * fills up is the old space, so the threshold is a share of limit minus this;
 * without it a 100 MB old space never reached 70 % of 148 and V8 crashed.
 */
const YOUNG_GENERATION_BYTES = 48 * 2 ** 20;

/** The old space's limit: what the threshold is a share of. */
export function oldSpaceLimit(heapSizeLimit = getHeapStatistics().heap_size_limit): number {
  return Math.max(heapSizeLimit - YOUNG_GENERATION_BYTES, heapSizeLimit / 2);
}

export class OutOfMemoryError extends UserError {}

export interface MemoryGuard {
  /** Aborted when the heap passed the threshold (or when `outer` aborts). */
  readonly signal: AbortSignal;
  /** The one-line error when the guard stopped the run, else undefined. */
  readonly failure: () => OutOfMemoryError | undefined;
  readonly stop: () => void;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString("en-US")} MB`;

/**
 * `usedHeap`, `limit` and `collect` are injectable so a test can trip it without filling the heap.
 * used_heap_size counts garbage V8 has not collected yet, and on a large heap V8 lets it grow well
 * past what is live, so a reading past the threshold is checked again after `collect`.
 */
export function startMemoryGuard(
  outer: AbortSignal | undefined,
  describeProgress: () => string,
  { usedHeap = () => getHeapStatistics().used_heap_size, limit = oldSpaceLimit(), collect = fullCollection() } = {},
): MemoryGuard {
  const controller = new AbortController();
  let failure: OutOfMemoryError | undefined;
  // On a small heap the headroom past the threshold can go between two samples: there the first reading past it stops the run.
  const recheck = (1 - HEAP_THRESHOLD) * limit >= RECHECK_HEADROOM_BYTES;
  const timer = setInterval(() => {
    if (failure || usedHeap() < HEAP_THRESHOLD * limit) return;
    // Every sample past the threshold collects: the bench's million DISTRIBUTED rows, whose live heap ends near the
    // threshold, finished this way, and crashed V8 when collections were spaced out to save their time.
    if (recheck) collect();
    const used = usedHeap();
    if (used < HEAP_THRESHOLD * limit) return;
    failure = new OutOfMemoryError(
      `out of memory: the run holds ${mb(used)} of the ${mb(limit)} heap Node allows, after ${describeProgress()}; ` +
        "stopped before Node would crash. Process a shorter list per run, or give Node more heap " +
        `(NODE_OPTIONS=--max-old-space-size=${Math.ceil((limit * 2) / 2 ** 20)}) on a machine with that much memory`,
    );
    controller.abort(failure);
  }, SAMPLE_MS);
  timer.unref();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  return { signal, failure: () => failure, stop: () => clearInterval(timer) };
}

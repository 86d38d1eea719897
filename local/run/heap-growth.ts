/**
 * How far V8 lets the old generation grow past what is live before it
 * collects it: by default, on a machine with memory to spare, up to four
 * times. A long offline run promotes each execution's events, history and
 * calls (they outlive a few young collections) and drops them when the
 * execution is folded into the report, so without a bound its heap sat at
 * about four times the rows it keeps. A process-wide V8 setting, so it is
 * set by the commands (npm start, the bench's million rows), not by
 * runOffline; dynalite's thread is bound by it too.
 *
 * Measured with 200,000 rows on Standard (pages of 1,000, concurrency 40),
 * peak RSS and wall time: V8's default 808 MB and 32.3 s; 50 %: 466 MB and
 * 33.9 s; 20 %: 415 MB and 36.9 s. 50 % keeps most of the saving for 5 %
 * more time.
 */
import { setFlagsFromString } from "node:v8";

const HEAP_GROWING_PERCENT = 50;

/** From now on, each full collection lets the heap grow at most HEAP_GROWING_PERCENT past what it kept. */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

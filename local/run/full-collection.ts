/**
 * A full garbage collection on demand, without starting node with
 * --expose-gc: the memory guard's second look, and the baselines of the
 * bench's and tests' heap figures.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

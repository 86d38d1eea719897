/**
 * Which items the child execution running here serves: known exactly where
 * the Distributed Map layer runs a child (one item, or a batch). Fault
 * injection (local/faults/) reads it to fail a targeted item's invocation.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const positions = new AsyncLocalStorage<readonly number[]>();

/** Runs `fn` (a child execution) knowing the item positions it serves. */
export function withItemPositions<T>(items: readonly number[], fn: () => Promise<T>): Promise<T> {
  return positions.run(items, fn);
}

/** The item positions of the child execution this code runs in, if the layer knows them. */
export function currentItemPositions(): readonly number[] | undefined {
  return positions.getStore();
}

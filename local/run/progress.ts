/** The progress line's item counts (cli/progress.ts shows them), from the engine's events and a Distributed Map's children. */
import type { ItemsProgress } from "../../cli/progress";
import type { EngineEvent } from "../engine/events";

/** Items of the Map so far, as the progress line (cli/progress.ts) shows them. */
export type Progress = ItemsProgress;

/** Counts items as they start and end, `items` at a time (a Distributed Map's batch), and reports each change. */
export function itemCounter(total: number, onProgress: (p: Progress) => void) {
  let started = 0;
  let done = 0;
  let failed = 0;
  return (event: "started" | "succeeded" | "failed", items = 1) => {
    if (event === "started") started += items;
    else done += items;
    if (event === "failed") failed += items;
    onProgress({ total, done, running: started - done, failed });
  };
}

/** The same count from the engine's Map iteration events as they arrive. */
export function progressTracker(total: number, onProgress: (p: Progress) => void) {
  const count = itemCounter(total, onProgress);
  const kind = { MapIterationStarted: "started", MapIterationSucceeded: "succeeded", MapIterationFailed: "failed" } as const;
  return (e: EngineEvent) => {
    if (e.type in kind) count(kind[e.type as keyof typeof kind]);
  };
}

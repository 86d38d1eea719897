/**
 * What the progress line says while an execution runs ("RUNNING  4.1s  items
 * 1/3 done, 2 running"); cli/progress.ts draws it.
 *
 * Items are counted from the history's Map events as they arrive
 * (history-pages.ts eventsAfter: one GetExecutionHistory call per poll, the
 * new events only), so the line costs a call per poll, not a re-read of the
 * whole history.
 */
import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { formatElapsed, formatItems } from "../cli/progress";

export interface ItemProgress {
  /** Items in the Map (its MapStateStarted length); undefined until the Map starts. */
  readonly total: number | undefined;
  readonly started: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly aborted: number;
}

/** Counts the first Map's iterations from events seen in any order and any number of times. */
export class ItemCounter {
  private readonly seen = new Set<number>();
  private mapName: string | undefined;
  private total: number | undefined;
  /** With item_source rows the Map runs once per page: its indexes restart, so number on. */
  private offset = 0;
  private inThisRun = 0;
  private readonly byType = { started: new Set<number>(), succeeded: new Set<number>(), failed: new Set<number>(), aborted: new Set<number>() };
  /** The highest event id seen: where the next poll starts. */
  lastId = 0;

  add(events: readonly HistoryEvent[]): void {
    for (const e of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
      if (e.id !== undefined) {
        if (this.seen.has(e.id)) continue;
        this.seen.add(e.id);
        this.lastId = Math.max(this.lastId, e.id);
      }
      if (e.type === "MapStateEntered" && (this.mapName ??= e.stateEnteredEventDetails?.name) === e.stateEnteredEventDetails?.name) {
        this.offset += this.inThisRun;
        this.inThisRun = 0;
      }
      if (e.type === "MapStateStarted") this.total = (this.total ?? 0) + (e.mapStateStartedEventDetails?.length ?? 0);
      const iteration =
        e.mapIterationStartedEventDetails ?? e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails ?? e.mapIterationAbortedEventDetails;
      if (!iteration || iteration.index === undefined) continue;
      if (this.mapName !== undefined && iteration.name !== undefined && iteration.name !== this.mapName) continue;
      const key =
        e.type === "MapIterationStarted"
          ? "started"
          : e.type === "MapIterationSucceeded"
            ? "succeeded"
            : e.type === "MapIterationFailed"
              ? "failed"
              : "aborted";
      this.inThisRun = Math.max(this.inThisRun, iteration.index + 1);
      this.byType[key].add(this.offset + iteration.index);
    }
  }

  get progress(): ItemProgress {
    return {
      total: this.total,
      started: this.byType.started.size,
      succeeded: this.byType.succeeded.size,
      failed: this.byType.failed.size,
      aborted: this.byType.aborted.size,
    };
  }
}

/** The line's text, without terminal codes. */
export function formatProgress(status: string, elapsedMs: number, items: ItemProgress | undefined): string {
  const head = `${status}  ${formatElapsed(elapsedMs)}`;
  if (!items || items.total === undefined) return head;
  const done = items.succeeded + items.failed + items.aborted;
  return `${head}  ${formatItems({ total: items.total, done, running: Math.max(0, items.started - done), failed: items.failed })}`;
}

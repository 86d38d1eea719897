/**
 * Which Map item each history event belongs to, found by following
 * previousEventId, one event at a time in id order: a MapIterationStarted
 * opens an item's chain, every event whose previous event is on that chain
 * joins it, and the chain ends at MapIterationSucceeded, MapIterationFailed or
 * MapIterationAborted (which also carry the index). Each new entry into the
 * Map (the next page of rows) numbers its iterations on from where the
 * previous one stopped.
 */
import type { HistoryEvent } from "./history-types";

const ITERATION_END = new Set(["MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted"]);
/** Events of the execution or of the Map itself, whatever event they follow. */
const NEVER_IN_ITERATION = /^(Execution|MapState|MapRun)/;

export class IterationChains {
  /** By event id, the item of the chain it goes on from; an end event's id is not there (what follows it is the Map's). */
  private readonly itemOf: (number | undefined)[] = [];
  private offset = 0;
  private inThisRun = 0;

  /** The item `e` belongs to, if any; `mapName`: the Map whose iterations are the items (undefined: any Map's). */
  add(e: HistoryEvent, mapName: string | undefined): number | undefined {
    if (e.type === "MapStateEntered" && e.stateEnteredEventDetails?.name === mapName) {
      this.offset += this.inThisRun;
      this.inThisRun = 0;
    }
    const iter =
      e.mapIterationStartedEventDetails ?? e.mapIterationSucceededEventDetails ?? e.mapIterationFailedEventDetails ?? e.mapIterationAbortedEventDetails;
    if (iter && iter.index !== undefined && (mapName === undefined || iter.name === mapName)) {
      this.inThisRun = Math.max(this.inThisRun, iter.index + 1);
      return this.join(e, this.offset + iter.index);
    }
    const item = e.previousEventId === undefined ? undefined : this.itemOf[e.previousEventId];
    return item !== undefined && !NEVER_IN_ITERATION.test(e.type ?? "") ? this.join(e, item) : undefined;
  }

  private join(e: HistoryEvent, item: number): number {
    if (e.id !== undefined && !ITERATION_END.has(e.type ?? "")) this.itemOf[e.id] = item;
    return item;
  }
}

/** Item index -> its events in id order (events: in id order). */
export function attributeToIterations(events: readonly HistoryEvent[], mapName: string | undefined): Map<number, HistoryEvent[]> {
  const chains = new IterationChains();
  const byItem = new Map<number, HistoryEvent[]>();
  for (const e of events) {
    const item = chains.add(e, mapName);
    if (item === undefined) continue;
    const list = byItem.get(item);
    if (list) list.push(e);
    else byItem.set(item, [e]);
  }
  return byItem;
}

/**
 * The structural choices a definition is built from (where the list comes
 * from, how the Map runs, what a failure does), and every valid combination.
 * The stack renders one definition per shape and lets Terraform pick one by
 * the variables' values (locals.shape_key, the same string as shapeKey()).
 */
import type { ItemSource, MapMode, SettingValues } from "../settings";

/** The structural choices; each combination is one definition. */
export interface Shape {
  /** One item holding the whole list, or one item per element read page by page. @default "list" */
  readonly itemSource: ItemSource;
  /** @default "INLINE" */
  readonly mapMode: MapMode;
  /** INLINE with list only: catch each item's failure so its siblings finish. @default false */
  readonly isolateFailures: boolean;
  /** DISTRIBUTED only: hand each child a batch of items (ItemBatcher). @default false */
  readonly batched: boolean;
}

export const DEFAULT_SHAPE: Shape = { itemSource: "list", mapMode: "INLINE", isolateFailures: false, batched: false };

/** Every valid shape: isolation is for INLINE over a list, batching for DISTRIBUTED. */
export const SHAPES: readonly Shape[] = (["list", "rows"] as const).flatMap((itemSource) => [
  { itemSource, mapMode: "INLINE" as const, isolateFailures: false, batched: false },
  ...(itemSource === "list" ? [{ itemSource, mapMode: "INLINE" as const, isolateFailures: true, batched: false }] : []),
  { itemSource, mapMode: "DISTRIBUTED" as const, isolateFailures: false, batched: false },
  { itemSource, mapMode: "DISTRIBUTED" as const, isolateFailures: false, batched: true },
]);

/** A shape's name, e.g. "list/INLINE/fail-fast/unbatched"; the stack builds the same string in HCL. */
export function shapeKey(s: Shape): string {
  return [s.itemSource, s.mapMode, s.isolateFailures ? "isolated" : "fail-fast", s.batched ? "batched" : "unbatched"].join("/");
}

/** The shape concrete settings select (the stack makes the same choice in HCL). */
export function shapeOf(s: Pick<SettingValues, "item_source" | "map_mode" | "isolate_failures" | "batch_size">): Shape {
  return {
    itemSource: s.item_source,
    mapMode: s.map_mode,
    isolateFailures: s.isolate_failures,
    batched: s.batch_size >= 1,
  };
}

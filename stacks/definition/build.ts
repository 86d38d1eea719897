/**
 * The state machine definition, as one pure function of its parameters.
 *
 * The stack calls it with Terraform tokens (wrapped by `Fn.jsonencode`, so
 * `var.max_concurrency` stays a number inside the JSON), the offline runner
 * with concrete values. There is no other copy of the definition.
 *
 * Its shape (where the list comes from, how the Map runs, what a failure does)
 * is chosen by `Shape`: a reader (list-reader, rows-reader) feeds the Map
 * (map.ts), and isolated shapes end with the tolerance check (tolerance.ts).
 * Rows on an inline Map continue as new before the history quota (chain.ts).
 *
 * Knows no cdktf and no AWS SDK.
 */
import { readListStates } from "./list-reader";
import { mapState } from "./map";
import { STATE } from "./names";
import type { Definition, DefinitionParams } from "./params";
import { readRowsStates } from "./rows-reader";
import { DEFAULT_SHAPE, SHAPES, shapeKey, type Shape } from "./shapes";
import { toleranceStates } from "./tolerance";

export function buildDefinition(p: DefinitionParams): Definition {
  const shape: Shape = {
    itemSource: p.itemSource ?? DEFAULT_SHAPE.itemSource,
    mapMode: p.mapMode ?? DEFAULT_SHAPE.mapMode,
    isolateFailures: p.isolateFailures ?? DEFAULT_SHAPE.isolateFailures,
    batched: p.batched ?? DEFAULT_SHAPE.batched,
  };
  if (!SHAPES.some((s) => shapeKey(s) === shapeKey(shape))) {
    throw new Error(`no definition for shape ${shapeKey(shape)}`);
  }
  const afterMap = shape.isolateFailures ? STATE.summarize : shape.itemSource === "rows" ? STATE.morePages : undefined;
  const map = mapState(p, shape, afterMap);
  // Only an inline Map's iterations land in the execution's own history.
  const chained = shape.itemSource === "rows" && shape.mapMode === "INLINE";
  const states = shape.itemSource === "list" ? readListStates(p, map) : readRowsStates(p, map, chained);
  return {
    Comment: "Reads a list from DynamoDB and processes each element with a Lambda function, under a concurrency limit",
    StartAt: shape.itemSource === "list" ? STATE.read : chained ? STATE.startOrContinue : STATE.readVersion,
    TimeoutSeconds: p.timeoutSeconds,
    States: { ...states, ...(shape.isolateFailures ? toleranceStates(p) : {}) },
  };
}

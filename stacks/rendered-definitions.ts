/**
 * Every valid shape's definition, rendered once with Terraform expressions
 * for its values, so switching item_source, map_mode, isolate_failures or
 * batching needs no re-synth: the state machine looks up the one the
 * variables name (workflow-state-machine.ts).
 */
import { Fn, Op } from "cdktf";
import { buildDefinition, chainParams, SHAPES, shapeKey, tunableParams, type BudgetArithmetic } from "./definition";
import type { Variables } from "./variables";

/**
 * The history budget's arithmetic as HCL over var.page_size, so pagesPerExecution
 * stays a number expression inside jsonencode, e.g.
 * `var.workflow_type == "STANDARD" ? floor(24968 / (15 + 18 * var.page_size)) : 0`.
 */
const TERRAFORM_ARITHMETIC: BudgetArithmetic<number, string> = {
  linear: (a, b, x) => Op.add(a, Op.mul(b, x)),
  floorDivide: (n, d) => Fn.floor(Op.div(n, d)),
  standardOnly: (w, v) => Fn.conditional(Op.eq(w, "STANDARD"), v, 0) as number,
};

/** The definitions of every shape, by shapeKey, as jsonencode expressions over the variables. */
export function renderedDefinitions(vars: Variables, resources: { readonly tableName: string; readonly functionArn: string }): Record<string, string> {
  const percent = vars.tolerated_failure_percentage.numberValue;
  const common = {
    ...resources,
    ...tunableParams({
      max_concurrency: vars.max_concurrency.numberValue,
      wait_seconds: vars.wait_seconds.numberValue,
      timeout_seconds: vars.timeout_seconds.numberValue,
      page_size: vars.page_size.numberValue,
      batch_size: vars.batch_size.numberValue,
      tolerated_failure_percentage: percent,
    }),
    toleratedPercentBits: [0, 1, 2, 3, 4, 5, 6].map((k) => Op.mod(Fn.floor(Op.div(percent, 2 ** k)), 2)),
    ...chainParams({ page_size: vars.page_size.numberValue, workflow_type: vars.workflow_type.stringValue }, TERRAFORM_ARITHMETIC),
  };
  return Object.fromEntries(
    // jsonencode keeps the variables numbers inside the JSON; JSON.stringify would quote them.
    SHAPES.map((shape) => [shapeKey(shape), Fn.jsonencode(buildDefinition({ ...common, ...shape }))]),
  );
}

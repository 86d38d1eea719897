/** Failure isolation: the summary after an isolated Map, and the tolerance check. */
import type { State } from "./asl";
import { STATE, TOO_MANY_FAILURES_ERROR } from "./names";
import type { DefinitionParams } from "./params";

/** Binary digits of a percentage 0..100, lowest first (7 digits). */
export function percentBits(percent: number): number[] {
  return Array.from({ length: 7 }, (_, i) => Math.floor(percent / 2 ** i) % 2);
}

/**
 * After an isolated Map: count the failures and fail the run only if more
 * than the tolerated share failed, that is when 100 × failed > p × total.
 *
 * JSONPath intrinsics can neither count matches nor multiply, so:
 *  - counting: each iteration ends with status "S" or "F"; the JSON text of
 *    all statuses, split on "F", has one piece more than there are failures;
 *  - multiplying: both products are sums of doublings (×1, ×2, ×4 ... ×64)
 *    picked by the binary digits of 100 and of p.
 * That costs a fixed 12 state transitions, and only when something failed.
 */
export function toleranceStates(p: DefinitionParams): Record<string, State> {
  const bits = p.toleratedPercentBits ?? percentBits(p.toleratedFailurePercentage ?? 0);
  return { ...countingStates(bits), ...doublingStates(), ...comparisonStates(), ...endingStates() };
}

const statuses = "States.JsonToString($.results[*].status)";
const count = (status: "S" | "F") => `States.MathAdd(States.ArrayLength(States.StringSplit(${statuses}, '${status}')), -1)`;
/** $.math.x0 holds ×1, $.math.xk holds ×2^k, for f (failed) and t (total). */
const scaled = (name: "f" | "t", k: number) => `$.math.x${k}.${name}`;
/**
 * The total scaled by 2^k if p's binary digit k is 1, else 0. The digits
 * travel as data ($.math.bits), not as text inside the intrinsics, so
 * Terraform's numbers stay numbers.
 */
const pick = (k: number) => `States.ArrayGetItem(States.Array(0, ${scaled("t", k)}), $.math.bits.b${k})`;
const sum = (terms: string[]): string => (terms.length === 1 ? terms[0]! : `States.MathAdd(${terms[0]}, ${sum(terms.slice(1))})`);
const DOUBLINGS = [1, 2, 3, 4, 5, 6];

/** Count successes and failures; with at least one failure, set up the products' arithmetic. */
function countingStates(bits: readonly number[]) {
  return {
    [STATE.summarize]: {
      Type: "Pass",
      Parameters: {
        "total.$": "States.ArrayLength($.results)",
        "succeeded.$": count("S"),
        "failed.$": count("F"),
        "results.$": "$.results",
      },
      Next: STATE.anyFailed,
    },
    [STATE.anyFailed]: {
      Type: "Choice",
      Choices: [{ Variable: "$.failed", NumericGreaterThan: 0, Next: STATE.countFailures }],
      Default: STATE.allSucceeded,
    },
    [STATE.countFailures]: {
      Type: "Pass",
      Comment: "At least one failure, so the wildcard path matches",
      Parameters: {
        "total.$": "$.total",
        "succeeded.$": "$.succeeded",
        "failed.$": "$.failed",
        "failedItems.$": "$.results[*].failure",
        math: {
          x0: { "f.$": "$.failed", "t.$": "$.total" },
          bits: Object.fromEntries(bits.map((bit, k) => [`b${k}`, bit])),
        },
      },
      Next: `${STATE.scale}1`,
    },
  } satisfies Record<string, State>;
}

/** ×2, ×4 ... ×64 of failed and total, each a doubling of the one before. */
function doublingStates(): Record<string, State> {
  return Object.fromEntries(
    DOUBLINGS.map((k) => [
      `${STATE.scale}${k}`,
      {
        Type: "Pass",
        Parameters: {
          "f.$": `States.MathAdd(${scaled("f", k - 1)}, ${scaled("f", k - 1)})`,
          "t.$": `States.MathAdd(${scaled("t", k - 1)}, ${scaled("t", k - 1)})`,
        },
        ResultPath: `$.math.x${k}`,
        Next: k === 6 ? `${STATE.compare}Low` : `${STATE.scale}${k + 1}`,
      } satisfies State,
    ]),
  );
}

/** 100 × failed against p × total, the latter summed in two states (the intrinsics nest only so deep). */
function comparisonStates() {
  const hundredTimesFailed = sum([6, 5, 2].map((k) => scaled("f", k))); // 100 = 64 + 32 + 4
  return {
    [`${STATE.compare}Low`]: {
      Type: "Pass",
      Parameters: { "a.$": hundredTimesFailed, "b.$": sum([0, 1, 2, 3].map(pick)) },
      ResultPath: "$.math.low",
      Next: STATE.compare,
    },
    [STATE.compare]: {
      Type: "Pass",
      Parameters: { "a.$": "$.math.low.a", "b.$": sum(["$.math.low.b", ...[4, 5, 6].map(pick)]) },
      ResultPath: "$.math.products",
      Next: STATE.withinTolerance,
    },
    [STATE.withinTolerance]: {
      Type: "Choice",
      Comment: "100 x failed > tolerated percent x total: too many failures",
      Choices: [{ Variable: "$.math.products.a", NumericGreaterThanPath: "$.math.products.b", Next: STATE.describeFailures }],
      Default: STATE.summary,
    },
  } satisfies Record<string, State>;
}

/** The run's end: failed with the failed items, or its summary. */
function endingStates() {
  return {
    [STATE.describeFailures]: {
      Type: "Pass",
      Parameters: {
        "cause.$":
          "States.Format('{} of {} items failed, more than the tolerated share. Failed items: {}', $.failed, $.total, States.JsonToString($.failedItems))",
      },
      Next: STATE.tooManyFailures,
    },
    [STATE.tooManyFailures]: { Type: "Fail", Error: TOO_MANY_FAILURES_ERROR, CausePath: "$.cause" },
    [STATE.allSucceeded]: {
      Type: "Pass",
      Comment: "The run's output when nothing failed",
      Parameters: { "succeeded.$": "$.succeeded", failed: 0, failedItems: [] },
      End: true,
    },
    [STATE.summary]: {
      Type: "Pass",
      Comment: "The run's output: how many items succeeded and failed, and which failed",
      Parameters: { "succeeded.$": "$.succeeded", "failed.$": "$.failed", "failedItems.$": "$.failedItems" },
      End: true,
    },
  } satisfies Record<string, State>;
}

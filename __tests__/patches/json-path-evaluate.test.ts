/**
 * patches/aws-local-stepfunctions+3.0.0+012+json-path-evaluate.patch: the engine evaluates each JSONPath on an instance instead of
 * calling JSONPath() without `new`, which for every scalar result throws and catches a NewError (an Error, with its stack trace).
 * A Map over 100 items with scalar paths: no JSONPath call without `new` at all, and the same output as before.
 */
import { builds, runEngine } from "./engine-run";

const plainCalls = { count: 0 };

jest.mock("jsonpath-plus", () => {
  const actual = jest.requireActual<typeof import("jsonpath-plus")>("jsonpath-plus");
  // Counts the calls without `new` (the ones that throw NewError for a scalar), then does what JSONPath does.
  function CountingJSONPath(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) {
      plainCalls.count++;
      return (actual.JSONPath as unknown as (...a: unknown[]) => unknown)(...args);
    }
    return Reflect.construct(actual.JSONPath, args, new.target);
  }
  CountingJSONPath.prototype = actual.JSONPath.prototype;
  return { ...actual, JSONPath: CountingJSONPath };
});

const DEFINITION = {
  StartAt: "M",
  States: {
    M: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemSelector: { "n.$": "$$.Map.Item.Value.n", "i.$": "$$.Map.Item.Index", "name.$": "$.name" },
      ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "doubled.$": "States.MathAdd($.n, $.n)", "name.$": "$.name" }, End: true } } },
      End: true,
    },
  },
};

test("a Map of 100 items with scalar paths: every path evaluated on an instance, none through a thrown NewError (patch 012)", async () => {
  const items = Array.from({ length: 100 }, (_, n) => ({ n }));
  plainCalls.count = 0;
  const run = await runEngine(DEFINITION, { name: "x", items });
  expect(run.outcome).toEqual({ output: items.map(({ n }) => ({ doubled: 2 * n, name: "x" })) });
  expect(plainCalls.count).toBe(0);
});

it("is applied to every build the package ships (patch 012)", () => {
  for (const { build, source } of builds()) expect({ build, patched: source.includes("evaluate() returns it") }).toEqual({ build, patched: true });
});

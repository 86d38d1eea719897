/**
 * patches/aws-local-stepfunctions+3.0.0+014+json-merge-copy.patch: States.JsonMerge returns a new object instead of merging into its
 * first argument with Object.assign. That argument comes from a JSONPath into the state's input, which is the previous state's
 * output as logged, so the merge rewrote events already logged: the earlier states' outputs and inputs showed the merged keys, and
 * the offline history (and any text made from them before the merge) disagreed with what the state machine produced. AWS records
 * each state's input and output as they were (States.JsonMerge: "Merges two JSON objects into a single object", intrinsic functions
 * reference; nothing says its arguments change).
 */
import { builds, runEngine } from "./engine-run";

const merge = {
  StartAt: "P0",
  States: {
    P0: { Type: "Pass", Result: { k: 1 }, Next: "P1" },
    P1: { Type: "Pass", Parameters: { "a.$": "$", b: { j: 2 } }, Next: "P2" },
    P2: { Type: "Pass", Parameters: { "m.$": "States.JsonMerge($.a, $.b, false)" }, End: true },
  },
};

it("merges into a new object: the states before keep the outputs they logged (patch 014)", async () => {
  const run = await runEngine(merge, {});
  expect(run.outcome).toEqual({ output: { m: { k: 1, j: 2 } } });
  const exits = run.events.flatMap((e) => (e.type === "StateExited" ? [[e.state.name, JSON.stringify(e.state.output)]] : []));
  expect(exits).toEqual([
    ["P0", '{"k":1}'],
    ["P1", '{"a":{"k":1},"b":{"j":2}}'],
    ["P2", '{"m":{"k":1,"j":2}}'],
  ]);
});

it("is applied to every build the package ships (patch 014)", () => {
  for (const { build, source } of builds()) expect({ build, patched: source.includes("return { ...obj1, ...obj2 };") }).toEqual({ build, patched: true });
});

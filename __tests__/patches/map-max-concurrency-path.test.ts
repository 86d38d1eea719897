/**
 * patches/aws-local-stepfunctions+3.0.0+008+map-max-concurrency-path.patch: an inline Map's MaxConcurrencyPath takes what AWS
 * takes (an integer, or a string holding one), fails with AWS's States.Runtime text otherwise, and, like MaxConcurrency, runs at
 * most 40 iterations at once. Unpatched, the engine refused "1", gave its own error text, and ran as many at once as the value said.
 */
import { builds, runEngine } from "./engine-run";

/** LocalStack templates/scenarios/statemachines/max_concurrency_path.json5, as AWS ran it. */
const maxConcurrencyPath = {
  StartAt: "MapState",
  States: {
    MapState: {
      Type: "Map",
      ItemsPath: "$.Values",
      MaxConcurrencyPath: "$.MaxConcurrencyValue",
      ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "HandleItem", States: { HandleItem: { Type: "Pass", End: true } } },
      Next: "Final",
    },
    Final: { Type: "Pass", End: true },
  },
};

const run = (value: unknown) => runEngine(maxConcurrencyPath, { MaxConcurrencyValue: value, Values: ["HelloWorld"] });

describe("aws-local-stepfunctions MaxConcurrencyPath on an inline Map (patch 008)", () => {
  // AWS: v2/scenarios/test_base_scenarios.snapshot.json, keys "...::TestBaseScenarios::test_max_concurrency_path[0]" and "[1]":
  // the executions succeed with ["HelloWorld"].
  it.each([0, 1])("runs with the value %j", async (value) => {
    expect((await run(value)).outcome).toEqual({ output: ["HelloWorld"] });
  });

  // AWS: v2/assign/test_assign_reference_variables.snapshot.json,
  // "...::test_reference_in_map_state[MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH]": the string "1" runs.
  it('takes a string holding an integer ("1")', async () => {
    expect((await run("1")).outcome).toEqual({ output: ["HelloWorld"] });
  });

  // AWS: the same snapshot, keys "...::test_max_concurrency_path[NoNumber]" and "[max_concurrency_value0]" (the value {}):
  // ExecutionFailed with error States.Runtime and, after the history's "An error occurred while executing the state 'MapState'
  // (entered at the event id #2). ", this text.
  it.each([
    ["NoNumber", 'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue'],
    [{}, 'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue'],
    // Not recorded (AWS's test_max_concurrency_path_negative holds only ExecutionStarted): the text chosen beside the tolerance's.
    [-1, "MaxConcurrency cannot be negative."],
  ])("fails on %j with States.Runtime", async (value, cause) => {
    const { outcome } = await run(value);
    const failure = "error" in outcome ? (outcome.error as { cause?: Error }).cause : undefined;
    expect({ name: failure?.name, message: failure?.message }).toEqual({ name: "States.Runtime", message: cause });
  });

  // AWS: "In this mode, the Map state supports up to 40 concurrent iterations" (developer guide, "Using Map state in Inline mode
  // in Step Functions workflows"). No AWS history records the concurrency itself.
  it.each([
    ["MaxConcurrencyPath", { MaxConcurrencyPath: "$.max" }, 40],
    ["MaxConcurrency", { MaxConcurrency: 100 }, 40],
    ["a value at the limit", { MaxConcurrencyPath: "$.limit" }, 40],
    ["a value under the limit", { MaxConcurrencyPath: "$.under" }, 39],
  ])("runs at most 40 iterations at once (%s)", async (_name, limit, expected) => {
    let running = 0;
    let most = 0;
    const work = async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return {};
    };
    const definition = {
      StartAt: "MapState",
      States: {
        MapState: {
          Type: "Map",
          ItemsPath: "$.items",
          ...limit,
          ItemProcessor: { StartAt: "Work", States: { Work: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true } } },
          End: true,
        },
      },
    };
    const input = { items: Array.from({ length: 60 }, (_, i) => i), max: 100, limit: 40, under: 39 };
    const { outcome } = await runEngine(definition, input, { overrides: { taskResourceLocalHandlers: { Work: work } } });
    expect({ outcome: "output" in outcome, most }).toEqual({ outcome: true, most: expected });
  });

  it("is applied to every build the package ships", () => {
    for (const { build, source } of builds()) {
      expect({ build, patched: source.includes("function readMaxConcurrencyPath(") }).toEqual({ build, patched: true });
    }
  });
});

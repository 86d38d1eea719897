/**
 * patches/aws-local-stepfunctions+3.0.0+003+map-stop-after-failure.patch: once a Map iteration has failed, the engine starts none
 * of the iterations still queued behind MaxConcurrency. Unpatched, p-limit's queue went on starting them after the Map had failed
 * (issue 19, item 7).
 */
import { awsShaped, builds, label, runEngine } from "./engine-run";

/** LocalStack templates/scenarios/statemachines/map_state_break_condition.json5, as AWS ran it (input {}). */
const breakCondition = {
  StartAt: "StartState",
  States: {
    StartState: { Type: "Pass", Result: [1, "Hello", {}, 3.3, 3, 4, 5], ResultPath: "$.arr", Next: "MapState" },
    MapState: {
      Type: "Map",
      ResultPath: null,
      InputPath: "$.arr",
      MaxConcurrency: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "Equals3",
        States: {
          Equals3: {
            Choices: [
              {
                And: [
                  { IsPresent: true, Variable: "$" },
                  {
                    And: [
                      { IsNumeric: true, Variable: "$" },
                      { NumericEquals: 3, Variable: "$" },
                    ],
                  },
                ],
                Next: "Break",
              },
            ],
            Default: "Pass",
            Type: "Choice",
          },
          Break: { Type: "Fail", Error: "SomeFailure", Cause: "This state machines raises a 'SomeFailure' failure." },
          Pass: { Type: "Pass", End: true },
        },
      },
      Next: "Final",
    },
    Final: { Type: "Pass", End: true },
  },
};

const passedIteration = (index: number) => [
  `MapIterationStarted MapState #${index}`,
  "ChoiceStateEntered Equals3",
  "ChoiceStateExited Equals3",
  "PassStateEntered Pass",
  "PassStateExited Pass",
  `MapIterationSucceeded MapState #${index}`,
];

/**
 * AWS's history: LocalStack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json, key
 * "...::TestBaseScenarios::test_map_state_break_condition", get_execution_history, as `label` names each event (MapStateStarted,
 * id 5, and MapStateFailed, id 35, left out: the engine has no such event). Item 4 (the 3) fails, and items 5 and 6 never start.
 */
const breakConditionHistory = [
  "ExecutionStarted",
  "PassStateEntered StartState",
  "PassStateExited StartState",
  "MapStateEntered MapState",
  ...[0, 1, 2, 3].flatMap(passedIteration),
  "MapIterationStarted MapState #4",
  "ChoiceStateEntered Equals3",
  "ChoiceStateExited Equals3",
  "FailStateEntered Break",
  "MapIterationFailed MapState #4",
  "ExecutionFailed",
];

describe("aws-local-stepfunctions Map stops after a failed iteration (patch 003)", () => {
  it("starts no iteration after the one that failed at MaxConcurrency 1, as AWS does", async () => {
    const { events, outcome } = await runEngine(breakCondition, {});

    expect(awsShaped(events)).toEqual(breakConditionHistory);
    expect(outcome).toEqual({ error: expect.objectContaining({ cause: expect.objectContaining({ name: "SomeFailure" }) }) });
  });

  it("starts none of the queued iterations at a higher MaxConcurrency either", async () => {
    // No AWS record at MaxConcurrency 2. The rule taken from the one above: a Map that has failed starts no further iteration.
    const sleepOrFail = {
      StartAt: "IsTwo",
      States: {
        IsTwo: { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 2, Next: "Break" }], Default: "Sleep" },
        Break: { Type: "Fail", Error: "SomeFailure" },
        Sleep: { Type: "Wait", Seconds: 30, End: true },
      },
    };
    const map = { StartAt: "Map", States: { Map: { Type: "Map", MaxConcurrency: 2, ItemProcessor: sleepOrFail, End: true } } };
    const { events } = await runEngine(map, [1, 2, 3, 4, 5]);
    const started = events.map(label).filter((line) => line.startsWith("MapIterationStarted"));

    expect(started).toEqual(["MapIterationStarted Map #0", "MapIterationStarted Map #1"]);
  });

  it("is applied to every build the package ships", () => {
    for (const { build, source } of builds()) {
      expect({ build, guarded: source.includes("if (hasFailed) return null;") }).toEqual({ build, guarded: true });
    }
  });
});

/**
 * patches/aws-local-stepfunctions+3.0.0+002+map-iteration-order.patch: a Map iteration (or a Parallel branch) settles only after
 * all its events are in the root log. Unpatched, the engine forwarded them without waiting, so the root log had the next
 * MapIterationStarted before the previous MapIterationSucceeded, and a nested Map's outer MapIterationSucceeded was lost when the
 * root log closed first (issue 19, items 1 and 7).
 */
import { StateMachine } from "aws-local-stepfunctions";
import { awsShaped, builds, label, runEngine } from "./engine-run";

const pass = { ProcessorConfig: { Mode: "INLINE" }, StartAt: "MapL2Pass", States: { MapL2Pass: { Type: "Pass", End: true } } };

/** LocalStack templates/scenarios/statemachines/map_state_nested.json5, as AWS ran it. */
const mapStateNested = {
  StartAt: "MapL1",
  States: {
    MapL1: {
      Type: "Map",
      MaxConcurrency: 1,
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "MapL2",
        States: { MapL2: { Type: "Map", MaxConcurrency: 1, ItemProcessor: pass, End: true } },
      },
      End: true,
    },
  },
};

/**
 * AWS's history of map_state_nested.json5 with input [[1,2,3],[4,5,6]]: LocalStack
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json, key
 * "...::TestBaseScenarios::test_map_state_nested", get_execution_history, each event as `label` names it. MapStateStarted and
 * MapStateSucceeded (ids 3, 6, 19, 24, 37, 40) are left out: the engine has no such event (the project's history adds them).
 */
const mapStateNestedHistory = [
  "ExecutionStarted",
  "MapStateEntered MapL1",
  ...[0, 1].flatMap((outer) => [
    `MapIterationStarted MapL1 #${outer}`,
    "MapStateEntered MapL2",
    ...[0, 1, 2].flatMap((inner) => [
      `MapIterationStarted MapL2 #${inner}`,
      "PassStateEntered MapL2Pass",
      "PassStateExited MapL2Pass",
      `MapIterationSucceeded MapL2 #${inner}`,
    ]),
    "MapStateExited MapL2",
    `MapIterationSucceeded MapL1 #${outer}`,
  ]),
  "MapStateExited MapL1",
  "ExecutionSucceeded",
];

describe("aws-local-stepfunctions Map and Parallel event order (patch 002)", () => {
  it("logs iteration by iteration at MaxConcurrency 1, nested Maps included, as AWS does", async () => {
    const { events, outcome } = await runEngine(mapStateNested, [
      [1, 2, 3],
      [4, 5, 6],
    ]);

    expect(outcome).toEqual({
      output: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
    expect(awsShaped(events)).toEqual(mapStateNestedHistory);
  });

  it("keeps a nested Map's outer MapIterationSucceeded at the default concurrency, input [[1,2,3]]", async () => {
    const unlimited = JSON.parse(JSON.stringify(mapStateNested).replaceAll('"MaxConcurrency":1,', "")) as object;
    const { events } = await runEngine(unlimited, [[1, 2, 3]]);
    const labels = awsShaped(events);

    // No AWS record for this input without MaxConcurrency. In every recorded Map (test_map_state_nested above) an iteration's
    // MapIterationSucceeded precedes its Map's MapStateExited, whatever the concurrency.
    expect(labels.filter((line) => line.endsWith(" MapL1 #0"))).toEqual(["MapIterationStarted MapL1 #0", "MapIterationSucceeded MapL1 #0"]);
    expect(labels.slice(-3)).toEqual(["MapIterationSucceeded MapL1 #0", "MapStateExited MapL1", "ExecutionSucceeded"]);
    expect(labels.filter((line) => line.startsWith("MapIterationSucceeded MapL2"))).toHaveLength(3);
  });

  it("logs a failed iteration's MapIterationFailed, at each level of a nested Map, before the Map's failure", async () => {
    const failOnTwo = {
      StartAt: "IsTwo",
      States: {
        IsTwo: { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 2, Next: "Break" }], Default: "Done" },
        Break: { Type: "Fail", Error: "SomeFailure", Cause: "two" },
        Done: { Type: "Pass", End: true },
      },
    };
    const nested = {
      StartAt: "Outer",
      States: {
        Outer: {
          Type: "Map",
          ItemProcessor: { StartAt: "Inner", States: { Inner: { Type: "Map", ItemProcessor: failOnTwo, End: true } } },
          End: true,
        },
      },
    };
    const { events } = await runEngine(nested, [[1, 2]]);
    const labels = events.map(label);

    // AWS: test_base_scenarios.snapshot.json, "...::test_map_state_break_condition": MapIterationFailed (id 34), then
    // MapStateFailed (id 35), then ExecutionFailed. The engine's Map failure is its StateFailed of the Map state. No AWS record
    // of a failure inside a nested Map; each level is taken to end as that one does.
    const innerFailed = labels.indexOf("MapIterationFailed Inner #1");
    expect(innerFailed).toBeGreaterThan(0);
    expect(innerFailed).toBeLessThan(labels.indexOf("StateFailed Inner"));
    expect(labels.slice(-4)).toEqual(["StateFailed Inner", "MapIterationFailed Outer #0", "StateFailed Outer", "ExecutionFailed"]);
  });

  it("logs a Parallel branch's end, with the Map in it, before the Parallel state's exit", async () => {
    const echo = { StartAt: "Echo", States: { Echo: { Type: "Pass", End: true } } };
    const parallel = {
      StartAt: "Both",
      States: {
        Both: {
          Type: "Parallel",
          Branches: [{ StartAt: "Fan", States: { Fan: { Type: "Map", ItemProcessor: echo, End: true } } }],
          End: true,
        },
      },
    };
    const { events, outcome } = await runEngine(parallel, [1, 2]);
    const labels = events.map(label);

    // AWS: LocalStack v2/scenarios/test_base_scenarios.snapshot.json, "...::test_parallel_state" (ids 18, 19):
    // ParallelStateSucceeded and ParallelStateExited come after every branch's states. ParallelBranchSucceeded is the engine's
    // own event; it must still precede the exit so that the project can place the branch's events.
    expect(outcome).toEqual({ output: [[1, 2]] });
    expect(labels.slice(-5)).toEqual([
      "MapIterationSucceeded Fan #1",
      "MapStateExited Fan",
      "ParallelBranchSucceeded Both",
      "ParallelStateExited Both",
      "ExecutionSucceeded",
    ]);
  });

  it("still settles at once when the Map fails or is aborted while other iterations wait (a guard: waiting must not hang)", async () => {
    const waitOrFail = {
      StartAt: "IsTwo",
      States: {
        IsTwo: { Type: "Choice", Choices: [{ Variable: "$", NumericEquals: 2, Next: "Break" }], Default: "Sleep" },
        Break: { Type: "Fail", Error: "SomeFailure", Cause: "two" },
        Sleep: { Type: "Wait", Seconds: 30, End: true },
      },
    };
    const map = { StartAt: "Map", States: { Map: { Type: "Map", ItemProcessor: waitOrFail, End: true } } };
    const started = Date.now();
    const failed = await runEngine(map, [1, 2, 3]);
    expect(failed.events.at(-1)?.type).toBe("ExecutionFailed");

    const machine = new StateMachine(map as ConstructorParameters<typeof StateMachine>[0], { validationOptions: { noValidate: true } });
    const execution = machine.run([1, 3]);
    setTimeout(execution.abort, 50);
    await expect(execution.result).rejects.toThrow("Execution aborted");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("is applied to every build the package ships", () => {
    for (const { build, source } of builds()) {
      expect({ build, awaits: source.match(/await forwarding;/g)?.length }).toEqual({ build, awaits: 2 });
    }
  });
});

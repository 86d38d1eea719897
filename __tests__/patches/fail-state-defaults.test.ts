/**
 * patches/aws-local-stepfunctions+3.0.0+004+fail-state-defaults.patch: a Fail state without Error or Cause raises an error whose
 * name and message are undefined, as AWS records neither. Unpatched, the engine filled in "FailStateError" and "Execution failed
 * because of a Fail state" (issue 19, item 4).
 */
import { builds, runEngine, type EngineEvent } from "./engine-run";

function failures(events: EngineEvent[]): { type: string; Error: unknown; Cause: unknown }[] {
  return events.flatMap((event) =>
    event.type === "ExecutionFailed" || event.type === "MapIterationFailed" || event.type === "ParallelBranchFailed"
      ? [{ type: event.type, Error: event.Error, Cause: event.Cause }]
      : [],
  );
}

describe("aws-local-stepfunctions Fail state without Error or Cause (patch 004)", () => {
  it("records an ExecutionFailed with neither error nor cause, and rejects with neither", async () => {
    // LocalStack templates/base/statemachines/raise_empty_failure.json5, input {}. AWS: v2/base/test_base.snapshot.json, key
    // "...::TestSnfBase::test_state_fail_empty": ExecutionFailed (id 3) has executionFailedEventDetails {}, and
    // describe_execution has no error or cause.
    const { events, outcome } = await runEngine({ StartAt: "FailState", States: { FailState: { Type: "Fail" } } }, {});

    expect(failures(events)).toEqual([{ type: "ExecutionFailed", Error: undefined, Cause: undefined }]);
    expect("error" in outcome && (outcome.error as Error).cause).toMatchObject({ name: undefined, message: undefined });
  });

  it("records the Error and no cause for a Fail state with Error only", async () => {
    // LocalStack templates/scenarios/statemachines/parallel_state_fail.json5, input {}. AWS:
    // v2/scenarios/test_base_scenarios.snapshot.json, key "...::TestBaseScenarios::test_parallel_state_fail": ExecutionFailed
    // (id 6) has executionFailedEventDetails {"error": "FailureType"}, no cause.
    const parallelStateFail = {
      StartAt: "ParallelState",
      States: {
        ParallelState: {
          Type: "Parallel",
          End: true,
          Branches: [{ StartAt: "Branch1", States: { Branch1: { Type: "Fail", Error: "FailureType" } } }],
        },
      },
    };
    const { events } = await runEngine(parallelStateFail, {});

    expect(failures(events).at(-1)).toEqual({ type: "ExecutionFailed", Error: "FailureType", Cause: undefined });
  });

  it("carries neither into a failed Map iteration, nor lets a Catch of another name take it", async () => {
    // LocalStack templates/scenarios/statemachines/map_state_catch_empty_fail.json5, input {}. AWS:
    // v2/scenarios/test_base_scenarios.snapshot.json, key "...::TestBaseScenarios::test_map_state_catch_empty_fail":
    // MapIterationFailed (id 8) has only index and name, neither Catcher ("Internal Error", "State.ALL") takes the error, and
    // ExecutionFailed (id 10) has executionFailedEventDetails {}.
    const mapStateCatchEmptyFail = {
      StartAt: "StartState",
      States: {
        StartState: { Type: "Pass", Result: [1], ResultPath: "$.arr", Next: "MapState" },
        MapState: {
          Type: "Map",
          ResultPath: null,
          InputPath: "$.arr",
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: "INLINE" },
            StartAt: "HandleItemFail",
            States: { HandleItemFail: { Type: "Fail" } },
          },
          Catch: [
            { ErrorEquals: ["Internal Error"], Next: "CaughtInternalError" },
            { ErrorEquals: ["State.ALL"], Next: "CaughtStatesALL" },
          ],
          Next: "CaughtNone",
        },
        CaughtInternalError: { Type: "Pass", End: true },
        CaughtStatesALL: { Type: "Pass", End: true },
        CaughtNone: { Type: "Pass", End: true },
      },
    };
    const { events } = await runEngine(mapStateCatchEmptyFail, {});

    expect(failures(events)).toEqual([
      { type: "MapIterationFailed", Error: undefined, Cause: undefined },
      { type: "ExecutionFailed", Error: undefined, Cause: undefined },
    ]);
  });

  it("hands a Catch null Error and Cause for a Fail state without them", async () => {
    // No AWS record of a caught Fail state without Error or Cause. The nearest: v2/callback/test_callback.snapshot.json, key
    // "...::TestCallback::test_sqs_failure_in_wait_for_task_tok_no_error_field[SQS_PARALLEL_WAIT_FOR_TASK_TOKEN]", a failure
    // with neither (its TaskFailed has no error or cause) caught by States.ALL into "$.states_all_error", which holds
    // {"Error": null, "Cause": null}.
    const caught = {
      StartAt: "Job",
      States: {
        Job: {
          Type: "Parallel",
          Branches: [{ StartAt: "FailState", States: { FailState: { Type: "Fail" } } }],
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.states_all_error", Next: "CaughtStatesALL" }],
          End: true,
        },
        CaughtStatesALL: { Type: "Pass", End: true },
      },
    };
    const { outcome } = await runEngine(caught, { Message: "m" });

    expect(outcome).toEqual({ output: { Message: "m", states_all_error: { Error: null, Cause: null } } });
  });

  it("is applied to every build the package ships", () => {
    for (const { build, source } of builds()) {
      expect({ build, defaults: source.includes('name = "FailStateError"') }).toEqual({ build, defaults: false });
    }
  });
});

/**
 * patches/aws-local-stepfunctions+3.0.0+005+task-timeout-cause.patch: a Task's States.Timeout has an empty cause, as on AWS.
 * Unpatched, the engine gave it the cause "States.Timeout" (issue 19, item 3).
 */
import { builds, runEngine, type EngineEvent } from "./engine-run";

/** A local handler for the Task that never answers, so that its TimeoutSeconds ends it. */
const neverAnswers = { overrides: { taskResourceLocalHandlers: { Start: () => new Promise<never>(() => undefined) } } };

/**
 * LocalStack templates/errorhandling/statemachines/task_service_lambda_invoke_catch_timeout.json5, with TimeoutSeconds 1 instead
 * of 5 so that the test is quick (the record does not depend on it).
 */
const catchTimeout = {
  StartAt: "Start",
  States: {
    Start: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      TimeoutSeconds: 1,
      Parameters: { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" },
      Catch: [{ ErrorEquals: ["States.Timeout"], Next: "EndWithHandler" }],
      Next: "EndWithFinal",
    },
    EndWithHandler: { Type: "Pass", ResultPath: "$.error", End: true },
    EndWithFinal: { Type: "Pass", ResultPath: "$.final", End: true },
  },
};

function failed(events: EngineEvent[]): { Error: unknown; Cause: unknown } | undefined {
  const event = events.find((e) => e.type === "ExecutionFailed");
  return event?.type === "ExecutionFailed" ? { Error: event.Error, Cause: event.Cause } : undefined;
}

describe("aws-local-stepfunctions Task timeout cause (patch 005)", () => {
  it("hands a Catch the timeout with an empty Cause, as AWS does", async () => {
    const { outcome } = await runEngine(catchTimeout, { FunctionName: "f", Payload: null }, neverAnswers);

    // AWS: v2/error_handling/test_task_service_lambda.snapshot.json, key "...::TestTaskServiceLambda::test_invoke_timeout":
    // TaskStateExited (id 6) outputs {"Error": "States.Timeout", "Cause": ""}, and EndWithHandler (id 8) adds it under "error".
    expect(outcome).toEqual({ output: { Error: "States.Timeout", Cause: "", error: { Error: "States.Timeout", Cause: "" } } });
  });

  it("fails the execution with States.Timeout and no cause text", async () => {
    const uncaught = { ...catchTimeout, States: { ...catchTimeout.States, Start: { ...catchTimeout.States.Start, Catch: [] } } };
    const { events } = await runEngine(uncaught, { FunctionName: "f", Payload: null }, neverAnswers);

    // AWS: v2/timeouts/test_timeouts.snapshot.json, key "...::TestTimeouts::test_fixed_timeout_service_lambda": TaskTimedOut
    // (id 5) {"error": "States.Timeout"} and ExecutionFailed (id 6) {"error": "States.Timeout"}, neither with a cause. The
    // engine's event has the error's (empty) message as its Cause: "" stands for none.
    expect(failed(events)).toEqual({ Error: "States.Timeout", Cause: "" });
  });

  it("is applied to every build the package ships", () => {
    for (const { build, source } of builds()) {
      expect({ build, invented: source.includes('super("States.Timeout")') }).toEqual({ build, invented: false });
    }
  });
});

/**
 * patches/aws-local-stepfunctions+3.0.0+006+map-iteration-aborted.patch: when a Map (or Parallel) state fails, the iterations
 * (branches) it aborts log their end: StateAborted for the state each was running, then MapIterationAborted
 * (ParallelBranchAborted), all before the Map's own failure. Unpatched, the engine dropped the nested ExecutionAborted, and an
 * aborted sibling left no trace (issue 19, item 3).
 */
import { StateMachine } from "aws-local-stepfunctions";
import { builds, label, runEngine } from "./engine-run";

/** A local handler for the Task that never answers, so that its TimeoutSeconds ends it. */
const neverAnswers = { overrides: { taskResourceLocalHandlers: { LambdaInvoke: () => new Promise<never>(() => undefined) } } };

/**
 * LocalStack templates/timeouts/statemachines/service_lambda_map_function_invoke_with_timeout_seconds.json5, with
 * TimeoutSeconds 1 instead of 5 so that the test is quick (the record does not depend on it).
 */
const mapTimeout = {
  StartAt: "MapWait",
  States: {
    MapWait: {
      Type: "Map",
      InputPath: "$.Inputs",
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: "LambdaInvoke",
        States: {
          LambdaInvoke: {
            Type: "Task",
            Resource: "arn:aws:states:::lambda:invoke",
            TimeoutSeconds: 1,
            Parameters: { "FunctionName.$": "$.FunctionName", "Payload.$": "$.Payload" },
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

describe("aws-local-stepfunctions aborted Map iterations and Parallel branches (patch 006)", () => {
  it("logs StateAborted and MapIterationAborted for the siblings of a timed-out iteration, before the Map fails", async () => {
    const item = { FunctionName: "f", Payload: null };
    const { events } = await runEngine(mapTimeout, { Inputs: [item, item, item, item] }, neverAnswers);
    const labels = events.map(label);

    // AWS: v2/timeouts/test_timeouts.snapshot.json, key "...::TestTimeouts::test_service_lambda_map_timeout": iteration 0
    // ends with MapIterationFailed (id 24); iterations 1, 2 and 3 each with TaskStateAborted and MapIterationAborted (ids 25-31);
    // then MapStateFailed (32) and ExecutionFailed {"error": "States.Timeout"} (33). The four timers run out together, so which
    // iteration fails first is not fixed; the engine, like AWS here, fails iteration 0.
    const failedIndex = labels.indexOf("MapIterationFailed MapWait #0");
    const mapFailed = labels.indexOf("StateFailed MapWait");
    expect(failedIndex).toBeGreaterThan(0);
    for (const index of [1, 2, 3]) {
      const stateAborted = events.findIndex((e) => e.type === "StateAborted" && e.index === index);
      const iterationAborted = labels.indexOf(`MapIterationAborted MapWait #${index}`);
      expect({ index, order: failedIndex < stateAborted && stateAborted < iterationAborted && iterationAborted < mapFailed }).toEqual({
        index,
        order: true,
      });
      expect(events[stateAborted]).toMatchObject({ state: { name: "LambdaInvoke", type: "Task", input: item } });
    }
    expect(labels.filter((line) => line.startsWith("MapIteration") && !line.startsWith("MapIterationStarted"))).toHaveLength(4);
    expect(labels.slice(-2)).toEqual(["StateFailed MapWait", "ExecutionFailed"]);
  });

  it("logs StateAborted and ParallelBranchAborted for a branch cut off by its sibling's failure", async () => {
    const parallel = {
      StartAt: "Both",
      States: {
        Both: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Sleep", States: { Sleep: { Type: "Wait", Seconds: 30, End: true } } },
            { StartAt: "Break", States: { Break: { Type: "Fail", Error: "SomeFailure" } } },
          ],
          End: true,
        },
      },
    };
    const { events } = await runEngine(parallel, {});

    // No AWS record of a Parallel branch cut off by another's failure. AWS has the events for it (WaitStateAborted,
    // TaskStateAborted in HistoryEventType), and in v2/states_variables/test_error_output.snapshot.json, key
    // "...::test_parallel_catch_error[PARALLEL_CATCH_ERROR_OUTPUT]", a branch's TaskStateAborted precedes the Parallel's exit.
    expect(events.map(label).slice(-5)).toEqual([
      "ParallelBranchFailed Both",
      "StateAborted Sleep",
      "ParallelBranchAborted Both",
      "StateFailed Both",
      "ExecutionFailed",
    ]);
  });

  it("logs the running state's StateAborted before ExecutionAborted when the execution itself is aborted", async () => {
    // AWS logs none there: v2/test_sfn_api.snapshot.json, key "...::TestSnfApi::test_stop_execution" has WaitStateEntered,
    // then ExecutionAborted. The engine reports what happened; a consumer writing AWS's history leaves it out at the top level.
    const machine = new StateMachine(
      { StartAt: "Sleep", States: { Sleep: { Type: "Wait", Seconds: 30, End: true } } },
      {
        validationOptions: { noValidate: true },
      },
    );
    const execution = machine.run({});
    setTimeout(execution.abort, 20);
    await expect(execution.result).rejects.toThrow("Execution aborted");
    const types: string[] = [];
    for await (const event of execution.eventLogs) types.push(event.type);

    expect(types).toEqual(["ExecutionStarted", "StateEntered", "StateAborted", "ExecutionAborted"]);
  });

  it("is applied to every build the package ships", () => {
    for (const { build, source } of builds()) {
      expect({ build, aborted: source.includes('type: "MapIterationAborted"') }).toEqual({ build, aborted: true });
    }
  });
});

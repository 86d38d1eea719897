/**
 * Distributed Map scenarios AWS ran and LocalStack recorded, run offline.
 * Each expectation is the recorded history's event types, outputs, errors
 * and causes, cited by snapshot key. Every key below is in LocalStack's
 * tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json
 * ("base") unless another file is named; the definitions are written here
 * after LocalStack's templates (templates/scenarios/statemachines/*.json5).
 *
 * previousEventId is not compared here (local/history/ links the events);
 * nor is the "An error occurred while executing the state 'MapState'
 * (entered at the event id #2). " prefix AWS puts before a States.Runtime
 * cause, which holds a history event id: the causes are compared after it.
 */
import { runDefinition } from "../../local/run/run-definition";
import { toHistory } from "../../local/history/history";
import { lambdaInvoke } from "../../local/engine/integrations";
import { LAMBDA_INVOKE } from "../../stacks/definition/asl";
import { EXCEED_TOLERATED_FAILURE_THRESHOLD_CAUSE } from "../../local/distributed/distributed-rules";
import type { HistoryEvent } from "../../report/history-types";

const DISTRIBUTED = { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" };
const pass = { StartAt: "HandleItem", States: { HandleItem: { Type: "Pass", End: true } } };

async function run(definition: object, input: unknown, handler?: (e: unknown) => Promise<unknown>) {
  const r = await runDefinition({
    definition,
    input,
    integrations: handler ? { [LAMBDA_INVOKE]: lambdaInvoke({ handler }) } : {},
    warn: () => {},
  });
  return { outcome: r.outcome, history: toHistory({ events: r.events, calls: r.calls, definition }) };
}

const types = (h: readonly HistoryEvent[]) => h.map((e) => e.type);
const MAP_RUN_OK = ["MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited"];

describe("a legacy Iterator with ProcessorConfig Mode DISTRIBUTED runs a Map Run", () => {
  const legacy = (fields: object) => ({
    StartAt: "MapState",
    States: {
      MapState: { Type: "Map", MaxConcurrency: 1, ...fields, Iterator: { ...pass, ProcessorConfig: DISTRIBUTED }, Next: "Finish" },
      Finish: { Type: "Succeed" },
    },
  });
  const selector = { constantValue: "constant", "mapValue.$": "$$.Map.Item.Value", "fromInput.$": "$" };
  const selected = ["Hello", "World"].map((mapValue) => ({ constantValue: "constant", mapValue, fromInput: ["Hello", "World"] }));

  test.each([
    // base: test_map_state_legacy_config_distributed
    ["no selector", {}, ["Hello", "World"]],
    // base: test_map_state_legacy_config_distributed_parameters
    ["Parameters", { Parameters: selector }, selected],
    // base: test_map_state_legacy_config_distributed_item_selector
    ["ItemSelector", { ItemSelector: selector }, selected],
  ])("%s: the recorded events and output", async (_, fields, output) => {
    const { outcome, history } = await run(legacy(fields), ["Hello", "World"]);
    expect(outcome).toEqual({ status: "SUCCEEDED", output });
    expect(types(history)).toEqual(["ExecutionStarted", ...MAP_RUN_OK, "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"]);
    expect(history[2]!.mapStateStartedEventDetails).toEqual({ length: 2 });
  });
});

describe("ToleratedFailureCountPath and ToleratedFailurePercentagePath read from the input", () => {
  const withPath = (field: string) => ({
    StartAt: "MapState",
    States: {
      MapState: {
        Type: "Map",
        ItemsPath: "$.Items",
        MaxConcurrency: 1,
        ItemProcessor: { ProcessorConfig: DISTRIBUTED, ...pass },
        [`${field}Path`]: `$.${field}`,
        End: true,
      },
    },
  });
  const notA = (field: string, value: string, kind: string) => `The ${field}Path field refers to value "${value}" which is not a valid ${kind}: $.${field}`;

  test.each([
    // base: test_map_state_tolerated_failure_count_path[<value>]
    ["ToleratedFailureCount", {}, notA("ToleratedFailureCount", "{}", "integer")],
    ["ToleratedFailureCount", "NoNumber", notA("ToleratedFailureCount", "NoNumber", "integer")],
    ["ToleratedFailureCount", -1, "ToleratedFailureCount cannot be negative."],
    // base: test_map_state_tolerated_failure_percentage_path[<value>]
    ["ToleratedFailurePercentage", {}, notA("ToleratedFailurePercentage", "{}", "float")],
    ["ToleratedFailurePercentage", "NoNumber", notA("ToleratedFailurePercentage", "NoNumber", "float")],
    ["ToleratedFailurePercentage", -1.1, "ToleratedFailurePercentage must be between 0 and 100."],
    ["ToleratedFailurePercentage", -1, "ToleratedFailurePercentage must be between 0 and 100."],
    ["ToleratedFailurePercentage", 100.1, "ToleratedFailurePercentage must be between 0 and 100."],
  ])("%s %j: States.Runtime after MapStateStarted, no Map Run, no MapStateFailed", async (field, value, cause) => {
    const { outcome, history } = await run(withPath(field), { Items: [0], [field]: value });
    expect(outcome).toEqual({ status: "FAILED", error: "States.Runtime", cause });
    expect(types(history)).toEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"]);
    expect(history[2]!.mapStateStartedEventDetails).toEqual({ length: 1 });
    // The history's cause names the state (AWS's records); the outcome's is the engine's own.
    const named = `An error occurred while executing the state 'MapState' (entered at the event id #2). ${cause}`;
    expect(history[3]!.executionFailedEventDetails).toEqual({ error: "States.Runtime", cause: named });
  });

  test.each([
    // base: test_map_state_tolerated_failure_count_path[0], [1]
    ["ToleratedFailureCount", 0],
    ["ToleratedFailureCount", 1],
    // base: test_map_state_tolerated_failure_percentage_path[0], [1], [1.1], [100]
    ["ToleratedFailurePercentage", 0],
    ["ToleratedFailurePercentage", 1],
    ["ToleratedFailurePercentage", 1.1],
    ["ToleratedFailurePercentage", 100],
    // v2/assign/test_assign_reference_variables.snapshot.json,
    // test_reference_in_map_state[MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH]: the string "1" (there a variable) runs.
    ["ToleratedFailureCount", "1"],
    ["ToleratedFailurePercentage", "1"],
  ])("%s %j: the Map Run succeeds", async (field, value) => {
    const { outcome, history } = await run(withPath(field), { Items: [0], [field]: value });
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [0] });
    expect(types(history)).toEqual(["ExecutionStarted", ...MAP_RUN_OK, "ExecutionSucceeded"]);
  });

  test("a value read by the path is the tolerance: 1 failed of 2 passes at count 1, fails at count 0", async () => {
    const d = {
      StartAt: "MapState",
      States: {
        MapState: {
          Type: "Map",
          ItemsPath: "$.Items",
          ToleratedFailureCountPath: "$.n",
          ItemProcessor: {
            ProcessorConfig: DISTRIBUTED,
            StartAt: "Check",
            States: {
              Check: { Type: "Choice", Choices: [{ Variable: "$.i", NumericEquals: 1, Next: "Boom" }], Default: "Ok" },
              Boom: { Type: "Fail", Error: "Boom", Cause: "item 1" },
              Ok: { Type: "Succeed" },
            },
          },
          End: true,
        },
      },
    };
    // Objects: the engine fails a child whose whole input is a falsy primitive such as 0.
    const items = [{ i: 0 }, { i: 1 }];
    expect((await run(d, { Items: items, n: 1 })).outcome.status).toBe("SUCCEEDED");
    const failed = await run(d, { Items: items, n: 0 });
    expect(failed.outcome).toEqual({ status: "FAILED", error: "States.ExceedToleratedFailureThreshold", cause: EXCEED_TOLERATED_FAILURE_THRESHOLD_CAUSE });
  });
});

describe("MaxConcurrencyPath on a Distributed Map (AWS records it on an inline Map only)", () => {
  const d = {
    StartAt: "MapState",
    States: {
      MapState: {
        Type: "Map",
        ItemsPath: "$.Values",
        MaxConcurrencyPath: "$.MaxConcurrencyValue",
        ItemProcessor: { ProcessorConfig: DISTRIBUTED, ...pass },
        End: true,
      },
    },
  };
  // base: test_max_concurrency_path[0], [1] (inline); v2/assign/test_assign_reference_variables.snapshot.json,
  // test_reference_in_map_state[MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH]: "1" runs.
  test.each([0, 1, "1", 20_000])("%j: runs", async (value) => {
    const { outcome } = await run(d, { MaxConcurrencyValue: value, Values: ["HelloWorld"] });
    expect(outcome).toEqual({ status: "SUCCEEDED", output: ["HelloWorld"] });
  });
  // base: test_max_concurrency_path[NoNumber], [max_concurrency_value0] (inline): AWS's text.
  test.each([
    ["NoNumber", 'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue'],
    [{}, 'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue'],
    // Not recorded (base: test_max_concurrency_path_negative holds only ExecutionStarted): the offline run's choice.
    [-1, "MaxConcurrency cannot be negative."],
  ])("%j: States.Runtime", async (value, cause) => {
    const { outcome } = await run(d, { MaxConcurrencyValue: value, Values: ["HelloWorld"] });
    expect(outcome).toEqual({ status: "FAILED", error: "States.Runtime", cause });
  });
});

describe("a Distributed Map nested in a Distributed Map's processor", () => {
  test("base: test_map_state_nested_config_distributed", async () => {
    const d = {
      StartAt: "SetupState",
      States: {
        SetupState: {
          Type: "Pass",
          Result: {
            values: [
              {
                "sub-values": [
                  { num: 1, str: "A" },
                  { num: 2, str: "B" },
                ],
              },
            ],
          },
          Next: "MapState",
        },
        MapState: {
          Type: "Map",
          MaxConcurrency: 1,
          ItemsPath: "$.values",
          ItemProcessor: {
            ProcessorConfig: DISTRIBUTED,
            StartAt: "SubMapState",
            States: {
              SubMapState: {
                Type: "Map",
                MaxConcurrency: 1,
                ItemsPath: "$.sub-values",
                ResultPath: "$.result",
                ItemProcessor: { ProcessorConfig: DISTRIBUTED, StartAt: "SubMapStateSuccess", States: { SubMapStateSuccess: { Type: "Succeed" } } },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const { outcome, history } = await run(d, {});
    const sub = [
      { num: 1, str: "A" },
      { num: 2, str: "B" },
    ];
    expect(outcome).toEqual({ status: "SUCCEEDED", output: [{ "sub-values": sub, result: sub }] });
    expect(types(history)).toEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", ...MAP_RUN_OK, "ExecutionSucceeded"]);
  });

  test("base: test_map_state_nested_config_distributed_no_max_max_concurrency (a Lambda echoing its event)", async () => {
    const inner = {
      Type: "Map",
      ResultPath: null,
      End: true,
      ItemsPath: "$.innerJobs",
      ItemSelector: { "job.$": "$$.Map.Item.Value" },
      ItemProcessor: {
        ProcessorConfig: DISTRIBUTED,
        StartAt: "ProcessJob",
        States: { ProcessJob: { Type: "Task", Resource: LAMBDA_INVOKE, Parameters: { FunctionName: "__tbd__", Payload: { "job.$": "$.job" } }, End: true } },
      },
      MaxConcurrency: 9,
    };
    const jobs = { outerJobs: Array.from({ length: 4 }, () => ({ innerJobs: [0, 1, 2, 3, 4] })) };
    const d = {
      StartAt: "InputValue",
      States: {
        InputValue: { Type: "Pass", Result: jobs, Next: "OuterMap" },
        OuterMap: {
          Type: "Map",
          ResultPath: null,
          Next: "FinalState",
          ItemsPath: "$.outerJobs",
          ItemSelector: { "innerJobs.$": "$$.Map.Item.Value.innerJobs" },
          ItemProcessor: { ProcessorConfig: DISTRIBUTED, StartAt: "InnerMap", States: { InnerMap: inner } },
          MaxConcurrency: 50,
        },
        FinalState: { Type: "Pass", End: true },
      },
    };
    const calls: unknown[] = [];
    const { outcome, history } = await run(d, {}, async (e) => (calls.push(e), e));
    expect(outcome).toEqual({ status: "SUCCEEDED", output: jobs });
    expect(calls).toHaveLength(20);
    expect(types(history)).toEqual([
      "ExecutionStarted",
      "PassStateEntered",
      "PassStateExited",
      ...MAP_RUN_OK,
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
    expect(history[4]!.mapStateStartedEventDetails).toEqual({ length: 4 });
  });
});

describe("States.ExceedToleratedFailureThreshold", () => {
  test("AWS's cause in MapRunFailed and ExecutionFailed; MapRunStarted, MapRunFailed, MapStateFailed in that order", async () => {
    const d = {
      StartAt: "MapState",
      States: {
        MapState: {
          Type: "Map",
          ToleratedFailureCount: 0,
          ItemProcessor: { ProcessorConfig: DISTRIBUTED, StartAt: "Boom", States: { Boom: { Type: "Fail", Error: "Boom", Cause: "no" } } },
          End: true,
        },
      },
    };
    const { outcome, history } = await run(d, [1]);
    // v2/test_state/test_state_configuration.snapshot.json, test_map_state_failure_count[INFO-BASE_MAP_STATE_CATCH]:
    // error States.ExceedToleratedFailureThreshold, cause "The specified tolerated failure threshold was exceeded".
    const failure = { error: "States.ExceedToleratedFailureThreshold", cause: "The specified tolerated failure threshold was exceeded" };
    expect(outcome).toEqual({ status: "FAILED", ...failure });
    // The order and the details' shape are those of base: test_map_item_reader_json_no_json_list_object (a Map Run failed
    // on its items): MapRunFailed {error, cause}, MapStateFailed {}, ExecutionFailed with the same error and cause. No AWS
    // history records a Map Run over its threshold.
    expect(types(history)).toEqual([
      "ExecutionStarted",
      "MapStateEntered",
      "MapStateStarted",
      "MapRunStarted",
      "MapRunFailed",
      "MapStateFailed",
      "ExecutionFailed",
    ]);
    expect(history[4]!.mapRunFailedEventDetails).toEqual(failure);
    expect(history[6]!.executionFailedEventDetails).toEqual(failure);
  });
});

/**
 * Where each AWS-recorded scenario comes from: LocalStack's Step Functions
 * parity tests (github.com/localstack/localstack, tests/aws/services/stepfunctions/),
 * whose `*.snapshot.json` hold get_execution_history as recorded on real AWS
 * (LocalStack's transformers replace timestamps, ARNs, region and role by
 * placeholders). The `.py` test beside each snapshot names the template and the
 * input; they are copied here. extract-aws.ts reads these from a LocalStack
 * checkout and writes aws-records/<name>.json (definition, input, AWS events).
 *
 * Chosen: every Map, Distributed Map, Parallel and Fail scenario that needs
 * neither S3 (ItemReader/ResultWriter), JSONata, nor a service other than
 * Lambda (given a local handler doing what the recorded function did).
 * Left out, and why:
 *  - test_map_state_items_*, test_map_state_item_selector[..._JSONATA], *_jsonata: JSONata.
 *  - test_map_item_reader_*, test_map_state_result_writer: S3.
 *  - test_max_concurrency_path_negative: its snapshot is skipped whole ($..events)
 *    because AWS stalls (the .py says so): no AWS history to compare with.
 *  - test_map_state_label: a Distributed Map Label; same shape as config_distributed_parameters.
 *    It is included (its events are recorded); Label changes only the Map Run ARN.
 */
export const SNAPSHOTS = {
  scenarios: "tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json",
  timeouts: "tests/aws/services/stepfunctions/v2/timeouts/test_timeouts.snapshot.json",
  base: "tests/aws/services/stepfunctions/v2/base/test_base.snapshot.json",
} as const;

const TESTS = {
  scenarios: "tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.py::TestBaseScenarios::",
  timeouts: "tests/aws/services/stepfunctions/v2/timeouts/test_timeouts.py::TestTimeouts::",
  base: "tests/aws/services/stepfunctions/v2/base/test_base.py::TestSnfBase::",
} as const;

/** The local Lambda functions, each doing what the recorded one did (handlers.ts). */
export type HandlerName = "id" | "wait60";

export interface AwsSource {
  /** The scenario's name here (aws-records/<name>.json). */
  readonly name: string;
  readonly snapshot: keyof typeof SNAPSHOTS;
  /** The snapshot key: the pytest id. */
  readonly key: string;
  /** Template path under tests/aws/services/stepfunctions/templates/. */
  readonly template: string;
  /** The execution input the .py test gives. */
  readonly input: unknown;
  /** The template's Lambda placeholder and what the .py test puts in its place (the name LocalStack's transformer shows). */
  readonly lambda?: { readonly placeholder: string; readonly replacement: string; readonly handler: HandlerName };
  /** The .py test adds LocalStack's SfnNoneRecursiveParallelTransformer (normalise.ts, localStackParallel). */
  readonly parallelTransformer?: true;
}

const S = "scenarios/statemachines/";
const HELLO = ["Hello", "World"];

function sc(name: string, template: string, input: unknown, key = `test_${name}`): AwsSource {
  return { name, snapshot: "scenarios", key: TESTS.scenarios + key, template: `${S}${template}.json5`, input };
}

export const AWS_SOURCES: readonly AwsSource[] = [
  // --- inline Maps ---
  sc("map_state", "map_state", {}),
  sc("map_state_nested", "map_state_nested", [
    [1, 2, 3],
    [4, 5, 6],
  ]),
  sc("map_state_no_processor_config", "map_state_no_processor_config", {}),
  sc("map_state_legacy", "map_state_legacy", {}),
  sc("map_state_legacy_config_inline", "map_state_legacy_config_inline", HELLO),
  sc("map_state_legacy_config_inline_parameters", "map_state_legacy_config_inline_parameters", HELLO),
  sc("map_state_legacy_config_inline_item_selector", "map_state_legacy_config_inline_item_selector", HELLO),
  sc("map_state_legacy_reentrant", "map_state_legacy_reentrant", {}),
  // The .py test loads the DISTRIBUTED item-selector template for this "inline" case.
  sc("map_state_config_inline_item_selector", "map_state_config_distributed_item_selector", HELLO),
  sc("map_state_config_inline_parameters", "map_state_config_inline_parameters", HELLO),
  sc("map_state_item_selector", "map_state_item_selector", {}, "test_map_state_item_selector[MAP_STATE_ITEM_SELECTOR]"),
  sc("map_state_item_selector_parameters", "map_state_item_selector_parameters", {}),
  sc("map_state_item_selector_singleton", "map_state_item_selector_singletons", {}),
  sc("map_state_parameters_legacy", "map_state_parameters_legacy", {}),
  sc("map_state_parameters_singleton_legacy", "map_state_parameters_singletons_legacy", {}),
  sc("map_state_catch", "map_state_catch", {}),
  sc("map_state_catch_empty_fail", "map_state_catch_empty_fail", {}),
  sc("map_state_catch_legacy", "map_state_catch_legacy", {}),
  sc("map_state_retry", "map_state_retry", {}),
  sc("map_state_retry_multiple_retriers", "map_state_retry_multiple_retriers", {}),
  sc("map_state_retry_legacy", "map_state_retry_legacy", {}),
  sc("map_state_break_condition", "map_state_break_condition", {}),
  sc("map_state_break_condition_legacy", "map_state_break_condition_legacy", {}),
  ...["max_concurrency_value0", "NoNumber", "0", "1"].map((id, k) =>
    sc(
      `max_concurrency_path[${id}]`,
      "max_concurrency_path",
      { MaxConcurrencyValue: [{}, "NoNumber", 0, 1][k], Values: ["HelloWorld"] },
      `test_max_concurrency_path[${id}]`,
    ),
  ),
  // --- Distributed Maps ---
  sc("map_state_legacy_config_distributed", "map_state_legacy_config_distributed", HELLO),
  sc("map_state_legacy_config_distributed_parameters", "map_state_legacy_config_distributed_parameters", HELLO),
  sc("map_state_legacy_config_distributed_item_selector", "map_state_legacy_config_distributed_item_selector", HELLO),
  sc("map_state_config_distributed_item_selector", "map_state_config_distributed_item_selector", HELLO),
  sc("map_state_config_distributed_item_selector_parameters", "map_state_config_distributed_item_selector_parameters", {}),
  sc("map_state_config_distributed_parameters", "map_state_config_distributed_parameters", HELLO),
  sc("map_state_config_distributed_items_path_from_previous", "map_state_config_distributed_items_path_from_previous", {}),
  sc("map_state_config_distributed_reentrant", "map_state_config_distributed_reentrant", {}),
  {
    ...sc("map_state_config_distributed_reentrant_lambda", "map_state_config_distributed_reentrant_lambda", {}),
    lambda: { placeholder: "_tbd_", replacement: "arn:aws:lambda:us-east-1:111111111111:function:lambda_function_name", handler: "id" },
  },
  sc("map_state_label", "map_state_label", HELLO),
  sc("map_state_nested_config_distributed", "map_state_nested_config_distributed", {}),
  {
    ...sc("map_state_nested_config_distributed_no_max_max_concurrency", "map_state_nested_config_distributed_no_max_concurrency", {}),
    lambda: { placeholder: "__tbd__", replacement: "<lambda_function_name>", handler: "id" },
  },
  sc("map_state_tolerated_failure_count", "map_state_tolerated_failure_count", [0], "test_map_state_tolerated_failure_values[count_literal]"),
  sc("map_state_tolerated_failure_percentage", "map_state_tolerated_failure_percentage", [0], "test_map_state_tolerated_failure_values[percentage_literal]"),
  ...(
    [
      ["tolerated_failure_count_value0", {}],
      ["NoNumber", "NoNumber"],
      ["-1", -1],
      ["0", 0],
      ["1", 1],
    ] as const
  ).map(([id, value]) =>
    sc(
      `map_state_tolerated_failure_count_path[${id}]`,
      "map_state_tolerated_failure_count_path",
      { Items: [0], ToleratedFailureCount: value },
      `test_map_state_tolerated_failure_count_path[${id}]`,
    ),
  ),
  ...(
    [
      ["tolerated_failure_percentage_value0", {}],
      ["NoNumber", "NoNumber"],
      ["-1.1", -1.1],
      ["-1", -1],
      ["0", 0],
      ["1", 1],
      ["1.1", 1.1],
      ["100", 100],
      ["100.1", 100.1],
    ] as const
  ).map(([id, value]) =>
    sc(
      `map_state_tolerated_failure_percentage_path[${id}]`,
      "map_state_tolerated_failure_percentage_path",
      { Items: [0], ToleratedFailurePercentage: value },
      `test_map_state_tolerated_failure_percentage_path[${id}]`,
    ),
  ),
  // --- Parallel ---
  { ...sc("parallel_state", "parallel_state", {}, "test_parallel_state[PARALLEL_STATE]"), parallelTransformer: true },
  { ...sc("parallel_state_parameters", "parallel_state_parameters", {}, "test_parallel_state[PARALLEL_STATE_PARAMETERS]"), parallelTransformer: true },
  { ...sc("parallel_state_order", "parallel_state_order", {}), parallelTransformer: true },
  sc("parallel_state_fail", "parallel_state_fail", {}),
  sc("parallel_state_catch", "parallel_state_catch", {}),
  sc("parallel_state_retry", "parallel_state_retry", {}),
  {
    ...sc("parallel_state_nested", "parallel_state_nested", [
      [1, 2, 3],
      [4, 5, 6],
    ]),
    parallelTransformer: true,
  },
  // --- a Task timeout inside a Map (4 items, a function that sleeps 60 s, TimeoutSeconds 5) ---
  {
    name: "service_lambda_map_timeout",
    snapshot: "timeouts",
    key: `${TESTS.timeouts}test_service_lambda_map_timeout`,
    template: "timeouts/statemachines/service_lambda_map_function_invoke_with_timeout_seconds.json5",
    input: { Inputs: Array.from({ length: 4 }, () => ({ FunctionName: "<lambda_function_1_name>", Payload: null })) },
  },
  // --- a Fail state with neither Error nor Cause ---
  {
    name: "state_fail_empty",
    snapshot: "base",
    key: `${TESTS.base}test_state_fail_empty`,
    template: "base/statemachines/raise_empty_failure.json5",
    input: {},
  },
];

/** The Lambda handler each scenario's Task resources call, by scenario name. */
export const HANDLER_OF: Readonly<Record<string, HandlerName>> = {
  map_state_config_distributed_reentrant_lambda: "id",
  map_state_nested_config_distributed_no_max_max_concurrency: "id",
  service_lambda_map_timeout: "wait60",
};

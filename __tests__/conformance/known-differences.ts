/**
 * The AWS-recorded scenarios whose offline history still differs from AWS's (or is refused),
 * each with why, as compare.ts last found them (2026-12-02 19:52 UTC). conformance.test.ts checks
 * that each still does; when one agrees, move it out of this table.
 */
export interface KnownDifference {
  readonly verdict: "differ" | "refused";
  readonly reason: string;
}

export const KNOWN_DIFFERENCES: Readonly<Record<string, KnownDifference>> = {
  map_state: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_nested: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_no_processor_config: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_legacy: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_legacy_config_inline: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_legacy_config_inline_parameters: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_legacy_config_inline_item_selector: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  map_state_legacy_reentrant: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_config_inline_item_selector: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_config_inline_parameters: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_item_selector: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_item_selector_parameters: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_item_selector_singleton: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_parameters_legacy: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_parameters_singleton_legacy: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_catch: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); a caught Map: MapStateExited has no output offline (item 5)",
  },
  map_state_catch_empty_fail: {
    verdict: "differ",
    reason:
      'previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); a Fail without Error/Cause: ExecutionFailed carries cause "null" offline, nothing on AWS (item 4)',
  },
  map_state_catch_legacy: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); a caught Map: MapStateExited has no output offline (item 5)",
  },
  map_state_retry: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); a Map with Retry: AWS logs MapStateStarted again per attempt, offline MapStateFailed per attempt (item 2)",
  },
  map_state_retry_multiple_retriers: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); a Map with Retry: AWS logs MapStateStarted again per attempt, offline MapStateFailed per attempt (item 2)",
  },
  map_state_retry_legacy: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); a Map with Retry: AWS logs MapStateStarted again per attempt, offline MapStateFailed per attempt (item 2)",
  },
  map_state_break_condition: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_break_condition_legacy: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  "max_concurrency_path[max_concurrency_value0]": {
    verdict: "refused",
    reason: "refused offline: MaxConcurrencyPath on an inline Map (issue item 10; AWS runs it)",
  },
  "max_concurrency_path[NoNumber]": { verdict: "refused", reason: "refused offline: MaxConcurrencyPath on an inline Map (issue item 10; AWS runs it)" },
  "max_concurrency_path[0]": { verdict: "refused", reason: "refused offline: MaxConcurrencyPath on an inline Map (issue item 10; AWS runs it)" },
  "max_concurrency_path[1]": { verdict: "refused", reason: "refused offline: MaxConcurrencyPath on an inline Map (issue item 10; AWS runs it)" },
  map_state_legacy_config_distributed: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_legacy_config_distributed_parameters: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  map_state_legacy_config_distributed_item_selector: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  map_state_config_distributed_item_selector: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_config_distributed_item_selector_parameters: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  map_state_config_distributed_parameters: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_config_distributed_items_path_from_previous: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  map_state_config_distributed_reentrant: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_config_distributed_reentrant_lambda: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  map_state_label: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_nested_config_distributed: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_nested_config_distributed_no_max_max_concurrency: {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  map_state_tolerated_failure_count: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  map_state_tolerated_failure_percentage: { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  "map_state_tolerated_failure_count_path[tolerated_failure_count_value0]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  "map_state_tolerated_failure_count_path[NoNumber]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  "map_state_tolerated_failure_count_path[-1]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  "map_state_tolerated_failure_count_path[0]": { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  "map_state_tolerated_failure_count_path[1]": { verdict: "differ", reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)" },
  "map_state_tolerated_failure_percentage_path[tolerated_failure_percentage_value0]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  "map_state_tolerated_failure_percentage_path[NoNumber]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  "map_state_tolerated_failure_percentage_path[-1.1]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  "map_state_tolerated_failure_percentage_path[-1]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  "map_state_tolerated_failure_percentage_path[0]": {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  "map_state_tolerated_failure_percentage_path[1]": {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  "map_state_tolerated_failure_percentage_path[1.1]": {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  "map_state_tolerated_failure_percentage_path[100]": {
    verdict: "differ",
    reason: "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6)",
  },
  "map_state_tolerated_failure_percentage_path[100.1]": {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); States.Runtime cause lacks AWS's prefix \"An error occurred while executing the state 'MapState' (entered at the event id #2). \"",
  },
  parallel_state: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Parallel: no ParallelStateStarted/Succeeded/Failed events offline (item 9)",
  },
  parallel_state_parameters: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Parallel: no ParallelStateStarted/Succeeded/Failed events offline (item 9)",
  },
  parallel_state_order: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Parallel: no ParallelStateStarted/Succeeded/Failed events offline (item 9)",
  },
  parallel_state_fail: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Parallel: no ParallelStateStarted/Succeeded/Failed events offline (item 9)",
  },
  parallel_state_catch: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Parallel: no ParallelStateStarted/Succeeded/Failed events offline (item 9)",
  },
  parallel_state_retry: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Parallel: no ParallelStateStarted/Succeeded/Failed events offline (item 9)",
  },
  parallel_state_nested: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Parallel: no ParallelStateStarted/Succeeded/Failed events offline (item 9)",
  },
  service_lambda_map_timeout: {
    verdict: "differ",
    reason:
      "previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); Task timeout in a Map: AWS starts all 4 iterations first, then logs TaskTimedOut, TaskStateAborted, MapIterationAborted (item 3)",
  },
  state_fail_empty: {
    verdict: "differ",
    reason:
      'previousEventId: the first state links to 0 on AWS, to 1 offline (issue item 6); a Fail without Error/Cause: ExecutionFailed carries cause "null" offline, nothing on AWS (item 4)',
  },
};

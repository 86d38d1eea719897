/**
 * The AWS-recorded scenarios whose offline history still differs from AWS's, each with why, as
 * compare.ts last found them (2026-12-03: 64 scenarios, 64 run, 46 agree, 18 differ).
 * conformance.test.ts checks that each still does; when one agrees, move it out of this table.
 */
export interface KnownDifference {
  readonly verdict: "differ" | "refused";
  readonly reason: string;
  /** The difference as compare.ts describes it today: any other change to the history fails the test. */
  readonly now: string;
}

export const KNOWN_DIFFERENCES: Readonly<Record<string, KnownDifference>> = {
  map_state_config_inline_item_selector: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 10 offline / 10 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_legacy_config_distributed: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 10 offline / 10 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_legacy_config_distributed_parameters: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 10 offline / 10 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_legacy_config_distributed_item_selector: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 10 offline / 10 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_config_distributed_item_selector: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 10 offline / 10 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_config_distributed_parameters: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 10 offline / 10 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_config_distributed_reentrant: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 11 of 36 offline / 36 AWS: MapStateExited: previousEventId offline 8 vs AWS 9; apart from previousEventId: equal",
  },
  map_state_config_distributed_reentrant_lambda: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 11 of 26 offline / 26 AWS: MapStateExited: previousEventId offline 8 vs AWS 9; apart from previousEventId: equal",
  },
  map_state_label: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_tolerated_failure_count: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  map_state_tolerated_failure_percentage: {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  "map_state_tolerated_failure_count_path[0]": {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  "map_state_tolerated_failure_count_path[1]": {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  "map_state_tolerated_failure_percentage_path[0]": {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  "map_state_tolerated_failure_percentage_path[1]": {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  "map_state_tolerated_failure_percentage_path[1.1]": {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  "map_state_tolerated_failure_percentage_path[100]": {
    verdict: "differ",
    reason:
      "MapStateExited links to MapRunSucceeded in this record, made before 07-2024; AWS's newer records (11-2024 to 03-2025) link it to MapRunStarted, which offline follows (links.ts)",
    now: "event 7 of 8 offline / 8 AWS: MapStateExited: previousEventId offline 4 vs AWS 5; apart from previousEventId: equal",
  },
  service_lambda_map_timeout: {
    verdict: "differ",
    reason:
      "four iterations time out at once: AWS's order of their TaskStarted/TaskTimedOut events is the order its workers happened to run in; offline runs them one after another in the engine's order",
    now: "event 10 of 29 offline / 33 AWS: offline TaskStarted vs AWS TaskStateEntered",
  },
};

/**
 * A jest helper for users' own tests: runs the project's workflow offline
 * (runOffline: local DynamoDB, the real engine, the project's function) with
 * one test case of an AWS Step Functions Local mock configuration, and
 * returns the report and the AWS-shaped history (GetExecutionHistory's
 * events) to assert on.
 *
 *   const { report, history } = await runTestCase({ mockConfig: "mocks.json", testCase: "RetryPath" });
 *
 * Retries and Wait states take no time unless `realTime` is set: a test
 * asserts the path, not the backoff.
 */
import type { HistoryEvent } from "../../report/history-types";
import type { Report } from "../../report/report";
import { allStates } from "../../stacks/definition-walk";
import type { SettingValues } from "../../stacks/settings";
import type { WorkList } from "../../stacks/work-list";
import { projectDefinition } from "../run/project-definition";
import { runOffline, type OfflineRun, type RunOfflineOptions } from "../run/run-offline";
import { settingsWith } from "../settings/settings-input";
import { parseMockConfig, readMockConfig } from "./mock-config";

export interface TestCaseOptions {
  /** The mock configuration: a file's path, or the parsed object (named "mockConfig" in messages). */
  readonly mockConfig: string | object;
  readonly testCase: string;
  /** Default: the file's only state machine, else the project's (resourceNames(prefix).stateMachine). */
  readonly stateMachine?: string;
  /** The project's variables; missing ones take their defaults. */
  readonly settings?: Partial<SettingValues>;
  /** The list to seed; default seed/simplelist.json. */
  readonly list?: WorkList;
  /** Keep the definition's retry backoff and Wait seconds. @default false */
  readonly realTime?: boolean;
}

export interface TestCaseRun {
  readonly report: Report;
  /** The last execution's history, as GetExecutionHistory returns it. */
  readonly history: readonly HistoryEvent[];
  /** Everything else the offline run returns (executions, logs, child histories). */
  readonly run: OfflineRun;
}

export async function runTestCase(opts: TestCaseOptions): Promise<TestCaseRun> {
  const config = typeof opts.mockConfig === "string" ? readMockConfig(opts.mockConfig) : parseMockConfig(opts.mockConfig, "mockConfig");
  const run = await runOffline({
    ...(opts.settings ? { settings: opts.settings } : {}),
    ...(opts.list ? { list: opts.list } : {}),
    mocks: { config, testCase: opts.testCase, stateMachine: opts.stateMachine },
    warn: () => {},
    ...(opts.realTime ? {} : instant(opts.settings)),
  });
  return { report: run.report, history: run.history, run };
}

/** Every state of the project's definition retries and waits at once (the engine's overrides are by state name). */
function instant(settings: Partial<SettingValues> | undefined): Pick<RunOfflineOptions, "retryIntervalOverrides" | "waitTimeOverrides"> {
  const definition = projectDefinition(settingsWith(settings), { tableName: "t", functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f" });
  const states = allStates(definition);
  const zero = (names: string[]) => Object.fromEntries(names.map((n) => [n, 0]));
  return {
    retryIntervalOverrides: zero(states.filter((s) => Array.isArray(s.state.Retry)).map((s) => s.name)),
    waitTimeOverrides: zero(states.filter((s) => s.state.Type === "Wait").map((s) => s.name)),
  };
}

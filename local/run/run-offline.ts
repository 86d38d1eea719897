/**
 * The whole workflow offline, as one call: check the settings, read the list,
 * start a local DynamoDB with the stack's table, seed it with the project's
 * seed code, build the definition with the stack's function, run it on the
 * local engine with the real handler, and build the report from AWS-shaped
 * history. Everything started here is stopped before it returns.
 *
 * Used by the CLI, the tests and the benchmark.
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { makeHandler } from "../../functions/process-item";
import { readListFile } from "../../seed/list-file";
import { type WorkList } from "../../stacks/work-list";
import { readList, writeList } from "../../seed/write-list";
import { readRows, seedRows, writeRows } from "../../seed/write-rows";
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import { DYNAMODB_GET_ITEM, DYNAMODB_QUERY, LAMBDA_INVOKE } from "../../stacks/definition/asl";
import { FUNCTION_TIMEOUT_SECONDS, PROJECT_ROOT } from "../../stacks/project";
import { resourceNames, type SettingValues } from "../../stacks/settings";
import type { HistoryEvent } from "../../report/history-types";
import type { NamedHistory, Report } from "../../report/report";
import { startLocalDynamo } from "../dynamodb/server";
import type { QuotaFailure } from "../engine/events";
import { dynamodbGetItem, dynamodbQuery, lambdaInvoke, type Integrations, type LambdaHandler } from "../engine/integrations";
import { checkDistinguishable, checkPositions, type FaultPlan } from "../faults/fault-injection";
import { faultLayer } from "../faults/layer";
import type { Layer } from "../engine/layer";
import type { MockConfig } from "../mocks/mock-config";
import { mockLayer, withMockedResources } from "../mocks/layer";
import { checkMockedStates, selectTestCase, type TestCase } from "../mocks/test-case";
import type { QuotaOptions } from "../quotas/quotas";
import { HISTORY_ADVICE, historyWarning, PAYLOAD_ADVICE } from "../quotas/quota-advice";
import { settingsWith } from "../settings/settings-input";
import { runChain, type ChainOptions, type ChainRun } from "./chain";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../engine/local-aws";
import { rawLogLine, type LogLine, type RawLogLine } from "./logs";
import { startMemoryGuard } from "./memory-guard";
import { projectDefinition } from "./project-definition";
import { itemCounter, progressTracker, type Progress } from "./progress";
import { warnOnStderr, type EngineRunOptions } from "./run-definition";

export { LOCAL_ACCOUNT, LOCAL_REGION };

export const DEFAULT_LIST_FILE = path.join(PROJECT_ROOT, "seed", "simplelist.json");
export interface RunOfflineOptions {
  /** Setting values; missing ones take their defaults. Checked with the Terraform rules first. */
  readonly settings?: Partial<SettingValues>;
  /**
   * Run this definition (a deployed one, say) instead of building one from the
   * settings; the settings then only name the table and go into the report.
   */
  readonly definition?: object;
  /**
   * Use this DynamoDB and table (moto, say; left open) instead of starting
   * dynalite. It is seeded only when `list` or `file` is given.
   */
  readonly dynamo?: { readonly client: DynamoDBClient; readonly tableName: string };
  /** The list to seed; or `file` to read one; default seed/simplelist.json (with the local server). */
  readonly list?: WorkList;
  readonly file?: string;
  /** false: leave the table as it is (empty with the local server: the ListNotSeeded path). */
  readonly seed?: boolean;
  /** Replaces the real handler (tests, bench). Its log lines are not collected. */
  readonly handler?: LambdaHandler;
  readonly onProgress?: (p: Progress) => void;
  /** Aborting it aborts the execution: status ABORTED. */
  readonly signal?: AbortSignal;
  /** Milliseconds between retries by state name, instead of the definition's backoff (tests). */
  readonly retryIntervalOverrides?: EngineRunOptions["retryIntervalOverrides"];
  /** Milliseconds a Wait state waits, by state name, instead of its Seconds. */
  readonly waitTimeOverrides?: EngineRunOptions["waitTimeOverrides"];
  readonly warn?: (message: string) => void;
  /** The first execution's name (later ones of a chain are named after it). @default a UUID, as AWS names an unnamed execution */
  readonly executionName?: string;
  /**
   * The history quota the definition budgets its pages per execution with
   * (continue as new); tests pass a small one to chain after a few pages.
   * @default 25,000
   */
  readonly historyQuota?: number;
  /** Failures on purpose (--fail-items, --throttle-items): by zero-based item position. */
  readonly faults?: FaultPlan;
  /**
   * A test case of an AWS Step Functions Local mock configuration
   * (--mock-config, --test-case, --state-machine): its states are answered
   * from their mocked responses (local/mocks/). Without `stateMachine`, the
   * file's only state machine, else the one named resourceNames(prefix).stateMachine.
   */
  readonly mocks?: { readonly config: MockConfig; readonly testCase: string; readonly stateMachine?: string | undefined };
  /**
   * Keep every execution's whole history (`executions`, `childHistories`).
   * false folds each execution into the report as it ends and lets its events
   * go, so memory grows with the items, not the events (npm start does this).
   * @default true
   */
  readonly keepHistories?: boolean;
  /** Without keepHistories: keep the last execution's whole history (`history`); false: `history` is empty (ChainOptions.keepLastHistory). @default true */
  readonly keepLastHistory?: boolean;
}

export interface OfflineRun {
  /** One report over every execution of the run. */
  readonly report: Report;
  /** The last execution's history: the only one unless the run continued as new; empty with keepLastHistory false. */
  readonly history: readonly HistoryEvent[];
  /** Every execution the run took, in order, each with its own history; empty when keepHistories is false. */
  readonly executions: readonly NamedHistory[];
  /** The histories whose events the HTML report lists (all of them if kept, else the first few and the last, cut short). */
  readonly eventLists: readonly NamedHistory[];
  readonly logs: readonly LogLine[];
  readonly tableName: string;
  /** The list as read from the table before the run (plain JSON); null when the table has none. */
  readonly itemsRead: WorkList | null;
  /** The AWS quota the run reached, if it ended on one (the report's error and cause say the same). */
  readonly quota?: QuotaFailure;
  /** The definition the run ran (the HTML report draws it). */
  readonly definition: object;
  /** A Distributed Map's child executions' histories; empty when keepHistories is false. */
  readonly childHistories: readonly (readonly HistoryEvent[])[];
  /** The mock configuration's test case the run used (`mocks`), with how its state machine was chosen. */
  readonly testCase?: TestCase;
}

export async function runOffline(opts: RunOfflineOptions = {}): Promise<OfflineRun> {
  // Everything a user can get wrong is refused before anything starts.
  const settings = settingsWith(opts.settings);
  const seed = seedPlan(opts, settings);
  const names = resourceNames(settings.name_prefix);
  const testCase = opts.mocks ? selectTestCase(opts.mocks.config, { ...opts.mocks, runName: names.stateMachine }) : undefined;
  if (testCase && opts.definition) checkMockedStates(testCase, opts.definition);
  const table = await openTable(opts, names.table);
  let done = 0;
  const guard = startMemoryGuard(opts.signal, () => `${done.toLocaleString("en-US")} items`);
  const onProgress = (p: Progress) => {
    done = p.done;
    opts.onProgress?.(p);
  };
  try {
    const itemsRead = await seedAndRead(table, seed);
    // Before it starts: a list that cannot fit one execution's history runs anyway, and fails where AWS would.
    const tooLong = opts.definition ? undefined : historyWarning(settings, itemsRead?.length ?? 0);
    if (tooLong) (opts.warn ?? warnOnStderr)(tooLong);
    const definition = opts.definition ?? definitionFor(settings, table.tableName, names.function, opts.historyQuota);
    const faults = checkedFaults(opts.faults, settings, itemsRead ?? []);
    if (testCase) checkMockedStates(testCase, definition);
    const rawLogs: RawLogLine[] = [];
    const local = localIntegrations(table.client, opts.handler, rawLogs);
    const chain = await runChain({
      definition,
      stateMachine: { arn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${names.stateMachine}`, name: names.stateMachine },
      firstName: opts.executionName ?? randomUUID(),
      integrations: testCase ? withMockedResources(local, definition, testCase) : local,
      rawLogs,
      settings,
      ...(opts.keepHistories === false ? { keepHistories: false } : {}),
      ...(opts.keepLastHistory === false ? { keepLastHistory: false } : {}),
      run: engineOptions({ ...opts, signal: guard.signal, onProgress }, settings, itemsRead?.length ?? 0, callerLayers(faults, testCase, definition)),
    });
    const outOfMemory = guard.failure();
    if (outOfMemory) throw outOfMemory;
    return {
      ...offlineRun(chain, table.tableName, itemsRead),
      definition,
      childHistories: chain.children.map((c) => c.history),
      ...(testCase ? { testCase } : {}),
    };
  } finally {
    guard.stop();
    await table.close();
  }
}

/** What to seed: a whole list must fit one item (read now); rows are checked one by one while seeding. */
interface SeedPlan {
  readonly seed: boolean;
  readonly rows: boolean;
  readonly file: string;
  /** The whole list to write (list shape); null with rows, or when not seeding. */
  readonly list: WorkList | null;
  /** The caller's list, written row by row with rows (else `file` is streamed). */
  readonly given: WorkList | undefined;
}

function seedPlan(opts: RunOfflineOptions, settings: SettingValues): SeedPlan {
  const seed = opts.seed ?? (opts.dynamo ? opts.list !== undefined || opts.file !== undefined : true);
  const rows = settings.item_source === "rows";
  const file = opts.file ?? DEFAULT_LIST_FILE;
  return { seed, rows, file, list: seed && !rows ? (opts.list ?? readListFile(file)) : null, given: opts.list };
}

interface Table {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Stops the local server, if this run started one. */
  close(): Promise<void>;
}

/** The caller's DynamoDB (left open), or a local server with the stack's table. */
async function openTable(opts: RunOfflineOptions, stackTable: string): Promise<Table> {
  if (opts.dynamo) return { ...opts.dynamo, close: async () => {} };
  const local = await startLocalDynamo({ tableName: stackTable });
  return { client: local.client, tableName: stackTable, close: () => local.close() };
}

/** Seeds the table as planned; returns the list as read back (plain JSON), null when the table has none. */
async function seedAndRead(table: Table, plan: SeedPlan): Promise<WorkList | null> {
  const { client, tableName } = table;
  if (plan.rows && plan.seed) {
    if (plan.given) await writeRows(client, tableName, plan.given);
    else await seedRows(client, tableName, plan.file);
  } else if (plan.list) {
    await writeList(client, tableName, plan.list);
  }
  return plan.rows ? await readRows(client, tableName) : ((await readList(client, tableName)) ?? null);
}

/** The definition the stack deploys for these settings, calling the local function's ARN. */
function definitionFor(settings: SettingValues, tableName: string, functionName: string, historyQuota: number | undefined): object {
  return projectDefinition(settings, { tableName, functionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}` }, historyQuota);
}

/** The plan if it targets any item, checked against the list first. */
function checkedFaults(plan: FaultPlan | undefined, settings: SettingValues, items: WorkList): FaultPlan | undefined {
  if (!plan || (plan.fail.size === 0 && plan.throttle.size === 0)) return undefined;
  checkPositions(plan, items.length);
  // An inline Map's invocation is known by its payload only (fault-injection.ts).
  if (settings.map_mode !== "DISTRIBUTED") checkDistinguishable(plan, items);
  return plan;
}

/** The local stand-ins for GetItem, Query and Lambda Invoke (the chain adds StartExecution). */
function localIntegrations(client: DynamoDBClient, handler: LambdaHandler | undefined, rawLogs: RawLogLine[]): Integrations {
  return {
    [DYNAMODB_GET_ITEM]: dynamodbGetItem(client),
    [DYNAMODB_QUERY]: dynamodbQuery(client),
    [LAMBDA_INVOKE]: lambdaInvoke({
      ...(handler ? { handler } : { handlerFor: (log) => makeHandler(log) }),
      onLog: (line, call) => rawLogs.push(rawLogLine(line, call)),
      timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
    }),
  };
}

/**
 * The test aids' layers, from the engine outward: the faults, then the mocks,
 * so a mocked state is answered before any fault could be injected into it.
 */
function callerLayers(faults: FaultPlan | undefined, testCase: TestCase | undefined, definition: object): Layer[] {
  return [...(faults ? [faultLayer(faults)] : []), ...(testCase ? [mockLayer(testCase, definition)] : [])];
}

/** What every execution of the chain runs with: the caller's overrides, AWS's quotas, the test aids' layers, the progress line. */
function engineOptions(opts: RunOfflineOptions, settings: SettingValues, total: number, layers: readonly Layer[]): ChainOptions["run"] {
  return {
    signal: opts.signal,
    retryIntervalOverrides: opts.retryIntervalOverrides,
    waitTimeOverrides: opts.waitTimeOverrides,
    warn: opts.warn,
    quotas: quotasFor(settings),
    onEvent: opts.onProgress ? progressTracker(total, opts.onProgress) : undefined,
    ...(opts.onProgress ? { onChild: itemCounter(total, opts.onProgress) } : {}),
    ...(layers.length > 0 ? { layers } : {}),
  };
}

function offlineRun(chain: ChainRun, tableName: string, itemsRead: WorkList | null): Omit<OfflineRun, "definition" | "childHistories"> {
  const { report, executions, eventLists, lastHistory, logs, quota } = chain;
  return { report, history: lastHistory, executions, eventLists, logs, tableName, itemsRead, ...(quota ? { quota } : {}) };
}

/** AWS's quotas for these settings, with what to change when one is reached. */
function quotasFor(settings: SettingValues): QuotaOptions {
  return {
    historyEvents: settings.workflow_type === "EXPRESS" ? null : HISTORY_EVENT_QUOTA,
    advice: { history: HISTORY_ADVICE, payload: PAYLOAD_ADVICE },
  };
}

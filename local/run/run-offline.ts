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
import { buildDefinition, chainParams, HISTORY_EVENT_QUOTA, NUMBER_ARITHMETIC, shapeOf, tunableParams } from "../../stacks/definition";
import { FUNCTION_TIMEOUT_SECONDS, PROJECT_ROOT } from "../../stacks/project";
import { resourceNames, type SettingValues } from "../../stacks/settings";
import { startLocalDynamo } from "../dynamodb/server";
import { runDefinition, type EngineEvent, type EngineRunOptions } from "./run-definition";
import { toHistory, pairCalls } from "../history/history";
import type { HistoryEvent } from "../../report/history-types";
import {
  DYNAMODB_GET_ITEM,
  DYNAMODB_QUERY,
  dynamodbGetItem,
  dynamodbQuery,
  LAMBDA_INVOKE,
  lambdaInvoke,
  STATES_START_EXECUTION,
  statesStartExecution,
  type LambdaHandler,
  type StartedExecution,
  type TaskCall,
} from "../engine/integrations";
import { buildChainReport, withChildRows, type ChildExecutionHistory, type NamedHistory, type Report } from "../../report/report";
import { checkDistinguishable, checkPositions, currentItemPositions, injectFault, PayloadPositions, type FaultPlan } from "../faults/fault-injection";
import { LIST_ATTRIBUTE, ROW_ATTRIBUTE, SORT_KEY } from "../../stacks/table-schema";
import type { TaskIntegration } from "../engine/integrations";
import type { MapRunRecord } from "../distributed/distributed-map";
import { settingsWith } from "../settings/settings-input";
import type { QuotaFailure, QuotaOptions } from "../quotas/quotas";
import { HISTORY_ADVICE, historyWarning, PAYLOAD_ADVICE } from "../quotas/quota-advice";
import type { ItemsProgress } from "../../cli/progress";
import { executionArnOf } from "../../aws/arn";

export const DEFAULT_LIST_FILE = path.join(PROJECT_ROOT, "seed", "simplelist.json");
/** An all-zero account id, as local emulators use: the function ARN is well formed and names nothing real. */
export const LOCAL_ACCOUNT = "000000000000";
export const LOCAL_REGION = "us-east-1";

/** Items of the Map so far, as the progress line (cli/progress.ts) shows them. */
export type Progress = ItemsProgress;

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
}

/** A line the handler logged, tied to the item whose invocation logged it. */
export interface LogLine {
  /** Milliseconds since the execution started. */
  readonly atMs: number;
  readonly index: number | null;
  readonly requestId: string | null;
  readonly line: string;
}

export interface OfflineRun {
  /** One report over every execution of the run. */
  readonly report: Report;
  /** The last execution's history: the only one unless the run continued as new. */
  readonly history: readonly HistoryEvent[];
  /** Every execution the run took, in order, each with its own history. */
  readonly executions: readonly NamedHistory[];
  readonly logs: readonly LogLine[];
  readonly tableName: string;
  /** The list as read from the table before the run (plain JSON); null when the table has none. */
  readonly itemsRead: WorkList | null;
  /** The AWS quota the run reached, if it ended on one (the report's error and cause say the same). */
  readonly quota?: QuotaFailure;
}

export async function runOffline(opts: RunOfflineOptions = {}): Promise<OfflineRun> {
  // Everything a user can get wrong is refused before anything starts.
  const settings = settingsWith(opts.settings);
  const seed = opts.seed ?? (opts.dynamo ? opts.list !== undefined || opts.file !== undefined : true);
  const rows = settings.item_source === "rows";
  const file = opts.file ?? DEFAULT_LIST_FILE;
  // A whole list must fit one item; rows are checked one by one while seeding.
  const list = seed && !rows ? opts.list ?? readListFile(file) : null;

  const names = resourceNames(settings.name_prefix);
  const tableName = opts.dynamo?.tableName ?? names.table;
  const local = opts.dynamo ? undefined : await startLocalDynamo({ tableName });
  const client = opts.dynamo?.client ?? local!.client;
  try {
    if (rows && seed) {
      if (opts.list) await writeRows(client, tableName, opts.list);
      else await seedRows(client, tableName, file);
    } else if (list) {
      await writeList(client, tableName, list);
    }
    const itemsRead = rows ? await readRows(client, tableName) : (await readList(client, tableName)) ?? null;
    // Before it starts: a list that cannot fit one execution's history runs anyway, and fails where AWS would.
    const tooLong = opts.definition ? undefined : historyWarning(settings, itemsRead?.length ?? 0);
    if (tooLong) (opts.warn ?? ((m: string) => process.stderr.write(`${m}\n`)))(tooLong);

    const definition =
      opts.definition ??
      buildDefinition({
        tableName,
        functionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${names.function}`,
        ...tunableParams(settings),
        ...chainParams(settings, NUMBER_ARITHMETIC, opts.historyQuota ?? HISTORY_EVENT_QUOTA),
        ...shapeOf(settings),
      });

    const faults = opts.faults && (opts.faults.fail.size > 0 || opts.faults.throttle.size > 0) ? opts.faults : undefined;
    if (faults) {
      checkPositions(faults, itemsRead?.length ?? 0);
      // An inline Map's invocation is known by its payload only (fault-injection.ts).
      if (settings.map_mode !== "DISTRIBUTED") checkDistinguishable(faults, itemsRead ?? []);
    }
    const throttlesLeft = new Map<number, number>();
    const payloadPositions = new PayloadPositions();
    const rawLogs: { at: number; call: TaskCall | undefined; line: string }[] = [];
    const lambda = lambdaInvoke({
      ...(faults
        ? {
            beforeInvoke: (payload: unknown) => {
              const items = currentItemPositions() ?? payloadPositions.of(payload);
              if (items) injectFault(faults, items, throttlesLeft);
            },
          }
        : {}),
      ...(opts.handler ? { handler: opts.handler } : { makeHandler: (log) => makeHandler(log) }),
      onLog: (line, call) => rawLogs.push({ at: Date.now(), call, line }),
      timeoutSeconds: FUNCTION_TIMEOUT_SECONDS,
    });
    // Continue as new: each execution a ContinueAsNew task starts runs after the
    // one that started it, on the same engine, with a history of its own.
    const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${names.stateMachine}`;
    const usedNames = new Set<string>();
    const firstName = opts.executionName ?? randomUUID();
    usedNames.add(firstName);
    let next: StartedExecution | undefined = { name: firstName, input: {}, executionArn: executionArnOf(stateMachineArn, firstName) };
    const executions: NamedHistory[] = [];
    const logs: LogLine[] = [];
    const onEvent = opts.onProgress ? progressTracker(itemsRead?.length ?? 0, opts.onProgress) : undefined;
    const onChild = opts.onProgress ? itemCounter(itemsRead?.length ?? 0, opts.onProgress) : undefined;
    const children: ChildExecutionHistory[] = [];
    let mapRunItems = 0;
    let itemsBefore = 0;
    let firstStartedAt: number | undefined;
    let quota: QuotaFailure | undefined;
    while (next) {
      const current: StartedExecution = next;
      next = undefined;
      const run = await runDefinition({
        definition,
        input: current.input,
        context: {
          Execution: { Id: current.executionArn, Name: current.name },
          StateMachine: { Id: stateMachineArn, Name: names.stateMachine },
        },
        integrations: {
          [DYNAMODB_GET_ITEM]: faults ? learningPositions(dynamodbGetItem(client), payloadPositions) : dynamodbGetItem(client),
          [DYNAMODB_QUERY]: faults ? learningPositions(dynamodbQuery(client), payloadPositions) : dynamodbQuery(client),
          [LAMBDA_INVOKE]: lambda,
          [STATES_START_EXECUTION]: statesStartExecution({ stateMachineArn, usedNames, onStart: (started) => (next = started) }),
        },
        signal: opts.signal,
        retryIntervalOverrides: opts.retryIntervalOverrides,
        waitTimeOverrides: opts.waitTimeOverrides,
        warn: opts.warn,
        quotas: quotasFor(settings),
        onEvent,
        ...(onChild ? { onChild } : {}),
      });
      const history = toHistory({ events: run.events, calls: run.calls, definition, region: LOCAL_REGION, quotaCut: run.quota?.keep });
      for (const mapRun of run.mapRuns) {
        children.push(...childHistories(mapRun));
        mapRunItems += mapRun.totalItems;
      }
      quota ??= run.quota;
      executions.push({ name: current.name, history });
      firstStartedAt ??= run.events.find((e) => e.type === "ExecutionStarted")?.timestamp;
      // A Distributed Map's invocations are its children's: their line goes to the child's (first) item.
      const childItemOf = new Map<TaskCall, number>();
      for (const mapRun of run.mapRuns) for (const child of mapRun.children) for (const call of child.run.calls) childItemOf.set(call, child.indices[0]! + mapRun.itemOffset);
      const rawNow = rawLogs.splice(0);
      // Log times count from the first execution's start, as the report's do.
      attributeLogs(rawNow, run.events, run.calls, firstStartedAt).forEach((line, k) => {
        const child = rawNow[k]!.call ? childItemOf.get(rawNow[k]!.call!) : undefined;
        logs.push(child !== undefined ? { ...line, index: child } : line.index === null ? line : { ...line, index: line.index + itemsBefore });
      });
      itemsBefore += history.reduce((n, e) => n + (e.type === "MapIterationStarted" ? 1 : 0), 0);
      // Stopped by the user: AWS would run the started execution; offline nothing runs on.
      if (opts.signal?.aborted) break;
    }

    const chain = buildChainReport(executions, settings);
    // A Distributed Map's items are in its children's histories, not the parent's.
    const report = mapRunItems > 0 || children.length > 0 ? withChildRows(chain, children, mapRunItems) : chain;
    return { report, history: executions.at(-1)!.history, executions, logs, tableName, itemsRead, ...(quota ? { quota } : {}) };
  } finally {
    await local?.close();
  }
}

/** AWS's quotas for these settings, with what to change when one is reached. */
function quotasFor(settings: SettingValues): QuotaOptions {
  return {
    historyEvents: settings.workflow_type === "EXPRESS" ? null : HISTORY_EVENT_QUOTA,
    advice: { history: HISTORY_ADVICE, payload: PAYLOAD_ADVICE },
  };
}

/**
 * For faults on an inline Map: what the state machine read, element by
 * element with its position: the list item's elements (GetItem), or each
 * row's value with the position its sort key holds (Query).
 */
function learningPositions(integration: TaskIntegration, positions: PayloadPositions): TaskIntegration {
  return async (parameters, call) => {
    const out = (await integration(parameters, call)) as { Item?: Record<string, { L?: unknown[] }>; Items?: Record<string, { S?: string }>[] };
    out.Item?.[LIST_ATTRIBUTE]?.L?.forEach((element, i) => positions.learn(element, i));
    for (const row of out.Items ?? []) {
      const position = Number(row[SORT_KEY]?.S);
      if (Number.isInteger(position)) positions.learn(row[ROW_ATTRIBUTE], position);
    }
    return out;
  };
}

/** Each child of a Map Run as its history (AWS keeps one per child execution). */
function childHistories(mapRun: MapRunRecord): ChildExecutionHistory[] {
  return mapRun.children.map((child) => ({
    positions: child.indices.map((i) => i + mapRun.itemOffset),
    batched: mapRun.batched,
    history: toHistory({ events: child.run.events, calls: child.run.calls, definition: mapRun.childDefinition, region: LOCAL_REGION, quotaCut: child.run.quota?.keep }),
  }));
}

/** Counts items as they start and end, `items` at a time (a Distributed Map's batch), and reports each change. */
function itemCounter(total: number, onProgress: (p: Progress) => void) {
  let started = 0;
  let done = 0;
  let failed = 0;
  return (event: "started" | "succeeded" | "failed", items = 1) => {
    if (event === "started") started += items;
    else done += items;
    if (event === "failed") failed += items;
    onProgress({ total, done, running: started - done, failed });
  };
}

/** The same count from the engine's Map iteration events as they arrive. */
function progressTracker(total: number, onProgress: (p: Progress) => void) {
  const count = itemCounter(total, onProgress);
  const kind = { MapIterationStarted: "started", MapIterationSucceeded: "succeeded", MapIterationFailed: "failed" } as const;
  return (e: EngineEvent) => {
    if (e.type in kind) count(kind[e.type as keyof typeof kind]);
  };
}

/** Each log line gets the item index of the call that logged it (through the call's Task attempt). */
function attributeLogs(
  raw: readonly { at: number; call: TaskCall | undefined; line: string }[],
  events: readonly EngineEvent[],
  calls: readonly TaskCall[],
  startedAt?: number,
): LogLine[] {
  const t0 = startedAt ?? events.find((e) => e.type === "ExecutionStarted")?.timestamp ?? raw[0]?.at ?? 0;
  const indexOfCall = new Map<TaskCall, number | null>();
  for (const [event, call] of pairCalls(events, calls)) {
    indexOfCall.set(call, "index" in event && typeof event.index === "number" ? event.index : null);
  }
  return raw.map((r) => ({
    atMs: r.at - t0,
    index: r.call ? indexOfCall.get(r.call) ?? null : null,
    requestId: r.call?.requestId ?? null,
    line: r.line,
  }));
}

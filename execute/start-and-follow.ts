/**
 * StartExecution, then DescribeExecution every poll until the status is no
 * longer RUNNING, then the whole history for the report; and, when the
 * execution continued as new, the execution it started.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type DescribeStateMachineCommandOutput,
  type HistoryEvent,
  type SFNClient,
} from "@aws-sdk/client-sfn";
import { eventsAfter, readHistory } from "../aws/history-pages";
import type { HistoryEvent as ReportHistoryEvent } from "../report/history-types";
import { ItemCounter, type ItemProgress } from "./progress";
import { describeMapRun, type MapRunProgress } from "./map-runs";

const POLL_MS = 1000;

export function describeStateMachine(client: SFNClient, stateMachineArn: string): Promise<DescribeStateMachineCommandOutput> {
  return client.send(new DescribeStateMachineCommand({ stateMachineArn }));
}

export interface StartedExecution {
  readonly executionArn: string;
  readonly startDate: Date;
}

/**
 * Starts one execution. It is always given a fresh UUID as its name, which is
 * what AWS picks when none is given; naming it here keeps emulators that
 * would otherwise reuse one default name (moto's "None") working too.
 */
export async function startExecution(client: SFNClient, stateMachineArn: string, input: string, name: string = randomUUID()): Promise<StartedExecution> {
  const out = await client.send(new StartExecutionCommand({ stateMachineArn, input, name }));
  if (!out.executionArn) throw new Error("StartExecution returned no executionArn");
  return { executionArn: out.executionArn, startDate: out.startDate ?? new Date() };
}

export interface FollowOptions {
  readonly pollMs?: number;
  /** Aborting it stops following (the execution itself goes on). */
  readonly signal?: AbortSignal;
  /** Called after every poll; with item counts when `countItems` is set, and the Map Run's once one started. */
  readonly onPoll?: (status: string, items: ItemProgress | undefined, mapRun?: MapRunProgress) => void;
  /** Count the Map's items from the new history events each poll (one more call per poll). */
  readonly countItems?: boolean;
}

/** Polls until the execution is no longer RUNNING; returns the last DescribeExecution. */
export async function followExecution(client: SFNClient, executionArn: string, opts: FollowOptions = {}): Promise<DescribeExecutionCommandOutput> {
  const counter = opts.countItems ? new ItemCounter() : undefined;
  let mapRun: string | undefined;
  for (;;) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    const status = described.status ?? "RUNNING";
    let mapRunProgress: MapRunProgress | undefined;
    if (counter) {
      const fresh = await eventsAfter(client, executionArn, counter.lastId);
      counter.add(fresh);
      for (const e of fresh) if (e.type === "MapRunStarted" && e.mapRunStartedEventDetails?.mapRunArn) mapRun = e.mapRunStartedEventDetails.mapRunArn;
      // A Distributed Map: its items are in the Map Run's counts, not in this history.
      if (mapRun && status === "RUNNING") mapRunProgress = await describeMapRun(client, mapRun);
    }
    opts.onPoll?.(status, counter?.progress, mapRunProgress);
    if (status !== "RUNNING") return described;
    await sleep(opts.pollMs ?? POLL_MS, undefined, opts.signal ? { signal: opts.signal } : {});
  }
}

const TERMINAL_EVENTS = new Set(["ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"]);

/**
 * The whole history of an ended execution. The history may lag
 * DescribeExecution by a moment, so it is read again (a few times, a second
 * apart) until it holds the execution's end event.
 */
export async function readEndedHistory(client: SFNClient, executionArn: string, tries = 5, delayMs = 1000): Promise<HistoryEvent[]> {
  let history = await readHistory(client, executionArn);
  for (let i = 1; i < tries && !history.some((e) => TERMINAL_EVENTS.has(e.type ?? "")); i++) {
    await sleep(delayMs);
    history = await readHistory(client, executionArn);
  }
  return history;
}

/**
 * The execution this one continued as: its history has a TaskSucceeded of the
 * startExecution integration (the definition's ContinueAsNew) whose output
 * names the started execution. undefined when it did not continue.
 */
export function continuedAs(history: readonly ReportHistoryEvent[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const d = history[i]!.type === "TaskSucceeded" ? history[i]!.taskSucceededEventDetails : undefined;
    if (d?.resourceType !== "states" || d.resource !== "startExecution") continue;
    try {
      const arn = (JSON.parse(d.output ?? "null") as { ExecutionArn?: unknown } | null)?.ExecutionArn;
      if (typeof arn === "string") return arn;
    } catch {
      // Output not shown (includeExecutionData off): nothing to follow.
    }
  }
  return undefined;
}

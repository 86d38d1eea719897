/**
 * The run report's types: what buildReport (report.ts) and the fold it is
 * made of (report-fold.ts) return, one shape for offline runs and real
 * executions alike.
 */
import type { SettingValues } from "../stacks/settings";
import type { HistoryEvent } from "./history-types";
import type { StatesRecord } from "./state-counts";

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
export type ItemStatus = "NOT_STARTED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "ABORTED";

/** One Lambda attempt of an item. */
export interface LambdaRun {
  readonly startedMs: number;
  readonly endedMs: number | null;
  readonly error?: string;
  readonly cause?: string;
}

export interface ReportItem {
  readonly index: number;
  readonly status: ItemStatus;
  /** The iteration's input, as the state machine handed it (typed DynamoDB values here); null if never started. */
  readonly input: unknown;
  readonly waitStartedMs: number | null;
  readonly waitEndedMs: number | null;
  /** Start of the first Lambda attempt. */
  readonly lambdaStartedMs: number | null;
  /** End of the last Lambda attempt. */
  readonly lambdaEndedMs: number | null;
  /** The iteration's output (the function's payload, or a Catch's result when `caught`); null unless the iteration succeeded. */
  readonly output: unknown;
  readonly error?: string;
  readonly cause?: string;
  /**
   * Its Lambda's last attempt failed and a Catch took it on: the iteration
   * succeeded, the item did not, so its status is FAILED (see caughtFailure).
   */
  readonly caught?: true;
  /** Lambda attempts made (1 + retries). */
  readonly attempts: number;
  readonly runs: readonly LambdaRun[];
}

/** The item whose failure failed the execution: where it was, what it got, and why it failed. */
export interface FailedItem {
  readonly index: number;
  readonly input: unknown;
  readonly error?: string;
  readonly cause?: string;
}

export interface Report {
  readonly status: ExecutionStatus;
  readonly error: string | null;
  readonly cause: string | null;
  /** The execution's output (ExecutionSucceeded's, parsed; a chain's: its last execution's); null unless it succeeded. */
  readonly output: unknown;
  readonly settings: SettingValues;
  /** ISO time of ExecutionStarted. */
  readonly startedAt: string | null;
  /** ExecutionStarted to the end (or to the last event while running). */
  readonly durationMs: number | null;
  readonly items: readonly ReportItem[];
  /** The item whose failure failed the execution. */
  readonly failedItem?: FailedItem;
  /** Every execution the run took (several when it continued as new), in order; set by buildChainReport. */
  readonly executions?: readonly ExecutionSummary[];
  /**
   * What each state did, by name (entered, succeeded, failed, caught,
   * retried), counted from the histories (a Distributed Map's children
   * included): the HTML report's graph colors states by these.
   */
  readonly states: Readonly<StatesRecord>;
}

/** One execution of a run, as the report lists it. */
export interface ExecutionSummary {
  readonly name: string;
  readonly status: ExecutionStatus;
  /** Events in its history: what the 25,000-event quota counts. */
  readonly events: number;
  /** When it started, in ms since the run's first execution started. */
  readonly startedMs: number;
  /** Its output (ExecutionSucceeded's, parsed); null unless it succeeded. */
  readonly output: unknown;
}

/** An execution's name and its whole history. */
export interface NamedHistory {
  readonly name: string;
  readonly history: readonly HistoryEvent[];
}

/** One child workflow execution of a Distributed Map: its history and the items it served. */
export interface ChildExecutionHistory {
  /** Zero-based positions of its items in the run's list (one, or a batch). */
  readonly positions: readonly number[];
  /** Its input was {"Items": [...]} (ItemBatcher): each item of the batch is a row. */
  readonly batched: boolean;
  readonly history: readonly HistoryEvent[];
}

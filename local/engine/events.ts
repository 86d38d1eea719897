/**
 * The offline run's shared vocabulary: the events the engine hands out, the
 * events the layers add (Map Run events, the quota's ExecutionFailed), the
 * journal of task calls, and what one run returns. Every room of local/
 * imports these from here and nothing else from the core, so no file imports
 * back into the engine or into another layer for a type.
 *
 * Types only, plus the constructors and guards of the layers' own events.
 */
import type { StateMachine } from "aws-local-stepfunctions";
import type { HistoryEventType } from "../../report/history-types";

type RunResult = ReturnType<StateMachine["run"]>;
/** One entry of aws-local-stepfunctions' event log (its type is not exported by name). */
export type EngineEvent = RunResult["eventLogs"] extends AsyncGenerator<infer E> ? E : never;

/**
 * A Map Run's event in the parent's log, added by the Distributed Map layer
 * (local/distributed/layer.ts; the engine has no such event). Shaped as
 * GetExecutionHistory returns them: MapRunStarted with
 * mapRunStartedEventDetails {mapRunArn}, MapRunFailed with
 * mapRunFailedEventDetails {error, cause}, MapRunSucceeded and MapRunAborted
 * with no details (HistoryEvent in @aws-sdk/client-sfn).
 */
export interface MapRunEvent {
  readonly type: "MapRunStarted" | "MapRunSucceeded" | "MapRunFailed" | "MapRunAborted";
  readonly timestamp: number;
  readonly mapRunArn?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * The ExecutionFailed the quota layer adds when the run reaches an AWS quota
 * (local/quotas/layer.ts); it ends the run. `Error` is undefined where AWS
 * documents no error name (the history quota).
 */
export interface QuotaExecutionFailed {
  readonly type: "ExecutionFailed";
  readonly timestamp: number;
  readonly Error: string | undefined;
  readonly Cause: string;
  /** Which quota ended the run; tells this event from the engine's own ExecutionFailed. */
  readonly quota: QuotaFailure["quota"];
}

/** One event of a run as the layers hand it on: the engine's, or one a layer added. */
export type RunEvent = EngineEvent | MapRunEvent | QuotaExecutionFailed;

/** A RunEvent of one state (entered, exited, failed, retried, caught). */
export type StateEvent = Extract<EngineEvent, { state: unknown }>;

/**
 * The Map iteration a state event is in, at every level ("" outside any Map):
 * what a state's attempts in one iteration share. Not `index` alone, the
 * outermost Map's, which all iterations of a Map nested in one of its
 * iterations share (patch 015 adds indexPath).
 */
export function iterationOf(e: StateEvent): string {
  return (e.indexPath ?? (e.index === undefined ? [] : [e.index])).join(".");
}

export function mapRunEvent(
  type: MapRunEvent["type"],
  timestamp: number,
  details: { mapRunArn?: string; error?: string | undefined; cause?: string | undefined },
): MapRunEvent {
  return {
    type,
    timestamp,
    ...(details.mapRunArn !== undefined ? { mapRunArn: details.mapRunArn } : {}),
    ...(details.error !== undefined ? { error: details.error } : {}),
    ...(details.cause !== undefined ? { cause: details.cause } : {}),
  };
}

export function isMapRunEvent(e: RunEvent): e is MapRunEvent {
  return e.type === "MapRunStarted" || e.type === "MapRunSucceeded" || e.type === "MapRunFailed" || e.type === "MapRunAborted";
}

/** One call of an integration: the offline runner's journal, turned into history events later. */
export interface TaskCall {
  /** Order of the call among all calls of this run. */
  readonly seq: number;
  readonly state: string;
  readonly resource: string;
  /** The task's effective input (Parameters applied), as the integration received it. */
  readonly parameters: unknown;
  readonly startedAt: number;
  endedAt?: number;
  /** What the integration returned (before ResultSelector/OutputPath). */
  output?: unknown;
  error?: string;
  cause?: string;
  /** The Lambda request id, to tie log lines to the call. */
  requestId?: string;
  /**
   * In a Map Run's child: the positions of the items the child serves. Passed
   * down with the child (not found through an AsyncLocalStorage, whose
   * promise hooks slowed every promise of the run).
   */
  itemPositions?: readonly number[];
}

export type Outcome =
  | { readonly status: "SUCCEEDED"; readonly output: unknown }
  | { readonly status: "FAILED"; readonly error: string; readonly cause: string }
  | { readonly status: "TIMED_OUT"; readonly error: "States.Timeout" }
  | { readonly status: "ABORTED" };

/** A quota the execution reached: it ends FAILED there. */
export interface QuotaFailure {
  readonly quota: "history" | "payload";
  /** AWS's error name; undefined where AWS documents none (history). */
  readonly error: string | undefined;
  readonly cause: string;
  /** AWS history events kept before the ExecutionFailed that ends the run. */
  readonly keep: number;
}

/** One child workflow execution of a Map Run. */
export interface ChildRun {
  readonly name: string;
  readonly executionArn: string;
  /** Zero-based positions of its items in the Map Run (one, or a batch). */
  readonly indices: readonly number[];
  readonly input: unknown;
  readonly run: EngineRun;
}

type MapRunStatus = "SUCCEEDED" | "FAILED" | "ABORTED";

/**
 * Takes a child execution as it ends, which the Map Run then does not keep
 * (MapRunRecord.children stays empty): a run folds each child into its report
 * so a Map Run of many children holds none of their events.
 */
export type ChildFold = (mapRun: MapRunRecord, child: ChildRun) => void;

/** A Map Run as DescribeMapRun would summarise it, with its children's runs for the report (unless a ChildFold took them). */
export interface MapRunRecord {
  readonly stateName: string;
  readonly mapRunArn: string;
  readonly startedAt: number;
  endedAt: number;
  status: MapRunStatus;
  error?: string;
  cause?: string;
  readonly totalItems: number;
  /** Item positions before this Map Run in the execution (rows: the pages before). */
  readonly itemOffset: number;
  readonly children: ChildRun[];
  failedItems: number;
  readonly childDefinition: Record<string, unknown>;
  readonly batched: boolean;
}

/** One execution run offline (local/run/run-definition.ts). */
export interface EngineRun {
  readonly outcome: Outcome;
  /** The run's events, in the order the layers handed them on; empty when they went to a sink (EngineRunOptions.sink). */
  readonly events: readonly RunEvent[];
  /** Every integration call, in call order; with a sink, only those the meter never paired (each paired one was let go). */
  readonly calls: readonly TaskCall[];
  /** The quota that ended the run; `events` (or the sink's last event) is then the quota's ExecutionFailed. */
  readonly quota?: QuotaFailure;
  /** AWS history events the run made (the length of its history). */
  readonly historyEvents: number;
  /** Each event's Task calls, paired by the quota meter as the events went by (HistoryInput.attempts). */
  readonly attempts: ReadonlyMap<RunEvent, AttemptCalls>;
  /** The Map Runs of its Distributed Maps, in start order, each with its children's runs. */
  readonly mapRuns: readonly MapRunRecord[];
}

/** One AWS event the history holds back (local/history/deferred.ts): `type` for the engine's `event`. */
export interface Deferred {
  readonly event: StateEvent;
  readonly type: HistoryEventType;
}

/** What a Task attempt did, as the history needs it: the call of this attempt, and of the latest one. */
export interface AttemptCalls {
  /** StateEntered/StateRetried of a Task: the call this attempt made (none: it failed on its input). */
  readonly call?: TaskCall;
  /** StateFailed/StateExited of a Task: the call of the latest attempt of that state in that iteration. */
  readonly made?: TaskCall;
  /**
   * StateExited right after StateCaught: the caught state's exit, with the
   * Catch's output (AWS logs no event for the catch itself and then the
   * state's <Type>StateExited with output: test_base_scenarios test_map_state_catch id 10).
   */
  readonly afterCatch?: boolean;
  /** AWS events held back from earlier engine events, due before this one's own (local/history/deferred.ts). */
  readonly due?: readonly Deferred[];
}

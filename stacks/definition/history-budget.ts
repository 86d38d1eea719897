/**
 * How many pages of rows one Standard execution may read before it continues
 * as new, derived from the definition itself: each state on the page loop is
 * counted in the history events AWS logs for it, with every Retry taken to
 * its MaxAttempts (the worst case the definition allows), so that no
 * execution of the chain can reach the history quota whatever its page size.
 *
 * Events AWS logs per state (GetExecutionHistory; the offline runner's
 * local/history/ maps the engine's log to the same events):
 *   Task      TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded,
 *             TaskStateExited; each retry adds TaskFailed, TaskScheduled, TaskStarted
 *   Map       MapStateEntered, MapStateStarted, MapStateSucceeded, MapStateExited;
 *             per item MapIterationStarted and MapIterationSucceeded around its states
 *   Pass, Choice, Wait, Succeed   <Type>StateEntered, <Type>StateExited
 * plus ExecutionStarted and one ending event per execution.
 */
import type { WorkflowType } from "../settings";
import { itemProcessorOf, isDistributedMap, type State } from "./asl";
import { buildDefinition } from "./build";
import { HISTORY_EVENT_QUOTA } from "../aws-limits";
import { STATE } from "./names";
import type { Definition } from "./params";

/** Events as a function of the items in one Map run: constant + perItem × items. */
export interface EventCount {
  readonly constant: number;
  readonly perItem: number;
}

/** One execution's worst-case history, in three parts. */
export interface HistoryBudget {
  /** Before the first page's Query: ExecutionStarted and the start states. */
  readonly overhead: number;
  /** One page: its Query, the Map over its rows, and the states deciding what comes next. */
  readonly perPage: EventCount;
  /** After the last page: ContinueAsNew with its retries (or Done), and the ending event. */
  readonly tail: number;
}

/** Worst-case events of one state; for a Map, per item of its run. */
export function stateEvents(state: State): EventCount {
  switch (state.Type) {
    case "Task": {
      const retries = (state.Retry ?? []).reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);
      return { constant: 5 + 3 * retries, perItem: 0 };
    }
    case "Map": {
      if (isDistributedMap(state)) throw new Error("a Distributed Map's iterations are not in the execution's history: budget it from its Map Run events");
      // Every state of the iteration once: an upper bound when the iteration branches.
      const iteration = Object.values(itemProcessorOf(state)?.States ?? {}).reduce((n, s) => n + stateEvents(s).constant, 2);
      return { constant: 4, perItem: iteration };
    }
    case "Pass":
    case "Choice":
    case "Wait":
    case "Succeed":
      return { constant: 2, perItem: 0 };
    case "Fail":
      return { constant: 1, perItem: 0 };
    default:
      throw new Error(`no history budget for a ${String(state.Type)} state`);
  }
}

function sum(definition: Definition, names: readonly string[]): EventCount {
  return names.reduce(
    (total, name) => {
      const state = definition.States[name];
      if (!state) throw new Error(`the definition has no state ${name} to budget`);
      const e = stateEvents(state);
      return { constant: total.constant + e.constant, perItem: total.perItem + e.perItem };
    },
    { constant: 0, perItem: 0 },
  );
}

/** The budget of a chained rows definition (rows on an inline Map), read off its states. */
export function historyBudget(definition: Definition): HistoryBudget {
  const started = 1; // ExecutionStarted
  const ended = 1; // ExecutionSucceeded (or Failed...)
  // A first execution passes StartOrContinue, BeginChain, the pointer's
  // GetItem, CheckRowsSeeded, PinVersion and CheckRowsLoaded around its first
  // Query; a continued one StartOrContinue and the check of its pinned version (fewer).
  const overhead =
    started +
    sum(definition, [STATE.startOrContinue, STATE.beginChain, STATE.readVersion, STATE.checkVersion, STATE.pinVersion, STATE.checkFirstPage]).constant;
  const perPage = sum(definition, [STATE.readNextPage, STATE.map, STATE.morePages, STATE.nextPage, STATE.historyBudget]);
  const tail = ended + Math.max(sum(definition, [STATE.continueAsNew]).constant, sum(definition, [STATE.done]).constant);
  return { overhead, perPage, tail };
}

/** The budget of this project's chained definition (its values do not change the states counted). */
export function rowsHistoryBudget(): HistoryBudget {
  return historyBudget(
    buildDefinition({ tableName: "t", functionArn: "f", maxConcurrency: 1, waitSeconds: 0, timeoutSeconds: 1, itemSource: "rows", mapMode: "INLINE" }),
  );
}

/** The arithmetic pagesPerExecution needs, on numbers (offline) or on Terraform expressions (the stack). */
export interface BudgetArithmetic<N, W> {
  /** a + b × x */
  readonly linear: (a: number, b: number, x: N) => N;
  /** floor(numerator / denominator) */
  readonly floorDivide: (numerator: number, denominator: N) => N;
  /** `value` for a Standard workflow, 0 for an Express one (which has no history quota). */
  readonly standardOnly: (workflowType: W, value: N) => N;
}

export const NUMBER_ARITHMETIC: BudgetArithmetic<number, WorkflowType> = {
  linear: (a, b, x) => a + b * x,
  floorDivide: (n, d) => Math.floor(n / d),
  standardOnly: (w, v) => (w === "STANDARD" ? v : 0),
};

/**
 * pagesPerExecution = floor((quota − 1 − overhead − tail) / (perPage.constant + perPage.perItem × page_size))
 * for STANDARD, 0 for EXPRESS. The history, ending event included, then stays
 * below the quota even if every Retry ran to its MaxAttempts. The one mapping
 * for concrete settings (offline) and Terraform tokens (stack), like tunableParams.
 * `quota` is for tests that want a chain after a few pages.
 */
export function chainParams<N, W>(
  s: { readonly page_size: N; readonly workflow_type: W },
  math: BudgetArithmetic<N, W>,
  quota: number = HISTORY_EVENT_QUOTA,
): { pagesPerExecution: N } {
  const budget = rowsHistoryBudget();
  const room = quota - 1 - budget.overhead - budget.tail;
  const pages = math.floorDivide(room, math.linear(budget.perPage.constant, budget.perPage.perItem, s.page_size));
  if (typeof pages === "number" && pages < 1 && s.workflow_type === "STANDARD") {
    throw new Error(`a history quota of ${quota} events leaves no room for one page of ${String(s.page_size)} rows: use a smaller page_size`);
  }
  return { pagesPerExecution: math.standardOnly(s.workflow_type, pages) };
}

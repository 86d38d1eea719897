/**
 * What a run costs in history events, per shape, and what a user can change
 * when a run reaches a quota (quotas.ts). The figures are measured from real
 * offline histories by __tests__/local/history-budget.test.ts, which also
 * checks the README's table against them; change them only with that test.
 */
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import { chainParams, NUMBER_ARITHMETIC } from "../../stacks/definition";

export const HISTORY_ADVICE =
  "To process more items: item_source=rows (read page by page), map_mode=DISTRIBUTED (each item runs as a child execution with its own history), or workflow_type=EXPRESS (no history quota; at most 5 minutes).";
export const PAYLOAD_ADVICE = "Keep every state's data under 256 KiB: item_source=rows with a smaller page_size, smaller items, or a shorter list per run.";

export type BudgetShape = "list" | "isolated" | "rows";

/**
 * History events of a run in which every item succeeds at its first attempt:
 * fixed + perItem × items (+ perFullPage × full pages with rows: a full page
 * makes the reader ask for one more). A retry or a failure costs more.
 */
export const HISTORY_COST: Readonly<Record<BudgetShape, { readonly fixed: number; readonly perItem: number; readonly perFullPage: number }>> = {
  list: { fixed: 13, perItem: 9, perFullPage: 0 },
  isolated: { fixed: 19, perItem: 9, perFullPage: 0 },
  // StartOrContinue, BeginChain and the pinned version's read (GetItem, check, pin) open a rows run;
  // HistoryBudgetLeft follows each page (stacks/definition/chain.ts, rows-reader.ts).
  rows: { fixed: 30, perItem: 9, perFullPage: 15 },
};

export function budgetShape(s: { item_source: string; isolate_failures: boolean }): BudgetShape {
  return s.item_source === "rows" ? "rows" : s.isolate_failures ? "isolated" : "list";
}

export function historyEstimate(shape: BudgetShape, items: number, pageSize = 100): number {
  const c = HISTORY_COST[shape];
  return c.fixed + c.perItem * items + c.perFullPage * Math.floor(items / Math.max(1, pageSize));
}

/**
 * Rows on an inline Map never reach the quota: a Standard run continues as new
 * after this many rows (stacks/definition/history-budget.ts budgets the pages
 * for the worst case, every Lambda retry included).
 */
export function rowsPerExecution(pageSize = 100): number {
  return chainParams({ page_size: pageSize, workflow_type: "STANDARD" }, NUMBER_ARITHMETIC).pagesPerExecution * pageSize;
}

/** The most items one STANDARD execution holds: its last event, ExecutionSucceeded, may be number 25,000. */
export function maxItemsPerExecution(shape: BudgetShape, pageSize = 100, quota = HISTORY_EVENT_QUOTA): number {
  let n = Math.floor((quota - HISTORY_COST[shape].fixed) / HISTORY_COST[shape].perItem);
  while (n > 0 && historyEstimate(shape, n, pageSize) > quota) n--;
  return n;
}

/** The warning before a run that cannot fit one execution; undefined when it fits (or has no quota). */
export function historyWarning(
  s: { item_source: string; isolate_failures: boolean; map_mode: string; workflow_type: string; page_size: number },
  items: number,
): string | undefined {
  // Rows continue as new before the quota (rowsPerExecution); Express and Distributed runs have none for these items.
  if (s.workflow_type !== "STANDARD" || s.map_mode !== "INLINE" || s.item_source === "rows") return undefined;
  const shape = budgetShape(s);
  const events = historyEstimate(shape, items, s.page_size);
  if (events <= HISTORY_EVENT_QUOTA) return undefined;
  const max = maxItemsPerExecution(shape, s.page_size);
  const c = HISTORY_COST[shape];
  return (
    `warning: ${items.toLocaleString("en-US")} items need about ${events.toLocaleString("en-US")} history events ` +
    `(${c.perItem} per item, ${shape}); a Standard execution holds ${HISTORY_EVENT_QUOTA.toLocaleString("en-US")}, so AWS would fail this run after about ` +
    `${max.toLocaleString("en-US")} items, and so will this one. ${HISTORY_ADVICE}`
  );
}

/**
 * The history a run costs, measured from real offline histories, against
 * local/quotas/quota-advice.ts (HISTORY_COST) and docs/modes.md
 * table; and the runs that reach the quotas as AWS would: a 3,000-item list
 * on STANDARD (warned before it starts, then FAILED at 25,000 events), the
 * same on EXPRESS, and an isolated run whose state passes 256 KiB.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run as startRun } from "../../local/commands/cli-main";
import { runOffline } from "../../local/run/run-offline";
import { budgetShape, HISTORY_COST, historyEstimate, maxItemsPerExecution, rowsPerExecution, type BudgetShape } from "../../local/quotas/quota-advice";
import { rowsHistoryBudget } from "../../stacks/definition";
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import { runCaptured } from "../cli/capture";

const quiet = { warn: () => {} };
const echo = async (e: unknown) => e;
const list = (n: number, width = 0) => Array.from({ length: n }, (_, i) => `item-${i}`.padEnd(width, "."));
const SHAPES: Record<BudgetShape, { label: string; settings: Record<string, unknown> }> = {
  list: { label: "list, INLINE, fail-fast", settings: {} },
  isolated: { label: "list, INLINE, isolate_failures", settings: { isolate_failures: true } },
  rows: { label: "rows, INLINE, page_size 100", settings: { item_source: "rows", page_size: 100 } },
};

describe("events per item, measured", () => {
  test.each([
    ["list", 1],
    ["list", 100],
    ["list", 250],
    ["isolated", 1],
    ["isolated", 100],
    ["isolated", 250],
    ["rows", 1],
    ["rows", 100],
    ["rows", 150],
    ["rows", 250],
  ] as const)("%s with %i items: the history has exactly HISTORY_COST's events", async (shape, n) => {
    const { report, history } = await runOffline({
      ...quiet,
      list: list(n),
      handler: echo,
      settings: { wait_seconds: 0, max_concurrency: 40, ...SHAPES[shape].settings },
    });
    expect(report.status).toBe("SUCCEEDED");
    expect(budgetShape({ item_source: "list", isolate_failures: false, ...SHAPES[shape].settings })).toBe(shape);
    expect(history.length).toBe(historyEstimate(shape, n, 100));
  });

  test("docs/modes.md's table shows these figures", () => {
    const section = readFileSync(path.join(__dirname, "..", "..", "docs", "modes.md"), "utf8");
    for (const [shape, { label }] of Object.entries(SHAPES) as [BudgetShape, (typeof SHAPES)[BudgetShape]][]) {
      const c = HISTORY_COST[shape];
      const perItem = c.perFullPage ? `${c.perItem} + ${c.perFullPage} per full page` : `${c.perItem}`;
      const most =
        shape === "rows" ? `${rowsPerExecution(100).toLocaleString("en-US")}, then it continues as new` : maxItemsPerExecution(shape).toLocaleString("en-US");
      const row = `| ${label} | ${perItem} | ${c.fixed} | ${most} |`;
      expect(section).toContain(row);
    }
    expect(section).toContain(`| map_mode DISTRIBUTED or workflow_type EXPRESS | no history quota on the parent's items |`);
  });

  test("the measured rows costs agree with the chain's budget read off the definition (which adds the worst-case retries)", () => {
    const budget = rowsHistoryBudget();
    expect(HISTORY_COST.rows.perFullPage).toBe(budget.perPage.constant);
    // Per row the budget assumes all 3 retries of the Lambda task: 3 × 3 events more than a first-attempt success.
    expect(budget.perPage.perItem - HISTORY_COST.rows.perItem).toBe(9);
    expect(rowsPerExecution(100)).toBe(1300);
    // docs/modes.md states the chain's formula with the same figures.
    const room = HISTORY_EVENT_QUOTA - 1 - budget.overhead - budget.tail;
    const readme = readFileSync(path.join(__dirname, "..", "..", "docs", "modes.md"), "utf8");
    expect(readme).toContain(`floor(${room.toLocaleString("en-US")} / (${budget.perPage.constant} + ${budget.perPage.perItem} × page_size))`);
    expect(rowsPerExecution(1000)).toBe(1000);
  });

  test("maxItemsPerExecution is the boundary: one more item passes 25,000 events", () => {
    for (const shape of Object.keys(SHAPES) as BudgetShape[]) {
      const max = maxItemsPerExecution(shape);
      expect(historyEstimate(shape, max)).toBeLessThanOrEqual(HISTORY_EVENT_QUOTA);
      expect(historyEstimate(shape, max + 1)).toBeGreaterThan(HISTORY_EVENT_QUOTA);
    }
  });
});

describe("3,000 items inline, with the real handler", () => {
  const items = list(3000);

  test("STANDARD: warned before it starts, then FAILED at exactly 25,000 events with the quota, the figure and what to change", async () => {
    const warnings: string[] = [];
    const { report, history } = await runOffline({ warn: (m) => warnings.push(m), list: items, settings: { wait_seconds: 0, max_concurrency: 40 } });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /3,000 items need about 27,013 history events .*holds 25,000, so AWS would fail this run after about 2,776 items.*item_source=rows.*DISTRIBUTED.*EXPRESS/,
    );
    expect(report.status).toBe("FAILED");
    expect(history).toHaveLength(HISTORY_EVENT_QUOTA);
    expect(history.at(-1)!.type).toBe("ExecutionFailed");
    expect(report.error).toBeNull(); // AWS documents no error name
    expect(report.cause).toMatch(/history reached 25,000 events.*documents no error name.*item_source=rows.*DISTRIBUTED.*EXPRESS/);
    const succeeded = report.items.filter((i) => i.status === "SUCCEEDED").length;
    expect(succeeded).toBeGreaterThan(2700);
    expect(succeeded).toBeLessThanOrEqual(maxItemsPerExecution("list"));
    expect(report.items.filter((i) => i.status === "NOT_STARTED").length).toBeGreaterThan(150);
  });

  test("EXPRESS: no history quota, SUCCEEDED, every item processed", async () => {
    const warnings: string[] = [];
    const started = Date.now();
    const { report } = await runOffline({
      warn: (m) => warnings.push(m),
      list: items,
      settings: { wait_seconds: 0, max_concurrency: 40, workflow_type: "EXPRESS" },
    });
    expect(warnings).toEqual([]);
    expect(report.status).toBe("SUCCEEDED");
    expect(report.items.filter((i) => i.status === "SUCCEEDED")).toHaveLength(3000);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  test("npm start --json: a warning line on stderr before the run, the failure in the JSON report and on stderr, exit 1", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "budget-")), "big.json");
    writeFileSync(file, JSON.stringify(items));
    const { code, stdout, stderr } = await runCaptured(startRun, ["--json", "--file", file, "--var", "wait_seconds=0", "--var", "max_concurrency=40"], {
      env: {},
    });
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^start: warning: 3,000 items need about 27,013 history events/);
    expect(lines[1]).toMatch(/^start: FAILED \(the history quota\): The execution history reached 25,000 events.*EXPRESS/);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ status: "FAILED", error: null });
    expect(report.cause).toMatch(/history reached 25,000 events/);
  });
});

test("isolate_failures over a list whose Map output passes 256 KiB: States.DataLimitExceeded, not caught", async () => {
  // 200 items of 1,000 characters: the list (about 205 KB) fits, the Map's output (list + results) does not.
  const { report } = await runOffline({
    ...quiet,
    list: list(200, 1000),
    handler: echo,
    settings: { wait_seconds: 0, max_concurrency: 40, isolate_failures: true },
  });
  expect(report.status).toBe("FAILED");
  expect(report.error).toBe("States.DataLimitExceeded");
  expect(report.cause).toMatch(/The output of state MapState is [\d,]+ bytes of UTF-8 JSON, over the Step Functions payload quota of 262,144 bytes/);
  expect(report.cause).toMatch(/page_size/);
  expect(report.items.every((i) => i.status === "SUCCEEDED")).toBe(true);
});

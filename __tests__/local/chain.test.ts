/**
 * Continue as new, offline: rows on an inline Map on STANDARD run as a chain
 * of executions on the same engine, each with a history of its own under the
 * quota, and every row is processed exactly once across the chain.
 */
import { runOffline, type RunOfflineOptions } from "../../local/run/run-offline";
import { statesStartExecution, type LambdaHandler, type StartedExecution } from "../../local/engine/integrations";
import type { TaskCall } from "../../local/engine/events";
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import { chainParams, NUMBER_ARITHMETIC, rowsHistoryBudget, STARTED_BY_KEY } from "../../stacks/definition";
import type { HistoryEvent } from "../../report/history-types";
import type { ReportItem } from "../../report/report";
import { stateCounts } from "../../report/state-counts";
import { buildChainReport, EVENTS_LISTED } from "../../report/chain-report";

const quiet = { warn: () => {}, waitTimeOverrides: { WaitInMap: 0 }, retryIntervalOverrides: { LambdaInvoke: 0 } } satisfies Partial<RunOfflineOptions>;
const fast = { wait_seconds: 0, max_concurrency: 0, item_source: "rows" } as const;

/** The rows' positions the items carried (the Map's ItemSelector), in report order. */
const positions = (items: readonly ReportItem[]) => items.map((i) => (i.input as { position: string }).position);

/** A handler that echoes and counts how often it saw each element. */
function counting(): { handler: LambdaHandler; seen: Map<string, number> } {
  const seen = new Map<string, number>();
  return {
    seen,
    handler: async (event) => {
      const value = (event as { S: string }).S;
      seen.set(value, (seen.get(value) ?? 0) + 1);
      return event;
    },
  };
}

/** What an execution returned, as its ExecutionSucceeded event holds it. */
const outputOf = (history: readonly HistoryEvent[]): unknown => JSON.parse(history.at(-1)!.executionSucceededEventDetails!.output!);

describe("continue as new with a small history budget", () => {
  // page_size 3 and a quota of 200 events: 2 pages per execution (stacks/chain.test.ts has the arithmetic).
  const list = Array.from({ length: 20 }, (_, i) => `e${i}`);
  const quota = 200;

  test("20 rows, 3 per page, 2 pages per execution: 4 executions named after the first, every row once, in order", async () => {
    expect(chainParams({ page_size: 3, workflow_type: "STANDARD" }, NUMBER_ARITHMETIC, quota).pagesPerExecution).toBe(2);
    const { handler, seen } = counting();
    const run = await runOffline({ ...quiet, list, handler, historyQuota: quota, executionName: "nightly", settings: { ...fast, page_size: 3 } });
    expect(run.report.status).toBe("SUCCEEDED");
    // Each starts when its history's ExecutionStarted says, counted from the first's.
    const startedMs = run.executions.map(
      (e) => new Date(e.history[0]!.timestamp as Date).getTime() - new Date(run.executions[0]!.history[0]!.timestamp as Date).getTime(),
    );
    expect(startedMs[0]).toBe(0);
    expect(run.report.executions).toEqual(
      ["nightly", "nightly-2", "nightly-3", "nightly-4"].map((name, k) => ({
        name,
        status: "SUCCEEDED",
        events: run.executions[k]!.history.length,
        startedMs: startedMs[k],
        output: outputOf(run.executions[k]!.history),
      })),
    );
    const budget = rowsHistoryBudget();
    const worst = budget.overhead + 2 * (budget.perPage.constant + 3 * budget.perPage.perItem) + budget.tail;
    for (const e of run.executions) {
      expect(e.history.length).toBeLessThanOrEqual(worst);
      expect(e.history.length).toBeLessThan(quota);
    }
    // Every row exactly once: by the positions the items carried, and by the handler's count.
    expect(run.report.items.map((i) => i.index)).toEqual(list.map((_, i) => i));
    expect(positions(run.report.items)).toEqual(list.map((_, i) => String(i).padStart(10, "0")));
    expect(run.report.items.map((i) => (i.output as { S: string }).S)).toEqual(list);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(seen.size).toBe(list.length);
  });

  test("each continued execution starts from the key it was handed, with a small input linked to the one before", async () => {
    const run = await runOffline({
      ...quiet,
      list,
      handler: async (e) => e,
      historyQuota: quota,
      executionName: "nightly",
      settings: { ...fast, page_size: 3 },
    });
    const inputs = run.executions.map((e) => JSON.parse(e.history[0]!.executionStartedEventDetails!.input!));
    expect(inputs[0]).toEqual({});
    const version = run.executions[0]!.history.length && inputs[1].version;
    expect(version).toMatch(/^mapitems#v\d{13}-[0-9a-f]{8}$/);
    expect(inputs[1]).toEqual({
      nextKey: { mapstatelist: { S: version }, position: { S: "0000000005" } },
      version,
      chain: { first: "nightly", sequence: 2 },
      pages: 0,
      [STARTED_BY_KEY]: "arn:aws:states:us-east-1:000000000000:execution:stepfunctions-map-workflow:nightly",
    });
    for (const input of inputs) expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(1024);
    // The ending task's output names the next execution, as GetExecutionHistory shows it.
    const started = run.executions[0]!.history.find((e) => e.type === "TaskSucceeded" && e.taskSucceededEventDetails?.resource === "startExecution");
    expect(JSON.parse(started!.taskSucceededEventDetails!.output!).ExecutionArn).toBe(
      "arn:aws:states:us-east-1:000000000000:execution:stepfunctions-map-workflow:nightly-2",
    );
  });

  test("a row failing in the third execution ends the chain there; the report numbers it across the chain", async () => {
    const handler: LambdaHandler = async (event) => {
      if ((event as { S: string }).S === "e13") throw Object.assign(new Error("no"), { name: "ItemRejected" });
      return event;
    };
    const run = await runOffline({
      ...quiet,
      list,
      handler,
      historyQuota: quota,
      executionName: "nightly",
      settings: { ...fast, page_size: 3, max_concurrency: 1 },
    });
    expect(run.report.status).toBe("FAILED");
    expect(run.report.executions!.map((e) => [e.name, e.status])).toEqual([
      ["nightly", "SUCCEEDED"],
      ["nightly-2", "SUCCEEDED"],
      ["nightly-3", "FAILED"],
    ]);
    expect(run.report.failedItem?.index).toBe(13);
    expect(run.report.error).toBe("ItemRejected");
  });

  test("EXPRESS has no history quota: one execution, whatever the budget", async () => {
    const run = await runOffline({
      ...quiet,
      list,
      handler: async (e) => e,
      historyQuota: quota,
      settings: { ...fast, page_size: 3, workflow_type: "EXPRESS" },
    });
    expect(run.report.status).toBe("SUCCEEDED");
    expect(run.report.executions).toHaveLength(1);
    expect(run.report.items).toHaveLength(20);
  });

  test("keepHistories false: each execution folded as it ends; the same rows and counts, only the last history kept, event lists of the first 5 and the last", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `e${i}`);
    const opts = { ...quiet, list: long, handler: async (e: unknown) => e, historyQuota: quota, executionName: "n", settings: { ...fast, page_size: 3 } };
    const kept = await runOffline(opts);
    const folded = await runOffline({ ...opts, keepHistories: false });
    // 6 rows per execution: 7 executions.
    expect(kept.executions.length).toBe(7);
    expect(folded.executions).toEqual([]);
    expect(folded.childHistories).toEqual([]);
    expect(folded.eventLists.map((x) => x.name)).toEqual(["n", "n-2", "n-3", "n-4", "n-5", "n-7"]);
    expect(folded.history.at(-1)?.type).toBe("ExecutionSucceeded");
    expect(folded.history.length).toBe(kept.history.length);
    const rows = (r: typeof kept) => r.report.items.map((i) => [i.index, i.status, i.input, i.output, i.attempts]);
    expect(rows(folded)).toEqual(rows(kept));
    expect(folded.report.executions!.map((x) => [x.name, x.events])).toEqual(kept.report.executions!.map((x) => [x.name, x.events]));
    // The states' counts folded execution by execution are those of all the histories at once.
    expect({ ...folded.report.states }).toEqual(Object.fromEntries(stateCounts(kept.executions.map((x) => x.history))));
    expect(folded.report.states.LambdaInvoke).toMatchObject({ entered: 40, succeeded: 40, failed: 0 });
  });

  test("each execution's report, folded as its history was written, is buildChainReport's over the finished histories", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `e${i}`);
    const run = await runOffline({ ...quiet, list: long, handler: async (e: unknown) => e, historyQuota: quota, settings: { ...fast, page_size: 3 } });
    expect(run.executions.length).toBe(7);
    expect(run.report).toEqual(buildChainReport(run.executions, run.report.settings));
  });

  test("keepLastHistory false: no history kept beyond the first EVENTS_LISTED events of the listed executions; the report counts them all", async () => {
    // One Express execution of 300 items: more than EVENTS_LISTED events.
    const opts = {
      ...quiet,
      list: Array.from({ length: 300 }, (_, i) => `e${i}`),
      handler: async (e: unknown) => e,
      settings: { ...fast, page_size: 100, workflow_type: "EXPRESS" },
    } as const;
    const kept = await runOffline({ ...opts, keepHistories: false });
    const lean = await runOffline({ ...opts, keepHistories: false, keepLastHistory: false });
    expect(kept.history.length).toBeGreaterThan(EVENTS_LISTED);
    expect(lean.history).toEqual([]);
    expect(lean.eventLists.map((x) => x.history.length)).toEqual([EVENTS_LISTED]);
    expect(lean.eventLists[0]!.history.map((e) => e.type)).toEqual(kept.history.slice(0, EVENTS_LISTED).map((e) => e.type));
    expect(lean.report.executions!.map((x) => x.events)).toEqual([kept.history.length]);
    expect(lean.report.items.map((i) => [i.index, i.status, i.output])).toEqual(kept.report.items.map((i) => [i.index, i.status, i.output]));
  });

  test("log lines of an execution that reads several pages are tied to the item each call served, not to its place in its page", async () => {
    // page_size 2, quota 200: 2 pages per execution, so items 2 and 3 are the first two of their page.
    const list = ["a", "b", "c", "d", "e", "f"];
    const run = await runOffline({ ...quiet, list, historyQuota: quota, settings: { ...fast, page_size: 2 } });
    expect(run.report.executions!.length).toBeGreaterThan(1);
    expect(run.logs).toHaveLength(6);
    // The function logs the element it got: the line's item is the list's element at the line's index.
    for (const line of run.logs) expect([line.index, (JSON.parse(line.line) as { item: unknown }).item]).toEqual([line.index, list[line.index!]]);
    expect(run.logs.map((l) => l.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test("keepHistories false on a DISTRIBUTED Map: each child folded as it ends; the same rows, counts and log lines' items as when kept", async () => {
    const opts: RunOfflineOptions = { ...quiet, list: ["a", "b", "c", "d", "e"], settings: { wait_seconds: 0, map_mode: "DISTRIBUTED", max_concurrency: 2 } };
    const kept = await runOffline(opts);
    const folded = await runOffline({ ...opts, keepHistories: false });
    expect(kept.childHistories.length).toBe(5);
    expect(folded.childHistories).toEqual([]);
    const rows = (r: typeof kept) =>
      r.report.items.map((i) => [i.index, i.status, i.input, i.output, i.attempts, i.lambdaStartedMs! >= 0 && i.lambdaStartedMs! < 60_000]);
    expect(rows(folded)).toEqual(rows(kept));
    // Timed from the run's start, as the kept ones are, not in epoch ms (children end before their parent's history is read).
    expect(rows(folded).every((r) => r[1] === "SUCCEEDED" && r[5] === true)).toBe(true);
    expect({ ...folded.report.states }).toEqual({ ...kept.report.states });
    expect(folded.report.states.LambdaInvoke).toMatchObject({ entered: 5, succeeded: 5 });
    const logItems = (r: typeof kept) => r.logs.map((l) => l.index).sort();
    expect(logItems(folded)).toEqual(logItems(kept));
    expect(new Set(logItems(folded))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  test("a run that needs no chain still lists its one execution", async () => {
    const run = await runOffline({ ...quiet, list: ["a", "b"], handler: async (e) => e, executionName: "once", settings: { wait_seconds: 0 } });
    expect(run.report.executions).toEqual([{ name: "once", status: "SUCCEEDED", events: run.history.length, startedMs: 0, output: outputOf(run.history) }]);
    expect(run.report.output).toEqual([{ S: "a" }, { S: "b" }]);
  });
});

describe("6,000 rows inline on STANDARD, real handler, the real 25,000-event quota", () => {
  test("several chained executions, none reaching the quota, every row processed exactly once", async () => {
    const list = Array.from({ length: 6000 }, (_, i) => `row-${i}`);
    const run = await runOffline({ ...quiet, list, settings: { ...fast } });
    expect(run.report.status).toBe("SUCCEEDED");
    // page_size 100: 13 pages (1,300 rows) per execution, so 5 executions.
    expect(run.executions.length).toBe(5);
    for (const e of run.executions) expect(e.history.length).toBeLessThan(HISTORY_EVENT_QUOTA);
    expect(run.report.executions!.every((e) => e.status === "SUCCEEDED")).toBe(true);
    const seen = positions(run.report.items);
    expect(new Set(seen).size).toBe(6000);
    expect(seen).toEqual(list.map((_, i) => String(i).padStart(10, "0")));
    // The real handler returns each element as plain JSON.
    expect(run.report.items.map((i) => i.output)).toEqual(list);
  }, 120_000);
});

describe("the startExecution integration", () => {
  const stateMachineArn = "arn:aws:states:us-east-1:000000000000:stateMachine:sm";
  const call = {} as TaskCall;
  const setup = () => {
    const started: StartedExecution[] = [];
    const usedNames = new Set(["first"]);
    return { started, start: statesStartExecution({ stateMachineArn, usedNames, onStart: (s) => started.push(s) }) };
  };

  test("starts this state machine and answers with the execution's ARN", async () => {
    const { started, start } = setup();
    const out = (await start({ StateMachineArn: stateMachineArn, Name: "first-2", Input: { a: 1 } }, call)) as { ExecutionArn: string };
    expect(out.ExecutionArn).toBe("arn:aws:states:us-east-1:000000000000:execution:sm:first-2");
    expect(started).toEqual([{ executionArn: out.ExecutionArn, name: "first-2", input: { a: 1 } }]);
  });

  test.each([
    [{ StateMachineArn: "arn:aws:states:us-east-1:000000000000:stateMachine:other", Name: "x" }, "StepFunctions.StateMachineDoesNotExistException"],
    [{ StateMachineArn: stateMachineArn, Name: "a".repeat(81) }, "StepFunctions.InvalidNameException"],
    [{ StateMachineArn: stateMachineArn, Name: "has space" }, "StepFunctions.InvalidNameException"],
    [{ StateMachineArn: stateMachineArn, Name: "first" }, "StepFunctions.ExecutionAlreadyExistsException"],
  ])("refuses %j with %s", async (params, error) => {
    const { started, start } = setup();
    await expect(start(params, call)).rejects.toMatchObject({ name: error });
    expect(started).toEqual([]);
  });
});

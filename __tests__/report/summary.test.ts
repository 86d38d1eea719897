/**
 * The report tells the truth about every item: a failure a Catch took is a
 * failed item (read from the iteration's events), a SUCCEEDED run with failed
 * items says how many and which, a chain names its executions and their event
 * counts, and the JSON report carries the execution's output.
 */
import type { HistoryEvent, HistoryEventType } from "../../report/history-types";
import { reportText } from "../../report/print-report";
import { buildChainReport } from "../../report/chain-report";
import { buildReport, childRows, withChildRows, type Report } from "../../report/report";
import { EXECUTIONS_SHOWN, FAILED_ITEMS_SHOWN } from "../../report/summary";
import { renderTimeline } from "../../report/timeline";
import { settingsWith } from "../../local/settings/settings-input";

/** How an item's iteration goes: its Lambda succeeds; fails and a Catch takes it; fails the iteration; or fails once, is retried and succeeds. */
type Kind = "ok" | "caught" | "failed" | "retried";

const LAMBDA = { resourceType: "lambda", resource: "invoke" };
const CAUSE = (i: number) => JSON.stringify({ errorType: "ItemRejected", errorMessage: `no ${i}`, trace: [] });

/** An AWS-shaped history of one Map over `kinds.length` items, ending `end` at 100 ms. */
function history(kinds: readonly Kind[], end: "ExecutionSucceeded" | "ExecutionFailed" = "ExecutionSucceeded", output = '{"done":true}'): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const add = (type: HistoryEventType, prev: number, ms: number, extra: Partial<HistoryEvent> = {}) => {
    events.push({ id: events.length + 1, previousEventId: prev, type, timestamp: new Date(Date.UTC(2026, 0, 1) + ms), ...extra });
    return events.length;
  };
  const start = add("ExecutionStarted", 0, 0);
  const entered = add("MapStateEntered", start, 0, { stateEnteredEventDetails: { name: "MapState", input: "{}" } });
  const map = add("MapStateStarted", entered, 0, { mapStateStartedEventDetails: { length: kinds.length } });
  let last = map;
  kinds.forEach((kind, index) => {
    const iteration = { name: "MapState", index };
    let p = add("MapIterationStarted", map, 1, { mapIterationStartedEventDetails: iteration });
    p = add("TaskStateEntered", p, 1, { stateEnteredEventDetails: { name: "LambdaInvoke", input: JSON.stringify({ position: index }) } });
    p = add("TaskStarted", p, 2, { taskStartedEventDetails: LAMBDA });
    if (kind === "ok") p = add("TaskSucceeded", p, 10, { taskSucceededEventDetails: LAMBDA });
    else p = add("TaskFailed", p, 10, { taskFailedEventDetails: { ...LAMBDA, error: "ItemRejected", cause: CAUSE(index) } });
    if (kind === "retried") {
      p = add("TaskStarted", p, 20, { taskStartedEventDetails: LAMBDA });
      p = add("TaskSucceeded", p, 30, { taskSucceededEventDetails: LAMBDA });
    }
    if (kind === "failed") {
      last = add("MapIterationFailed", p, 31, { mapIterationFailedEventDetails: iteration });
      return;
    }
    const result = kind === "caught" ? { status: "F", failure: { position: index } } : { status: "S", output: index };
    p = add("TaskStateExited", p, 31, { stateExitedEventDetails: { name: "LambdaInvoke", output: JSON.stringify(result) } });
    last = add("MapIterationSucceeded", p, 31, { mapIterationSucceededEventDetails: iteration });
  });
  if (end === "ExecutionSucceeded") add(end, last, 100, { executionSucceededEventDetails: { output } });
  else add(end, last, 100, { executionFailedEventDetails: { error: "TooManyFailures", cause: "too many" } });
  return events;
}

const tolerant = settingsWith({ isolate_failures: true, tolerated_failure_percentage: 10 });
const text = (report: Report, itemsRead?: unknown[]) => renderTimeline({ report, ...(itemsRead ? { itemsRead } : {}) }, { width: 100, color: false });
/** The lines from the status line on. */
const statusBlock = (t: string) =>
  t
    .trimEnd()
    .split("\n")
    .slice(
      t
        .trimEnd()
        .split("\n")
        .findLastIndex((l) => l === "") + 1,
    );

describe("a failure a Catch took is a failed item, from the iteration's events", () => {
  test("caught: FAILED, caught, with the Lambda's error and cause, and the Catch's output kept", () => {
    const r = buildReport(history(["ok", "caught"]), tolerant);
    expect(r.items[1]).toMatchObject({
      status: "FAILED",
      caught: true,
      error: "ItemRejected",
      cause: CAUSE(1),
      output: { status: "F", failure: { position: 1 } },
    });
    expect(r.items[0]).toMatchObject({ status: "SUCCEEDED", output: { status: "S", output: 0 } });
    expect(r.items[0]!.caught).toBeUndefined();
    // Rows keep one shape, with undefined where there is nothing: the report as written has no such field.
    expect(JSON.parse(JSON.stringify(r.items[0]))).not.toHaveProperty("caught");
  });

  test("retried, then succeeded: the last attempt has no error, so not caught (SUCCEEDED, 2 attempts)", () => {
    const r = buildReport(history(["retried"]), tolerant);
    expect(r.items[0]).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(r.items[0]!.caught).toBeUndefined();
    expect(r.items[0]!.error).toBeUndefined();
  });

  test("an iteration that failed (a tolerated Map failure): FAILED, not caught", () => {
    const r = buildReport(history(["ok", "failed"]), tolerant);
    expect(r.items[1]).toMatchObject({ status: "FAILED", error: "ItemRejected", output: null });
    expect(r.items[1]!.caught).toBeUndefined();
  });

  test("a Distributed child that succeeded after a Catch: a failed row too", () => {
    const child = history(["caught"]).filter((e) => !e.type?.startsWith("Map"));
    const parent = buildReport(history([]), tolerant);
    const r = withChildRows(parent, childRows([{ positions: [0], batched: false, history: child }], Date.parse(parent.startedAt!)), 1);
    expect(r.items[0]).toMatchObject({ status: "FAILED", caught: true, error: "ItemRejected", cause: CAUSE(0) });
  });

  test("a FAILED run (too many failures): its failed item is the first caught one", () => {
    const r = buildReport(history(["ok", "caught", "caught"], "ExecutionFailed"), tolerant);
    expect(r.failedItem).toMatchObject({ index: 1, error: "ItemRejected" });
    expect(statusBlock(text(r, ["a", "b", "c"]))).toEqual(["FAILED after 0.100s: TooManyFailures", "  cause: too many", '  item 1 "b" failed after 1 attempt']);
  });
});

describe("the status line of a SUCCEEDED run says what happened to every item", () => {
  test("0 failures: the line is unchanged, and nothing says failed", () => {
    const block = statusBlock(text(buildReport(history(["ok", "retried", "ok"]), tolerant)));
    expect(block).toEqual(["SUCCEEDED 3 items processed after 0.100s"]);
  });

  test("1 failure tolerated: 1 failed, the item as the list shows it, its error and its cause", () => {
    const block = statusBlock(text(buildReport(history(["ok", "caught", "ok"]), tolerant), ["a", { S: "typed" }, "c"]));
    expect(block).toEqual([
      "SUCCEEDED 2 of 3 items, 1 failed (tolerated 10 %) after 0.100s",
      '  item 1 {"S":"typed"} failed after 1 attempt (caught): ItemRejected',
      `    cause: ${CAUSE(1)}`,
    ]);
  });

  test("the timeline row of a caught item says failed (caught)", () => {
    expect(text(buildReport(history(["caught"]), tolerant))).toMatch(/^ {2}item 0 +\S+ failed \(caught\): ItemRejected$/m);
  });

  test("tolerated by the Map (DISTRIBUTED): failed items not caught; without the list, the input as the iteration got it", () => {
    const r = buildReport(history(["failed", "ok"]), settingsWith({ map_mode: "DISTRIBUTED", tolerated_failure_percentage: 50 }));
    expect(statusBlock(text(r))).toEqual([
      "SUCCEEDED 1 of 2 items, 1 failed (tolerated 50 %) after 0.100s",
      '  item 0 {"position":0} failed after 1 attempt: ItemRejected',
      `    cause: ${CAUSE(0)}`,
    ]);
  });

  test("no tolerated share (a given definition's Catch): says caught", () => {
    const r = buildReport(history(["caught", "ok"]), settingsWith({}));
    expect(statusBlock(text(r))[0]).toBe("SUCCEEDED 1 of 2 items, 1 failed (caught) after 0.100s");
  });

  test(`${FAILED_ITEMS_SHOWN} failed items are all listed; ${FAILED_ITEMS_SHOWN + 1}: the first ${FAILED_ITEMS_SHOWN}, then how many more`, () => {
    const listed = (n: number) => statusBlock(text(buildReport(history(Array.from({ length: n }, () => "caught")), tolerant)));
    const atLimit = listed(FAILED_ITEMS_SHOWN);
    expect(atLimit.filter((l) => /^ {2}item \d+ /.test(l))).toHaveLength(FAILED_ITEMS_SHOWN);
    expect(atLimit.join("\n")).not.toContain("more failed items");
    const over = listed(FAILED_ITEMS_SHOWN + 1);
    expect(over.filter((l) => /^ {2}item \d+ /.test(l))).toHaveLength(FAILED_ITEMS_SHOWN);
    expect(over.at(-1)).toBe("  ... 1 more failed items (--json has every item)");
    expect(over[0]).toBe(`SUCCEEDED 0 of ${FAILED_ITEMS_SHOWN + 1} items, ${FAILED_ITEMS_SHOWN + 1} failed (tolerated 10 %) after 0.100s`);
  });
});

describe("a chain names its executions", () => {
  const chain = (n: number, settings = tolerant) =>
    buildChainReport(
      Array.from({ length: n }, (_, k) => ({ name: `run-${k + 1}`, history: history(["ok"], "ExecutionSucceeded", JSON.stringify({ page: k + 1 })) })),
      settings,
    );

  test("1 execution: no executions section, nothing says continued as new", () => {
    const t = text(chain(1));
    expect(t).not.toContain("Executions");
    expect(t).not.toContain("continued as new");
  });

  test("2 executions: each with its event count against the 25,000 quota; the last line says the run continued as new", () => {
    const r = chain(2);
    const lines = text(r).trimEnd().split("\n");
    const at = lines.indexOf("Executions (2: the run continued as new once)");
    expect(at).toBeGreaterThan(0);
    const events = r.executions![0]!.events;
    expect(lines.slice(at + 1, at + 3)).toEqual([`  1  run-1  SUCCEEDED  ${events} of 25,000 events`, `  2  run-2  SUCCEEDED  ${events} of 25,000 events`]);
    expect(lines.at(-1)).toBe("SUCCEEDED 2 items processed after 0.100s (continued as new: 2 executions)");
  });

  test.each([
    [EXECUTIONS_SHOWN, EXECUTIONS_SHOWN, false],
    [EXECUTIONS_SHOWN + 1, EXECUTIONS_SHOWN, true],
  ])("%d executions: %d listed, the rest summed up in one line: %s", (n, listed, gap) => {
    const r = chain(n);
    const lines = text(r).trimEnd().split("\n");
    const at = lines.findIndex((l) => l.startsWith(`Executions (${n}:`));
    const rows = lines.slice(at + 1).filter((l) => / run-\d+ /.test(l));
    expect(rows.length).toBe(listed);
    expect(rows[0]).toMatch(/^ +1 {2}run-1 /);
    expect(rows.at(-1)).toMatch(new RegExp(`^ *${n} {2}run-${n} `));
    const events = r.executions![0]!.events;
    expect(lines.includes(`  … 1 more, each at most ${events} of 25,000 events (--json lists them all)`)).toBe(gap);
  });

  test("3 executions, Express: no history quota named", () => {
    const t = text(chain(3, settingsWith({ workflow_type: "EXPRESS" })));
    expect(t).toContain("Executions (3: the run continued as new twice; Express: no history quota)");
    expect(t).not.toContain("25,000");
  });

  test("--json: the report's output is the last execution's, and each execution carries its own", () => {
    const json = JSON.parse(reportText({ report: chain(2) }, { json: true })) as Report;
    expect(json.output).toEqual({ page: 2 });
    expect(json.executions!.map((e) => e.output)).toEqual([{ page: 1 }, { page: 2 }]);
  });
});

describe("the execution's output", () => {
  test("SUCCEEDED: parsed; text that is not JSON stays text", () => {
    expect(buildReport(history(["ok"], "ExecutionSucceeded", '{"succeeded":1,"failed":0,"failedItems":[]}'), tolerant).output).toEqual({
      succeeded: 1,
      failed: 0,
      failedItems: [],
    });
    expect(buildReport(history(["ok"], "ExecutionSucceeded", "not json"), tolerant).output).toBe("not json");
  });

  test("FAILED: null, in the JSON document too", () => {
    const r = buildReport(history(["failed"], "ExecutionFailed"), tolerant);
    expect(r.output).toBeNull();
    expect(JSON.parse(reportText({ report: r }, { json: true }))).toHaveProperty("output", null);
  });
});

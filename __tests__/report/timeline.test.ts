/** The terminal timeline: one row per item on one time axis, the logs, the final status. */
import { buildReport, type Report } from "../../report/report";
import { renderTimeline, seconds } from "../../report/timeline";
import { settingsWith } from "../../local/settings/settings-input";
import type { HistoryEvent, HistoryEventType } from "../../report/history-types";

/** A minimal AWS-shaped history: items waiting `wait` ms from their start, then a Lambda of 10 ms. */
function report(starts: number[], wait: number, end: "ExecutionSucceeded" | "ExecutionTimedOut" = "ExecutionSucceeded"): Report {
  const events: HistoryEvent[] = [];
  const add = (type: HistoryEventType, prev: number, ms: number, extra: Partial<HistoryEvent> = {}) => {
    events.push({ id: events.length + 1, previousEventId: prev, type, timestamp: new Date(ms), ...extra });
    return events.length;
  };
  const lambda = { resourceType: "lambda", resource: "invoke" };
  const map = add("MapStateStarted", add("ExecutionStarted", 0, 0), 0, { mapStateStartedEventDetails: { length: starts.length } });
  let last = map;
  starts.forEach((s, index) => {
    let p = add("MapIterationStarted", map, s, { mapIterationStartedEventDetails: { name: "MapState", index } });
    p = add("WaitStateEntered", p, s, { stateEnteredEventDetails: { name: "WaitInMap", input: `"item${index}"` } });
    if (end === "ExecutionTimedOut") return;
    p = add("WaitStateExited", p, s + wait, { stateExitedEventDetails: { name: "WaitInMap", output: "{}" } });
    p = add("TaskStarted", p, s + wait, { taskStartedEventDetails: lambda });
    p = add("TaskSucceeded", p, s + wait + 10, { taskSucceededEventDetails: lambda });
    p = add("TaskStateExited", p, s + wait + 10, { stateExitedEventDetails: { name: "LambdaInvoke", output: `"out${index}"` } });
    last = add("MapIterationSucceeded", p, s + wait + 10, { mapIterationSucceededEventDetails: { name: "MapState", index } });
  });
  const endMs = Math.max(...starts) + wait + 10;
  add(end, last, endMs, end === "ExecutionTimedOut" ? { executionTimedOutEventDetails: { error: "States.Timeout" } } : {});
  return buildReport(events, settingsWith({ wait_seconds: wait / 1000, timeout_seconds: 20 }));
}

/** The bar of each item row, without its label. */
function bars(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^ {2}item \d/.test(l))
    .map((l) => l.replace(/^ {2}item \d+\s+/, ""));
}

test("concurrency 1 draws a staircase, concurrency 3 three identical rows", () => {
  const sequential = bars(renderTimeline({ report: report([0, 1010, 2020], 1000) }, { width: 80, color: false }));
  const parallel = bars(renderTimeline({ report: report([0, 0, 0], 1000) }, { width: 80, color: false }));
  expect(sequential).toHaveLength(3);
  const firstRun = (row: string) => row.indexOf("█");
  expect(firstRun(sequential[0]!)).toBeLessThan(firstRun(sequential[1]!));
  expect(firstRun(sequential[1]!)).toBeLessThan(firstRun(sequential[2]!));
  // Each later row starts idle, waits, then runs.
  expect(sequential[2]).toMatch(/^·+░+█+·*$/);
  expect(new Set(parallel).size).toBe(1);
  expect(parallel[0]).toMatch(/^░+█+·*$/);
});

test("rows fit the width, with a time scale line above them", () => {
  const text = renderTimeline({ report: report([0, 1010, 2020], 1000) }, { width: 70, color: false });
  for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(70);
  expect(text).toMatch(/^ +\|0\.000s +\|1\.000s +\|2\.000s +3\.030s\|$/m);
});

test("no colour codes unless asked; colour codes when asked", () => {
  const r = report([0], 1000);
  expect(renderTimeline({ report: r }, { width: 80, color: false })).not.toContain("\x1b[");
  expect(renderTimeline({ report: r }, { width: 80, color: true })).toContain("\x1b[");
});

test("settings with their sources, items read, log lines and the final status", () => {
  const r = report([0, 0], 1000);
  const text = renderTimeline(
    {
      report: r,
      sources: { wait_seconds: "TF_VAR_wait_seconds" },
      tableName: "stepfunctions-map-list",
      itemsRead: ["a", "b"],
      logs: [{ atMs: 1000, index: 1, line: '{"message":"processing item"}' }],
    },
    { width: 100, color: false },
  );
  expect(text).toMatch(/wait_seconds +1 +TF_VAR_wait_seconds/);
  expect(text).toContain("Items read from table stepfunctions-map-list (2)");
  expect(text).toMatch(/1\.000s +item 1 +\{"message":"processing item"\}/);
  expect(text.trimEnd().split("\n").at(-1)).toMatch(/^SUCCEEDED 2 items processed after 1.010s$/);
});

test("TIMED_OUT names States.Timeout", () => {
  const text = renderTimeline({ report: report([0], 3000, "ExecutionTimedOut") }, { width: 80, color: false });
  expect(text.trimEnd().split("\n").at(-1)).toMatch(/^TIMED_OUT after 3.010s: States.Timeout/);
});

test("seconds: always three decimals, across the old switches at 10 s and 1 min", () => {
  const ms = [0, 999, 1000, 1234, 9999, 10_000, 12_345, 59_999, 60_000, 125_000];
  expect(ms.map(seconds)).toEqual(["0.000s", "0.999s", "1.000s", "1.234s", "9.999s", "10.000s", "12.345s", "59.999s", "60.000s", "125.000s"]);
});

/** The scale line: the line after the legend. */
const axisLine = (text: string) => text.split("\n")[text.split("\n").findIndex((l) => l.startsWith("Timeline")) + 1]!;

test.each([60, 80, 100, 200])("width %i: the axis reaches the run's end, for a 2 s TIMED_OUT run and runs around it", (width) => {
  // The durations around 2 s and the README's 6.017 s; the 2 s one TIMED_OUT as the run was.
  for (const durationMs of [1999, 2000, 2001, 6017]) {
    const r = { ...report([0], 1000, durationMs === 2001 ? "ExecutionTimedOut" : "ExecutionSucceeded"), durationMs };
    const line = axisLine(renderTimeline({ report: r }, { width, color: false }));
    expect(line.endsWith(`${seconds(r.durationMs)}|`)).toBe(true);
    expect(line.length).toBeLessThanOrEqual(width);
    // The ticks before the end stay in order and apart.
    const ticks = [...line.matchAll(/\|(\d+\.\d{3})s/g)].map((m) => Number(m[1]));
    expect(ticks[0]).toBe(0);
    expect(ticks.every((t, k) => k === 0 || t > ticks[k - 1]!)).toBe(true);
    expect(ticks.at(-1)!).toBeLessThan(r.durationMs / 1000);
  }
});

test("no line ends in a space: settings, items, axis, rows, an empty log line, the status", () => {
  for (const width of [60, 100, 200]) {
    const text = renderTimeline(
      {
        report: report([0, 1010, 2020], 1000),
        sources: { wait_seconds: "TF_VAR_wait_seconds" },
        tableName: "t",
        itemsRead: ["a", "b", "c"],
        logs: [
          { atMs: 5, index: 0, line: "" },
          { atMs: 6, index: null, line: "x" },
        ],
      },
      { width, color: false },
    );
    expect(text.split("\n").filter((l) => / $/.test(l))).toEqual([]);
  }
});

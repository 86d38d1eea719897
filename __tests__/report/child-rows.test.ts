/**
 * report/child-rows.ts: a Distributed Map's rows on AWS from its children as
 * DescribeExecution returns them (the documented DescribeExecutionOutput
 * fields: executionArn, status, input, output, startDate, stopDate, error,
 * cause; dates as the SDK gives them, Date objects).
 */
import { notStarted, withDescribedChildRows, type ChildRow, type DescribedChild } from "../../report/child-rows";
import type { Report } from "../../report/report";
import { renderTimeline } from "../../report/timeline";
import { settingsWith } from "../../local/settings/settings-input";

const T0 = Date.parse("2026-11-25T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
const CHILD = (n: number) => `arn:aws:states:us-east-1:123456789012:express:stepfunctions-map-workflow/Items:0ee1b1d1:child-${n}`;
const LIST = [{ S: "a" }, { S: "b" }, { S: "a" }, { S: "c" }, { S: "d" }];

function parent(status: Report["status"], n: number): Report {
  return {
    status,
    error: status === "FAILED" ? "States.ExceedToleratedFailureThreshold" : null,
    cause: null,
    output: null,
    settings: settingsWith({ map_mode: "DISTRIBUTED" }),
    startedAt: new Date(T0).toISOString(),
    durationMs: 9000,
    items: Array.from({ length: n }, (_, index) => notStarted(index)),
    states: {},
  };
}

const child = (n: number, input: unknown, over: Partial<DescribedChild> = {}): DescribedChild => ({
  executionArn: CHILD(n),
  status: "SUCCEEDED",
  input: JSON.stringify(input),
  output: JSON.stringify({ done: input }),
  startDate: at(100 * n + 50),
  stopDate: at(100 * n + 1050),
  ...over,
});

test("unbatched: each child is the row of the list element its input equals; equal items are claimed in start order", () => {
  const children = [child(2, { S: "a" }), child(0, { S: "a" }), child(1, { S: "b" }), child(3, { S: "c" }), child(4, { S: "d" })];
  const report = withDescribedChildRows(parent("SUCCEEDED", 5), children, { totalItems: 5, batched: false, list: LIST });
  const rows = report.items as ChildRow[];
  expect(rows.map((r) => [r.index, r.input, r.childExecutionArn])).toEqual([
    [0, { S: "a" }, CHILD(0)],
    [1, { S: "b" }, CHILD(1)],
    [2, { S: "a" }, CHILD(2)],
    [3, { S: "c" }, CHILD(3)],
    [4, { S: "d" }, CHILD(4)],
  ]);
  expect(rows[3]).toEqual({
    index: 3,
    status: "SUCCEEDED",
    input: { S: "c" },
    output: { done: { S: "c" } },
    // What AWS does not keep for an Express child: no Wait, no Lambda times, no attempts.
    waitStartedMs: null,
    waitEndedMs: null,
    lambdaStartedMs: null,
    lambdaEndedMs: null,
    attempts: 0,
    runs: [],
    childExecutionArn: CHILD(3),
    childStartedMs: 350,
    childEndedMs: 1350,
    batchSize: 1,
  });
});

test("failed, timed out and aborted children; a child not yet described leaves its item NOT_STARTED; failedItem is the first failed row", () => {
  const children = [
    child(0, { S: "a" }),
    child(1, { S: "b" }, { status: "FAILED", output: undefined, error: "InjectedFailure", cause: '{"errorMessage":"item 1"}' }),
    child(3, { S: "c" }, { status: "TIMED_OUT", output: undefined }),
    child(4, { S: "d" }, { status: "ABORTED", output: undefined, stopDate: at(2000) }),
  ];
  const report = withDescribedChildRows(parent("FAILED", 5), children, { totalItems: 5, batched: false, list: LIST });
  expect(report.items.map((r) => [r.status, r.error ?? null, r.output])).toEqual([
    ["SUCCEEDED", null, { done: { S: "a" } }],
    ["FAILED", "InjectedFailure", null],
    ["NOT_STARTED", null, null],
    ["FAILED", "States.Timeout", null],
    ["ABORTED", null, null],
  ]);
  expect(report.failedItem).toEqual({ index: 1, input: { S: "b" }, error: "InjectedFailure", cause: '{"errorMessage":"item 1"}' });
  expect(report.error).toBe("States.ExceedToleratedFailureThreshold");
});

test("an ItemSelector envelope names the position (isolate_failures: a number; rows: the sort key's digits)", () => {
  const children = [child(0, { position: 4, value: { S: "d" } }), child(1, { position: "2", value: { S: "a" } })];
  const rows = withDescribedChildRows(parent("SUCCEEDED", 5), children, { totalItems: 5, batched: false }).items;
  expect(rows[4]!.input).toEqual({ position: 4, value: { S: "d" } });
  expect(rows[2]!.input).toEqual({ position: "2", value: { S: "a" } });
  expect(rows.filter((r) => r.status === "NOT_STARTED").map((r) => r.index)).toEqual([0, 1, 3]);
});

describe('batched (ItemBatcher: input {"Items": [...]})', () => {
  test("each item of a batch is a row; status, times, error and cause are the batch's; an output as long as the batch is split", () => {
    const children = [
      child(0, { Items: [{ S: "a" }, { S: "b" }] }, { output: JSON.stringify(["A", "B"]) }),
      // The last, short batch.
      child(1, { Items: [{ S: "d" }] }, { status: "FAILED", output: undefined, error: "InjectedFailure", cause: "boom" }),
      child(2, { Items: [{ S: "a" }, { S: "c" }] }, { output: JSON.stringify({ processed: 2 }) }),
    ];
    const rows = withDescribedChildRows(parent("FAILED", 5), children, { totalItems: 5, batched: true, list: LIST }).items as ChildRow[];
    expect(rows.map((r) => [r.index, r.input, r.status, r.output, r.error ?? null, r.childExecutionArn, r.batchSize])).toEqual([
      [0, { S: "a" }, "SUCCEEDED", "A", null, CHILD(0), 2],
      [1, { S: "b" }, "SUCCEEDED", "B", null, CHILD(0), 2],
      // Not an array as long as the batch: every row of the batch shows the whole output.
      [2, { S: "a" }, "SUCCEEDED", { processed: 2 }, null, CHILD(2), 2],
      [3, { S: "c" }, "SUCCEEDED", { processed: 2 }, null, CHILD(2), 2],
      [4, { S: "d" }, "FAILED", null, "InjectedFailure", CHILD(1), 1],
    ]);
    expect(rows[0]!.childStartedMs).toBe(rows[1]!.childStartedMs);
    expect(rows[0]!.childEndedMs).toBe(rows[1]!.childEndedMs);
  });

  test("a batch larger than the list: one child, every item a row", () => {
    const rows = withDescribedChildRows(parent("SUCCEEDED", 5), [child(0, { Items: LIST }, { output: "null" })], {
      totalItems: 5,
      batched: true,
      list: LIST,
    }).items;
    expect(rows.map((r) => [r.index, r.status])).toEqual(LIST.map((_, i) => [i, "SUCCEEDED"]));
  });

  test("without the list: batches take the first unclaimed positions in start order", () => {
    const children = [child(1, { Items: [{ S: "c" }, { S: "d" }] }), child(0, { Items: [{ S: "a" }, { S: "b" }, { S: "a" }] })];
    const rows = withDescribedChildRows(parent("SUCCEEDED", 5), children, { totalItems: 5, batched: true }).items;
    expect(rows.map((r) => r.input)).toEqual(LIST);
  });
});

test("the timeline draws each described child's own start to stop, and says what the mark means", () => {
  const children = [child(0, { S: "a" }), child(1, { S: "b" }), child(2, { S: "a" }), child(3, { S: "c" }), child(4, { S: "d" })];
  const report = withDescribedChildRows(parent("SUCCEEDED", 5), children, { totalItems: 5, batched: false, list: LIST });
  const text = renderTimeline({ report }, { width: 100, color: false });
  expect(text).toContain("▓ child execution (no Wait/Lambda split kept)");
  const rows = text.split("\n").filter((l) => /^ {2}item \d/.test(l));
  expect(rows).toHaveLength(5);
  // Child 0 runs from 50 ms to 1,050 ms of a 9,000 ms run: its marks start in the first column, child 4's later.
  for (const r of rows) expect(r).toMatch(/▓+/);
  expect(rows[0]!.indexOf("▓")).toBeLessThan(rows[4]!.indexOf("▓"));
  // An offline report (no child rows) keeps the plain legend.
  expect(renderTimeline({ report: parent("SUCCEEDED", 1) }, { width: 100, color: false })).not.toContain("child execution");
});

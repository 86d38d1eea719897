/**
 * Continue as new (stacks/definition/chain.ts) and the history budget it
 * runs on (history-budget.ts), on the pure definition.
 */
import aslValidator from "asl-validator";
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import {
  chainParams,
  historyBudget,
  LAMBDA_RETRY,
  NUMBER_ARITHMETIC,
  rowsHistoryBudget,
  STATES_START_EXECUTION,
  STARTED_BY_KEY,
  STATE,
  stateEvents,
} from "../../stacks/definition";
import { looseDefinition } from "./loose-definition";

const base = { tableName: "t", functionArn: "f", maxConcurrency: 1, waitSeconds: 0, timeoutSeconds: 60, itemSource: "rows" as const, pageSize: 100 };
const chained = looseDefinition({ ...base, pagesPerExecution: 13 });

describe("continue as new: the states", () => {
  test("passes asl-validator", () => {
    const { isValid, errorsText } = aslValidator(structuredClone(chained));
    expect(errorsText("\n")).toBe("");
    expect(isValid).toBe(true);
  });

  test("a continued execution checks its pinned version, then goes straight to the page it was handed; a fresh one begins a chain named after itself", () => {
    const start = chained.States[STATE.startOrContinue];
    expect(start.Choices).toEqual([
      {
        And: [
          { Variable: "$.nextKey", IsPresent: true },
          { Variable: "$.chain.first", IsPresent: true },
          { Variable: "$.version", IsPresent: true },
        ],
        Next: STATE.readPinned,
      },
    ]);
    expect(chained.States[STATE.readPinned].Parameters.Key.position).toEqual({ "S.$": "$.version" });
    expect(chained.States[STATE.checkPinned].Default).toBe(STATE.readNextPage);
    expect(chained.States[STATE.expired]).toEqual(expect.objectContaining({ Type: "Fail", Error: "ListVersionExpired" }));
    expect(chained.States[STATE.beginChain].Parameters).toEqual({ chain: { "first.$": "$$.Execution.Name", sequence: 1 }, pages: 0 });
  });

  test("after each page the count goes up by one (States.MathAdd in the state data) and the budget decides", () => {
    const next = chained.States[STATE.nextPage];
    expect(next.Parameters).toEqual({
      "nextKey.$": "$.page.LastEvaluatedKey",
      "chain.$": "$.chain",
      "version.$": "$.version",
      "pages.$": "States.MathAdd($.pages, 1)",
      pagesPerExecution: 13,
    });
    expect(next.Next).toBe(STATE.historyBudget);
    const budget = chained.States[STATE.historyBudget];
    expect(budget.Default).toBe(STATE.readNextPage);
    expect(budget.Choices[0].Next).toBe(STATE.continueAsNew);
    expect(budget.Choices[0].And).toEqual([
      { Variable: "$.pagesPerExecution", NumericGreaterThan: 0 },
      { Variable: "$.pages", NumericGreaterThanEqualsPath: "$.pagesPerExecution" },
    ]);
  });

  test("ContinueAsNew starts this state machine (fire and forget), named <first>-<sequence>, with a small input, and ends", () => {
    const task = chained.States[STATE.continueAsNew];
    expect(task.Resource).toBe(STATES_START_EXECUTION);
    expect(task.Resource).not.toMatch(/\.sync/);
    expect(task.End).toBe(true);
    expect(task.Parameters).toEqual({
      "StateMachineArn.$": "$$.StateMachine.Id",
      "Name.$": "States.Format('{}-{}', $.chain.first, States.MathAdd($.chain.sequence, 1))",
      Input: {
        "nextKey.$": "$.nextKey",
        "version.$": "$.version",
        chain: { "first.$": "$.chain.first", "sequence.$": "States.MathAdd($.chain.sequence, 1)" },
        pages: 0,
        [`${STARTED_BY_KEY}.$`]: "$$.Execution.Id",
      },
    });
    expect(task.Retry).toEqual([{ ErrorEquals: ["States.TaskFailed"], ...LAMBDA_RETRY, JitterStrategy: "FULL" }]);
  });

  test("only rows on an inline Map chain: DISTRIBUTED keeps its plain page loop, lists have no pages", () => {
    const distributed = looseDefinition({ ...base, mapMode: "DISTRIBUTED" });
    expect(distributed.States[STATE.continueAsNew]).toBeUndefined();
    expect(distributed.States[STATE.nextPage].Next).toBe(STATE.readNextPage);
    expect(looseDefinition({ ...base, itemSource: "list" }).States[STATE.continueAsNew]).toBeUndefined();
  });

  test("without pagesPerExecution the definition never continues as new (0)", () => {
    expect(looseDefinition(base).States[STATE.nextPage].Parameters.pagesPerExecution).toBe(0);
  });
});

describe("history budget, read off the definition", () => {
  test("events per state as AWS logs them, retries at their MaxAttempts", () => {
    expect(stateEvents({ Type: "Pass" })).toEqual({ constant: 2, perItem: 0 });
    expect(stateEvents({ Type: "Task", Resource: "r" })).toEqual({ constant: 5, perItem: 0 });
    expect(stateEvents({ Type: "Task", Resource: "r", Retry: [{ ErrorEquals: ["A"], MaxAttempts: 2 }, { ErrorEquals: ["B"] }] })).toEqual({
      constant: 5 + 3 * (2 + 3),
      perItem: 0,
    });
    // The row's iteration: MapIterationStarted/Succeeded, Wait (2), Lambda task (5 + 3 × 3 retries).
    expect(stateEvents(chained.States[STATE.map])).toEqual({ constant: 4, perItem: 2 + 2 + 5 + 3 * LAMBDA_RETRY.MaxAttempts });
    expect(() => stateEvents({ Type: "Parallel", Branches: [] })).toThrow(/no history budget for a Parallel state/);
  });

  test("the chained rows definition: overhead, per page and tail", () => {
    expect(historyBudget(chained)).toEqual(rowsHistoryBudget());
    // ExecutionStarted + StartOrContinue + BeginChain + ReadCurrentVersion (5) + CheckRowsSeeded + PinVersion + CheckRowsLoaded
    // Query (5) + Map (4 + 18 per row) + MorePages + PrepareNextPage + HistoryBudgetLeft
    // ContinueAsNew (5 + 3 × 3 retries) + ExecutionSucceeded
    expect(rowsHistoryBudget()).toEqual({ overhead: 16, perPage: { constant: 15, perItem: 18 }, tail: 15 });
  });

  test.each([
    [1, 756],
    [50, 27],
    [100, 13],
    [1000, 1],
  ])("page_size %p: %p pages per Standard execution, and the worst case stays below 25,000 events", (pageSize, pages) => {
    const { pagesPerExecution } = chainParams({ page_size: pageSize, workflow_type: "STANDARD" }, NUMBER_ARITHMETIC);
    expect(pagesPerExecution).toBe(pages);
    const b = rowsHistoryBudget();
    const worst = (n: number) => b.overhead + n * (b.perPage.constant + b.perPage.perItem * pageSize) + b.tail;
    expect(worst(pages)).toBeLessThan(HISTORY_EVENT_QUOTA);
    expect(worst(pages + 1)).toBeGreaterThanOrEqual(HISTORY_EVENT_QUOTA);
  });

  test("EXPRESS (no history quota): 0, never continue as new", () => {
    expect(chainParams({ page_size: 1000, workflow_type: "EXPRESS" }, NUMBER_ARITHMETIC)).toEqual({ pagesPerExecution: 0 });
  });

  test("a quota too small for one page is refused in one line", () => {
    expect(() => chainParams({ page_size: 10, workflow_type: "STANDARD" }, NUMBER_ARITHMETIC, 100)).toThrow(
      /^a history quota of 100 events leaves no room for one page of 10 rows: use a smaller page_size$/,
    );
  });

  test("the input handed on stays small: a page key and the chain, a few hundred bytes", () => {
    const input = {
      nextKey: { mapstatelist: { S: "mapitems#v1764100796000-3fa9c2d1" }, position: { S: "0000000999999" } },
      version: "mapitems#v1764100796000-3fa9c2d1",
      chain: { first: "x".repeat(70), sequence: 99999 },
      pages: 0,
      [STARTED_BY_KEY]: `arn:aws:states:us-east-1:123456789012:execution:${"p".repeat(40)}-workflow:${"x".repeat(80)}`,
    };
    expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(1024);
  });
});

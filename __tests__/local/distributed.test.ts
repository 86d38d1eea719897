/**
 * Distributed Map offline (local/distributed/): AWS's rules at their
 * boundaries, and whole runs of every DISTRIBUTED shape with the parent's
 * history as GetExecutionHistory shows a Map Run.
 */
import { runOffline, type RunOfflineOptions } from "../../local/run/run-offline";
import { exceedsTolerance, makeBatches, EXCEED_TOLERATED_FAILURE_THRESHOLD } from "../../local/distributed/distributed-rules";
import { parseFailItems, parseThrottleItems, type FaultPlan } from "../../local/faults/fault-injection";
import { concurrencyProbe } from "./concurrency-probe";

const quiet = { warn: () => {}, waitTimeOverrides: { WaitInMap: 0 }, retryIntervalOverrides: { LambdaInvoke: 0 } } satisfies Partial<RunOfflineOptions>;
const distributed = { wait_seconds: 0, max_concurrency: 100, map_mode: "DISTRIBUTED" } as const;
const list25 = Array.from({ length: 25 }, (_, i) => `element-${i}`);
const fail = (...items: number[]): FaultPlan => ({ fail: new Set(items), throttle: new Map() });

describe("the tolerated failure threshold (maprun-fail-threshold: fails when it EXCEEDS)", () => {
  test.each([
    [2, 25, { percentage: 8 }, false], // 8 % failed, 8 % tolerated: not exceeded
    [2, 25, { percentage: 7.99 }, true],
    [2, 25, { percentage: 10 }, false],
    [2, 25, { percentage: 5 }, true],
    [0, 25, { percentage: 0 }, false],
    [1, 25, { percentage: 0 }, true],
    [3, 25, { count: 3 }, false],
    [4, 25, { count: 3 }, true],
    [3, 25, { count: 3, percentage: 10 }, true], // 12 % > 10 %: either one exceeded fails
    [0, 0, {}, false],
    [1, 25, {}, true], // neither field: nothing tolerated
  ])("%i failed of %i with %j: exceeded %s", (failed, total, tolerance, exceeded) => {
    expect(exceedsTolerance(failed, total, tolerance)).toBe(exceeded);
  });
});

describe("ItemBatcher batches (input-output-itembatcher)", () => {
  test("a last short batch: 7 items by 3 are 3, 3 and 1, in order, as {Items}", () => {
    const batches = makeBatches(["a", "b", "c", "d", "e", "f", "g"], { maxItems: 3 });
    expect(batches.map((b) => b.indices)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(batches[2]!.input).toEqual({ Items: ["g"] });
  });
  test("a batch larger than the list: one batch of everything; with BatchInput beside the Items", () => {
    expect(makeBatches(["a", "b"], { maxItems: 5, batchInput: { run: 1 } })).toEqual([
      { indices: [0, 1], input: { BatchInput: { run: 1 }, Items: ["a", "b"] } },
    ]);
  });
  test("no batcher: one child per item, the item itself as input; an empty list: no child", () => {
    expect(makeBatches(["a"], undefined)).toEqual([{ indices: [0], input: "a" }]);
    expect(makeBatches([], { maxItems: 3 })).toEqual([]);
  });
});

describe("DISTRIBUTED runs offline", () => {
  test("every item's output in the report; the parent's history shows the Map Run, not Task events", async () => {
    const { report, history } = await runOffline({ ...quiet, list: list25, settings: distributed, handler: async (e) => e });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.items.map((i) => i.output)).toEqual(list25.map((S) => ({ S })));
    expect(report.items.every((i) => i.attempts === 1 && i.lambdaStartedMs !== null)).toBe(true);
    const types = history.map((e) => e.type);
    const at = types.indexOf("MapStateEntered");
    expect(types.slice(at, at + 6)).toEqual(["MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded", "MapStateExited"]);
    expect(types.filter((t) => t?.startsWith("Task"))).toEqual(["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"]); // the GetItem only
    expect(history.find((e) => e.type === "MapStateStarted")!.mapStateStartedEventDetails).toEqual({ length: 25 });
    expect(history.find((e) => e.type === "MapRunStarted")!.mapRunStartedEventDetails!.mapRunArn).toMatch(
      /^arn:aws:states:us-east-1:000000000000:mapRun:[^/]+\/Items:[0-9a-f-]{36}$/,
    );
  });

  test("2 injected failures of 25 pass with 10 % tolerated and fail with States.ExceedToleratedFailureThreshold at 5 %", async () => {
    const ok = await runOffline({
      ...quiet,
      list: list25,
      faults: fail(3, 17),
      settings: { ...distributed, tolerated_failure_percentage: 10 },
      handler: async (e) => e,
    });
    expect(ok.report.status).toBe("SUCCEEDED");
    expect(ok.report.items.filter((i) => i.status === "FAILED").map((i) => [i.index, i.error])).toEqual([
      [3, "InjectedFailure"],
      [17, "InjectedFailure"],
    ]);
    expect(ok.report.items.filter((i) => i.status === "SUCCEEDED")).toHaveLength(23);

    const bad = await runOffline({
      ...quiet,
      list: list25,
      faults: fail(3, 17),
      settings: { ...distributed, tolerated_failure_percentage: 5 },
      handler: async (e) => e,
    });
    expect(bad.report.status).toBe("FAILED");
    expect(bad.report.error).toBe(EXCEED_TOLERATED_FAILURE_THRESHOLD);
    const runFailed = bad.history.find((e) => e.type === "MapRunFailed");
    expect(runFailed!.mapRunFailedEventDetails!.error).toBe(EXCEED_TOLERATED_FAILURE_THRESHOLD);
    expect(bad.history.map((e) => e.type).slice(-3)).toEqual(["MapRunFailed", "MapStateFailed", "ExecutionFailed"]);
  });

  test("batched (batch_size 3 on 7 items): each item of a batch is a row with its own input and output", async () => {
    const list = ["a", "b", "c", "d", "e", "f", "g"];
    const calls: unknown[] = [];
    const { report } = await runOffline({
      ...quiet,
      list,
      settings: { ...distributed, batch_size: 3 },
      handler: async (e) => (calls.push(e), (e as { Items: unknown[] }).Items),
    });
    expect(report.status).toBe("SUCCEEDED");
    expect(calls).toHaveLength(3);
    expect(report.items.map((i) => [i.input, i.output])).toEqual(list.map((S) => [{ S }, { S }]));
  });

  test("batched: an injected failure fails its whole batch, counted by items against the tolerance", async () => {
    // Item 4 fails batch [3, 4, 5]: 3 of 7 items failed = 42.9 %.
    const run = (p: number) =>
      runOffline({
        ...quiet,
        list: ["a", "b", "c", "d", "e", "f", "g"],
        faults: fail(4),
        settings: { ...distributed, batch_size: 3, tolerated_failure_percentage: p },
        handler: async (e) => (e as { Items: unknown[] }).Items,
      });
    const within = await run(43);
    expect(within.report.status).toBe("SUCCEEDED");
    expect(within.report.items.filter((i) => i.status === "FAILED").map((i) => i.index)).toEqual([3, 4, 5]);
    expect((await run(42)).report.error).toBe(EXCEED_TOLERATED_FAILURE_THRESHOLD);
  });

  test("--throttle-items 2:2: two Lambda.TooManyRequestsException, then the retry succeeds", async () => {
    const { report } = await runOffline({
      ...quiet,
      list: list25.slice(0, 4),
      faults: { fail: new Set(), throttle: new Map([[2, 2]]) },
      settings: distributed,
      handler: async (e) => e,
    });
    expect(report.status).toBe("SUCCEEDED");
    const item = report.items[2]!;
    expect(item.attempts).toBe(3);
    expect(item.runs.slice(0, 2).map((r) => r.error)).toEqual(["Lambda.TooManyRequestsException", "Lambda.TooManyRequestsException"]);
    expect(report.items.filter((i) => i.index !== 2).every((i) => i.attempts === 1)).toBe(true);
  });

  test("rows + DISTRIBUTED: items numbered on across pages, faults by position in the list, tolerance per page's Map Run", async () => {
    const list = Array.from({ length: 12 }, (_, i) => `row-${i}`);
    const run = (p: number) =>
      runOffline({
        ...quiet,
        list,
        faults: fail(9),
        settings: { ...distributed, item_source: "rows", page_size: 5, tolerated_failure_percentage: p },
        handler: async (e) => e,
      });
    // Each page is its own Map Run: 1 failed of page 2's 5 items is 20 %, not 1 of 12.
    expect((await run(19)).report.error).toBe(EXCEED_TOLERATED_FAILURE_THRESHOLD);
    const { report } = await run(20);
    expect(report.status).toBe("SUCCEEDED");
    expect(report.items).toHaveLength(12);
    expect(report.items.filter((i) => i.status === "FAILED").map((i) => i.index)).toEqual([9]);
    expect(report.items[11]!.status).toBe("SUCCEEDED");
  });
});

describe("fault syntax", () => {
  test("good and bad values", () => {
    expect([...parseFailItems("3,17")]).toEqual([3, 17]);
    expect([...parseThrottleItems("3:2,5")]).toEqual([
      [3, 2],
      [5, 1],
    ]);
    expect(() => parseFailItems("3,x")).toThrow(/--fail-items "3,x": expected zero-based item positions/);
    expect(() => parseFailItems("-1")).toThrow(/--fail-items/);
    expect(() => parseThrottleItems("3:0")).toThrow(/TIMES 1 to 100/);
  });
  test("a position past the list, or (inline) a repeated element, is refused before anything runs", async () => {
    const handler = jest.fn();
    await expect(runOffline({ ...quiet, list: ["a"], faults: fail(1), settings: distributed, handler })).rejects.toThrow(
      /item 1 is past the list's end: the list has 1 items/,
    );
    await expect(runOffline({ ...quiet, list: ["a", "b", "a"], faults: fail(2), settings: { wait_seconds: 0 }, handler })).rejects.toThrow(
      /item 2 has the same value as item 0/,
    );
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("injected failures in the inline shapes (the position found from the payload)", () => {
  const list = ["a", "b", "c", "d", "e"];
  test("list, fail-fast: a function error is not retried and fails the run at that item", async () => {
    const { report } = await runOffline({ ...quiet, list, faults: fail(3), settings: { wait_seconds: 0 }, handler: async (e) => e });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("InjectedFailure");
    expect(report.failedItem?.index).toBe(3);
    expect(report.items[3]!.attempts).toBe(1);
  });
  test("list, isolated: 1 of 5 failed is tolerated at 20 %, not at 19 % (the definition's own check)", async () => {
    const run = (p: number) =>
      runOffline({
        ...quiet,
        list,
        faults: fail(1),
        settings: { wait_seconds: 0, isolate_failures: true, tolerated_failure_percentage: p },
        handler: async (e) => e,
      });
    expect((await run(20)).report.status).toBe("SUCCEEDED");
    expect((await run(19)).report.status).toBe("FAILED");
  });
  test("rows, inline: a throttled item is retried by the definition's Retry and succeeds", async () => {
    const { report } = await runOffline({
      ...quiet,
      list,
      faults: { fail: new Set(), throttle: new Map([[4, 1]]) },
      settings: { wait_seconds: 0, item_source: "rows", page_size: 2 },
      handler: async (e) => e,
    });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.items.map((i) => i.attempts)).toEqual([1, 1, 1, 1, 2]);
    expect(report.items[4]!.runs[0]!.error).toBe("Lambda.TooManyRequestsException");
  });
});

describe("the Map Run on the engine", () => {
  const { runDefinition } = jest.requireActual<typeof import("../../local/run/run-definition")>("../../local/run/run-definition");
  const { lambdaInvoke } = jest.requireActual<typeof import("../../local/engine/integrations")>("../../local/engine/integrations");
  const { LAMBDA_INVOKE } = jest.requireActual<typeof import("../../stacks/definition/asl")>("../../stacks/definition/asl");
  const { distributedMaps } = jest.requireActual<typeof import("../../local/distributed/distributed-map")>("../../local/distributed/distributed-map");
  const { toHistory } = jest.requireActual<typeof import("../../local/history/history")>("../../local/history/history");
  const fn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  const definition = (map: Record<string, unknown>, after: Record<string, unknown> = {}) => ({
    StartAt: "Fan",
    States: {
      Fan: {
        Type: "Map",
        ItemsPath: "$.items",
        Label: "Fan",
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" },
          StartAt: "Call",
          States: { Call: { Type: "Task", Resource: LAMBDA_INVOKE, Parameters: { FunctionName: fn, "Payload.$": "$" }, OutputPath: "$.Payload", End: true } },
        },
        End: true,
        ...map,
      },
      ...after,
    },
  });

  test("EXPRESS children get the 5-minute limit; STANDARD children none", () => {
    const express = distributedMaps(definition({}));
    expect(express.get("Fan")!.childDefinition.TimeoutSeconds).toBe(300);
    const standard = distributedMaps(
      definition({
        ItemProcessor: { ...(definition({}).States.Fan.ItemProcessor as object), ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" } },
      }),
    );
    expect(standard.get("Fan")!.childDefinition.TimeoutSeconds).toBeUndefined();
    expect(standard.get("Fan")!.maxConcurrency).toBe(10_000); // MaxConcurrency absent: AWS's 10,000
  });

  test("MaxConcurrency 3: never more than 3 children at once", async () => {
    const probe = concurrencyProbe();
    const handler = probe.handler;
    // Objects, as the project's items always are (the engine fails a child whose whole input is a falsy primitive such as 0).
    const items = Array.from({ length: 12 }, (_, i) => ({ i }));
    const run = await runDefinition({
      definition: definition({ MaxConcurrency: 3 }),
      input: { items },
      integrations: { [LAMBDA_INVOKE]: lambdaInvoke({ handler }) },
      warn: () => {},
    });
    expect(run.outcome).toEqual({ status: "SUCCEEDED", output: items });
    expect(probe.peak()).toBe(3);
    expect(run.mapRuns[0]!.children).toHaveLength(12);
  });

  // The history quota reached on a Map Run event ends the run there, as on any other event:
  // FAILED, exactly `quota` events, the last ExecutionFailed (the engine stopped with it).
  test.each([
    [4, ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "ExecutionFailed"]],
    [5, ["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "ExecutionFailed"]],
  ])("the history quota reached on a Map Run event (quota %i): FAILED there", async (quota, types) => {
    const d = definition({});
    const run = await runDefinition({
      definition: d,
      input: { items: [{ i: 0 }, { i: 1 }] },
      integrations: { [LAMBDA_INVOKE]: lambdaInvoke({ handler: async (e: unknown) => e }) },
      quotas: { historyEvents: quota },
      warn: () => {},
    });
    expect(run.outcome.status).toBe("FAILED");
    expect(run.quota?.quota).toBe("history");
    const history = toHistory({ events: run.events, calls: run.calls, definition: d, quotaCut: run.quota?.keep });
    expect(history.map((e) => e.type)).toEqual(types);
  });

  test("the Map's Catch sees States.ExceedToleratedFailureThreshold; the history shows the Map state, not a Task", async () => {
    const handler = async (e: unknown) => {
      if ((e as { i: number }).i === 1) throw new Error("no");
      return e;
    };
    const d = definition(
      { Catch: [{ ErrorEquals: ["States.ExceedToleratedFailureThreshold"], ResultPath: "$.error", Next: "Caught" }] },
      { Caught: { Type: "Pass", End: true } },
    );
    const run = await runDefinition({
      definition: d,
      input: { items: [{ i: 0 }, { i: 1 }, { i: 2 }] },
      integrations: { [LAMBDA_INVOKE]: lambdaInvoke({ handler }) },
      warn: () => {},
    });
    expect(run.outcome.status).toBe("SUCCEEDED");
    expect((run.outcome as { output: { error: { Error: string } } }).output.error.Error).toBe("States.ExceedToleratedFailureThreshold");
    const types = toHistory({ events: run.events, calls: run.calls, definition: d }).map((e) => e.type);
    expect(types).toEqual([
      "ExecutionStarted",
      "MapStateEntered",
      "MapStateStarted",
      "MapRunStarted",
      "MapRunFailed",
      "MapStateFailed",
      "MapStateExited",
      "PassStateEntered",
      "PassStateExited",
      "ExecutionSucceeded",
    ]);
  });
});

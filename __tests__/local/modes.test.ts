/**
 * Beyond the original, offline: lists of any length read page by page,
 * failure isolation with a tolerated share, and what the offline run refuses
 * to simulate (Distributed Map).
 */
import { runOffline, type RunOfflineOptions } from "../../local/run/run-offline";
import { TOO_MANY_FAILURES_ERROR } from "../../stacks/definition";
import { STATE_PAYLOAD_LIMIT_BYTES } from "../../stacks/aws-limits";
import type { LambdaHandler } from "../../local/engine/integrations";

const quiet = { warn: () => {}, waitTimeOverrides: { WaitInMap: 0 }, retryIntervalOverrides: { LambdaInvoke: 0 } } satisfies Partial<RunOfflineOptions>;
const fast = { wait_seconds: 0, max_concurrency: 0 };

/** Fails, after all retries, for the elements named; echoes the rest. */
function failingFor(...bad: string[]): LambdaHandler {
  return async (event) => {
    const value = (event as { S?: string }).S;
    if (value !== undefined && bad.includes(value)) {
      const err = new Error(`cannot process ${value}`);
      err.name = "ItemRejected";
      throw err;
    }
    return event;
  };
}

describe("item_source rows: a list of any length, page by page", () => {
  const list = Array.from({ length: 5000 }, (_, i) => `element-${i}`);

  test("5,000 rows with page_size 50: every element processed once, in order, no state above 256 KiB", async () => {
    const { report, executions } = await runOffline({
      ...quiet,
      list,
      settings: { ...fast, item_source: "rows", page_size: 50 },
      handler: async (e) => e,
    });
    // On STANDARD the run continues as new every 27 pages (__tests__/local/chain.test.ts): all its executions' events.
    const history = executions.flatMap((e) => e.history);
    expect(report.status).toBe("SUCCEEDED");
    expect(report.items).toHaveLength(5000);
    expect(report.items.map((i) => (i.output as { S: string }).S)).toEqual(list);
    // 100 full pages, then (as DynamoDB does when the last page is exactly full)
    // one empty page to learn there is nothing more.
    expect(history.filter((e) => e.type === "MapStateEntered")).toHaveLength(101);
    const payloads = history.flatMap((e) => [e.stateEnteredEventDetails?.input, e.stateExitedEventDetails?.output]).filter((p): p is string => p !== undefined);
    const largest = Math.max(...payloads.map((p) => Buffer.byteLength(p)));
    expect(largest).toBeLessThan(STATE_PAYLOAD_LIMIT_BYTES);
    // A page of 50 short rows is a few KiB: nothing carries the whole list.
    expect(largest).toBeLessThan(20 * 1024);
  });

  test("an empty table ends in ListNotSeeded", async () => {
    const { report } = await runOffline({ ...quiet, seed: false, settings: { ...fast, item_source: "rows" } });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("ListNotSeeded");
  });
});

describe("isolate_failures: a failed item does not stop its siblings", () => {
  const twenty = Array.from({ length: 20 }, (_, i) => `n${i}`);

  test("one failing item among twenty: the others all succeed, the summary names the failed one", async () => {
    const { report, history } = await runOffline({
      ...quiet,
      list: twenty,
      settings: { ...fast, isolate_failures: true, tolerated_failure_percentage: 5 },
      handler: failingFor("n7"),
    });
    expect(report.status).toBe("SUCCEEDED");
    const output = JSON.parse(history.find((e) => e.type === "ExecutionSucceeded")!.executionSucceededEventDetails!.output!);
    expect(output).toMatchObject({ succeeded: 19, failed: 1 });
    expect(output.failedItems).toEqual([expect.objectContaining({ position: 7, value: { S: "n7" }, error: "ItemRejected" })]);
    // Its iteration caught the failure; the item itself failed (report/report.ts, caughtFailure).
    expect(report.items.filter((i) => i.status === "SUCCEEDED")).toHaveLength(19);
    expect(report.items[7]).toMatchObject({ status: "FAILED", caught: true, error: "ItemRejected" });
  });

  test("without isolation the same failure fails the run at once (the default, as before)", async () => {
    const { report } = await runOffline({ ...quiet, list: twenty, settings: { ...fast, max_concurrency: 1 }, handler: failingFor("n7") });
    expect(report.status).toBe("FAILED");
    expect(report.failedItem?.index).toBe(7);
  });

  test("nothing failed: a summary with no failures", async () => {
    const { history } = await runOffline({ ...quiet, list: ["a", "b"], settings: { ...fast, isolate_failures: true }, handler: async (e) => e });
    const output = JSON.parse(history.find((e) => e.type === "ExecutionSucceeded")!.executionSucceededEventDetails!.output!);
    expect(output).toEqual({ succeeded: 2, failed: 0, failedItems: [] });
  });

  // The boundary both ways: the run fails only when 100 × failed > tolerated × total.
  test.each([
    [["a", "b", "c"], ["b"], 33, "FAILED"], // 33.3 % > 33 %
    [["a", "b", "c"], ["b"], 34, "SUCCEEDED"],
    [["a", "b", "c", "d"], ["b"], 25, "SUCCEEDED"], // exactly 25 % is tolerated
    [["a", "b", "c", "d"], ["b"], 24, "FAILED"],
    [["a", "b", "c", "d"], ["a", "b", "c", "d"], 100, "SUCCEEDED"],
    [["a", "b", "c", "d"], ["a", "b", "c", "d"], 99, "FAILED"],
    [["a", "b"], ["a"], 0, "FAILED"], // the default: any failure fails the run
  ])("%j with %j failing, tolerated %i %% -> %s", async (list, bad, tolerated, status) => {
    const { report } = await runOffline({
      ...quiet,
      list,
      settings: { ...fast, isolate_failures: true, tolerated_failure_percentage: tolerated },
      handler: failingFor(...bad),
    });
    expect(report.status).toBe(status);
    if (status === "FAILED") {
      expect(report.error).toBe(TOO_MANY_FAILURES_ERROR);
      expect(report.cause).toContain(`${bad.length} of ${list.length} items failed, more than the tolerated share`);
      // Every item ran to its end before the run failed: the failing ones caught, the others succeeded.
      expect(report.items.map((i) => i.status)).toEqual(list.map((item) => (bad.includes(item) ? "FAILED" : "SUCCEEDED")));
    }
  });
});

describe("what the offline run does not simulate", () => {
  test("a Distributed Map with an ItemReader is refused plainly, before anything runs (DISTRIBUTED itself runs: distributed.test.ts)", async () => {
    const handler = jest.fn();
    const { buildDefinition } = await import("../../stacks/definition");
    const definition = buildDefinition({
      tableName: "t",
      functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f",
      maxConcurrency: 10,
      waitSeconds: 0,
      timeoutSeconds: 60,
      mapMode: "DISTRIBUTED",
    } as never) as unknown as { States: Record<string, Record<string, unknown>> };
    Object.assign(definition.States.MapState!, { ItemReader: { Resource: "arn:aws:states:::s3:getObject" } });
    await expect(runOffline({ ...quiet, definition, settings: { ...fast, map_mode: "DISTRIBUTED" }, handler })).rejects.toThrow(/ItemReader/);
    expect(handler).not.toHaveBeenCalled();
  });
});

/**
 * An injected failure (--fail-items) looks like a function error the handler
 * raised: Cause is the Node.js runtime's JSON, {"errorType", "errorMessage",
 * "trace"} (AWS Lambda Developer Guide, "Lambda function errors in Node.js"),
 * and its trace holds no frame of the project's runner (local/, cli/).
 */
import { runOffline, type RunOfflineOptions } from "../../local/run/run-offline";
import type { FaultPlan } from "../../local/faults/fault-injection";
import { renderTimeline } from "../../report/timeline";

const quiet = { warn: () => {}, waitTimeOverrides: { WaitInMap: 0 }, retryIntervalOverrides: { LambdaInvoke: 0 } } satisfies Partial<RunOfflineOptions>;
const failItem1: FaultPlan = { fail: new Set([1]), throttle: new Map() };

interface Cause {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** Every cause the report holds: the failed item's and each attempt's (a DISTRIBUTED run's come from its children). */
function reportedCauses(report: Awaited<ReturnType<typeof runOffline>>["report"]): Cause[] {
  const texts = [report.failedItem?.cause, ...report.items.flatMap((i) => [i.cause, ...i.runs.map((r) => r.cause)])];
  return texts.filter((t): t is string => typeof t === "string").map((t) => JSON.parse(t) as Cause);
}

test.each([
  ["INLINE", { wait_seconds: 0 }],
  ["DISTRIBUTED", { wait_seconds: 0, map_mode: "DISTRIBUTED", max_concurrency: 10 }],
] as const)(
  "%s: the cause is errorType, errorMessage and a trace without the runner's frames",
  async (_mode, settings) => {
    const { report, history } = await runOffline({ ...quiet, list: ["History", "Economics", "Art"], faults: failItem1, settings });
    expect(report.status).toBe("FAILED");
    const causes = reportedCauses(report);
    expect(causes.length).toBeGreaterThanOrEqual(2);
    for (const cause of causes) {
      expect(cause).toEqual({
        errorType: "InjectedFailure",
        errorMessage: "injected by --fail-items for item 1",
        trace: ["InjectedFailure: injected by --fail-items for item 1"],
      });
    }
    // Nowhere in what the run reports: no frame of local/ or cli/ (a frame reads "    at f (/path/file.ts:1:2)").
    const text = JSON.stringify({ report, history });
    expect(text).not.toMatch(/\/(local|cli)\/[\w/-]+\.ts/);
    expect(text).not.toMatch(/\\n\s+at /);
  },
  60_000,
);

test("the failed-item line shows the item as the item list does, not its typed DynamoDB value", async () => {
  const { report, itemsRead } = await runOffline({ ...quiet, list: ["History", "Economics", "Art"], faults: failItem1, settings: { wait_seconds: 0 } });
  const lines = renderTimeline({ report, itemsRead }, { width: 100, color: false }).split("\n");
  expect(lines).toContain('    1  "Economics"');
  expect(lines).toContain('  item 1 "Economics" failed after 1 attempt');
  expect(lines.join("\n")).not.toContain('{"S":"Economics"}');
}, 60_000);

/**
 * AWS's quotas in the offline run (local/quotas/quotas.ts), each at its boundary:
 * the history quota (injectable here, so the boundary is exact), the payload
 * quota in bytes of UTF-8, no engine-invented Task timeout, and at most 40
 * inline iterations at once.
 */
import { buildDefinition } from "../../stacks/definition";
import { runDefinition } from "../../local/run/run-definition";
import { toHistory } from "../../local/history/history";
import { lambdaInvoke, type TaskIntegration } from "../../local/engine/integrations";
import { LAMBDA_INVOKE } from "../../stacks/definition/asl";
import { payloadBytes, payloadBytesOver } from "../../local/quotas/quotas";
import { engineView } from "../../local/quotas/engine-view";
import { ENGINE_NO_TASK_TIMEOUT_SECONDS } from "../../local/engine/engine";
import { STATE_PAYLOAD_LIMIT_BYTES } from "../../stacks/aws-limits";
import { buildReport } from "../../report/report";
import { settingsWith } from "../../local/settings/settings-input";
import { concurrencyProbe } from "./concurrency-probe";

const ARN = "arn:aws:lambda:us-east-1:000000000000:function:f";
const definition = (over: Partial<Parameters<typeof buildDefinition>[0]> = {}) =>
  buildDefinition({ tableName: "t", functionArn: ARN, maxConcurrency: 0, waitSeconds: 0, timeoutSeconds: 600, ...over });
const getItem =
  (values: string[]): TaskIntegration =>
  async () => ({ Item: { values: { L: values.map((S) => ({ S })) } } });
const integrations = (values: string[], handler: (e: unknown) => unknown = (e) => e) => ({
  "arn:aws:states:::dynamodb:getItem": getItem(values),
  [LAMBDA_INVOKE]: lambdaInvoke({ handler }),
});
const items = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);

async function run(def: object, values: string[], quotas: Parameters<typeof runDefinition>[0]["quotas"], handler?: (e: unknown) => unknown) {
  const r = await runDefinition({ definition: def, integrations: integrations(values, handler), quotas, warn: () => {} });
  const history = toHistory({ events: r.events, calls: r.calls, definition: def, quotaCut: r.quota?.keep });
  return { ...r, history, report: buildReport(history, settingsWith({})) };
}

describe("history quota: event number `quota` may only be ExecutionSucceeded", () => {
  const def = definition();
  let natural = 0;

  beforeAll(async () => {
    const r = await run(def, items(30), { historyEvents: null });
    natural = r.history.length;
    // The live count is the history's length: one mapping serves both.
    expect(r.historyEvents).toBe(natural);
    expect(natural).toBe(13 + 9 * 30);
  });

  test("a history of exactly `quota` events ending ExecutionSucceeded passes (the last value that passes)", async () => {
    const r = await run(def, items(30), { historyEvents: natural });
    expect(r.outcome.status).toBe("SUCCEEDED");
    expect(r.history).toHaveLength(natural);
    expect(r.history.at(-1)!.type).toBe("ExecutionSucceeded");
  });

  test("one event fewer allowed: FAILED with exactly `quota` events, the last ExecutionFailed (the first that fails)", async () => {
    const quota = natural - 1;
    const r = await run(def, items(30), { historyEvents: quota, advice: { history: "ADVICE" } });
    expect(r.outcome.status).toBe("FAILED");
    expect(r.quota?.quota).toBe("history");
    expect(r.history).toHaveLength(quota);
    expect(r.history.map((e) => e.id)).toEqual(Array.from({ length: quota }, (_, i) => i + 1));
    const last = r.history.at(-1)!;
    expect(last.type).toBe("ExecutionFailed");
    // AWS documents no error name for this failure: none is invented.
    expect(last.executionFailedEventDetails?.error).toBeUndefined();
    expect(r.report.error).toBeNull();
    expect(r.report.cause).toMatch(new RegExp(`history reached ${quota.toLocaleString("en-US")} events.*documents no error name.*ADVICE`));
  });

  test("a quota reached mid-Map stops the engine: no item starts after it, and the report shows where", async () => {
    const handler = jest.fn((e: unknown) => e);
    const r = await run(definition({ maxConcurrency: 1 }), items(30), { historyEvents: 100 }, handler);
    expect(r.history).toHaveLength(100);
    const done = r.report.items.filter((i) => i.status === "SUCCEEDED").length;
    // 13 fixed events less the Map's end and the execution's; 9 per item.
    expect(done).toBeGreaterThanOrEqual(9);
    expect(done).toBeLessThanOrEqual(11);
    // Events reach the root log a few microtasks after the engine made them, so the call of the
    // item after the cut may already have started (its events are not in the history); no more.
    expect(handler.mock.calls.length).toBeLessThanOrEqual(done + 2);
    expect(r.report.items.filter((i) => i.status === "NOT_STARTED").length).toBeGreaterThan(15);
  });

  test("EXPRESS (historyEvents null) has no history quota", async () => {
    const r = await run(def, items(30), { historyEvents: null });
    expect(r.outcome.status).toBe("SUCCEEDED");
  });
});

describe("payload quota: 262,144 bytes of UTF-8 JSON, States.DataLimitExceeded, not caught by States.ALL", () => {
  const pass = { StartAt: "P", States: { P: { Type: "Pass", End: true } } };
  /** An input whose JSON text is exactly `bytes` bytes of UTF-8, with two-byte characters in it. */
  const inputOf = (bytes: number) => {
    const v = { a: "é".repeat(100) + "x".repeat(bytes - 8 - 200) };
    expect(payloadBytes(v)).toBe(bytes);
    return v;
  };

  test.each([
    [STATE_PAYLOAD_LIMIT_BYTES, "SUCCEEDED"],
    [STATE_PAYLOAD_LIMIT_BYTES + 1, "FAILED"],
  ])("an execution input of %i bytes: %s", async (bytes, status) => {
    const r = await runDefinition({ definition: pass, input: inputOf(bytes), integrations: {}, warn: () => {} });
    expect(r.outcome.status).toBe(status);
    if (status === "FAILED") {
      expect(r.outcome).toMatchObject({ error: "States.DataLimitExceeded" });
      expect((r.outcome as { cause: string }).cause).toMatch(/262,145 bytes .* 262,144 bytes/);
    }
  });

  test("bytes, not characters: 'é' counts 2", () => {
    expect(payloadBytes("é")).toBe(4);
  });

  // payloadBytesOver skips measuring a text of at most quota / 3 UTF-16 units; '€' is 3 bytes of UTF-8 in one unit.
  test.each([
    [87_380, undefined],
    [87_381, 262_145],
  ])("payloadBytesOver: %i euro signs and two quotes are %s bytes over the quota", (n, over) => {
    expect(payloadBytes("€".repeat(n))).toBe(3 * n + 2);
    expect(payloadBytesOver("€".repeat(n), STATE_PAYLOAD_LIMIT_BYTES)).toBe(over);
  });

  test("a task result over the quota fails the run even under Catch States.ALL (isolate_failures)", async () => {
    const def = definition({ isolateFailures: true });
    const r = await run(def, items(3), {}, () => "x".repeat(STATE_PAYLOAD_LIMIT_BYTES));
    expect(r.outcome).toMatchObject({ status: "FAILED", error: "States.DataLimitExceeded" });
    expect(r.report.status).toBe("FAILED");
    expect(r.report.error).toBe("States.DataLimitExceeded");
    expect(r.report.cause).toMatch(/The result of task LambdaInvoke is \d[\d,]* bytes/);
    expect(r.history.at(-1)!.type).toBe("ExecutionFailed");
    expect(r.history.some((e) => e.type === "PassStateEntered")).toBe(false); // never caught
  });

  test.each([
    [STATE_PAYLOAD_LIMIT_BYTES, "SUCCEEDED"],
    [STATE_PAYLOAD_LIMIT_BYTES + 1, "FAILED"],
  ])("a task input (after Parameters) of %i bytes: %s; over it, the task is never called", async (bytes, status) => {
    const task = { StartAt: "T", States: { T: { Type: "Task", Resource: LAMBDA_INVOKE, Parameters: { FunctionName: ARN, "Payload.$": "$" }, End: true } } };
    const overhead = payloadBytes({ FunctionName: ARN, Payload: { a: "" } }) - payloadBytes({ a: "" });
    const input = inputOf(bytes - overhead); // the state input itself stays under the quota
    expect(payloadBytes({ FunctionName: ARN, Payload: input })).toBe(bytes);
    const handler = jest.fn(() => "ok");
    const r = await runDefinition({ definition: task, input, integrations: { [LAMBDA_INVOKE]: lambdaInvoke({ handler }) }, warn: () => {} });
    expect(r.outcome.status).toBe(status);
    if (status === "FAILED") {
      expect(r.outcome).toMatchObject({ error: "States.DataLimitExceeded" });
      expect((r.outcome as { cause: string }).cause).toMatch(/The input of task T \(after Parameters\) is 262,145 bytes/);
      expect(handler).not.toHaveBeenCalled();
      const history = toHistory({ events: r.events, calls: r.calls, definition: task, quotaCut: r.quota?.keep });
      expect(history.map((e) => e.type)).toEqual(["ExecutionStarted", "TaskStateEntered", "ExecutionFailed"]);
    } else {
      expect(handler).toHaveBeenCalledTimes(1);
    }
  });
});

describe("no Task timeout of the engine's own", () => {
  test("the engine sees a Task without TimeoutSeconds with the longest timer Node.js keeps, not 60 s", () => {
    const def = definition();
    const seen = engineView(def).definition as typeof def;
    const invoke = (seen.States.MapState as { ItemProcessor: { States: Record<string, { TimeoutSeconds?: number }> } }).ItemProcessor.States.LambdaInvoke!;
    expect(invoke.TimeoutSeconds).toBe(ENGINE_NO_TASK_TIMEOUT_SECONDS);
    expect(ENGINE_NO_TASK_TIMEOUT_SECONDS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
    // The deployed definition is untouched: the history shows no timeout.
    expect((def.States.MapState as { ItemProcessor: { States: Record<string, object> } }).ItemProcessor.States.LambdaInvoke).not.toHaveProperty(
      "TimeoutSeconds",
    );
  });

  test("a Task running 61 s (fake clock) is not timed out; one with TimeoutSeconds 30 is", async () => {
    jest.useFakeTimers({ doNotFake: ["nextTick", "setImmediate", "queueMicrotask"] });
    try {
      const slow = (release: Promise<void>) => async (e: unknown) => (await release, e);
      const outcome = async (def: object) => {
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        const running = run(def, ["a"], { historyEvents: null }, slow(released));
        await jest.advanceTimersByTimeAsync(61_000);
        release();
        await jest.advanceTimersByTimeAsync(10);
        return (await running).outcome;
      };
      expect((await outcome(definition())).status).toBe("SUCCEEDED");
      const limited = definition();
      Object.assign((limited.States.MapState as { ItemProcessor: { States: Record<string, object> } }).ItemProcessor.States.LambdaInvoke!, {
        TimeoutSeconds: 30,
      });
      expect(await outcome(limited)).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe("inline Map: at most 40 iterations at once", () => {
  test.each([0, 100])("MaxConcurrency %i over 100 items never runs more than 40 at once", async (maxConcurrency) => {
    const probe = concurrencyProbe();
    const handler = probe.handler;
    const r = await run(definition({ maxConcurrency }), items(100), { historyEvents: null }, handler);
    expect(r.outcome.status).toBe("SUCCEEDED");
    expect(probe.peak()).toBe(40);
  });
});

/**
 * The original tutorial's experiments, run offline end to end with short
 * waits: local DynamoDB seeded by the seed code, the stack's definition, the
 * local engine, the real handler unless a test replaces it.
 */
import { createConnection } from "node:net";
import * as path from "node:path";
import { buildDefinition, LAMBDA_RETRY, LIST_NOT_SEEDED_ERROR, STATE } from "../../stacks/definition";
import { crossRules, ruleMessage, settings } from "../../stacks/settings";
import * as dynamoServer from "../../local/dynamodb/server";
import type { LambdaHandler } from "../../local/engine/integrations";
import { runOffline, type RunOfflineOptions } from "../../local/run/run-offline";
import { SettingsError } from "../../local/settings/settings-error";
import { readList, writeList } from "../../seed/write-list";

const SEED = path.join(__dirname, "..", "..", "seed");
const quiet = { warn: () => {} } satisfies Partial<RunOfflineOptions>;

afterEach(() => jest.restoreAllMocks());

describe("experiment 1: concurrency 1, wait 1 s, three items", () => {
  test("each Lambda starts at least 0.9 s after the one before, in list order", async () => {
    const { report } = await runOffline({ ...quiet, settings: { max_concurrency: 1, wait_seconds: 1 } });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.items).toHaveLength(3);
    const starts = report.items.map((i) => i.lambdaStartedMs!);
    expect(starts.every((s) => typeof s === "number")).toBe(true);
    for (let k = 1; k < starts.length; k++) expect(starts[k]! - starts[k - 1]!).toBeGreaterThanOrEqual(900);
    // Each item waited its own second before its Lambda ran.
    for (const item of report.items) expect(item.lambdaStartedMs! - item.waitStartedMs!).toBeGreaterThanOrEqual(900);
    expect(report.items.map((i) => i.output)).toEqual(["Computer Science", "Economics", "Mathematics"]);
  });
});

describe("experiment 2: concurrency 3", () => {
  test("all three Lambdas start within 0.3 s of each other", async () => {
    const { report } = await runOffline({ ...quiet, settings: { max_concurrency: 3, wait_seconds: 1 } });
    expect(report.status).toBe("SUCCEEDED");
    const starts = report.items.map((i) => i.lambdaStartedMs!);
    expect(starts).toHaveLength(3);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThanOrEqual(300);
    // ...and only after the wait: the wait is per item, not skipped by concurrency.
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(900);
  });
});

describe("experiment 3: wait longer than the execution timeout", () => {
  test("wait 3 s, timeout 2 s: TIMED_OUT with States.Timeout, and no Lambda ran", async () => {
    const handler = jest.fn<ReturnType<LambdaHandler>, Parameters<LambdaHandler>>((e) => e);
    const { report, history } = await runOffline({ ...quiet, settings: { wait_seconds: 3, timeout_seconds: 2 }, handler });
    expect(report.status).toBe("TIMED_OUT");
    expect(report.error).toBe("States.Timeout");
    expect(history.at(-1)?.type).toBe("ExecutionTimedOut");
    expect(handler).not.toHaveBeenCalled();
    expect(report.items.every((i) => i.lambdaStartedMs === null && i.attempts === 0)).toBe(true);
    expect(report.durationMs).toBeGreaterThanOrEqual(1900);
    expect(report.durationMs).toBeLessThan(2900);
  });
});

describe("experiment 4: listofdicts.json", () => {
  test("the real handler receives, logs and returns plain objects with topic and name", async () => {
    const { report, logs } = await runOffline({ ...quiet, settings: { max_concurrency: 3, wait_seconds: 0 }, file: path.join(SEED, "listofdicts.json") });
    expect(report.status).toBe("SUCCEEDED");
    // What the state machine handed over is typed (as GetItem returns it)...
    expect(report.items[0]!.input).toEqual({ M: { topic: { S: "cs" }, name: { S: "Computer Science" } } });
    // ...the handler turned it into plain JSON, logged it and returned it.
    expect(report.items.map((i) => i.output)).toEqual([
      { topic: "cs", name: "Computer Science" },
      { topic: "econ", name: "Economics" },
      { topic: "math", name: "Mathematics" },
    ]);
    expect(logs).toHaveLength(3);
    const logged = [...logs].sort((a, b) => a.index! - b.index!).map((l) => JSON.parse(l.line));
    expect(logged.map((l) => l.item)).toEqual(report.items.map((i) => i.output));
    for (const l of logged) expect(Object.keys(l.item).sort()).toEqual(["name", "topic"]);
  });
});

describe("a handler that fails for one item", () => {
  const failOn = (name: string, errorName: string) =>
    jest.fn<ReturnType<LambdaHandler>, Parameters<LambdaHandler>>((event) => {
      if (JSON.stringify(event).includes(name)) throw Object.assign(new Error(`cannot process ${name}`), { name: errorName });
      return event;
    });

  test("a transient error is retried as the definition says, then the execution fails naming the item", async () => {
    const handler = failOn("Economics", "Lambda.ServiceException");
    const { report } = await runOffline({
      ...quiet,
      settings: { max_concurrency: 3, wait_seconds: 0 },
      handler,
      retryIntervalOverrides: { [STATE.invoke]: 5 },
    });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("Lambda.ServiceException");
    const cause = JSON.parse(report.cause!);
    expect(cause).toMatchObject({ errorType: "Lambda.ServiceException", errorMessage: "cannot process Economics" });
    expect(Array.isArray(cause.trace)).toBe(true);
    expect(report.failedItem).toMatchObject({ index: 1, input: { S: "Economics" }, error: "Lambda.ServiceException" });
    const failed = report.items[1]!;
    expect(failed.status).toBe("FAILED");
    expect(failed.attempts).toBe(LAMBDA_RETRY.MaxAttempts + 1);
    expect(failed.runs.every((r) => r.error === "Lambda.ServiceException")).toBe(true);
    expect(handler.mock.calls.filter(([e]) => JSON.stringify(e).includes("Economics"))).toHaveLength(LAMBDA_RETRY.MaxAttempts + 1);
  });

  test("an error the Retry does not list fails at once: one attempt", async () => {
    const { report } = await runOffline({ ...quiet, settings: { wait_seconds: 0 }, handler: failOn("Computer Science", "Error") });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("Error");
    expect(report.failedItem?.index).toBe(0);
    expect(report.items[0]!.attempts).toBe(1);
    // Concurrency 1: no Lambda ran for the items after the failed one. (The engine may
    // start the next iteration's Wait as the failed one settles; AWS would not.)
    for (const item of report.items.slice(1)) {
      expect(item.attempts).toBe(0);
      expect(["NOT_STARTED", "ABORTED"]).toContain(item.status);
    }
  });
});

describe("the list was never seeded", () => {
  test("empty table: FAILED with ListNotSeeded, no Lambda ran", async () => {
    const handler = jest.fn();
    const { report, history } = await runOffline({ ...quiet, seed: false, handler });
    expect(handler).not.toHaveBeenCalled();
    expect(report.status).toBe("FAILED");
    expect(report.items).toEqual([]);
    expect(history.map((h) => h.type)).toContain("FailStateEntered");
    expect(report.error).toBe(LIST_NOT_SEEDED_ERROR);
  });
});

describe("bad settings are refused before anything runs", () => {
  test.each([
    [{ wait_seconds: -1 }, ruleMessage(settings.wait_seconds)],
    [{ max_concurrency: 41 }, "Variable max_concurrency must be a whole number from 0 to 40 when map_mode is INLINE."],
    [{ max_concurrency: "3" as unknown as number }, ruleMessage(settings.max_concurrency)],
    [{ timeout_seconds: Number.NaN }, ruleMessage(settings.timeout_seconds)],
    [{ workflow_type: "EXPRESS", timeout_seconds: 301 } as never, crossRules[1]!.message],
  ])("%p", async (bad, message) => {
    const start = jest.spyOn(dynamoServer, "startLocalDynamo");
    const handler = jest.fn();
    await expect(runOffline({ ...quiet, settings: bad, handler })).rejects.toThrow(new SettingsError(message));
    expect(start).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  test("an undeclared variable", async () => {
    const start = jest.spyOn(dynamoServer, "startLocalDynamo");
    await expect(runOffline({ ...quiet, settings: { concurrency: 3 } as never })).rejects.toThrow(/has not been declared/);
    expect(start).not.toHaveBeenCalled();
  });
});

describe("abort", () => {
  test("aborting mid-wait ends ABORTED, runs no Lambda, stops the server and frees its port", async () => {
    const real = dynamoServer.startLocalDynamo;
    let endpoint = "";
    jest.spyOn(dynamoServer, "startLocalDynamo").mockImplementation(async (o) => {
      const d = await real(o);
      endpoint = d.endpoint;
      return d;
    });
    const controller = new AbortController();
    const handler = jest.fn();
    const started = Date.now();
    const pending = runOffline({
      ...quiet,
      settings: { wait_seconds: 5 },
      handler,
      signal: controller.signal,
      onProgress: (p) => p.running > 0 && controller.abort(),
    });
    const { report } = await pending;
    expect(report.status).toBe("ABORTED");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(handler).not.toHaveBeenCalled();
    const port = Number(new URL(endpoint).port);
    await expect(
      new Promise((resolve, reject) => {
        const socket = createConnection({ host: "127.0.0.1", port }, () => (socket.destroy(), resolve("connected")));
        socket.on("error", reject);
      }),
    ).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("a given DynamoDB and a given definition (a deployed stack's, say)", () => {
  test("runs against the table as it is, seeds nothing, and leaves the caller's client open", async () => {
    const dynamo = await dynamoServer.startLocalDynamo({ tableName: "deployed-list" });
    try {
      await writeList(dynamo.client, "deployed-list", ["only"]);
      const definition = buildDefinition({
        tableName: "deployed-list",
        functionArn: "arn:aws:lambda:us-east-1:123456789012:function:deployed",
        maxConcurrency: 2,
        waitSeconds: 5,
        timeoutSeconds: 20,
      });
      const run = await runOffline({
        ...quiet,
        definition,
        dynamo: { client: dynamo.client, tableName: "deployed-list" },
        waitTimeOverrides: { [STATE.wait]: 0 },
      });
      expect(run.report.status).toBe("SUCCEEDED");
      expect(run.tableName).toBe("deployed-list");
      expect(run.itemsRead).toEqual(["only"]);
      expect(run.report.items.map((i) => i.output)).toEqual(["only"]);
      // The definition given ran, not one built from the settings.
      const scheduled = run.history.find((e) => e.type === "TaskScheduled" && e.taskScheduledEventDetails?.resourceType === "lambda");
      expect(JSON.parse(scheduled!.taskScheduledEventDetails!.parameters!).FunctionName).toBe("arn:aws:lambda:us-east-1:123456789012:function:deployed");
      await expect(readList(dynamo.client, "deployed-list")).resolves.toEqual(["only"]);
    } finally {
      await dynamo.close();
    }
  });
});

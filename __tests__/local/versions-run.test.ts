/**
 * Executions read a pinned snapshot: a rows run that is going while another
 * list is seeded processes exactly the list that was current when it started,
 * whole, including across the chained executions of continue-as-new; a chain
 * whose version expired meanwhile stops with ListVersionExpired instead of
 * reading a list that may be half deleted. Real dynalite, the real engine,
 * the seed's own code.
 */
import { startLocalDynamo, type LocalDynamo } from "../../local/dynamodb/server";
import { runOffline, type OfflineRun } from "../../local/run/run-offline";
import type { LambdaHandler } from "../../local/engine/integrations";
import { readRows, writeRows } from "../../seed/write-rows";

jest.setTimeout(60_000);

const TABLE = "versions-run";
const list = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name}-${i}`);
const processed = (run: OfflineRun) => run.report.items.map((i) => (i.output as { S: string }).S);

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startLocalDynamo({ tableName: TABLE });
});
afterAll(async () => dynamo?.close());

/** A slow handler that seeds `next` once `after` items have been processed, and says when that seed has landed. */
function reseedMidway(after: number, next: readonly string[], retentionSeconds?: number) {
  let done = 0;
  let seeded: Promise<unknown> | undefined;
  const handler: LambdaHandler = async (event) => {
    await new Promise((r) => setTimeout(r, 2));
    if (++done === after) seeded = writeRows(dynamo.client, TABLE, next, { retentionSeconds });
    // Later items wait for the seed, so it surely lands while the run is going.
    if (seeded) await seeded;
    return event;
  };
  return { handler, landed: () => seeded };
}

const rowsSettings = { item_source: "rows", page_size: 500, wait_seconds: 0, max_concurrency: 40 } as const;

test("a rows execution (page 500) while B is seeded processes exactly A, whole; the next one exactly B", async () => {
  const a = list("A", 2_000);
  const b = list("B", 1_500);
  await writeRows(dynamo.client, TABLE, a);
  const reseed = reseedMidway(600, b);
  const run = await runOffline({
    dynamo: { client: dynamo.client, tableName: TABLE },
    seed: false,
    handler: reseed.handler,
    settings: rowsSettings,
    warn: () => {},
  });
  await reseed.landed();
  expect(run.report.status).toBe("SUCCEEDED");
  expect(processed(run)).toEqual(a);
  expect(await readRows(dynamo.client, TABLE)).toEqual(b);

  const after = await runOffline({
    dynamo: { client: dynamo.client, tableName: TABLE },
    seed: false,
    handler: async (e) => e,
    settings: rowsSettings,
    warn: () => {},
  });
  expect(processed(after)).toEqual(b);
});

test("a chain (continue as new) keeps its pinned version across executions while B is seeded", async () => {
  const a = list("A", 60);
  const b = list("B", 45);
  await writeRows(dynamo.client, TABLE, a);
  const reseed = reseedMidway(5, b);
  const run = await runOffline({
    dynamo: { client: dynamo.client, tableName: TABLE },
    seed: false,
    handler: reseed.handler,
    // A small history quota: a few pages per execution, so the run chains.
    historyQuota: 400,
    settings: { ...rowsSettings, page_size: 10 },
    warn: () => {},
  });
  expect(run.report.status).toBe("SUCCEEDED");
  expect(run.executions.length).toBeGreaterThan(1);
  expect(processed(run)).toEqual(a);
});

test("a chain whose pinned version expired (retention 0) stops with ListVersionExpired, never reading a part of it", async () => {
  const a = list("A", 60);
  await writeRows(dynamo.client, TABLE, a);
  const reseed = reseedMidway(5, list("B", 10), 0);
  const run = await runOffline({
    dynamo: { client: dynamo.client, tableName: TABLE },
    seed: false,
    handler: reseed.handler,
    historyQuota: 400,
    settings: { ...rowsSettings, page_size: 10 },
    warn: () => {},
  });
  expect(run.report.status).toBe("FAILED");
  expect(run.report.error).toBe("ListVersionExpired");
  expect(run.executions.length).toBe(2);
  // Only whole pages of A from the first execution: a prefix of A, nothing of B.
  expect(processed(run)).toEqual(a.slice(0, processed(run).length));
});

test("no pointer: ListNotSeeded, as before", async () => {
  const empty = await startLocalDynamo({ tableName: TABLE });
  try {
    const run = await runOffline({
      dynamo: { client: empty.client, tableName: TABLE },
      seed: false,
      handler: async (e) => e,
      settings: rowsSettings,
      warn: () => {},
    });
    expect(run.report.status).toBe("FAILED");
    expect(run.report.error).toBe("ListNotSeeded");
  } finally {
    await empty.close();
  }
});

/**
 * Work lists as atomic snapshots, against a real DynamoDB-compatible server
 * (dynalite on loopback) and real seed processes: a seed SIGKILLed midway, two
 * seeds racing, a bad element or a write error half-way. Each case ends with
 * exactly one whole list readable and nothing left over once the next seed ran.
 */
import { BatchWriteItemCommand, PutItemCommand, QueryCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startLocalDynamo, type LocalDynamo } from "../../local/dynamodb/server";
import { LIST_CHANGED_MESSAGE, ListChangedError, currentVersion } from "../../seed/list-versions";
import { readList, writeList } from "../../seed/write-list";
import { readRows, writeRows, type RowsClient } from "../../seed/write-rows";
import { LIST_ITEM_KEY, PARTITION_KEY, SORT_KEY, VERSION_PREFIX } from "../../stacks/table-schema";
import { listItem, SeedInputError } from "../../stacks/work-list";
import { seedCli, spawnSeedCli, tempFiles } from "./seed-cli";
import { emptyTable, tableContents } from "./table-contents";

jest.setTimeout(60_000);

const TABLE = "versions-test";
const { file } = tempFiles("versions-test-");
const list = (name: string, n: number) => Array.from({ length: n }, (_, i) => ({ list: name, i }));

let dynamo: LocalDynamo;
let client: DynamoDBClient;
beforeAll(async () => {
  dynamo = await startLocalDynamo({ tableName: TABLE });
  client = dynamo.client;
});
afterAll(async () => dynamo?.close());
beforeEach(async () => emptyTable(client, TABLE));

const seedArgs = (path: string) => ["--file", path, "--source", "rows", "--table", TABLE, "--endpoint", dynamo.endpoint];

/** Rows in one version's partition. */
async function rowsIn(partition: string): Promise<number> {
  let count = 0;
  let startKey: QueryCommand["input"]["ExclusiveStartKey"];
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY },
        ExpressionAttributeValues: { ":pk": { S: partition } },
        Select: "COUNT",
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** The version a seed is writing (its record says "writing"), once it holds at least `atLeast` rows. */
async function versionBeingWritten(atLeast: number, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
        ExpressionAttributeValues: { ":pk": { S: LIST_ITEM_KEY }, ":prefix": { S: VERSION_PREFIX } },
        ConsistentRead: true,
      }),
    );
    const writing = (out.Items ?? []).find((i) => i.state?.S === "writing");
    const partition = writing?.[SORT_KEY]?.S;
    if (partition && (await rowsIn(partition)) >= atLeast) return partition;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no seed wrote ${atLeast} rows within ${timeoutMs} ms`);
}

test("reseeding 20,000 rows with 5,000, SIGKILLed midway: list A stays whole and current; the next seed removes the partial version", async () => {
  const a = list("A", 20_000);
  const b = list("B", 5_000);
  const seededA = await writeRows(client, TABLE, a);
  const seed = spawnSeedCli(seedArgs(file("b.json", JSON.stringify(b))));
  const partial = await versionBeingWritten(100);
  // Stopped at once, so the kill lands while rows are still being written; then killed for good.
  seed.child.kill("SIGSTOP");
  seed.child.kill("SIGKILL");
  const killed = await seed.done;
  expect(killed.signal).toBe("SIGKILL");
  // Genuinely midway: part of B was written, not all of it, and it never became current.
  const written = await rowsIn(partial);
  expect(written).toBeGreaterThanOrEqual(100);
  expect(written).toBeLessThan(b.length);
  expect(await currentVersion(client, TABLE)).toBe(seededA.version);
  expect(await readRows(client, TABLE)).toEqual(a);

  const next = await seedCli(seedArgs(file("b-again.json", JSON.stringify(b))));
  expect(next.stderr).toBe("");
  expect(next.code).toBe(0);
  expect(await readRows(client, TABLE)).toEqual(b);
  const contents = await tableContents(client, TABLE);
  const now = await currentVersion(client, TABLE);
  // The partial version is gone; A is superseded (kept readable, TTL set); B alone is live.
  expect([...contents.live]).toEqual([[now, b.length]]);
  expect(contents.expiring).toBe(a.length);
  // The partial version's record stays, marked abandoned, until its seed has surely stopped (2 × retention).
  expect(contents.records).toEqual({ [seededA.version]: "superseded", [now!]: "current", [partial]: "abandoned" });
  expect(await rowsIn(partial)).toBe(0);
});

describe.each([1, 2, 3])("two seeds of different lists at once (trial %i)", () => {
  test("exactly one wins whole; the other fails with the plain message and leaves nothing", async () => {
    const before = list("before", 10);
    await writeRows(client, TABLE, before);
    const c = list("C", 5_000);
    const d = list("D", 7_000);
    const seeds = [spawnSeedCli(seedArgs(file("c.json", JSON.stringify(c)))), spawnSeedCli(seedArgs(file("d.json", JSON.stringify(d))))];
    const results = await Promise.all(seeds.map((s) => s.done));
    const codes = results.map((r) => r.code);
    expect(codes.sort()).toEqual([0, 1]);
    const winner = results[0]!.code === 0 ? c : d;
    const loser = results.find((r) => r.code === 1)!;
    expect(loser.stderr).toBe(`seed: ${LIST_CHANGED_MESSAGE}\n`);
    expect(loser.stdout).toBe("");
    expect(await readRows(client, TABLE)).toEqual(winner);
    const contents = await tableContents(client, TABLE);
    expect([...contents.live.values()]).toEqual([winner.length]);
    expect(contents.expiring).toBe(before.length);
    // The loser removed its own version, record and all.
    expect(Object.values(contents.records).sort()).toEqual(["current", "superseded"]);
  });
});

describe("a seed that fails half-way leaves the current list untouched", () => {
  const a = list("A", 100);

  test("a bad element at position 3000 (no check pass): nothing current overwritten, the partial version removed", async () => {
    const seeded = await writeRows(client, TABLE, a);
    const elements = [...list("B", 3_500)] as unknown[];
    elements[3000] = { text: "x".repeat(450_000) };
    await expect(writeRows(client, TABLE, elements)).rejects.toThrow(SeedInputError);
    expect(await readRows(client, TABLE)).toEqual(a);
    const contents = await tableContents(client, TABLE);
    expect([...contents.live]).toEqual([[seeded.version, a.length]]);
    expect(contents.records).toEqual({ [seeded.version]: "current" });
  });

  test("the CLI with 1e-200 at position 3000: one line, exit 1, the table as it was", async () => {
    await writeRows(client, TABLE, a);
    const before = await tableContents(client, TABLE);
    const elements = Array.from({ length: 3500 }, (_, i) => (i === 3000 ? "1e-200" : JSON.stringify({ i })));
    const r = await seedCli(seedArgs(file("bad.json", `[${elements.join(",")}]`)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^seed: seed file .*bad\.json: element 3000: number 1e-200 is too small for DynamoDB \(number underflow\).*\n$/);
    expect(await tableContents(client, TABLE)).toEqual(before);
    expect(await readRows(client, TABLE)).toEqual(a);
  });

  test("a write error after 40 batches of rows: the current list untouched, the partial version removed", async () => {
    const seeded = await writeRows(client, TABLE, a);
    let batches = 0;
    const failing: RowsClient = {
      send: (async (command: BatchWriteItemCommand) => {
        const rows = command instanceof BatchWriteItemCommand && Object.values(command.input.RequestItems!)[0]![0]!.PutRequest;
        if (rows && ++batches > 40) {
          throw Object.assign(new Error("The provided key element does not match the schema"), {
            name: "ValidationException",
            $metadata: { httpStatusCode: 400 },
          });
        }
        return client.send(command);
      }) as RowsClient["send"],
    };
    await expect(writeRows(failing, TABLE, list("B", 3_000))).rejects.toThrow(/does not match the schema/);
    expect(await readRows(client, TABLE)).toEqual(a);
    const contents = await tableContents(client, TABLE);
    expect([...contents.live]).toEqual([[seeded.version, a.length]]);
  });
});

describe("old versions", () => {
  test("a superseded version keeps its rows, with expiresAt; past expiry the next seed deletes it", async () => {
    const first = await writeRows(client, TABLE, list("A", 30));
    // Retention 0: A expires the moment B supersedes it.
    const second = await writeRows(client, TABLE, list("B", 20), { retentionSeconds: 0 });
    let contents = await tableContents(client, TABLE);
    expect(contents.expiring).toBe(30);
    expect(contents.records).toEqual({ [first.version]: "superseded", [second.version]: "current" });
    const third = await writeRows(client, TABLE, list("C", 10));
    expect(third.deleted).toBe(30);
    contents = await tableContents(client, TABLE);
    expect(contents.records).toEqual({ [second.version]: "superseded", [third.version]: "current" });
    expect(await rowsIn(first.version)).toBe(0);
  });

  test("a seed's abandoned version: rows deleted by the next seed, record kept until 2 × retention after it was created", async () => {
    await writeRows(client, TABLE, list("A", 5));
    const stale = "mapitems#v1000000000000-00000000";
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          [PARTITION_KEY]: { S: LIST_ITEM_KEY },
          [SORT_KEY]: { S: stale },
          state: { S: "writing" },
          ticket: { N: "0" },
          createdAt: { S: new Date().toISOString() },
        },
      }),
    );
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { [PARTITION_KEY]: { S: stale }, [SORT_KEY]: { S: "0000000000" }, value: { S: "partial" } } }),
    );
    await writeRows(client, TABLE, list("B", 5));
    expect((await tableContents(client, TABLE)).records[stale]).toBe("abandoned");
    expect(await rowsIn(stale)).toBe(0);
    // Two days and a second later, the next seed removes the record too.
    await writeRows(client, TABLE, list("C", 5), { now: () => new Date(Date.now() + 2 * 86_400_000 + 1000) });
    expect((await tableContents(client, TABLE)).records[stale]).toBeUndefined();
  });

  test("rows of the layout before versions are removed once a version is current", async () => {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [TABLE]: [0, 1, 2].map((i) => ({
            PutRequest: { Item: { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { S: String(i).padStart(10, "0") }, value: { S: `old ${i}` } } },
          })),
        },
      }),
    );
    const seeded = await writeRows(client, TABLE, ["new"]);
    expect(seeded.deleted).toBe(3);
    expect([...(await tableContents(client, TABLE)).live]).toEqual([[seeded.version, 1]]);
  });
});

describe("the list layout: one atomic item, compare-and-set", () => {
  test("two seeds that started from the same list: one writes, the other fails with ListChangedError", async () => {
    await writeList(client, TABLE, ["before"]);
    const results = await Promise.allSettled([writeList(client, TABLE, ["C"]), writeList(client, TABLE, ["D"])]);
    const won = results.findIndex((r) => r.status === "fulfilled");
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(ListChangedError);
    expect(await readList(client, TABLE)).toEqual([won === 0 ? "C" : "D"]);
  });

  test("a list item written without a version (SEED_FILE's Terraform item) is replaced as usual", async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: listItem(["terraform"]) }));
    await writeList(client, TABLE, ["seeded"]);
    expect(await readList(client, TABLE)).toEqual(["seeded"]);
  });
});

describe("npm run seed -- --show", () => {
  const showArgs = (source: string) => ["--show", "--source", source, "--table", TABLE, "--endpoint", dynamo.endpoint];

  test.each(["rows", "list"])("--source %s prints the current list as JSON, exact digits, in order", async (source) => {
    const text = '[0.12345678901234567890123, {"a": [1, "two"]}, "three", 12345678901234567890]';
    const seeded = await seedCli(["--file", file(`show-${source}.json`, text), "--source", source, "--table", TABLE, "--endpoint", dynamo.endpoint]);
    expect(seeded.code).toBe(0);
    const r = await seedCli(showArgs(source));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[\n  0.12345678901234567890123,\n  {"a":[1,"two"]},\n  "three",\n  12345678901234567890\n]\n');
  });

  test("nothing seeded: one line, exit 1", async () => {
    const r = await seedCli(showArgs("rows"));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`seed: table ${TABLE} holds no list in the rows layout: seed one first (npm run seed -- --file FILE --source rows)\n`);
  });

  test("--show with --file, or a bad --retention: usage errors", async () => {
    expect((await seedCli(["--show", "--file", "x.json"])).stderr).toMatch(/^seed: --show prints the current list; it takes no --file\n/);
    expect((await seedCli(["--file", "x.json", "--retention", "1.5"])).stderr).toMatch(
      /^seed: --retention must be a whole number of seconds, 1 or more, got "1.5"\n/,
    );
  });
});

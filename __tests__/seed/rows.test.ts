/**
 * The seed's `rows` layout against a real DynamoDB-compatible server
 * (dynalite, in memory, on an ephemeral loopback port, started here): the
 * streaming JSON array parser, the batched writer with its retries and stale
 * row deletion, nothing written on bad input, and the CLI's --source rows.
 */
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import * as path from "node:path";
import { BatchWriteItemCommand, PutItemCommand, type BatchWriteItemCommandOutput, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startLocalDynamo, type LocalDynamo } from "../../local/dynamodb/server";
import { fullCollection } from "../../local/run/full-collection";
import { SeedInputError } from "../../stacks/work-list";
import { jsonArrayElements, streamJsonArray } from "../../seed/json-array-stream";
import { AwsAccessError } from "../../aws/errors";
import { progressBar } from "../../cli/progress";
import { readList, writeList } from "../../seed/write-list";
import { backoffDelay, BATCH_SIZE, checkRows, readRows, RETRY_CAP_MS, type RowsClient, seedRows, writeRows } from "../../seed/write-rows";
import { seedCli, tempFiles } from "./seed-cli";
import { emptyTable, liveRows, tableContents } from "./table-contents";

const TABLE = "rows-test";
const { dir: tmp, file } = tempFiles("rows-test-");

async function collect(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const e of it) out.push(e);
  return out;
}

async function parseFile(p: string, chunkBytes?: number): Promise<unknown[]> {
  return collect(streamJsonArray(p, { chunkBytes }));
}

async function* generate<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const objects = (n: number, tag = "v1") => Array.from({ length: n }, (_, i) => ({ id: i, name: `item ${i}`, tag }));

/** Rows of the current version (and of any unfinished one): superseded rows carry the TTL attribute and are not counted. */
const partitionSize = () => liveRows(client, TABLE);

type Send = (command: unknown) => Promise<unknown>;

/**
 * A client whose `send` goes to the real one, through `intercept` when given,
 * counting calls by command and the most in flight at once.
 */
function spyClient(intercept?: (command: unknown, send: Send) => Promise<unknown>) {
  const real: Send = (command) => client.send(command as BatchWriteItemCommand);
  const stats = { calls: 0, batchWrites: 0, puts: 0, inFlight: 0, maxInFlight: 0 };
  const send: Send = async (command) => {
    stats.calls++;
    if (command instanceof BatchWriteItemCommand) stats.batchWrites++;
    if (command instanceof PutItemCommand) stats.puts++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      return await (intercept ? intercept(command, real) : real(command));
    } finally {
      stats.inFlight--;
    }
  };
  return { client: { send } as unknown as RowsClient, stats };
}

let dynamo: LocalDynamo;
let client: DynamoDBClient;

beforeAll(async () => {
  // startLocalDynamo creates the table with the stack's key schema.
  dynamo = await startLocalDynamo({ tableName: TABLE });
  client = dynamo.client;
});
afterAll(async () => dynamo?.close());

describe("streamJsonArray: the elements of a top-level JSON array, one at a time", () => {
  const tricky = [
    "a,b",
    "]",
    "[",
    "{",
    "}",
    '"quoted"',
    "back\\slash\\",
    "\\",
    "tab\there\nnewline",
    "é",
    "日本語",
    "😀 emoji, 4 bytes",
    "\u2028\u2029",
    "",
    { "key, with ]": ["[", { nested: "}" }], empty: {}, list: [] },
    [[[[1]]], [], {}],
    0,
    -1.5e-7,
    true,
    false,
    null,
  ];

  test.each([1, 2, 3, 5, 7, 13, 64 * 1024])("tricky strings, nesting and multi-byte UTF-8, read %i bytes at a time", async (chunkBytes) => {
    const compact = file(`tricky-${chunkBytes}.json`, JSON.stringify(tricky));
    const pretty = file(`tricky-pretty-${chunkBytes}.json`, `\n\t ${JSON.stringify(tricky, null, 3)} \r\n`);
    expect(await parseFile(compact, chunkBytes)).toEqual(tricky);
    expect(await parseFile(pretty, chunkBytes)).toEqual(tricky);
  });

  test("a 4-byte character split across every chunk boundary", async () => {
    const list = Array.from({ length: 20 }, (_, i) => "😀".repeat(i) + "é");
    const p = file("emoji.json", JSON.stringify(list));
    for (const chunkBytes of [1, 2, 3, 4, 5, 6]) expect(await parseFile(p, chunkBytes)).toEqual(list);
  });

  test("string chunks and escapes split between chunks", async () => {
    const text = '["a\\"b", "c\\\\", {"d": "\\u005d"}]';
    const chunks = text.split("");
    expect(await collect(jsonArrayElements(generate(chunks), "x"))).toEqual(['a"b', "c\\", { d: "]" }]);
  });

  test("random documents read in random chunk sizes match JSON.parse", async () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['"', "\\", "[", "]", "{", "}", ",", ":", " ", "\n", "a", "é", "日", "😀", "\u0001"];
    const str = () => Array.from({ length: Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join("");
    const value = (depth: number): unknown => {
      const k = Math.floor(rnd() * (depth > 3 ? 4 : 6));
      if (k === 0) return str();
      if (k === 1) return Math.floor(rnd() * 1e6) / 100;
      if (k === 2) return rnd() < 0.5;
      if (k === 3) return null;
      if (k === 4) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, () => [str(), value(depth + 1)]));
    };
    for (let round = 0; round < 20; round++) {
      const list = Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => value(0));
      const p = file(`random-${round}.json`, JSON.stringify(list, null, round % 2 ? 2 : undefined));
      expect(await parseFile(p, 1 + Math.floor(rnd() * 40))).toEqual(list);
    }
  });

  const bad: [string, string, RegExp][] = [
    ["an object at the top level", '{"a": [1]}', /must hold a JSON array at the top level, found an object$/],
    ["a string at the top level", ' "[1]"', /found a string$/],
    ["a number at the top level", "12", /found a number$/],
    ["an empty array", "[]", /holds an empty array: give at least one item$/],
    ["an empty array with white space", " [ \n ] ", /holds an empty array/],
    ["an empty file", "", /is not valid JSON at about byte 0: unexpected end of input: the file holds no JSON value$/],
    ["an unclosed array", "[1, 2", /is not valid JSON at about byte 5: unexpected end of input: the array is not closed$/],
    ["an unclosed string", '[1, "ab', /a string and the array are not closed$/],
    ["a trailing comma", "[1, 2,]", /at about byte 6: unexpected '\]' after a comma$/],
    ["two commas", "[1,, 2]", /at about byte 3: unexpected ','/],
    ["content after the array", "[1] [2]", /at about byte 4: unexpected content after the array$/],
    ["a stray closing brace", "[1, }]", /at about byte 4: unexpected '}'$/],
    ["a bad element", '[1, 2, {"a": 1,}, 4]', /is not valid JSON at about byte 1[0-9]: Expected double-quoted property name.* \(element 2\)$/],
    ["two values in one element", "[1, 2 3]", /at about byte 6: .* \(element 1\)$/],
    ["not JSON at all", "hello", /is not valid JSON at about byte 0: unexpected "h"$/],
  ];
  test.each(bad)("%s is a SeedInputError with one line", async (_name, content, message) => {
    const p = file("bad.json", content);
    for (const chunkBytes of [1, 64 * 1024]) {
      const err = await parseFile(p, chunkBytes).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SeedInputError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain(`seed file ${p}`);
      expect((err as Error).message).not.toContain("\n");
    }
  });

  test("a missing file", async () => {
    await expect(parseFile(path.join(tmp, "nope.json"))).rejects.toThrow(new SeedInputError(`seed file not found: ${path.join(tmp, "nope.json")}`));
  });

  test("invalid JSON deep in a large file: the offset points near it", async () => {
    const items = objects(5000).map((o) => JSON.stringify(o));
    const good = `[${items.slice(0, 3000).join(",")},`;
    const p = file("late-error.json", `${good}{"id": oops},${items.slice(3001).join(",")}]`);
    const err = (await parseFile(p).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(SeedInputError);
    const at = Number(/at about byte (\d+)/.exec(err.message)?.[1]);
    expect(Math.abs(at - good.length)).toBeLessThan(16);
    expect(err.message).toMatch(/\(element 3000\)$/);
  });

  test("memory: a ~50 MB array is read without holding it", async () => {
    const p = path.join(tmp, "large.json");
    const fd = openSync(p, "w");
    const filler = "lorem ipsum dolor sit amet, ".repeat(4);
    let n = 0;
    writeSync(fd, "[");
    while (n * 180 < 50e6) {
      const chunk = Array.from({ length: 1000 }, (_, k) => JSON.stringify({ id: n + k, name: `item ${n + k}`, tags: ["a", "[b]"], text: filler }));
      writeSync(fd, `${n > 0 ? "," : ""}${chunk.join(",")}`);
      n += 1000;
    }
    writeSync(fd, "]");
    closeSync(fd);
    const size = statSync(p).size;
    expect(size).toBeGreaterThan(45e6);

    // A full GC first, so the baseline is not inflated by the garbage of writing the file.
    const gc = fullCollection();
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    let count = 0;
    let last: unknown;
    for await (const element of streamJsonArray(p)) {
      last = element;
      // What the reader holds, not the garbage it left: collected before each sample, so
      // the figure does not depend on when the collector happens to run (a busy machine
      // runs it late). A reader holding the elements would still grow past the bound.
      if (++count % 5000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(count).toBe(n);
    expect(last).toMatchObject({ id: n - 1 });
    // Far below the file's 50 MB: the reader keeps one chunk and one element at a time.
    expect(peak - base).toBeLessThan(25 * 1024 * 1024);
    expect(peak - base).toBeLessThan(size / 2);
  });
});

describe("writeRows and readRows", () => {
  beforeEach(async () => {
    // Every test starts from an empty table.
    await emptyTable(client, TABLE);
    expect(await partitionSize()).toBe(0);
  });

  test("a list is written as rows and read back in order", async () => {
    const list = ["first", ...objects(30), [1, [2]], null, true, 3.5, "last"];
    const p = file("list.json", JSON.stringify(list));
    const result = await seedRows(client, TABLE, p);
    expect(result).toEqual({ written: list.length, deleted: 0, version: expect.stringMatching(/^mapitems#v\d{13}-[0-9a-f]{8}$/) });
    expect(await readRows(client, TABLE)).toEqual(list);
    expect(await partitionSize()).toBe(list.length);
  });

  test("re-seeding the same file: a new version with the same rows; the old one expires", async () => {
    const p = file("again.json", JSON.stringify(objects(60)));
    const first = await seedRows(client, TABLE, p);
    const list = await readRows(client, TABLE);
    const second = await seedRows(client, TABLE, p);
    expect(second).toEqual({ written: 60, deleted: 0, version: expect.any(String) });
    expect(second.version).not.toBe(first.version);
    expect(await readRows(client, TABLE)).toEqual(list);
    const contents = await tableContents(client, TABLE);
    expect([...contents.live]).toEqual([[second.version, 60]]);
    expect(contents.expiring).toBe(60);
    expect(contents.records).toEqual({ [first.version]: "superseded", [second.version]: "current" });
  });

  test("re-seeding a shorter list: the new version alone is current, the old one expires", async () => {
    await seedRows(client, TABLE, file("long.json", JSON.stringify(objects(130, "long"))));
    expect(await partitionSize()).toBe(130);
    const result = await seedRows(client, TABLE, file("short.json", JSON.stringify(objects(7, "short"))));
    expect(result.written).toBe(7);
    expect(await readRows(client, TABLE)).toEqual(objects(7, "short"));
    expect(await partitionSize()).toBe(7);
    expect((await tableContents(client, TABLE)).expiring).toBe(130);
  });

  test("rows leave the list item alone, and the list item stays out of the rows", async () => {
    await writeList(client, TABLE, ["whole", "list"]);
    await seedRows(client, TABLE, file("beside.json", '["r0", "r1", "r2"]'));
    expect(await readList(client, TABLE)).toEqual(["whole", "list"]);
    expect(await readRows(client, TABLE)).toEqual(["r0", "r1", "r2"]);
    await seedRows(client, TABLE, file("beside-short.json", '["r0"]'));
    expect(await readList(client, TABLE)).toEqual(["whole", "list"]);
    expect(await readRows(client, TABLE)).toEqual(["r0"]);
  });

  test("2,600 elements go out in batches of 25, several in flight", async () => {
    const spy = spyClient();
    const progress: number[] = [];
    const list = objects(2600);
    const result = await writeRows(spy.client, TABLE, generate(list), { concurrency: 8, onProgress: (n) => progress.push(n) });
    expect(result).toEqual({ written: 2600, deleted: 0, version: expect.any(String) });
    // No unprocessed items from dynalite, so no retries: exactly ceil(2600 / 25) requests.
    expect(spy.stats.batchWrites).toBe(Math.ceil(2600 / BATCH_SIZE));
    // One PutItem: the version's record.
    expect(spy.stats.puts).toBe(1);
    expect(spy.stats.maxInFlight).toBeGreaterThan(1);
    expect(spy.stats.maxInFlight).toBeLessThanOrEqual(8);
    expect(progress.at(-1)).toBe(2600);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await readRows(client, TABLE)).toEqual(list);
  });

  test("concurrency 1 keeps one request in flight", async () => {
    const spy = spyClient();
    await writeRows(spy.client, TABLE, objects(200), { concurrency: 1 });
    expect(spy.stats.maxInFlight).toBe(1);
    expect(await readRows(client, TABLE)).toEqual(objects(200));
  });

  // dynalite never returns UnprocessedItems, so this wrapper around the real
  // client plays DynamoDB under throttling: for the first three full batches
  // it writes only the first half of the items and hands the rest back as
  // UnprocessedItems, as DynamoDB does. The retries (half batches) go through.
  test("unprocessed items are retried with jittered exponential backoff", async () => {
    let dropped = 0;
    const spy = spyClient(async (command, send) => {
      const requests = command instanceof BatchWriteItemCommand ? command.input.RequestItems![TABLE]! : [];
      if (requests.length < BATCH_SIZE || dropped >= 3) return send(command);
      dropped++;
      const half = Math.ceil(requests.length / 2);
      await send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: requests.slice(0, half) } }));
      return { UnprocessedItems: { [TABLE]: requests.slice(half) }, $metadata: {} } satisfies BatchWriteItemCommandOutput;
    });
    const waits: number[] = [];
    const list = objects(100);
    const result = await writeRows(spy.client, TABLE, list, {
      concurrency: 2,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
    });
    expect(result.written).toBe(100);
    expect(spy.stats.batchWrites).toBe(4 + 3);
    expect(waits).toEqual([backoffDelay(1, () => 0.5), backoffDelay(1, () => 0.5), backoffDelay(1, () => 0.5)]);
    expect(await readRows(client, TABLE)).toEqual(list);
  });

  test("items still unprocessed after maxRetries: a clear error", async () => {
    const spy = spyClient(async (command, send) => {
      if (!(command instanceof BatchWriteItemCommand)) return send(command);
      return { UnprocessedItems: command.input.RequestItems, $metadata: {} } satisfies BatchWriteItemCommandOutput;
    });
    const waits: number[] = [];
    // One batch: after the first failure no new batch would be sent.
    const err = await writeRows(spy.client, TABLE, objects(25), {
      maxRetries: 3,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.999,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsAccessError);
    expect((err as Error).message).toBe(
      "DynamoDB left 25 rows unprocessed after 3 retries (is table rows-test throttled?): the current list is unchanged; run the seed again",
    );
    // Full jitter at 0.999 of 25 ms × 2^attempt.
    expect(waits).toEqual([49, 99, 199]);
    expect(spy.stats.batchWrites).toBe(4);
  });

  test("the backoff is capped", () => {
    for (const attempt of [1, 5, 10, 30, 100]) {
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThan(RETRY_CAP_MS);
      expect(backoffDelay(attempt, () => 0)).toBe(0);
    }
    expect(backoffDelay(30, () => 0.5)).toBe(RETRY_CAP_MS / 2);
  });

  test("a missing table is one line", async () => {
    await expect(writeRows(client, "no-such-table", ["a"])).rejects.toThrow(/^table no-such-table not found: deploy the stack first/);
  });
});

describe("bad input writes nothing", () => {
  const before = ["kept 0", "kept 1", "kept 2"];
  beforeEach(async () => {
    await emptyTable(client, TABLE);
    await seedRows(client, TABLE, file("before.json", JSON.stringify(before)));
  });

  const large = (n: number, at: number, element: string) =>
    `[${Array.from({ length: n }, (_, i) => (i === at ? element : JSON.stringify({ id: i, name: `element ${i}` }))).join(",\n")}]`;

  const cases: [string, () => string, RegExp][] = [
    [
      "invalid JSON in the middle of a large array",
      () => large(3000, 1500, '{"id": 1500, "name": }'),
      /is not valid JSON at about byte \d+: .*\(element 1500\)$/,
    ],
    [
      "an element over DynamoDB's item limit",
      () => large(2500, 2000, JSON.stringify("x".repeat(450_000))),
      /: element 2000 \(position 0000002000\) is too large for one DynamoDB item: .* KiB, the limit is 400 KB$/,
    ],
    [
      "an element over the Step Functions payload limit",
      () => large(2500, 2000, JSON.stringify({ text: "y".repeat(300_000) })),
      /: element 2000 \(position 0000002000\) is too large for a Step Functions payload: the row read from DynamoDB is .* KiB, the limit is 252\.0 KiB \(256 KiB less 4 KiB for the read's metadata\)$/,
    ],
    ["an element DynamoDB cannot store", () => large(100, 50, "1e400"), /: element 50: number 1e400 is too large for DynamoDB \(number overflow\)/],
    ["an empty array", () => "[]", /holds an empty array: give at least one item$/],
    ["an object at the top level", () => '{"items": [1, 2]}', /must hold a JSON array at the top level, found an object$/],
    ["a truncated file", () => large(3000, -1, "").slice(0, -20), /unexpected end of input/],
  ];

  test.each(cases)("%s", async (_name, content, message) => {
    const spy = spyClient();
    const p = file("bad-input.json", content());
    const err = await seedRows(spy.client, TABLE, p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SeedInputError);
    expect((err as Error).message).toMatch(message);
    // The first pass found the problem: the table was not even described.
    expect(spy.stats.calls).toBe(0);
    expect(await readRows(client, TABLE)).toEqual(before);
    expect(await partitionSize()).toBe(before.length);
  });

  test("a missing file", async () => {
    await expect(seedRows(client, TABLE, path.join(tmp, "absent.json"))).rejects.toThrow(SeedInputError);
    expect(await readRows(client, TABLE)).toEqual(before);
  });

  test("checkRows counts and checks without writing", async () => {
    expect(await checkRows(["a", { b: 1 }])).toBe(2);
    await expect(checkRows([])).rejects.toThrow(new SeedInputError("the list holds an empty array: give at least one item"));
  });
});

describe("the CLI with --source rows", () => {
  beforeEach(async () => {
    await emptyTable(client, TABLE);
    await seedRows(client, TABLE, file("cli-before.json", '["before"]'));
  });

  test("writes the rows and says how many", async () => {
    const r = await seedCli(["--file", "seed/listofdicts.json", "--source", "rows", "--table", TABLE, "--endpoint", dynamo.endpoint]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`seeded 3 rows from seed/listofdicts.json into table ${TABLE}\n`);
    expect(r.code).toBe(0);
    expect(await readRows(client, TABLE)).toEqual([
      { topic: "cs", name: "Computer Science" },
      { topic: "econ", name: "Economics" },
      { topic: "math", name: "Mathematics" },
    ]);
  });

  test("a long list: no progress bar when stderr is not a terminal", async () => {
    const p = file("cli-long.json", JSON.stringify(objects(3000)));
    const r = await seedCli(["--file", p, "--source", "rows", "--table", TABLE, "--endpoint", dynamo.endpoint]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`seeded 3000 rows from ${p} into table ${TABLE}\n`);
    expect(await partitionSize()).toBe(3000);
  });

  test("bad input: one line, exit 1, nothing written", async () => {
    const p = file("cli-bad.json", `[${'"ok",'.repeat(2000)} oops, "ok"]`);
    const r = await seedCli(["--file", p, "--source", "rows", "--table", TABLE, "--endpoint", dynamo.endpoint]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^seed: seed file .*cli-bad\.json is not valid JSON at about byte \d+: .*\(element 2000\)\n$/);
    expect(r.stdout).toBe("");
    expect(await readRows(client, TABLE)).toEqual(["before"]);
  });

  test("a missing table: one line, exit 1", async () => {
    const r = await seedCli(["--file", "seed/simplelist.json", "--source", "rows", "--table", "no-such-table", "--endpoint", dynamo.endpoint]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("seed: table no-such-table not found: deploy the stack first, or pass --table (and --region) of an existing one\n");
  });

  test("an unknown --source is a usage error", async () => {
    const r = await seedCli(["--file", "seed/simplelist.json", "--source", "items"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^seed: --source must be list or rows, got "items"\n/);
  });

  test("--help describes --source", async () => {
    const r = await seedCli(["--help"]);
    expect(r.stdout).toContain("--source LAYOUT");
    expect(r.stdout).toContain("rows");
  });
});

test("the progress bar", () => {
  expect(progressBar(4000, 10000)).toBe("[####......] 4,000/10,000 rows");
  expect(progressBar(0, 10000)).toBe("[..........] 0/10,000 rows");
  expect(progressBar(10000, 10000)).toBe("[##########] 10,000/10,000 rows");
  expect(progressBar(1, 3, 6)).toBe("[##....] 1/3 rows");
});

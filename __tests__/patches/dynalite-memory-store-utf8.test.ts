/**
 * patches/dynalite+4.0.0+001+memory-store-utf8.patch: dynalite's in-memory store (memory-level) keeps its keys and values as
 * strings, not as a Buffer each. A Buffer per key and per value cost about 430 bytes a row outside the heap, beside the 280 on it
 * (measured with 100,000 rows: about 700 bytes a row before, 370 after), so a million rows took some 330 MB more, and seeding spent
 * its time encoding and decoding them (writeRows of 100,000 rows: 5.9 s before, 5.1 s after).
 *
 * dynalite's keys are hex and its own number encoding (db/index.js createKey), so ordering by string is ordering by byte: Query
 * still returns DynamoDB's order, UTF-8 bytes, which the second test checks with sort keys whose UTF-16 order differs.
 */
import { PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { startLocalDynamo } from "../../local/dynamodb/server";
import { PARTITION_KEY, SORT_KEY } from "../../stacks/table-schema";

// dynalite's own store, as its server creates it (index.js: db.create(options)).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { create } = require("dynalite/db") as { create: (options: object) => { db: MemoryStore } };

interface MemoryStore {
  put(key: string, value: unknown): Promise<void>;
  snapshot(): object;
}

/** The red-black tree a memory-level snapshot holds (memory-level index.js: snapshot[kTree]). */
function storedEntries(db: MemoryStore): { keys: unknown[]; values: unknown[] } {
  const snapshot = db.snapshot() as Record<symbol, { keys: unknown[]; values: unknown[] }>;
  const tree = Object.getOwnPropertySymbols(snapshot).map((s) => snapshot[s])[0]!;
  return { keys: tree.keys, values: tree.values };
}

test("the in-memory store keeps a row's key and value as strings, not Buffers", async () => {
  const { db } = create({});
  await db.put("a-key", { value: { N: "1" } });
  const { keys, values } = storedEntries(db);
  expect(keys.map((k) => typeof k)).toEqual(["string"]);
  expect(values).toEqual(['{"value":{"N":"1"}}']);
});

test("Query still returns string sort keys in UTF-8 byte order, DynamoDB's", async () => {
  const tableName = "utf8-order";
  const local = await startLocalDynamo({ tableName });
  try {
    // UTF-8 bytes: a (61) < z (7a) < é (c3 a9) < U+FFFF (ef bf bf) < 😀 (f0 9f 98 80); in UTF-16 units 😀 (d83d) comes before U+FFFF.
    const sortKeys = ["😀", "\uffff", "é", "z", "a"];
    for (const key of sortKeys) {
      await local.client.send(new PutItemCommand({ TableName: tableName, Item: { [PARTITION_KEY]: { S: "p" }, [SORT_KEY]: { S: key } } }));
    }
    const page = await local.client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "#p = :p",
        ExpressionAttributeNames: { "#p": PARTITION_KEY },
        ExpressionAttributeValues: { ":p": { S: "p" } },
      }),
    );
    expect(page.Items?.map((i) => i[SORT_KEY]?.S)).toEqual(["a", "z", "é", "\uffff", "😀"]);
  } finally {
    await local.close();
  }
});

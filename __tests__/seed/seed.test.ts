/**
 * The seed against a real DynamoDB-compatible server (dynalite, in memory, on
 * an ephemeral loopback port), started by the test itself: writes and reads
 * back, and refuses every bad input with nothing written.
 */
import * as path from "node:path";
import { CreateTableCommand, DeleteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startLocalDynamo, type LocalDynamo } from "../../local/dynamodb/server";
import { LIST_ITEM_KEY, LIST_ITEM_POSITION, PARTITION_KEY, SORT_KEY } from "../../stacks/table-schema";
import { parseList, readListFile } from "../../seed/list-file";
import { SeedInputError } from "../../stacks/work-list";
import { AwsAccessError } from "../../aws/errors";
import { readList, writeList } from "../../seed/write-list";
import { ROOT, seedCli, tempFiles } from "./seed-cli";

const TABLE = "seed-test-list";
const { dir: tmp, file } = tempFiles("seed-test-");

/** A list whose one-item size lands between the two limits, or above both. */
function listOfBytes(totalChars: number): string[] {
  return Array.from({ length: Math.ceil(totalChars / 1000) }, (_, i) => `${i}`.padEnd(1000, "x"));
}

let dynamo: LocalDynamo;
let client: DynamoDBClient;

beforeAll(async () => {
  // startLocalDynamo creates the table with the stack's key schema.
  dynamo = await startLocalDynamo({ tableName: TABLE });
  client = dynamo.client;
  await client.send(
    new CreateTableCommand({
      TableName: "wrong-key",
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    }),
  );
});
afterAll(async () => dynamo?.close());
beforeEach(async () => {
  await client.send(new DeleteItemCommand({ TableName: TABLE, Key: { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { S: LIST_ITEM_POSITION } } }));
});

describe("seed writes the original's item", () => {
  test("simplelist.json: written and read back", async () => {
    const list = readListFile(path.join(ROOT, "seed", "simplelist.json"));
    await writeList(client, TABLE, list);
    expect(await readList(client, TABLE)).toEqual(["Computer Science", "Economics", "Mathematics"]);
  });

  test("listofdicts.json: objects with topic and name", async () => {
    await writeList(client, TABLE, readListFile(path.join(ROOT, "seed", "listofdicts.json")));
    expect(await readList(client, TABLE)).toEqual([
      { topic: "cs", name: "Computer Science" },
      { topic: "econ", name: "Economics" },
      { topic: "math", name: "Mathematics" },
    ]);
  });

  test("the CLI with --endpoint and --table", async () => {
    const r = await seedCli(["--file", "seed/simplelist.json", "--table", TABLE, "--endpoint", dynamo.endpoint]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`seeded 3 items from seed/simplelist.json into table ${TABLE}\n`);
    expect(r.code).toBe(0);
    expect(await readList(client, TABLE)).toHaveLength(3);
  });

  test("--help prints the options", async () => {
    const r = await seedCli(["--help"]);
    expect(r.code).toBe(0);
    for (const o of ["--file", "--table", "--profile", "--region", "--endpoint"]) expect(r.stdout).toContain(o);
  });
});

describe("bad input is refused with one line, exit 1, nothing written", () => {
  const cases: [string, () => string, RegExp][] = [
    ["a missing file", () => path.join(tmp, "nope.json"), /^seed: seed file not found: .*nope\.json$/],
    ["invalid JSON", () => file("bad.json", '["a", '), /^seed: seed file .*bad\.json is not valid JSON at about byte \d+: /],
    ["an object at the top level", () => file("obj.json", '{"a": 1}'), /must hold a JSON array at the top level, found an object$/],
    ["a string at the top level", () => file("str.json", '"abc"'), /found a string$/],
    ["an empty array", () => file("empty.json", "[]"), /holds an empty array/],
    [
      "a list too large for one DynamoDB item",
      () => file("huge.json", JSON.stringify(listOfBytes(450_000))),
      /too large for one DynamoDB item: .* KiB, the limit is 400 KB$/,
    ],
    [
      "a list too large for a Step Functions payload",
      () => file("big.json", JSON.stringify(listOfBytes(300_000))),
      /too large for a Step Functions payload: .* KiB, the limit is 252\.0 KiB \(256 KiB less 4 KiB for the read's metadata\)$/,
    ],
  ];

  test.each(cases)("%s", async (_name, makeFile, message) => {
    const r = await seedCli(["--file", makeFile(), "--table", TABLE, "--endpoint", dynamo.endpoint]);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stdout).toBe("");
    expect(await readList(client, TABLE)).toBeUndefined();
  });

  test("a missing table", async () => {
    const r = await seedCli(["--file", "seed/simplelist.json", "--table", "no-such-table", "--endpoint", dynamo.endpoint]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("seed: table no-such-table not found: deploy the stack first, or pass --table (and --region) of an existing one\n");
  });

  test("a table with another key schema", async () => {
    await expect(writeList(client, "wrong-key", ["a"])).rejects.toThrow(
      new AwsAccessError("table wrong-key has keys id (HASH), expected mapstatelist (HASH), position (RANGE): is it this stack's table?"),
    );
  });

  test("missing credentials (no profile, no keys, no endpoint)", async () => {
    const r = await seedCli(["--file", "seed/simplelist.json", "--table", TABLE, "--region", "us-east-1"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^seed: no usable AWS credentials: .*\(set AWS_PROFILE or pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; --endpoint URL for a local emulator\)\n$/,
    );
  });

  test("an unknown profile", async () => {
    const r = await seedCli(["--file", "seed/simplelist.json", "--table", TABLE, "--region", "us-east-1", "--profile", "nobody"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^seed: no usable AWS credentials: profile nobody not found in ~\/\.aws\/config or ~\/\.aws\/credentials .*; check --profile or AWS_PROFILE\n$/,
    );
  });

  test("no --file", async () => {
    const r = await seedCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--file is required");
  });

  test("an unknown option", async () => {
    const r = await seedCli(["--file", "seed/simplelist.json", "--tabel", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--tabel");
  });
});

describe("list checks, in-process", () => {
  test("numbers, nulls, nested lists are accepted", () => {
    expect(parseList('[1, null, [true, {"a": 2}]]', "x")).toEqual([1, null, [true, { a: 2 }]]);
  });
  test("the error type says it is the user's input", () => {
    expect(() => parseList("{}", "x")).toThrow(SeedInputError);
  });
});

/**
 * Numbers and bytes, checked before anything is written, the same in both
 * layouts: DynamoDB's number rules at their boundaries, nesting depth, the
 * element's position in every message, exact storage of digits a double
 * cannot hold, the byte order mark and standard input.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { BatchWriteItemCommand, GetItemCommand, QueryCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { startLocalDynamo, type LocalDynamo } from "../../local/dynamodb/server";
import { fitsJsNumber, numberProblem, numberSize, parseDecimal } from "../../seed/dynamo-number";
import { streamJsonArray } from "../../seed/json-array-stream";
import { parseJsonLossless } from "../../seed/lossless-json";
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { dynamoItemSize, parseList, readListFile } from "../../seed/list-file";
import { readList, writeList } from "../../seed/write-list";
import { checkRows, readRows, seedRows, type RowsClient } from "../../seed/write-rows";
import { LIST_ATTRIBUTE, LIST_ITEM_ID, LIST_ITEM_KEY, PARTITION_KEY, SORT_KEY, rowPosition } from "../../stacks/table-schema";
import { SeedInputError } from "../../stacks/work-list";
import { seedCli, seedCliWithInput, tempFiles } from "./seed-cli";

const TABLE = "numbers-test";
const { file } = tempFiles("numbers-test-");

const DIGITS_38 = "12345678901234567890123456789012345678";
const DIGITS_39 = `${DIGITS_38}9`;
const LARGEST = "9.9999999999999999999999999999999999999E+125";

/** The message each layout's check pass gives for `text`, or "ok". */
async function listVerdict(text: string): Promise<string> {
  try {
    parseList(text, "f.json");
    return "ok";
  } catch (e) {
    if (!(e instanceof SeedInputError)) throw e;
    return e.message;
  }
}
async function rowsVerdict(text: string): Promise<string> {
  const p = file("rows.json", text);
  try {
    await checkRows(streamJsonArray(p, { source: "f.json" }), "seed file f.json");
    return "ok";
  } catch (e) {
    if (!(e instanceof SeedInputError)) throw e;
    return e.message;
  }
}

describe("DynamoDB's number rules (Data types → Number)", () => {
  test.each([
    ["38 significant digits", DIGITS_38, undefined],
    ["39 significant digits", DIGITS_39, /has 39 significant digits: DynamoDB stores at most 38/],
    ["38 digits, negative, with a point", `-0.${DIGITS_38}`, undefined],
    ["1E-130, the smallest magnitude", "1E-130", undefined],
    ["1E-131", "1E-131", /too small for DynamoDB \(number underflow\)/],
    ["-1E-130", "-1E-130", undefined],
    ["-1e-131", "-1e-131", /number underflow/],
    ["the largest magnitude", LARGEST, undefined],
    ["its negative", `-${LARGEST}`, undefined],
    ["1E+126", "1E+126", /too large for DynamoDB \(number overflow\)/],
    ["-1E+126", "-1E+126", /number overflow/],
    ["0", "0", undefined],
    ["0e-400 (zero, whatever the exponent)", "0e-400", undefined],
    ["trailing zeros are trimmed: 1 followed by 60 zeros is 1 digit", `1${"0".repeat(60)}`, undefined],
    ["leading zeros are trimmed", `0.${"0".repeat(60)}${DIGITS_38}`, undefined],
    ["1e-400", "1e-400", /number underflow/],
    ["1e400", "1e400", /number overflow/],
  ])("%s", (_name, text, problem) => {
    const found = numberProblem(text);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  test("decimals are read as DynamoDB trims them", () => {
    expect(parseDecimal("1.50")).toEqual({ negative: false, digits: "15", exponent: 0 });
    expect(parseDecimal("1e2")).toEqual({ negative: false, digits: "1", exponent: 2 });
    expect(parseDecimal("-0.00120")).toEqual({ negative: true, digits: "12", exponent: -3 });
    expect(parseDecimal("-0")).toEqual({ negative: false, digits: "", exponent: 0 });
  });

  test("a number's size: 1 byte per two significant digits, plus 1 (item sizes and formats)", () => {
    expect(numberSize("0")).toBe(1);
    expect(numberSize("1.50")).toBe(2);
    expect(numberSize("100")).toBe(2);
    expect(numberSize(DIGITS_38)).toBe(20);
    expect(numberSize("0.12345678901234567890123")).toBe(13);
    expect(dynamoItemSize({ n: { N: "1.50" } })).toBe(1 + 2);
  });

  test("fitsJsNumber: the shortest double text is the same decimal", () => {
    expect(fitsJsNumber("0.1")).toBe(true);
    expect(fitsJsNumber("1.50")).toBe(true);
    expect(fitsJsNumber("1e2")).toBe(true);
    expect(fitsJsNumber("9007199254740993")).toBe(false);
    expect(fitsJsNumber("12345678901234567890")).toBe(false);
    expect(fitsJsNumber("0.12345678901234567890123")).toBe(false);
    expect(fitsJsNumber("1e-400")).toBe(false);
    expect(fitsJsNumber("1e400")).toBe(false);
  });
});

describe("the lossless parse", () => {
  test("numbers a double holds stay numbers; others keep the file's text as NumberValues", () => {
    const parsed = parseJsonLossless(
      '[0.8444218515250481, 1.50, 1e2, -0, "0.12345678901234567890123", 0.12345678901234567890123, 12345678901234567890, 1e20, 1e-200]',
    ) as unknown[];
    expect(parsed.slice(0, 5)).toEqual([0.8444218515250481, 1.5, 100, -0, "0.12345678901234567890123"]);
    const kept = parsed.slice(5);
    expect(kept.every((v) => v instanceof NumberValue)).toBe(true);
    // 1e20 fits a double but not marshall (beyond MAX_SAFE_INTEGER); 1e-200 is kept to be refused quoting the file.
    expect(kept.map(String)).toEqual(["0.12345678901234567890123", "12345678901234567890", "1e20", "1e-200"]);
  });

  test("digits inside strings are text, whatever they look like", () => {
    expect(parseJsonLossless('{"id": "12345678901234567890", "e": "1e400"}')).toEqual({ id: "12345678901234567890", e: "1e400" });
  });
});

describe("the check pass: the same verdict and message in both layouts, naming the element", () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: i }));
  const withElement = (at: number, element: string) => `[${[...filler(at), element].join(",")}]`;

  test.each([
    ["39 digits at element 3", withElement(3, DIGITS_39), /^seed file f\.json: element 3: number 1234.* has 39 significant digits/],
    [
      "1e-200 inside element 3",
      withElement(3, '{"a": {"b": [0, 1, 1e-200]}}'),
      /^seed file f\.json: element 3 at \.a\.b\[2\]: number 1e-200 is too small for DynamoDB \(number underflow\)/,
    ],
    ["1e400 at element 0", "[1e400]", /^seed file f\.json: element 0: number 1e400 is too large for DynamoDB \(number overflow\)/],
    ["1E-131 under an odd key", withElement(1, '{"odd key": -1E-131}'), /^seed file f\.json: element 1 at \["odd key"\]: number -1E-131 is too small/],
    ["1E+126", withElement(2, "1E+126"), /^seed file f\.json: element 2: number 1E\+126 is too large/],
    [
      "a 10,000-digit number, shown short",
      `[0.${"1".repeat(10_000)}]`,
      /^seed file f\.json: element 0: number 0\.1{38}…1{10} \(10002 characters\) has 10000 significant digits/,
    ],
  ])("%s", async (_name, text, message) => {
    const list = await listVerdict(text);
    expect(list).toMatch(message);
    expect(list.split("\n")).toHaveLength(1);
    expect(await rowsVerdict(text)).toBe(list);
  });

  test.each([
    ["38 digits", DIGITS_38],
    ["1E-130", "1E-130"],
    ["the largest magnitude", LARGEST],
    ["an empty string (DynamoDB allows one outside keys)", '""'],
    ["an empty list and map", "[[], {}]"],
  ])("accepted in both layouts: %s", async (_name, element) => {
    expect(await listVerdict(`[${element}]`)).toBe("ok");
    expect(await rowsVerdict(`[${element}]`)).toBe("ok");
  });

  /** A scalar inside `n` nested arrays. */
  const nested = (n: number) => `${"[".repeat(n)}1${"]".repeat(n)}`;

  test("nesting: a row's value is level 1, so a scalar inside 31 lists (level 32) passes and inside 32 does not", async () => {
    expect(await rowsVerdict(`[${nested(31)}]`)).toBe("ok");
    expect(await rowsVerdict(`[0, ${nested(32)}]`)).toMatch(
      /^seed file f\.json: element 1 at (\[0\]){32}: nested too deep for DynamoDB: this value would be level 33 of the item, DynamoDB allows 32$/,
    );
  });

  test("nesting: in the list layout the element is level 2 (inside values), so one level less", async () => {
    expect(await listVerdict(`[${nested(30)}]`)).toBe("ok");
    expect(await listVerdict(`[0, ${nested(31)}]`)).toMatch(
      /^seed file f\.json: element 1 at (\[0\]){31}: nested too deep for DynamoDB: this value would be level 33 of the item, DynamoDB allows 32 \(in the list layout an element is already level 2, inside "values"\)$/,
    );
  });

  test("nesting through maps counts the same", async () => {
    const maps = (n: number) => `${'{"k":'.repeat(n)}1${"}".repeat(n)}`;
    expect(await rowsVerdict(`[${maps(31)}]`)).toBe("ok");
    expect(await rowsVerdict(`[${maps(32)}]`)).toMatch(/element 0 at (\.k){32}: nested too deep/);
  });
});

describe("the byte order mark: accepted at the very start in both layouts", () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

  test("a file that starts with a UTF-8 BOM reads the same as without", async () => {
    const p = file("bom.json", "");
    writeFileSync(p, Buffer.concat([BOM, Buffer.from('[1, "two"]')]));
    expect(readListFile(p)).toEqual([1, "two"]);
    const rows: unknown[] = [];
    for await (const e of streamJsonArray(p)) rows.push(e);
    expect(rows).toEqual([1, "two"]);
  });

  test("anywhere else it is refused, with the same line in both layouts", async () => {
    const text = " \uFEFF[1]";
    const list = await listVerdict(text);
    expect(list).toBe("seed file f.json is not valid JSON at about byte 1: a byte order mark (U+FEFF) is allowed only as the file's very first character");
    expect(await rowsVerdict(text)).toBe(list);
  });
});

describe("against a local DynamoDB", () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dynamo = await startLocalDynamo({ tableName: TABLE });
    client = dynamo.client;
  });
  afterAll(async () => dynamo?.close());

  const EXACT = ["0.12345678901234567890123", "12345678901234567890", DIGITS_38, "1E-130", LARGEST];
  const fileText = `[${EXACT.join(", ")}, 1.50, 1e2, {"n": [0.12345678901234567890123]}]`;

  test("the list layout stores every digit: N holds the file's decimal, as DynamoDB normalizes it", async () => {
    await writeList(client, TABLE, parseList(fileText, "f.json"));
    const out = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { S: LIST_ITEM_ID[SORT_KEY] } } }),
    );
    const values = out.Item![LIST_ATTRIBUTE]!.L!;
    // DynamoDB keeps values, not spellings: the local server answers in plain notation, zeros trimmed.
    expect(values.map((v) => v.N)).toEqual([
      "0.12345678901234567890123",
      "12345678901234567890",
      DIGITS_38,
      `0.${"0".repeat(129)}1`,
      `99999999999999999999999999999999999999${"0".repeat(88)}`,
      "1.5",
      "100",
      undefined,
    ]);
    expect(values[7]).toEqual({ M: { n: { L: [{ N: "0.12345678901234567890123" }] } } });
    // Read back for people: raw JSON text keeps the digits when printed.
    expect(JSON.stringify(await readList(client, TABLE))).toBe(
      `[0.12345678901234567890123,12345678901234567890,${DIGITS_38},1e-130,${`99999999999999999999999999999999999999${"0".repeat(88)}`},1.5,100,{"n":[0.12345678901234567890123]}]`,
    );
  });

  test("the rows layout stores the same digits", async () => {
    const { version } = await seedRows(client, TABLE, file("exact.json", fileText));
    const out = await client.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :zero)",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
        ExpressionAttributeValues: { ":pk": { S: version }, ":zero": { S: "0" } },
      }),
    );
    expect(out.Items!.map((i) => i.value!.N ?? "map")).toEqual([
      "0.12345678901234567890123",
      "12345678901234567890",
      DIGITS_38,
      `0.${"0".repeat(129)}1`,
      `99999999999999999999999999999999999999${"0".repeat(88)}`,
      "1.5",
      "100",
      "map",
    ]);
    expect(JSON.stringify((await readRows(client, TABLE))[0])).toBe("0.12345678901234567890123");
  });

  test("rows: a bad number at element 3000 writes nothing, and the message names it", async () => {
    const before = ["kept 0", "kept 1"];
    await seedRows(client, TABLE, file("before.json", JSON.stringify(before)));
    const elements = Array.from({ length: 3500 }, (_, i) => (i === 3000 ? '{"a": [1, 1e-200]}' : JSON.stringify({ id: i })));
    const sent: unknown[] = [];
    const spy: RowsClient = { send: ((command: unknown) => (sent.push(command), client.send(command as BatchWriteItemCommand))) as RowsClient["send"] };
    const p = file("bad-3000.json", `[${elements.join(",\n")}]`);
    await expect(seedRows(spy, TABLE, p)).rejects.toThrow(
      new SeedInputError(
        `seed file ${p}: element 3000 at .a[1]: number 1e-200 is too small for DynamoDB (number underflow): the smallest magnitude other than 0 is 1E-130`,
      ),
    );
    expect(sent).toEqual([]);
    expect(await readRows(client, TABLE)).toEqual(before);
    expect(
      await client.send(new GetItemCommand({ TableName: TABLE, Key: { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { S: rowPosition(2) } } })),
    ).not.toHaveProperty("Item");
  });

  describe("standard input: --file - and --file /dev/stdin, both layouts", () => {
    const input = `\uFEFF[0.12345678901234567890123, {"a": 2}, "three"]`;

    test.each([
      ["list", "-"],
      ["list", "/dev/stdin"],
      ["rows", "-"],
      ["rows", "/dev/stdin"],
    ])("--source %s --file %s", async (source, name) => {
      const r = await seedCliWithInput(["--file", name, "--source", source, "--table", TABLE, "--endpoint", dynamo.endpoint], input);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^seeded 3 (items|rows) from ${name.replace("/", "\\/")} into table ${TABLE}\\n$`));
      const read = source === "list" ? await readList(client, TABLE) : await readRows(client, TABLE);
      expect(JSON.stringify(read)).toBe('[0.12345678901234567890123,{"a":2},"three"]');
    });

    test.each([["list"], ["rows"]])("--source %s: bad input on standard input is one line naming it, nothing written", async (source) => {
      await seedRows(client, TABLE, file("kept.json", '["kept"]'));
      const r = await seedCliWithInput(["--file", "-", "--source", source, "--table", TABLE, "--endpoint", dynamo.endpoint], "[1, 2, 1e-200]");
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        "seed: seed file (standard input): element 2: number 1e-200 is too small for DynamoDB (number underflow): the smallest magnitude other than 0 is 1E-130\n",
      );
      expect(await readRows(client, TABLE)).toEqual(["kept"]);
    });
  });

  test("the CLI refuses 12345678901234567890… no more: it is stored, not refused with an SDK message", async () => {
    const p = path.join(file("big-int.json", "[12345678901234567890]"));
    const r = await seedCli(["--file", p, "--table", TABLE, "--endpoint", dynamo.endpoint]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.stringify(await readList(client, TABLE))).toBe("[12345678901234567890]");
  });
});

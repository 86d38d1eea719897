import { makeHandler } from "../../functions/process-item";
import { isAttributeValue, plainNumber, toPlain } from "../../functions/process-item/attribute-value";

function run(event: unknown) {
  const lines: string[] = [];
  const handler = makeHandler((l) => lines.push(l));
  return handler(event, { awsRequestId: "req-1" }).then((result) => ({ result, lines }));
}

describe("process-item handler", () => {
  test("typed string from DynamoDB: logged and returned plain", async () => {
    const { result, lines } = await run({ S: "Economics" });
    expect(result).toBe("Economics");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ level: "INFO", message: "processing item", requestId: "req-1", item: "Economics" });
  });

  test("typed map (listofdicts): plain object with topic and name", async () => {
    const { result } = await run({ M: { topic: { S: "cs" }, name: { S: "Computer Science" } } });
    expect(result).toEqual({ topic: "cs", name: "Computer Science" });
  });

  test("plain input passes through unchanged", async () => {
    const { result, lines } = await run({ topic: "econ", name: "Economics" });
    expect(result).toEqual({ topic: "econ", name: "Economics" });
    expect(JSON.parse(lines[0]!).item).toEqual({ topic: "econ", name: "Economics" });
  });

  test("the log line is one line of JSON", async () => {
    const { lines } = await run({ S: "multi\nline" });
    expect(lines[0]).not.toContain("\n");
    expect(JSON.parse(lines[0]!).item).toBe("multi\nline");
  });
});

describe("batches and rows", () => {
  test("a Distributed Map batch: each element logged and returned plain, in order", async () => {
    const { result, lines } = await run({ Items: [{ S: "a" }, { M: { topic: { S: "cs" } } }] });
    expect(result).toEqual(["a", { topic: "cs" }]);
    expect(lines.map((l) => JSON.parse(l).item)).toEqual(["a", { topic: "cs" }]);
  });

  test("a batch of rows with BatchInput", async () => {
    const { result } = await run({ BatchInput: {}, Items: [{ position: "0000000001", value: { N: "7" } }] });
    expect(result).toEqual([7]);
  });

  test("a row envelope alone", async () => {
    const { result } = await run({ position: "0000000003", value: { S: "x" } });
    expect(result).toBe("x");
  });

  test("objects that only look alike are plain data", async () => {
    expect((await run({ Items: "not a list" })).result).toEqual({ Items: "not a list" });
    expect((await run({ position: 1, value: 2, more: 3 })).result).toEqual({ position: 1, value: 2, more: 3 });
  });
});

describe("toPlain", () => {
  test("every DynamoDB type", () => {
    expect(
      toPlain({
        M: {
          n: { N: "1.5" },
          b: { BOOL: false },
          z: { NULL: true },
          l: { L: [{ S: "x" }, { N: "2" }] },
          ss: { SS: ["a", "b"] },
          ns: { NS: ["1", "2"] },
        },
      }),
    ).toEqual({ n: 1.5, b: false, z: null, l: ["x", 2], ss: ["a", "b"], ns: [1, 2] });
  });

  test("objects that are not one type tag are plain", () => {
    expect(isAttributeValue({ S: "a", extra: 1 })).toBe(false);
    expect(isAttributeValue({ topic: "cs" })).toBe(false);
    expect(isAttributeValue(["S"])).toBe(false);
    expect(toPlain(null)).toBeNull();
  });
});

describe("numbers: exact, or typed with DynamoDB's digits", () => {
  test.each([
    ["1.5", 1.5],
    ["100", 100],
    ["-0.25", -0.25],
    ["9007199254740992", 9007199254740992],
    ["1e-130", 1e-130],
    ["0", 0],
    // DynamoDB answers 1E-130 in plain notation: still the double 1e-130.
    [`0.${"0".repeat(129)}1`, 1e-130],
  ])("%s fits a double: a plain number", (text, value) => {
    expect(plainNumber(text)).toBe(value);
  });

  test.each(["0.12345678901234567890123", "12345678901234567890", "9007199254740993", "12345678901234567890123456789012345678"])(
    "%s does not: returned as {N: text}, whose JSON keeps every digit",
    (text) => {
      expect(plainNumber(text)).toEqual({ N: text });
      expect(JSON.stringify(toPlain({ L: [{ N: text }] }))).toBe(`[{"N":"${text}"}]`);
    },
  );

  test("the handler returns and logs the digits", async () => {
    const { result, lines } = await run({ M: { price: { N: "0.12345678901234567890123" }, qty: { N: "2" } } });
    expect(result).toEqual({ price: { N: "0.12345678901234567890123" }, qty: 2 });
    expect(lines[0]).toContain('"item":{"price":{"N":"0.12345678901234567890123"},"qty":2}');
  });
});

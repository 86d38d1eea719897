/**
 * --json in pieces (report/report-json.ts): the same text JSON.stringify
 * writes, byte for byte, and no piece much larger than its 1 MiB aim, so a
 * million-item report never has to be one string.
 */
import { reportJsonPieces } from "../../report/report-json";

const text = (doc: Record<string, unknown>) => [...reportJsonPieces(doc)].join("");
const expected = (doc: Record<string, unknown>) => `${JSON.stringify(doc, null, 2)}\n`;

describe("reportJsonPieces", () => {
  test.each([
    ["no items", { status: "SUCCEEDED", items: [], output: null }],
    ["one item", { status: "FAILED", items: [{ index: 0, input: { S: "a" }, runs: [] }], error: "E", cause: 'line 1\nline 2 "quoted"' }],
    [
      "several items, nested values and undefined ones",
      {
        status: "SUCCEEDED",
        left: undefined,
        settings: { a: 1, b: [1, 2, { c: "x" }], d: {} },
        items: [
          { index: 0, output: { deep: [[], [1]] } },
          { index: 1, output: null, error: undefined },
          { index: 2, runs: [{ s: 1, e: null }] },
        ],
        states: { Process: { entered: 2 } },
        logs: [],
      },
    ],
    ["items not an array", { items: "none", status: "RUNNING" }],
  ])("%s: the text JSON.stringify(doc, null, 2) writes", (_, doc) => {
    expect(text(doc)).toBe(expected(doc));
  });

  test("5,000 items of 1 KB: six pieces, none past 1 MiB and one item, and together the same text", () => {
    const items = Array.from({ length: 5000 }, (_, index) => ({ index, input: "x".repeat(1000) }));
    const doc = { status: "SUCCEEDED", items, executions: [{ name: "a" }] };
    const pieces = [...reportJsonPieces(doc)];
    expect(pieces.length).toBe(6);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(2 ** 20 + 1100);
    expect(pieces.join("")).toBe(expected(doc));
  });
});

/**
 * A number a double cannot hold, end to end offline: file → DynamoDB (N with
 * the file's digits) → GetItem/Query (typed, as Step Functions reads it) →
 * the handler (typed in, {"N": digits} out, since Step Functions treats JSON
 * numbers as doubles) → the item's output in the report, every digit kept.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runOffline } from "../../local/run/run-offline";

const DIGITS = "0.12345678901234567890123";
const dir = mkdtempSync(path.join(tmpdir(), "numbers-offline-"));
const listFile = path.join(dir, "numbers.json");
writeFileSync(listFile, `[${DIGITS}, 12345678901234567890, 1.5, {"price": ${DIGITS}}]`);

test.each([["list"], ["rows"]] as const)(
  "item_source %s: the report's outputs hold every digit",
  async (source) => {
    const { report, itemsRead } = await runOffline({ file: listFile, settings: { item_source: source, wait_seconds: 0 }, warn: () => {} });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.items.map((i) => i.output)).toEqual([{ N: DIGITS }, { N: "12345678901234567890" }, 1.5, { price: { N: DIGITS } }]);
    // What --json prints: the digits, in the item's output.
    expect(JSON.stringify(report.items[0]!.output)).toBe(`{"N":"${DIGITS}"}`);
    // The list read before the run, printed: the digits as a number.
    expect(JSON.stringify(itemsRead)).toBe(`[${DIGITS},12345678901234567890,1.5,{"price":${DIGITS}}]`);
  },
  60_000,
);

test("a number DynamoDB refuses stops the run before anything starts, naming the element", async () => {
  const bad = path.join(dir, "bad.json");
  writeFileSync(bad, '[1, {"a": [2, 1e-200]}]');
  await expect(runOffline({ file: bad, settings: { wait_seconds: 0 }, warn: () => {} })).rejects.toThrow(
    `seed file ${bad}: element 1 at .a[1]: number 1e-200 is too small for DynamoDB (number underflow)`,
  );
});

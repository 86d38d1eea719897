/**
 * Reports that scale: a 200,000-iteration history (built directly, in well
 * under a second) goes through buildReport and the timeline without
 * "Maximum call stack size exceeded" (no spread over item arrays), and the
 * timeline summarizes: a bounded number of lines, whatever the item count.
 */
import { buildReport } from "../../report/report";
import { syntheticHistory } from "../fixtures/synthetic-history";
import { renderTimeline, ROWS_DRAWN } from "../../report/timeline";
import { settingsWith } from "../../local/settings/settings-input";

const settings = settingsWith({ wait_seconds: 0, max_concurrency: 40 });

test("200,000 items: the report has every item, the timeline draws a summary of bounded size", () => {
  const history = syntheticHistory(200_000);
  const report = buildReport(history, settings);
  expect(report.status).toBe("SUCCEEDED");
  expect(report.items).toHaveLength(200_000);
  expect(report.items[199_999]).toMatchObject({ index: 199_999, status: "SUCCEEDED", output: "out199999" });

  const list = Array.from({ length: 200_000 }, (_, i) => `item${i}`);
  const text = renderTimeline({ report, itemsRead: list, tableName: "t" }, { width: 100, color: false });
  const lines = text.split("\n");
  expect(lines.length).toBeLessThan(200);
  expect(lines.filter((l) => /^ {2}item \d/.test(l))).toHaveLength(ROWS_DRAWN);
  expect(text).toContain(`... ${200_000 - ROWS_DRAWN} of 200000 rows not drawn`);
  expect(text).toMatch(/ {2}item 199999/);
  expect(text).toMatch(/running .* Lambdas that ran in each column \(most in one column: \d+; not all at once\)/);
  expect(text).toContain("items: 200,000 succeeded");
  expect(text).toContain("... 199980 more (--json has every item)");
  expect(text).toMatch(/SUCCEEDED 200000 items processed/);
});

test(`${ROWS_DRAWN} items or fewer: every row drawn, no summary`, () => {
  const text = renderTimeline({ report: buildReport(syntheticHistory(ROWS_DRAWN), settings) }, { width: 100, color: false });
  expect(text.split("\n").filter((l) => /^ {2}item \d/.test(l))).toHaveLength(ROWS_DRAWN);
  expect(text).not.toContain("rows not drawn");
});

/**
 * The HTML report of each kind of run opens in headless Chromium without a
 * page error, and shows that run: its status, its item count, its
 * executions. (html-report.test.ts checks one page in depth.)
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { runOffline, type OfflineRun } from "../../local/run/run-offline";
import { settingsWith } from "../../local/settings/settings-input";
import { writeHtmlReport } from "../../report/html/write-html";
import { buildChainReport } from "../../report/chain-report";
import type { HtmlInput } from "../../report/html/render-html";
import { syntheticHistory } from "../fixtures/synthetic-history";
import { browserAvailable, launch } from "./browser";

const quiet = { warn: () => {} };
const fast = { wait_seconds: 0 };
const letters = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);
const run = (opts: Parameters<typeof runOffline>[0]): Promise<OfflineRun> => runOffline({ ...quiet, ...opts });

const hundredThousand = (): HtmlInput => {
  const history = syntheticHistory(100_000);
  return {
    report: buildChainReport([{ name: "big", history }], settingsWith({})),
    definition: { StartAt: "M", States: { M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } } },
    eventLists: [{ name: "big", history }],
  };
};

const SHAPES: [string, () => Promise<HtmlInput> | HtmlInput, RegExp, string, number][] = [
  ["3 items", () => run({ settings: { ...fast, max_concurrency: 3 } }), /^SUCCEEDED 3 items, 0 failed/, "3 of 3 items", 1],
  ["a failed run", () => run({ settings: fast, faults: { fail: new Set([0]), throttle: new Map() } }), /^FAILED 3 items/, "3 of 3 items", 1],
  [
    "tolerated failures",
    () =>
      run({
        settings: { ...fast, max_concurrency: 5, isolate_failures: true, tolerated_failure_percentage: 50 },
        list: letters(6),
        faults: { fail: new Set([1, 4]), throttle: new Map() },
      }),
    /^SUCCEEDED 6 items/,
    "6 of 6 items",
    1,
  ],
  [
    "DISTRIBUTED",
    () => run({ settings: { ...fast, map_mode: "DISTRIBUTED", max_concurrency: 10 }, list: letters(12) }),
    /^SUCCEEDED 12 items, 0 failed/,
    "12 of 12 items",
    1,
  ],
  [
    "a chained rows run",
    () => run({ settings: { ...fast, item_source: "rows", page_size: 3 }, list: letters(10), historyQuota: 200 }),
    /^SUCCEEDED 10 items, 0 failed/,
    "10 of 10 items",
    2,
  ],
  ["100,000 items", hundredThousand, /^SUCCEEDED 100,000 items, 0 failed/, "100,000 of 100,000 items", 1],
];

(browserAvailable() ? describe : describe.skip)("each kind of run, in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each(SHAPES)(
    "%s: no page error, its status, items and executions",
    async (_name, make, status, count, minExecutions) => {
      const input = await make();
      const file = path.join(mkdtempSync(path.join(tmpdir(), "html-shape-")), "run.html");
      writeHtmlReport(file, input);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : undefined));
      await page.goto(`file://${file}`);
      await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
      expect(errors).toEqual([]);
      expect(await page.textContent("#summary")).toMatch(status);
      expect(await page.textContent("#count")).toBe(count);
      expect(await page.locator("#executions tr").count()).toBeGreaterThanOrEqual(minExecutions);
      await page.close();
    },
    120_000,
  );
});

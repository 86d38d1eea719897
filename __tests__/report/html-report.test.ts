/**
 * The HTML report opened in a real browser (headless Chromium): the graph's
 * states and their colors, the item count, the status filter, the search, an
 * item's details; a screenshot goes to .artifacts/. File sizes and the load
 * time of a 100,000-item page are bench figures (npm run bench), not tested here.
 */
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { runOffline } from "../../local/run/run-offline";
import { writeHtmlReport } from "../../report/html/write-html";
import { browserAvailable, launch } from "./browser";

const ROOT = path.join(__dirname, "..", "..");
const run = browserAvailable() ? describe : describe.skip;

run("a run that fails at item 1 (concurrency 1, fail-fast), in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let file: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const result = await runOffline({
      settings: { max_concurrency: 1, wait_seconds: 0 },
      list: ["Computer Science", "Economics", "Mathematics"],
      faults: { fail: new Set([1]), throttle: new Map() },
      warn: () => {},
    });
    file = path.join(mkdtempSync(path.join(tmpdir(), "html-")), "run.html");
    writeHtmlReport(file, result);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    page.on("pageerror", (e) => errors.push(String(e)));
    // Offline by construction: any request the page makes fails the test.
    await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : (errors.push(route.request().url()), route.abort())));
    await page.goto(`file://${file}`);
    await page.waitForSelector("body[data-ready=true]");
  }, 60_000);

  afterAll(async () => {
    mkdirSync(path.join(ROOT, ".artifacts"), { recursive: true });
    await page?.screenshot({ path: path.join(ROOT, ".artifacts", "html-report.png"), fullPage: true });
    await browser?.close();
  });

  test("one self-contained file: no script, style or data from anywhere else, no page error", () => {
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(errors).toEqual([]);
  });

  test("the graph: each state colored by what it did", async () => {
    const outcomes = Object.fromEntries(
      await page.$$eval("#graph .state", (gs) => gs.map((g) => [(g as HTMLElement).dataset.state, (g as HTMLElement).dataset.outcome])),
    );
    expect(outcomes).toEqual({
      ReadDDBTable: "succeeded",
      CheckListLoaded: "succeeded",
      ListNotSeeded: "not-run",
      MapState: "failed",
      WaitInMap: "succeeded",
      LambdaInvoke: "failed",
    });
    const fill = await page.$eval('#graph [data-state="LambdaInvoke"] rect', (r) => getComputedStyle(r).fill);
    expect(fill).toBe("rgb(251, 218, 218)");
    expect(await page.textContent('#graph [data-state="LambdaInvoke"] title')).toContain("2 entered · 1 ok · 1 failed");
  });

  test("the summary says FAILED, and the table counts every item", async () => {
    expect(await page.textContent("#summary")).toMatch(/^FAILED 3 items, 1 failed, after /);
    expect(await page.textContent("#count")).toBe("3 of 3 items");
  });

  test("the status filter and the search narrow the table; a click shows the item's attempt", async () => {
    await page.selectOption("#status-filter", "FAILED");
    expect(await page.textContent("#count")).toBe("1 of 3 items");
    await page.selectOption("#status-filter", "");
    await page.fill("#search", "computer sc");
    expect(await page.textContent("#count")).toBe("1 of 3 items");
    await page.fill("#search", "injectedfailure");
    expect(await page.$$eval("#rows tr", (rows) => rows.map((r) => (r as HTMLElement).dataset.index))).toEqual(["1"]);
    await page.click("#rows tr");
    const details = await page.textContent("#details");
    expect(details).toContain("item 1  FAILED");
    expect(details).toMatch(/attempt 1: .*InjectedFailure/);
  });

  test("the timeline is drawn on canvas, and the wheel zooms it", async () => {
    const before = await page.textContent("#axis");
    await page.mouse.move(300, (await page.locator("#timeline").boundingBox())!.y + 50);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((b) => document.getElementById("axis")!.textContent !== b, before);
    expect(await page.textContent("#axis")).not.toBe(before);
  });
});

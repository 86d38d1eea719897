/**
 * npm run report -- --html FILE REPORT.json: the page of a run saved with
 * --json, drawn again without running anything. In Chromium it shows what the
 * page written during the run shows (graph colors and counts, summary, items),
 * and says it lists no events. Bad input: one line, a non-zero exit.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Browser } from "playwright-core";
import { run } from "../../local/commands/report-command";
import { runOffline } from "../../local/run/run-offline";
import { writeHtmlReport } from "../../report/html/write-html";
import { reportText } from "../../report/print-report";
import { runCaptured } from "../cli/capture";
import { browserAvailable, launch } from "./browser";

const report = (argv: readonly string[]) => runCaptured(run, argv, {});
const dir = mkdtempSync(path.join(tmpdir(), "report-cmd-"));
const at = (name: string) => path.join(dir, name);

describe("bad input: one line naming what is wrong", () => {
  beforeAll(() => {
    writeFileSync(at("array.json"), "[1]");
    writeFileSync(at("broken.json"), '{"status":');
    writeFileSync(at("no-items.json"), '{"status":"SUCCEEDED","settings":{}}');
    writeFileSync(at("bad-settings.json"), '{"status":"SUCCEEDED","items":[],"settings":{"max_concurrency":-1}}');
  });

  test.each([
    [["--html", at("x.html")], 2, "report: name the saved report: REPORT.json\nsee npm run report -- --help\n"],
    [[at("array.json")], 2, "report: --html FILE is required: the page to write\nsee npm run report -- --help\n"],
    [["--html", at("x.html"), at("a.json"), at("b.json")], 2, "report: one report at a time, not 2\nsee npm run report -- --help\n"],
    [["--html", at("x.html"), at("missing.json")], 1, `report: ${at("missing.json")}: no such file\n`],
    [["--html", at("no-dir/x.html"), at("array.json")], 1, `report: --html ${at("no-dir/x.html")}: no such directory\n`],
    [
      ["--html", at("x.html"), at("array.json")],
      1,
      `report: ${at("array.json")}: not a report of npm start -- --json or npm run execute -- --json: a report is a JSON object, not an array\n`,
    ],
    [
      ["--html", at("x.html"), at("no-items.json")],
      1,
      `report: ${at("no-items.json")}: not a report of npm start -- --json or npm run execute -- --json: no "items" array\n`,
    ],
  ])("%j: exit %d", async (argv, code, stderr) => {
    expect(await report(argv)).toEqual({ code, stdout: "", stderr });
    expect(existsSync(at("x.html"))).toBe(false);
  });

  test("a file that is not JSON: the parser's words", async () => {
    expect(await report(["--html", at("x.html"), at("broken.json")])).toEqual({
      code: 1,
      stdout: "",
      stderr: `report: ${at("broken.json")}: not JSON: Unexpected end of JSON input\n`,
    });
  });

  test("settings no definition can be built from: says to pass --definition", async () => {
    const out = await report(["--html", at("x.html"), at("bad-settings.json")]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^report: .*bad-settings\.json: its settings build no definition \(.*max_concurrency.*\); pass --definition FILE\n$/);
  });
});

const inBrowser = browserAvailable() ? describe : describe.skip;

inBrowser("a tolerated-failures run saved with --json, drawn again", () => {
  let browser: Browser;
  const shown: Record<"live" | "saved", { outcomes: Record<string, string>; titles: string[]; summary: string; count: string; note: string | null }> =
    {} as never;

  beforeAll(async () => {
    const result = await runOffline({
      settings: { wait_seconds: 0, max_concurrency: 2, isolate_failures: true, tolerated_failure_percentage: 50 },
      list: ["a", "b", "c", "d"],
      faults: { fail: new Set([2]), throttle: new Map() },
      warn: () => {},
      keepHistories: false,
    });
    writeHtmlReport(at("live.html"), result);
    writeFileSync(at("saved.json"), reportText({ report: result.report }, { json: true }));
    expect(await report(["--html", at("saved.html"), at("saved.json")])).toEqual({
      code: 0,
      stdout: "",
      stderr: `report: wrote ${at("saved.html")} (4 items)\n`,
    });
    browser = await launch();
    for (const kind of ["live", "saved"] as const) {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`file://${at(`${kind}.html`)}`);
      await page.waitForSelector("body[data-ready=true]");
      expect(errors).toEqual([]);
      shown[kind] = {
        outcomes: Object.fromEntries(
          await page.$$eval("#graph .state", (gs) => gs.map((g) => [(g as HTMLElement).dataset.state, (g as HTMLElement).dataset.outcome])),
        ),
        titles: await page.$$eval("#graph .state title", (ts) => ts.map((t) => t.textContent ?? "")),
        summary: (await page.textContent("#summary")) ?? "",
        count: (await page.textContent("#count")) ?? "",
        note: await page.textContent("#events-note").catch(() => null),
      };
      await page.close();
    }
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
  });

  test("the same graph, colors and counts, summary and items as the page written during the run", () => {
    expect(shown.saved.outcomes).toEqual(shown.live.outcomes);
    expect(shown.saved.outcomes.LambdaInvoke).toBe("caught");
    expect(shown.saved.titles).toEqual(shown.live.titles);
    expect(shown.saved.summary).toBe(shown.live.summary);
    expect(shown.saved.summary).toMatch(/^SUCCEEDED 4 items, 1 failed, after /);
    expect(shown.saved.count).toBe("4 of 4 items");
  });

  test("the saved page says it lists no events; the live one lists the execution's", () => {
    expect(shown.saved.note).toBe("No event list here: the report holds counts, not events.");
    expect(shown.live.note).toBeNull();
  });
});

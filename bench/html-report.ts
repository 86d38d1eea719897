/**
 * Issue 21's figures: the HTML report's size at 3 and 100,000 items, and how
 * long headless Chromium takes to open the 100,000-item page until its script
 * has drawn the timeline and the table (the page sets body[data-ready]).
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { renderHtml } from "../report/html/render-html";
import { buildChainReport } from "../report/chain-report";
import { settingsWith } from "../local/settings/settings-input";
import { syntheticHistory } from "../__tests__/fixtures/synthetic-history";
import type { Result } from "./result";

const DEFINITION = { StartAt: "M", States: { M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } } };
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function page(dir: string, n: number): { file: string; renderMs: number } {
  const history = syntheticHistory(n);
  const start = performance.now();
  const executions = [{ name: "bench", history }];
  const html = renderHtml({ report: buildChainReport(executions, settingsWith({})), definition: DEFINITION, eventLists: executions });
  const renderMs = performance.now() - start;
  const file = path.join(dir, `${n}.html`);
  writeFileSync(file, html);
  return { file, renderMs };
}

async function loadMs(file: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  try {
    const tab = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const start = Date.now();
    await tab.goto(`file://${file}`);
    await tab.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
    return Date.now() - start;
  } finally {
    await browser.close();
  }
}

export async function htmlReport(): Promise<Result[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-html-"));
  try {
    const small = page(dir, 3);
    const large = page(dir, 100_000);
    const kb = (f: string) => Math.round(statSync(f).size / 1024);
    const figures: Result[] = [
      { name: "HTML report size, 3 items", value: kb(small.file), unit: "KiB", reference: "(no aim)", detail: `rendered in ${Math.round(small.renderMs)} ms` },
      {
        name: "HTML report size, 100,000 items",
        value: kb(large.file),
        unit: "KiB",
        reference: "(no aim)",
        detail: `rendered in ${Math.round(large.renderMs)} ms`,
      },
    ];
    if (!existsSync(CHROMIUM)) return figures;
    const ms = await loadMs(large.file);
    return [
      ...figures,
      {
        name: "HTML report load in headless Chromium, 100,000 items",
        value: ms,
        unit: "ms",
        reference: "(no aim)",
        detail: `until the timeline and the table are drawn; ${CHROMIUM}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

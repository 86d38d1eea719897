/**
 * Issue 20's figures at scale: the whole path beside the bare engine at
 * 10,000 and 40,000 rows in one Express execution (bare-engine.ts), and a
 * million rows on Standard (continued as new) and with DISTRIBUTED, each with
 * its wall time, items per second, peak RSS and the report printed.
 */
import { runOffline } from "../local/run/run-offline";
import { renderTimeline } from "../report/timeline";
import type { SettingValues } from "../stacks/settings";
import { compareWithBareEngine } from "./bare-engine";
import type { Result } from "./result";

const trivial = (event: unknown) => event;
const n = (x: number) => x.toLocaleString("en-US");
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

export async function engineComparison(): Promise<Result[]> {
  const out: Result[] = [];
  for (const rows of [10_000, 40_000]) {
    const { wholeMs, bareMs } = await compareWithBareEngine(rows, trivial);
    const ratio = wholeMs / bareMs;
    out.push({
      name: `whole path over the bare engine, ${n(rows)} rows, one Express execution (page 1000, concurrency 40, wait 0)`,
      value: Math.round(ratio * 100) / 100,
      unit: "×",
      reference: "aim ≤ 1.5",
      meetsAim: ratio <= 1.5,
      detail:
        `whole path ${Math.round(wholeMs)} ms (${n(Math.round(rows / (wholeMs / 1000)))} items/s, ExecutionStarted to the report, dynalite, layers, history), ` +
        `bare engine ${Math.round(bareMs)} ms (${n(Math.round(rows / (bareMs / 1000)))} items/s, tasks answered from memory, its event log read)`,
    });
  }
  return out;
}

interface ScaleRun {
  readonly wallMs: number;
  readonly peakRss: number;
  readonly executions: number;
  readonly lastLine: string;
  readonly printedLines: number;
}

/** One whole-path run of `rows` rows as npm start runs it (histories folded), the report printed. */
async function scaleRun(rows: number, settings: Partial<SettingValues>): Promise<ScaleRun> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    const list = Array.from({ length: rows }, (_, i) => i);
    const { report, itemsRead } = await runOffline({ list, settings, handler: async (e) => trivial(e), warn: () => {}, keepHistories: false });
    const text = renderTimeline({ report, itemsRead }, { width: 120, color: false });
    const wallMs = performance.now() - start;
    const succeeded = report.items.reduce((k, i) => k + (i.status === "SUCCEEDED" ? 1 : 0), 0);
    if (report.status !== "SUCCEEDED" || succeeded !== rows) throw new Error(`${rows} rows ended ${report.status} with ${succeeded} items succeeded`);
    const lines = text.trimEnd().split("\n");
    return { wallMs, peakRss, executions: report.executions?.length ?? 1, lastLine: lines.at(-1)!, printedLines: lines.length };
  } finally {
    clearInterval(sampler);
  }
}

const MILLION = 1_000_000;
const BASE = { item_source: "rows", page_size: 1000, wait_seconds: 0, timeout_seconds: 86_400 } as const;

export async function millionRows(): Promise<Result[]> {
  const out: Result[] = [];
  for (const [label, settings] of [
    ["Standard, continued as new, concurrency 40", { ...BASE, max_concurrency: 40 }],
    ["DISTRIBUTED, concurrency 1,000", { ...BASE, map_mode: "DISTRIBUTED", max_concurrency: 1000 }],
  ] as const) {
    let run: ScaleRun;
    try {
      run = await scaleRun(MILLION, settings);
    } catch (e) {
      // A run that cannot finish here is a figure too (the memory guard's line, say), not the end of the bench.
      const detail = `did not finish: ${(e as Error).message}`;
      out.push({ name: `1,000,000 rows, ${label}: end to end`, value: 0, unit: "items/s", reference: "aim ≥ 5,000", meetsAim: false, detail });
      continue;
    }
    const perSecond = MILLION / (run.wallMs / 1000);
    const detail = `wall ${(run.wallMs / 1000).toFixed(1)} s with seeding and the report; ${n(run.executions)} executions; printed ${run.printedLines} lines ending "${run.lastLine}"`;
    out.push(
      {
        name: `1,000,000 rows, ${label}: end to end`,
        value: Math.round(perSecond),
        unit: "items/s",
        reference: "aim ≥ 5,000",
        meetsAim: perSecond >= 5000,
        detail,
      },
      {
        name: `1,000,000 rows, ${label}: peak RSS`,
        value: mib(run.peakRss),
        unit: "MiB",
        reference: "aim ≤ 1,536",
        meetsAim: run.peakRss <= 1536 * 2 ** 20,
        detail: "sampled every 50 ms in the bench's process, which also holds dynalite and the garbage of the groups before",
      },
    );
  }
  return out;
}

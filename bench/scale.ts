/**
 * Issue 20's figures at scale: the whole path beside the bare engine at
 * 10,000 and 40,000 rows in one Express execution (bare-engine.ts, each side
 * in fresh processes: compare-child.ts), and a
 * million rows on Standard (continued as new) and with DISTRIBUTED, each with
 * its wall time, items per second, peak RSS and the report printed; each
 * million in a process of its own (scale-child.ts).
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import type { SettingValues } from "../stacks/settings";
import type { Result } from "./result";
import type { ScaleRun } from "./scale-child";

const n = (x: number) => x.toLocaleString("en-US");
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Each side run this many times, alternating, each in a fresh process; the fastest of each counts (this machine's noise is ±15 %). */
const COMPARISON_RUNS = 3;

export async function engineComparison(): Promise<Result[]> {
  const out: Result[] = [];
  for (const rows of [10_000, 40_000]) {
    const times = { whole: [] as number[], bare: [] as number[] };
    for (let k = 0; k < COMPARISON_RUNS; k++) {
      for (const side of ["bare", "whole"] as const) times[side].push((await childRun<{ ms: number }>(COMPARE_CHILD, [side, String(rows)])).ms);
    }
    const wholeMs = Math.min(...times.whole);
    const bareMs = Math.min(...times.bare);
    const ratio = wholeMs / bareMs;
    out.push({
      name: `whole path over the bare engine, ${n(rows)} rows, one Express execution (page 1000, concurrency 40, wait 0)`,
      value: Math.round(ratio * 100) / 100,
      unit: "×",
      reference: "aim ≤ 1.5",
      meetsAim: ratio <= 1.5,
      detail:
        `whole path ${Math.round(wholeMs)} ms (${n(Math.round(rows / (wholeMs / 1000)))} items/s, ExecutionStarted to the report, dynalite, layers, history), ` +
        `bare engine ${Math.round(bareMs)} ms (${n(Math.round(rows / (bareMs / 1000)))} items/s, tasks answered from memory, its event log read); ` +
        `fastest of ${COMPARISON_RUNS} fresh processes each (whole ${times.whole.map(Math.round).join(", ")}; bare ${times.bare.map(Math.round).join(", ")} ms)`,
    });
  }
  return out;
}

const SCALE_CHILD = path.join(__dirname, "scale-child.ts");
const COMPARE_CHILD = path.join(__dirname, "compare-child.ts");

/** A run of a bench child script in a process of its own, under the same loader as this one (tsx): its one JSON line. */
function childRun<T extends object>(script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...process.execArgv, script, ...args], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const last = stdout.trimEnd().split("\n").at(-1) ?? "";
      let reply: T | { error: string } | undefined;
      try {
        reply = JSON.parse(last) as T | { error: string };
      } catch {
        reply = undefined;
      }
      if (reply && !("error" in reply)) resolve(reply);
      else reject(new Error((reply as { error?: string } | undefined)?.error ?? `${error?.message ?? "no reply"}: ${stderr.trim().split("\n").at(-1) ?? ""}`));
    });
  });
}

const scaleRun = (rows: number, settings: Partial<SettingValues>) => childRun<ScaleRun>(SCALE_CHILD, [String(rows), JSON.stringify(settings)]);

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
        detail: "the run's own process (a fresh one, as npm start), every thread with dynalite's: the kernel's maxRSS",
      },
    );
  }
  return out;
}

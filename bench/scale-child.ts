/**
 * One whole-path run of npm run bench's million rows, in a process of its own
 * (bench/scale.ts spawns it): the run starts on a fresh heap, as `npm start`
 * does, not on the garbage of the groups before it, and its peak RSS is the
 * kernel's (resourceUsage's maxRSS: every thread, dynalite's too) rather than
 * a sample. Prints one JSON line: the ScaleRun, or {"error": message}.
 *
 *   tsx bench/scale-child.ts ROWS SETTINGS_JSON
 */
import { boundHeapGrowth } from "../local/run/heap-growth";
import { runOffline } from "../local/run/run-offline";
import { renderTimeline } from "../report/timeline";
import type { SettingValues } from "../stacks/settings";

export interface ScaleRun {
  readonly wallMs: number;
  /** Bytes: the process's peak resident set. */
  readonly peakRss: number;
  readonly executions: number;
  readonly lastLine: string;
  readonly printedLines: number;
}

/** `rows` rows as npm start runs them (histories folded), the report printed, with the same trivial function as the engine comparison. */
async function scaleRun(rows: number, settings: Partial<SettingValues>): Promise<ScaleRun> {
  const start = performance.now();
  const list = Array.from({ length: rows }, (_, i) => i);
  const { report, itemsRead } = await runOffline({ list, settings, handler: async (e) => e, warn: () => {}, keepHistories: false, keepLastHistory: false });
  const text = renderTimeline({ report, itemsRead }, { width: 120, color: false });
  const wallMs = performance.now() - start;
  const succeeded = report.items.reduce((k, i) => k + (i.status === "SUCCEEDED" ? 1 : 0), 0);
  if (report.status !== "SUCCEEDED" || succeeded !== rows) throw new Error(`${rows} rows ended ${report.status} with ${succeeded} items succeeded`);
  const lines = text.trimEnd().split("\n");
  const peakRss = process.resourceUsage().maxRSS * 1024;
  return { wallMs, peakRss, executions: report.executions?.length ?? 1, lastLine: lines.at(-1)!, printedLines: lines.length };
}

if (require.main === module) {
  // As npm start runs (local/commands/cli-main.ts).
  boundHeapGrowth();
  const [rows, settings] = process.argv.slice(2);
  scaleRun(Number(rows), JSON.parse(settings ?? "{}") as Partial<SettingValues>).then(
    (run) => process.stdout.write(`${JSON.stringify(run)}\n`),
    (e: Error) => {
      process.stdout.write(`${JSON.stringify({ error: e.message })}\n`);
      process.exitCode = 1;
    },
  );
}

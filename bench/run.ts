/**
 * npm run bench: engine throughput, scheduling fidelity and seeding time of
 * the offline runner, seeding rows batched against a sequential baseline, and
 * the streaming parse of a large seed file, each figure from one run beside
 * its reference. Prints a table and writes bench/results.json. Not part of
 * npm test: figures depend on the machine.
 */
import { closeSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseList } from "../seed/list-file";
import { writeList } from "../seed/write-list";
import { streamJsonArray } from "../seed/json-array-stream";
import { DEFAULT_CONCURRENCY, readRows, seedRows, writeRows } from "../seed/write-rows";
import { queryPartition, SIZING_PARTITION } from "../seed/list-versions";
import { createListTable, startLocalDynamo } from "../local/dynamodb/server";
import { writeRowsSequentially } from "./sequential-writer";
import { nodeVersionProblem } from "../local/commands/node-version";
import { fullCollection } from "../local/run/full-collection";
import { runOffline } from "../local/run/run-offline";
import { UsageError, UserError } from "../cli/errors";
import { parseCommandLine, runCommand, runMain, type CommandIo } from "../cli/run";
import { buildReport } from "../report/report";
import { renderTimeline } from "../report/timeline";
import { syntheticHistory } from "../__tests__/fixtures/synthetic-history";
import { htmlReport } from "./html-report";
import { settingsWith } from "../local/settings/settings-input";
import type { Result } from "./result";
import { engineComparison, millionRows } from "./scale";

/** Short strings, so 1,000 of them stay far below the seed's 256 KiB payload check. */
const list = (n: number) => Array.from({ length: n }, (_, i) => `i${i}`);
const trivial = (event: unknown) => event;
const quiet = { warn: () => {} };

async function throughput(concurrency: number): Promise<Result> {
  const items = 1000;
  const wallStart = performance.now();
  const { report } = await runOffline({
    ...quiet,
    settings: { max_concurrency: concurrency, wait_seconds: 0, timeout_seconds: 600 },
    list: list(items),
    handler: trivial,
  });
  const wallMs = performance.now() - wallStart;
  if (report.status !== "SUCCEEDED") throw new Error(`throughput run ended ${report.status}`);
  // The execution's own span (ExecutionStarted to ExecutionSucceeded), as its history records it.
  const perSecond = items / (Math.max(report.durationMs ?? 0, 1) / 1000);
  return {
    name: `engine throughput, 1,000 items, wait 0, concurrency ${concurrency}`,
    value: Math.round(perSecond),
    unit: "items/s",
    reference: "aim >= 2,000",
    meetsAim: perSecond >= 2000,
    detail: `execution ${report.durationMs} ms; whole run with server start and seeding ${Math.round(wallMs)} ms`,
  };
}

async function fidelity(): Promise<Result> {
  const n = 40;
  const c = 10;
  const w = 1;
  const { report } = await runOffline({ ...quiet, settings: { max_concurrency: c, wait_seconds: w, timeout_seconds: 600 }, list: list(n), handler: trivial });
  if (report.status !== "SUCCEEDED") throw new Error(`fidelity run ended ${report.status}`);
  const ideal = Math.ceil(n / c) * w * 1000;
  const ratio = (report.durationMs ?? 0) / ideal;
  return {
    name: `scheduling fidelity, ${n} items, wait ${w} s, concurrency ${c}`,
    value: Number(ratio.toFixed(3)),
    unit: "wall / ideal",
    reference: "aim <= 1.10",
    meetsAim: ratio <= 1.1,
    detail: `execution ${report.durationMs} ms, ideal ceil(N/C)*W = ${ideal} ms`,
  };
}

/** Issue 5: a list of any length, offline: 10,000 rows, page by page, wait 0. */
async function rowsRun(): Promise<Result> {
  const n = 10_000;
  const start = performance.now();
  const { report } = await runOffline({
    ...quiet,
    list: list(n),
    // EXPRESS: 10,000 rows in one STANDARD execution pass its 25,000-event history quota (local/quotas/quotas.ts).
    settings: { item_source: "rows", page_size: 100, wait_seconds: 0, max_concurrency: 0, workflow_type: "EXPRESS" },
    handler: async (e) => trivial(e),
  });
  const wallMs = performance.now() - start;
  if (report.status !== "SUCCEEDED" || report.items.length !== n) throw new Error(`rows run ended ${report.status} with ${report.items.length} items`);
  return {
    name: `offline run, ${n.toLocaleString("en")} rows, page_size 100, wait 0, concurrency 0`,
    value: Math.round(n / (wallMs / 1000)),
    unit: "items/s",
    reference: "(no aim; wall time in detail)",
    detail: `wall ${Math.round(wallMs)} ms including seeding ${n} rows and reading 101 pages; execution ${report.durationMs} ms`,
  };
}

/** One whole-path rows run on Standard (continues as new), wall time and peak RSS. */
async function standardRows(n: number): Promise<{ wallMs: number; peakRss: number; executions: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const start = performance.now();
  try {
    const { report } = await runOffline({
      ...quiet,
      list: list(n),
      settings: { item_source: "rows", page_size: 1000, wait_seconds: 0, max_concurrency: 40, timeout_seconds: 86_400 },
      handler: async (e) => trivial(e),
      keepHistories: false,
    });
    if (report.status !== "SUCCEEDED" || report.items.length !== n) throw new Error(`rows run ended ${report.status} with ${report.items.length} items`);
    return { wallMs: performance.now() - start, peakRss, executions: report.executions?.length ?? 0 };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Issue 20's linearity target: per-item time at 40,000 rows within 1.3× that at
 * 4,000 (the whole path: seeding, the chain of Standard executions, the report).
 */
async function linearity(): Promise<Result[]> {
  const small = await standardRows(4_000);
  const large = await standardRows(40_000);
  const ratio = large.wallMs / 40_000 / (small.wallMs / 4_000);
  const mib = (b: number) => Math.round(b / 2 ** 20);
  return [
    {
      name: "linearity: per-item time at 40,000 rows over that at 4,000 (Standard, page 1000, concurrency 40)",
      value: Math.round(ratio * 100) / 100,
      unit: "×",
      reference: "aim ≤ 1.3",
      meetsAim: ratio <= 1.3,
      detail: `4,000 rows ${Math.round(small.wallMs)} ms (${small.executions} executions), 40,000 rows ${Math.round(large.wallMs)} ms (${large.executions} executions); peak RSS ${mib(small.peakRss)} / ${mib(large.peakRss)} MiB`,
    },
  ];
}

/**
 * Issue 12: a Distributed Map offline, 10,000 items, 1,000 children at once
 * (local/distributed/distributed-rules.ts OFFLINE_CHILD_CONCURRENCY_BOUND), EXPRESS
 * children, wait 0. Peak memory sampled every 20 ms during the run.
 */
export async function distributedRun(): Promise<Result[]> {
  const n = 10_000;
  const gc = fullCollection();
  gc();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 20);
  const start = performance.now();
  let report;
  try {
    ({ report } = await runOffline({
      ...quiet,
      list: list(n),
      settings: { map_mode: "DISTRIBUTED", max_concurrency: 1000, wait_seconds: 0, timeout_seconds: 3600 },
      handler: async (e) => trivial(e),
    }));
  } finally {
    clearInterval(sampler);
  }
  const wallMs = performance.now() - start;
  if (report.status !== "SUCCEEDED" || report.items.filter((i) => i.status === "SUCCEEDED").length !== n) {
    throw new Error(`distributed run ended ${report.status}`);
  }
  const perSecond = n / (Math.max(report.durationMs ?? 0, 1) / 1000);
  return [
    {
      name: `DISTRIBUTED throughput, ${n.toLocaleString("en")} items, concurrency 1,000, wait 0`,
      value: Math.round(perSecond),
      unit: "items/s",
      reference: "(no aim; one child execution per item)",
      detail: `execution ${report.durationMs} ms; whole run with server start, seeding and report ${Math.round(wallMs)} ms`,
    },
    {
      name: `DISTRIBUTED peak memory, ${n.toLocaleString("en")} items, concurrency 1,000`,
      value: Math.round((peakHeap - base.heapUsed) / 2 ** 20),
      unit: "MiB heap growth",
      reference: "(no aim)",
      detail: `peak heap ${Math.round(peakHeap / 2 ** 20)} MiB, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB (from ${Math.round(base.rss / 2 ** 20)} MiB)`,
    },
  ];
}

async function seeding(): Promise<Result> {
  const items = list(1000);
  const dynamo = await startLocalDynamo({ tableName: "bench-list" });
  try {
    const start = performance.now();
    // What the seed does: check the list (JSON, sizes), then describe the table and write the item.
    const checked = parseList(JSON.stringify(items), "bench");
    await writeList(dynamo.client, "bench-list", checked);
    const ms = performance.now() - start;
    return {
      name: "seeding, 1,000-element list",
      value: Number(ms.toFixed(1)),
      unit: "ms",
      reference: "no aim (informational)",
      detail: "parseList checks + DescribeTable + PutItem against local dynalite",
    };
  } finally {
    await dynamo.close();
  }
}

/**
 * 10,000 rows written with the batched writer and with one PutItem per row,
 * into two fresh tables of the same local DynamoDB, in this run.
 */
async function rowSeeding(): Promise<Result[]> {
  const n = 10_000;
  const elements = Array.from({ length: n }, (_, i) => ({ id: i, name: `item ${i}`, topic: `topic ${i % 7}` }));
  const dynamo = await startLocalDynamo();
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-rows-"));
  try {
    for (const t of ["bench-rows-warmup", "bench-rows-sequential", "bench-rows-batched", "bench-rows-file"]) await createListTable(dynamo.client, t);
    // Warm-up of both paths (module loading, JIT, connections); not reported.
    await writeRowsSequentially(dynamo.client, "bench-rows-warmup", elements.slice(0, 250));
    await writeRows(dynamo.client, "bench-rows-warmup", elements.slice(0, 250));

    let start = performance.now();
    await writeRowsSequentially(dynamo.client, "bench-rows-sequential", elements);
    const sequentialMs = performance.now() - start;
    // Batched second: its table shares the server's store with the rows just written.
    start = performance.now();
    await writeRows(dynamo.client, "bench-rows-batched", elements);
    const batchedMs = performance.now() - start;
    // The whole `npm run seed -- --source rows` path: check pass, DescribeTable, write pass.
    const file = path.join(dir, "rows.json");
    writeFileSync(file, JSON.stringify(elements));
    start = performance.now();
    await seedRows(dynamo.client, "bench-rows-file", file);
    const fileMs = performance.now() - start;

    await checkRowCounts(dynamo.client, n);
    return rowSeedingResults(n, { sequentialMs, batchedMs, fileMs });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dynamo.close();
  }
}

/** Every path wrote every row (the baseline writes plain rows into one partition, outside any list version; the seed's paths make a version current). */
async function checkRowCounts(client: Parameters<typeof readRows>[0], n: number): Promise<void> {
  let sequentialRows = 0;
  for await (const _ of queryPartition(client, "bench-rows-sequential", SIZING_PARTITION, true)) sequentialRows++;
  if (sequentialRows !== n) throw new Error(`bench-rows-sequential holds ${sequentialRows} rows, expected ${n}`);
  for (const t of ["bench-rows-batched", "bench-rows-file"]) {
    const got = (await readRows(client, t)).length;
    if (got !== n) throw new Error(`${t} holds ${got} rows, expected ${n}`);
  }
}

function rowSeedingResults(n: number, { sequentialMs, batchedMs, fileMs }: { sequentialMs: number; batchedMs: number; fileMs: number }): Result[] {
  const rate = (ms: number) => Math.round(n / (ms / 1000));
  const ratio = sequentialMs / batchedMs;
  return [
    {
      name: `seeding 10,000 rows, batched (BatchWriteItem, 25 per request, ${DEFAULT_CONCURRENCY} in flight)`,
      value: rate(batchedMs),
      unit: "rows/s",
      reference: "no aim (informational)",
      detail: `${Math.round(batchedMs)} ms against local dynalite; the whole --source rows path from a file (check pass, DescribeTable, write pass) ${Math.round(fileMs)} ms`,
    },
    {
      name: "seeding 10,000 rows, sequential PutItem baseline",
      value: rate(sequentialMs),
      unit: "rows/s",
      reference: "no aim (informational)",
      detail: `${Math.round(sequentialMs)} ms against the same local dynalite, one PutItem awaited per row`,
    },
    {
      name: "seeding 10,000 rows, batched speed-up over sequential",
      value: Number(ratio.toFixed(1)),
      unit: "x",
      reference: "aim >= 10",
      meetsAim: ratio >= 10,
      detail: `sequential ${Math.round(sequentialMs)} ms / batched ${Math.round(batchedMs)} ms, same server, same run`,
    },
  ];
}

/** Streaming parse of a ~50 MB array: speed, and how much heap it takes on top of what was in use. */
async function streamingParse(): Promise<Result[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-stream-"));
  try {
    const file = path.join(dir, "large.json");
    const fd = openSync(file, "w");
    const text = "lorem ipsum dolor sit amet, ".repeat(4);
    writeSync(fd, "[");
    let n = 0;
    for (; n < 300_000; n += 1000) {
      const chunk = Array.from({ length: 1000 }, (_, k) => JSON.stringify({ id: n + k, name: `item ${n + k}`, tags: ["a", "[b]"], text }));
      writeSync(fd, `${n > 0 ? "," : ""}${chunk.join(",")}`);
    }
    writeSync(fd, "]");
    closeSync(fd);
    const mb = statSync(file).size / 1e6;

    const gc = fullCollection();
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    let count = 0;
    const start = performance.now();
    for await (const _ of streamJsonArray(file)) {
      if (++count % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const ms = performance.now() - start;
    if (count !== n) throw new Error(`streamed ${count} elements, expected ${n}`);
    const growthMb = (peak - base) / 1e6;
    return [
      {
        name: `streaming parse, ${mb.toFixed(0)} MB JSON array`,
        value: Number((mb / (ms / 1000)).toFixed(1)),
        unit: "MB/s",
        reference: "no aim (informational)",
        detail: `${n.toLocaleString("en-US")} elements in ${Math.round(ms)} ms (64 KiB reads, JSON.parse per element)`,
      },
      {
        name: `streaming parse, peak heap growth over a ${mb.toFixed(0)} MB file`,
        value: Number(growthMb.toFixed(1)),
        unit: "MB",
        reference: "aim < 25 (well below the file)",
        meetsAim: growthMb < 25,
        detail: `heapUsed sampled every 1,000 elements, over a baseline taken after a full GC (garbage not yet collected counts); the file is ${mb.toFixed(1)} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The report and timeline of 200,000 items (a synthetic AWS-shaped history),
 * time and heap they keep, against 50,000: memory should grow no faster than
 * the item count (aim: at most 1.1 × linear, 4.4× for 4× the items).
 */
function reportScale(): Result[] {
  const gc = fullCollection();
  const measure = (n: number) => {
    const history = syntheticHistory(n);
    const itemsRead = Array.from({ length: n }, (_, i) => `item${i}`);
    gc();
    const base = process.memoryUsage().heapUsed;
    const start = performance.now();
    const report = buildReport(history, settingsWith({ wait_seconds: 0, max_concurrency: 40 }));
    const text = renderTimeline({ report, itemsRead }, { width: 120, color: false });
    const ms = performance.now() - start;
    gc();
    const keptMb = (process.memoryUsage().heapUsed - base) / 1e6;
    if (report.items.length !== n || text.length === 0) throw new Error("report scale: wrong report");
    return { ms, keptMb, lines: text.split("\n").length };
  };
  measure(10_000); // warm-up
  const small = measure(50_000);
  const big = measure(200_000);
  const ratio = big.keptMb / small.keptMb;
  return [
    {
      name: "report + timeline, 200,000 items",
      value: Number(big.ms.toFixed(0)),
      unit: "ms",
      reference: "(no aim; heap in the next row)",
      detail: `buildReport + renderTimeline of a synthetic 1.4-million-event history; the timeline is ${big.lines} lines; heap kept ${big.keptMb.toFixed(1)} MB (50,000 items: ${small.keptMb.toFixed(1)} MB, ${small.ms.toFixed(0)} ms)`,
    },
    {
      name: "report heap, 200,000 vs 50,000 items",
      value: Number(ratio.toFixed(2)),
      unit: "x",
      reference: "≤ 4.4 (linear in items)",
      meetsAim: ratio <= 4.4,
      detail: "heapUsed after a full GC with the report and timeline text kept, minus before (history and list already built)",
    },
  ];
}

function table(results: readonly Result[]): string {
  const rows = results.map((r) => [r.name, `${r.value} ${r.unit}`, r.reference, r.meetsAim === undefined ? "" : r.meetsAim ? "yes" : "NO"]);
  const head = ["benchmark", "measured", "reference", "meets"];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => c.padEnd(widths[k]!))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The groups of figures, in the order they run; --only picks some. */
const GROUPS: Record<string, () => Promise<Result[]>> = {
  throughput: async () => {
    const out: Result[] = [];
    for (const c of [0, 10, 40]) out.push(await throughput(c));
    return out;
  },
  fidelity: async () => [await fidelity()],
  seeding: async () => [await seeding(), ...(await rowSeeding())],
  parse: streamingParse,
  rows: async () => [await rowsRun()],
  linearity,
  distributed: distributedRun,
  report: async () => reportScale(),
  html: htmlReport,
  engine: engineComparison,
  million: millionRows,
};

const USAGE = `Usage: npm run bench -- [--only GROUP[,GROUP...]]

Measures the offline runner on this machine and prints a table: ${Object.keys(GROUPS).join(", ")}.
Without --only it runs every group (a few minutes of both cores) and writes
bench/results.json; with --only it prints the chosen groups and writes nothing.
`;

async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand({ name: "bench", usage: USAGE }, io, async () => {
    const { values } = parseCommandLine(argv, { only: { type: "string" } });
    const only = values.only?.split(",").map((g) => g.trim());
    const unknown = only?.filter((g) => !(g in GROUPS)) ?? [];
    if (unknown.length > 0) throw new UsageError(`--only: no group ${unknown.join(", ")}; the groups are ${Object.keys(GROUPS).join(", ")}`);
    await measure(only, io);
    return 0;
  });
}

async function measure(only: readonly string[] | undefined, io: CommandIo): Promise<void> {
  const problem = nodeVersionProblem();
  if (problem) throw new UserError(problem);
  // Warm-up: the first run pays for module loading and JIT; it is not reported.
  await runOffline({ ...quiet, settings: { wait_seconds: 0 }, list: list(50), handler: trivial });

  const results: Result[] = [];
  for (const [name, group] of Object.entries(GROUPS)) if (!only || only.includes(name)) results.push(...(await group()));

  io.stdout.write(`${table(results)}\n\n`);
  for (const r of results) io.stdout.write(`  ${r.name}: ${r.detail}\n`);
  // A partial run is for looking, not for the record.
  if (only) return;

  const file = path.join(__dirname, "results.json");
  const body = {
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown" },
    note: "each figure from one run",
    results,
  };
  // Written whole or not at all.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  io.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
}

void runMain("bench", main, { abortable: false });

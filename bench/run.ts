/**
 * npm run bench: engine throughput, scheduling fidelity and seeding time of
 * the offline runner, each figure from one run beside its reference. Prints a
 * table and writes bench/results.json. Not part of npm test: figures depend
 * on the machine.
 */
import { renameSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseList } from "../seed/list-file";
import { writeList } from "../seed/write-list";
import { startLocalDynamo } from "../local/dynamodb-server";
import { nodeVersionProblem } from "../local/node-version";
import { runOffline } from "../local/run-offline";

interface Result {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly reference: string;
  /** undefined when the figure has no aim. */
  readonly meetsAim?: boolean;
  readonly detail: string;
}

/** Short strings, so 1,000 of them stay far below the seed's 256 KiB payload check. */
const list = (n: number) => Array.from({ length: n }, (_, i) => `i${i}`);
const trivial = (event: unknown) => event;
const quiet = { warn: () => {} };

async function throughput(concurrency: number): Promise<Result> {
  const items = 1000;
  const wallStart = performance.now();
  const { report } = await runOffline({ ...quiet, settings: { max_concurrency: concurrency, wait_seconds: 0, timeout_seconds: 600 }, list: list(items), handler: trivial });
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

function table(results: readonly Result[]): string {
  const rows = results.map((r) => [r.name, `${r.value} ${r.unit}`, r.reference, r.meetsAim === undefined ? "" : r.meetsAim ? "yes" : "NO"]);
  const head = ["benchmark", "measured", "reference", "meets"];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const problem = nodeVersionProblem();
  if (problem) throw new Error(problem);
  // Warm-up: the first run pays for module loading and JIT; it is not reported.
  await runOffline({ ...quiet, settings: { wait_seconds: 0 }, list: list(50), handler: trivial });

  const results: Result[] = [];
  for (const c of [0, 10, 40]) results.push(await throughput(c));
  results.push(await fidelity());
  results.push(await seeding());

  process.stdout.write(`${table(results)}\n\n`);
  for (const r of results) process.stdout.write(`  ${r.name}: ${r.detail}\n`);

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
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});

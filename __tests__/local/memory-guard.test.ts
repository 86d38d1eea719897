/**
 * Running out of heap is one line and exit 1, never V8's fatal crash: the
 * guard stops the run past HEAP_THRESHOLD of the heap limit.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { HEAP_THRESHOLD, oldSpaceLimit, OutOfMemoryError, startMemoryGuard } from "../../local/run/memory-guard";

const ROOT = path.join(__dirname, "..", "..");
const LIMIT = 1000 * 2 ** 20;
const settle = () => new Promise((r) => setTimeout(r, 500));

test("the last heap use that passes and the first that stops the run", async () => {
  const below = startMemoryGuard(undefined, () => "3 items", { usedHeap: () => Math.ceil(HEAP_THRESHOLD * LIMIT) - 1, limit: LIMIT });
  const at = startMemoryGuard(undefined, () => "3 items", { usedHeap: () => Math.ceil(HEAP_THRESHOLD * LIMIT), limit: LIMIT });
  await settle();
  below.stop();
  at.stop();
  expect(below.signal.aborted).toBe(false);
  expect(below.failure()).toBeUndefined();
  expect(at.signal.aborted).toBe(true);
  expect(at.failure()).toBeInstanceOf(OutOfMemoryError);
  expect(at.failure()!.message).toBe(
    "out of memory: the run holds 700 MB of the 1,000 MB heap Node allows, after 3 items; stopped before Node would crash. " +
      "Process a shorter list per run, or give Node more heap (NODE_OPTIONS=--max-old-space-size=2000) on a machine with that much memory",
  );
});

test("past the threshold with garbage a full collection frees: the run goes on; still past it after one: stopped", async () => {
  let used = Math.ceil(HEAP_THRESHOLD * LIMIT);
  const collections: string[] = [];
  const garbage = startMemoryGuard(undefined, () => "3 items", {
    usedHeap: () => used,
    limit: LIMIT,
    collect: () => {
      collections.push("gc");
      used = Math.ceil(HEAP_THRESHOLD * LIMIT) - 1;
    },
  });
  const live = startMemoryGuard(undefined, () => "3 items", { usedHeap: () => Math.ceil(HEAP_THRESHOLD * LIMIT), limit: LIMIT, collect: () => {} });
  await settle();
  garbage.stop();
  live.stop();
  expect(collections).toEqual(["gc"]);
  expect(garbage.failure()).toBeUndefined();
  expect(live.failure()).toBeInstanceOf(OutOfMemoryError);
});

test("a heap whose headroom past the threshold is under 256 MiB: no collection, the first reading past it stops the run", async () => {
  const small = 853 * 2 ** 20;
  let collections = 0;
  const guard = startMemoryGuard(undefined, () => "1 item", { usedHeap: () => Math.ceil(HEAP_THRESHOLD * small), limit: small, collect: () => collections++ });
  await settle();
  guard.stop();
  expect(collections).toBe(0);
  expect(guard.failure()).toBeInstanceOf(OutOfMemoryError);
});

test("the caller's own abort still reaches the run through the guard's signal", () => {
  const outer = new AbortController();
  const guard = startMemoryGuard(outer.signal, () => "", { usedHeap: () => 0, limit: LIMIT });
  outer.abort();
  guard.stop();
  expect(guard.signal.aborted).toBe(true);
  expect(guard.failure()).toBeUndefined();
});

/** npm start on 40,000 rows (Standard, pages of 1,000: 41 executions) with this old space, its report on stdout. */
async function rowsRun(heapMb: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "oom-")), "rows.json");
  writeFileSync(file, JSON.stringify(Array.from({ length: 40_000 }, (_, i) => i)));
  const vars = ["item_source=rows", "page_size=1000", "wait_seconds=0", "max_concurrency=40", "timeout_seconds=86400"].flatMap((v) => ["--var", v]);
  const env = {
    ...process.env,
    NODE_OPTIONS: `--max-old-space-size=${heapMb}`,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const run = promisify(execFile)("npm", ["start", "--silent", "--", "--file", file, ...vars, "--json"], {
    cwd: ROOT,
    env,
    timeout: 120_000,
    maxBuffer: 2 ** 30,
  });
  return run.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

test("a real npm start on a heap too small for 40,000 rows: one line, exit 1, nothing on stdout, no V8 crash", async () => {
  const failed = await rowsRun(80);
  expect(failed).toMatchObject({ code: 1, stdout: "" });
  expect(failed.stderr).toMatch(
    /^start: out of memory: the run holds [\d,]+ MB of the 80 MB heap Node allows, after [\d,]+ items; .*\(NODE_OPTIONS=--max-old-space-size=160\).*\n$/,
  );
  expect(failed.stderr).not.toContain("FATAL ERROR");
}, 150_000);

test("the threshold is a share of the old space: V8's limit less its young generation", () => {
  // --max-old-space-size=100 and 150 give these heap_size_limit values on Node 22.
  expect(oldSpaceLimit(148 * 2 ** 20)).toBe(100 * 2 ** 20);
  expect(oldSpaceLimit(198 * 2 ** 20)).toBe(150 * 2 ** 20);
  expect(oldSpaceLimit(4144 * 2 ** 20)).toBe(4096 * 2 ** 20);
});

// Each execution is folded into the report as it ends (report/chain-report.ts):
// before that, this run kept every execution's events and stopped on a 200 MB heap.
test("40,000 rows fit a 200 MB heap: the run keeps rows, not events", async () => {
  const run = await rowsRun(200);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout) as { status: string; items: unknown[]; executions: unknown[] };
  expect([report.status, report.items.length, report.executions.length]).toEqual(["SUCCEEDED", 40_000, 41]);
}, 150_000);

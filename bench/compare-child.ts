/**
 * One side of npm run bench's engine comparison (bare-engine.ts), in a
 * process of its own (bench/scale.ts spawns it): each side starts on a fresh
 * heap, not on the garbage the other side or the groups before it left.
 * Prints one JSON line: {"ms": …}, or {"error": message}.
 *
 *   tsx bench/compare-child.ts whole|bare ROWS
 */
import { bareRun, wholeRun } from "./bare-engine";

const trivial = (event: unknown) => event;

if (require.main === module) {
  const [side, rows] = process.argv.slice(2);
  const run = side === "bare" ? bareRun : side === "whole" ? wholeRun : undefined;
  (run ? run(Number(rows), trivial) : Promise.reject(new Error(`side ${side}: whole or bare`))).then(
    (ms) => process.stdout.write(`${JSON.stringify({ ms })}\n`),
    (e: Error) => {
      process.stdout.write(`${JSON.stringify({ error: e.message })}\n`);
      process.exitCode = 1;
    },
  );
}

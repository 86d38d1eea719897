/**
 * The live progress line on stderr ("items 2/3 done, 1 running, 4.1s"),
 * redrawn in place. Only on a terminal: piped output and --json stay clean.
 */
import type { Progress } from "../local/run-offline";

export interface ProgressLine {
  update(p: Progress): void;
  /** Erases the line, so what follows starts on a clean line. */
  clear(): void;
}

const REDRAW_MS = 100;

export function progressLine(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): ProgressLine {
  if (!stream.isTTY) return { update() {}, clear() {} };
  const started = now();
  let last: Progress | undefined;
  let drawnAt = 0;
  let shown = false;
  // A timer keeps the elapsed time moving while nothing changes (long Wait states).
  const timer = setInterval(() => last && draw(last), 500);
  timer.unref();

  const draw = (p: Progress) => {
    const elapsed = ((now() - started) / 1000).toFixed(1);
    const failed = p.failed > 0 ? `, ${p.failed} failed` : "";
    stream.write(`\r\x1b[2K  items ${p.done}/${p.total} done, ${p.running} running${failed}  ${elapsed}s`);
    drawnAt = now();
    shown = true;
  };
  return {
    update(p) {
      last = p;
      if (now() - drawnAt >= REDRAW_MS || p.done === p.total) draw(p);
    },
    clear() {
      clearInterval(timer);
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}

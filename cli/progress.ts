/**
 * The one live progress line of every command, on stderr and redrawn in
 * place. Only on a terminal: piped output and --json stay clean. What the
 * line says is the caller's `format`; the formats the commands use are below.
 */
import type { OutStream } from "./run";

export interface ProgressLine<T> {
  /** Whether anything is drawn (false off a terminal): a caller may skip work that only feeds the line. */
  readonly shown: boolean;
  update(value: T): void;
  /** Erases the line, so what follows starts on a clean line. Safe to call twice. */
  clear(): void;
}

export interface ProgressLineOptions<T> {
  /** At most one redraw per this many ms (0: every update), except when `final` says the value is the last. */
  readonly redrawMs?: number;
  readonly final?: (value: T) => boolean;
  /** Redraw this often while nothing changes, to keep an elapsed time moving (0: never). */
  readonly tickMs?: number;
  readonly now?: () => number;
}

export function progressLine<T>(
  stream: Pick<OutStream, "write" | "isTTY">,
  format: (value: T, elapsedMs: number) => string,
  opts: ProgressLineOptions<T> = {},
): ProgressLine<T> {
  if (!stream.isTTY) return { shown: false, update() {}, clear() {} };
  const now = opts.now ?? Date.now;
  const redrawMs = opts.redrawMs ?? 0;
  const started = now();
  let last: { value: T } | undefined;
  let drawnAt = -Infinity;
  let drawn = false;
  const draw = () => {
    if (!last) return;
    stream.write(`\r\x1b[2K${format(last.value, now() - started)}`);
    drawnAt = now();
    drawn = true;
  };
  const timer = opts.tickMs ? setInterval(draw, opts.tickMs) : undefined;
  timer?.unref();
  return {
    shown: true,
    update(value) {
      last = { value };
      if (now() - drawnAt >= redrawMs || opts.final?.(value)) draw();
    },
    clear() {
      if (timer) clearInterval(timer);
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}

/** Items of a Map run so far. */
export interface ItemsProgress {
  readonly total: number;
  readonly done: number;
  readonly running: number;
  readonly failed: number;
}

/** `items 2/3 done, 1 running, 1 failed` (the failed part only when some failed). */
export function formatItems(p: ItemsProgress): string {
  const failed = p.failed > 0 ? `, ${p.failed} failed` : "";
  return `items ${p.done}/${p.total} done, ${p.running} running${failed}`;
}

/** The reports' one duration format (report/format.ts seconds(), which cli/ may not import): three decimals. */
export function formatElapsed(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(3)}s`;
}

/** `[#####.....] 4,000/10,000 rows` */
export function progressBar(done: number, total: number, width = 10): string {
  const filled = total > 0 ? Math.min(width, Math.floor((done / total) * width)) : width;
  const n = (x: number) => x.toLocaleString("en-US");
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${n(done)}/${n(total)} rows`;
}

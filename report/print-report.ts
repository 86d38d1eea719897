/**
 * How a report reaches the terminal, for both `npm start` and
 * `npm run execute`: one JSON document with --json, the timeline otherwise.
 * Width and colour come from the stream (colour only on a terminal, and never
 * with NO_COLOR set).
 */
import type { Report } from "./report";
import { reportJsonPieces } from "./report-json";
import { renderTimeline, type TimelineInput } from "./timeline";

export interface PrintOptions {
  /** One JSON document instead of the timeline. */
  readonly json: boolean;
  /**
   * Keys added after the report's own in the JSON document (execute --logs
   * adds `logs`), so scripts reading the report's keys work on both commands.
   */
  readonly jsonExtra?: Readonly<Record<string, unknown>>;
}

/** Where a report goes: process.stdout, or anything with its write, isTTY and columns. */
export type OutStream = Pick<NodeJS.WriteStream, "write" | "isTTY" | "columns">;

/** What the commands print on stdout for a report. */
export function reportText(input: TimelineInput, opts: PrintOptions, stream: Pick<OutStream, "isTTY" | "columns"> = process.stdout): string {
  if (opts.json) return [...reportJsonPieces(reportJson(input.report, opts.jsonExtra))].join("");
  const color = Boolean(stream.isTTY) && process.env.NO_COLOR === undefined;
  const width = Math.min(Math.max(stream.columns ?? 100, 60), 200);
  return renderTimeline(input, { width, color });
}

/** With --json the document goes out in pieces, never as one string (report-json.ts). */
export function printReport(input: TimelineInput, opts: PrintOptions, stream: OutStream = process.stdout): void {
  if (!opts.json) stream.write(reportText(input, opts, stream));
  else for (const piece of reportJsonPieces(reportJson(input.report, opts.jsonExtra))) stream.write(piece);
}

function reportJson(report: Report, extra: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> {
  return extra ? { ...report, ...extra } : { ...report };
}

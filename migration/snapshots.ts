/**
 * Reading jest snapshot files without jest: the stack snapshot written under
 * cdktf is compared with the one the cdktn run writes, as parsed JSON.
 */
import type { Json } from "./compare";

/** A .snap file's snapshots by name, read the way jest itself reads them (the file is a script filling `exports`). */
export function parseSnapFile(text: string): Record<string, string> {
  const data: Record<string, string> = {};
  // Only ever the project's own snapshot files, which jest itself evaluates the same way.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fill = new Function("exports", text) as (exports: Record<string, string>) => void;
  fill(data);
  return data;
}

/** A string snapshot of a synthesized stack, parsed; undefined when it is not JSON. */
export function snapshotJson(value: string): Json | undefined {
  // jest stores a multi-line snapshot between two extra line breaks, and a string between double quotes.
  const lines = value.length > 1 && value.startsWith("\n") && value.endsWith("\n") ? value.slice(1, -1) : value;
  const inner = lines.startsWith('"') && lines.endsWith('"') ? lines.slice(1, -1) : lines;
  try {
    return JSON.parse(inner) as Json;
  } catch {
    return undefined;
  }
}

/** Empty objects and arrays printed across lines ("{\n}"), as cdktf 0.21's Testing.synth does; cdktn prints "{}". */
export function multiLineEmptyBlocks(text: string): number {
  return (text.match(/[{[]\n\s*[}\]]/g) ?? []).length;
}

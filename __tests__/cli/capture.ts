/**
 * A command's run(argv, io) in this process, its streams captured. Shared by
 * the command tests; not a test file itself.
 */
import type { CommandIo, OutStream } from "../../cli/run";

export interface Captured {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stream that appends what is written; a terminal when `isTTY`. */
export function captureStream(isTTY = false): OutStream & { text: string } {
  const stream = {
    text: "",
    isTTY,
    columns: 100,
    write: (s: string | Uint8Array) => ((stream.text += String(s)), true),
  };
  return stream;
}

export async function runCaptured<C extends CommandIo>(
  run: (argv: readonly string[], io: C) => Promise<number>,
  argv: readonly string[],
  extra: Omit<C, "stdout" | "stderr">,
): Promise<Captured> {
  const stdout = captureStream();
  const stderr = captureStream();
  const code = await run(argv, { ...extra, stdout, stderr } as unknown as C);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

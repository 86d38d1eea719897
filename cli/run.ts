/**
 * What every command (npm start, npm run seed, npm run execute) shares:
 * argument parsing, usage text, exit codes, Ctrl-C, and the one catch that
 * tells a user's mistake (one line) from a bug (a stack trace).
 *
 * Exit codes: 0 success; 1 a user-fixable error (one line `<command>: message`)
 * or a failed run; 2 a usage error (the line, then a pointer to --help);
 * 130 Ctrl-C.
 *
 * A command is `run(argv, io)`: testable in-process with captured streams;
 * `runMain` is the thin process entry around it.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError, UserError } from "./errors";

/** A stream a command writes to: process.stdout or a test's capture. */
export type OutStream = Pick<NodeJS.WriteStream, "write" | "isTTY" | "columns">;

/** What a command gets from its process (or from a test). */
export interface CommandIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Aborted by the first Ctrl-C. */
  readonly signal?: AbortSignal;
  /** The environment (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface CommandSpec {
  /** The prefix of every line: "seed", "start", "execute". */
  readonly name: string;
  readonly usage: string;
}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** Raised by parseCommandLine for --help: runCommand prints the usage on stdout, exit 0. */
class HelpRequested extends Error {}

/**
 * The options, strictly (an unknown option or a stray word is a UsageError);
 * --help is added to every command. Tokens keep the command-line order of
 * repeated options.
 */
/** `positionals`: the command takes operands (file names) after its options; by default none. */
export function parseCommandLine<const O extends OptionsConfig>(argv: readonly string[], options: O, { positionals = false } = {}) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: "boolean" } }, strict: true, allowPositionals: positionals, tokens: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested();
  return parsed;
}

/**
 * Runs the command's body and turns what it throws into output and an exit
 * code. `body` parses its own argv with parseCommandLine, so a usage error
 * and --help surface here wherever it parses.
 */
export async function runCommand(spec: CommandSpec, io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.stdout.write(spec.usage);
      return 0;
    }
    if (e instanceof UsageError) {
      io.stderr.write(usageErrorText(spec, e.message));
      return 2;
    }
    if (e instanceof UserError) {
      io.stderr.write(`${spec.name}: ${e.message}\n`);
      return 1;
    }
    io.stderr.write(`${spec.name}: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

/**
 * A usage error as every command prints it: the line, then where the help
 * is. Not the whole usage: 40 lines of it push the one line that matters off
 * the screen. The message is kept to one line whatever it holds.
 */
export function usageErrorText(spec: CommandSpec, message: string): string {
  return `${spec.name}: ${message.replace(/\s*\n\s*/g, " ")}\nsee ${helpCommand(spec.usage)}\n`;
}

/**
 * The command that prints the help, read from the usage's first line
 * (`Usage: npm run seed -- ...` gives `npm run seed -- --help`), so no
 * command states it twice; `--help` alone when the usage has another shape.
 */
function helpCommand(usage: string): string {
  const invocation = /^Usage: (npm (?:start|run [\w:-]+))\b/.exec(usage)?.[1];
  return invocation ? `${invocation} -- --help` : "--help";
}

/** Stop waiting for stray handles this long after the work is done. */
const EXIT_GRACE_MS = 3000;

export interface MainOptions {
  /** Said on the first Ctrl-C (the command goes on to stop cleanly); nothing when absent. */
  readonly interruptMessage?: string;
  /** false: the command cannot stop early, so the first Ctrl-C exits 130 at once. */
  readonly abortable?: boolean;
}

/**
 * The process entry: runs the command with the real streams, the first
 * Ctrl-C aborts its signal, a second exits 130 at once. Sets the exit code and
 * lets the process end by itself; a handle left open is reported and the
 * process ends anyway rather than hang.
 */
export async function runMain(
  name: string,
  run: (argv: readonly string[], io: CommandIo) => Promise<number>,
  opts: MainOptions = {},
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1 || opts.abortable === false) process.exit(130);
    if (opts.interruptMessage) process.stderr.write(`\n${name}: ${opts.interruptMessage}\n`);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  let code: number;
  try {
    code = await run(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal, env: process.env });
  } catch (e) {
    // run() catches everything itself; this is a last resort.
    process.stderr.write(`${name}: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    code = 1;
  } finally {
    process.off("SIGINT", onSigint);
  }
  process.exitCode = code;
  setTimeout(() => {
    process.stderr.write(`${name}: something was still open after the run; exiting anyway\n`);
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
}

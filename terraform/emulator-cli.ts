/**
 * npm run emulator -- [--port 5000]
 *
 * The process entry of terraform/emulator.ts. Ctrl-C (runMain's signal) and
 * SIGTERM (a service manager, `kill`) both stop moto before the process ends;
 * a second Ctrl-C exits at once, and moto-server.ts still kills moto's group
 * on the way out.
 */
import { runMain } from "../cli/run";
import { run, SIGTERM_REASON } from "./emulator";

const terminated = new AbortController();
process.once("SIGTERM", () => terminated.abort(SIGTERM_REASON));

void runMain("emulator", (argv, io) => run(argv, { ...io, signal: io.signal ? AbortSignal.any([io.signal, terminated.signal]) : terminated.signal }));

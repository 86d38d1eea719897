/**
 * npm run seed -- --file seed/simplelist.json [--source list|rows] [--table T] [--region R] [--profile P] [--endpoint URL]
 *
 * The process entry of seed/main.ts. The seed cannot stop half-way cleanly,
 * so Ctrl-C exits 130 at once, as it always has.
 */
import { runMain } from "../cli/run";
import { run } from "./main";

void runMain("seed", run, { abortable: false });

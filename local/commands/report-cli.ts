/** The process entry of `npm run report` (report-command.ts). */
import { runMain } from "../../cli/run";
import { run } from "./report-command";

void runMain("report", run);

/**
 * npm run execute -- [--arn ARN] [--input JSON] [--region R] [--profile P]
 *                    [--endpoint URL] [--no-wait] [--json] [--logs [--log-group G]] [--help]
 *
 * The process entry of execute/main.ts. Ctrl-C while following stops
 * following (exit 130) and leaves the execution running: stopping it is a
 * decision for StopExecution or the console.
 */
import { runMain } from "../cli/run";
import { run } from "./main";

void runMain("execute", run);

/** npm run dynamodb -- [--port N] [--table NAME]: the process entry of main.ts; Ctrl-C stops the server. */
import { runMain } from "../../cli/run";
import { run } from "./main";

void runMain("dynamodb", run);

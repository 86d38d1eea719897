/** The process entry of `npm run definition` (print-definition.ts). */
import { runMain } from "../../cli/run";
import { run } from "./print-definition";

void runMain("definition", run);

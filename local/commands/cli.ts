/**
 * npm start -- [--file F] [--var name=value]... [--var-file F.tfvars.json]... [--json] [--help]
 * npm start -- --definition F.json [--input JSON | --input-file F] [--handler M[#export]] [--history | --json]
 *
 * Checks the Node.js version before loading anything that needs Node 22, then
 * hands over to cli-main.ts.
 */
import { nodeVersionProblem } from "./node-version";

const problem = nodeVersionProblem();
if (problem) {
  process.stderr.write(`start: ${problem}\n`);
  process.exit(1);
}
// Loaded only now, so an old Node gets the line above rather than a TypeError mid-run.
void import("./cli-main").then((m) => m.main(process.argv.slice(2)));

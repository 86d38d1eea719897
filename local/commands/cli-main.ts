/**
 * The offline run as a command: settings (refused before anything starts) ->
 * local DynamoDB -> seed -> definition -> local engine -> timeline or JSON.
 * With --definition FILE, a definition the user wrote runs instead, as it is
 * (definition-command.ts).
 * Exit code: 0 only for SUCCEEDED; 1 for FAILED, TIMED_OUT and refused
 * input; 130 when Ctrl-C aborted the run; 2 for a usage error.
 */
import * as path from "node:path";
import { settingList, settingText } from "../../stacks/settings";
import { checkHtmlTarget, writeHtmlReport } from "../../report/html/write-html";
import { printReport } from "../../report/print-report";
import { formatElapsed, formatItems, progressLine, type ItemsProgress } from "../../cli/progress";
import { parseCommandLine, runCommand, runMain, type CommandIo } from "../../cli/run";
import { boundHeapGrowth } from "../run/heap-growth";
import { DEFAULT_LIST_FILE, runOffline } from "../run/run-offline";
import { resolveSettings } from "../settings/settings-input";
import { varArgsOf } from "../settings/var-args";
import { FaultSyntaxError, parseFailItems, parseThrottleItems, type FaultPlan } from "../faults/fault-injection";
import { UsageError } from "../../cli/errors";
import { checkCombination, runGivenCommand } from "./definition-command";
import { mockedLine, mockOption } from "./mock-options";

const USAGE = `Usage: npm start -- [options]
       npm start -- --definition FILE.json [--input JSON | --input-file FILE] [--handler MODULE] [--history | --json]

Runs the state machine offline: a local DynamoDB (dynalite) seeded with the
list, the definition the stack deploys, a real States Language engine
(aws-local-stepfunctions) and the real Lambda handler, in this process.
Prints a timeline of what ran when, or one JSON report with --json.

With --definition, runs that definition instead, as it is: no table, no
seeding, no variables; the same engine, quotas and Distributed Map. Every
Lambda invoke Task (arn:aws:states:::lambda:invoke) calls the --handler
module, or the project's function; any other Task is refused before the run
(a Task --mock-config mocks runs: it never calls its service).

Options:
  --file FILE               JSON array to seed, - for standard input (default ${path.relative(process.cwd(), DEFAULT_LIST_FILE) || DEFAULT_LIST_FILE})
  --var NAME=VALUE          set a variable, as with cdktf deploy --var (repeatable)
  --var-file FILE.tfvars | FILE.tfvars.json
                            variables from an HCL or JSON file (repeatable)
  --json                    print one JSON report instead of the timeline
  --html FILE               also write the run as one self-contained HTML page: the graph
                            colored by outcome, every item's timeline, the item table
  --fail-items N,N          make the Lambda invocations for these zero-based items fail
                            (a function error: Retry, Catch and the tolerated failure
                            threshold see what AWS would); every shape (rows: the
                            row's position in the list)
  --throttle-items N[:T],N  make them fail with Lambda.TooManyRequestsException the
                            first T times (default 1, at most 100), so the retry policy
                            shows on the timeline
  --mock-config FILE        answer Task states from an AWS Step Functions Local mock
                            configuration file (both forms): a mocked state takes the
                            next entry of its mocked response on each invocation
  --test-case NAME          the file's test case to run (needs --mock-config)
  --state-machine NAME      the file's state machine (default: its only one, else
                            the project's, or the --definition file's base name)
  --help                    show this help

With --definition FILE.json (a States Language definition, JSON):
  --input JSON              the execution's input (default {})
  --input-file FILE         the execution's input from a JSON file, - for standard input
  --handler FILE.ts|FILE.js[#EXPORT]
                            the Lambda handler every invocation calls (default export
                            handler; default: the project's function in functions/);
                            its console output becomes the handler log
  --history                 print the execution's history as
                            aws stepfunctions get-execution-history --output json does
  --json                    print one JSON report instead of the timeline
  (--file, --var, --var-file, --fail-items and --throttle-items apply to the
  project's definition only; TF_VAR_ variables are not read)

Variables also come from TF_VAR_NAME. Precedence, as in Terraform:
default < TF_VAR_NAME < --var-file and --var in command-line order.
${settingList.map((s) => `  ${s.name.padEnd(30)}${settingText(s.default).padEnd(20)}${s.rule.message}`).join("\n")}

Exit code: 0 SUCCEEDED; 1 FAILED, TIMED_OUT or refused input; 2 a usage error; 130 aborted (Ctrl-C).
`;

const OPTIONS = {
  file: { type: "string" },
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
  json: { type: "boolean" },
  html: { type: "string" },
  "fail-items": { type: "string" },
  "throttle-items": { type: "string" },
  "mock-config": { type: "string" },
  "test-case": { type: "string" },
  "state-machine": { type: "string" },
  definition: { type: "string" },
  input: { type: "string" },
  "input-file": { type: "string" },
  handler: { type: "string" },
  history: { type: "boolean" },
} as const;

/** The process entry (local/commands/cli.ts, once the Node.js version is checked). */
export function main(argv: readonly string[]): Promise<void> {
  boundHeapGrowth();
  return runMain("start", run, { interruptMessage: "aborting the execution (Ctrl-C again to quit at once)" }, argv);
}

export function run(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand({ name: "start", usage: USAGE }, io, async () => {
    const parsed = parseCommandLine(argv, OPTIONS);
    checkCombination(parsed.values);
    if (parsed.values.definition !== undefined) return runGivenCommand(parsed.values, io);
    // --var and --var-file interleave; the tokens keep their order (later wins).
    const varArgs = varArgsOf(parsed.tokens);
    const json = Boolean(parsed.values.json);
    const faults = faultPlan(parsed.values["fail-items"], parsed.values["throttle-items"]);
    const mocks = mockOption(parsed.values);
    if (parsed.values.html) checkHtmlTarget(parsed.values.html);
    const progress = progressLine(
      json ? { isTTY: false, write: () => true } : io.stderr,
      (p: ItemsProgress, elapsedMs) => `  ${formatItems(p)}  ${formatElapsed(elapsedMs)}`,
      // A timer keeps the elapsed time moving while nothing changes (long Wait states).
      { redrawMs: 100, final: (p) => p.done === p.total, tickMs: 500 },
    );
    try {
      const resolved = await resolveSettings({ args: varArgs, ...(io.env ? { env: io.env } : {}) });
      for (const w of resolved.warnings) io.stderr.write(`start: warning: ${w}\n`);
      const result = await runOffline({
        settings: resolved.values,
        ...(parsed.values.file ? { file: parsed.values.file } : {}),
        ...(io.signal ? { signal: io.signal } : {}),
        onProgress: progress.shown ? (p) => progress.update(p) : undefined,
        warn: (m) => io.stderr.write(`start: ${m}\n`),
        ...(faults ? { faults } : {}),
        ...(mocks ? { mocks } : {}),
        // The report and the page need rows and counts, not events: each execution is folded as it runs.
        keepHistories: false,
        keepLastHistory: false,
      });
      progress.clear();
      io.stderr.write(mockedLine(result.testCase, result.report));
      const { report } = result;
      printReport({ report, sources: resolved.sources, tableName: result.tableName, itemsRead: result.itemsRead, logs: result.logs }, { json }, io.stdout);
      if (parsed.values.html) writeHtmlReport(parsed.values.html, result);
      // A quota reached: say so on stderr too (stdout may be --json for a script).
      if (result.quota) io.stderr.write(`start: ${result.quota.error ?? "FAILED"} (the ${result.quota.quota} quota): ${result.quota.cause}\n`);
      if (report.status === "SUCCEEDED") return 0;
      return report.status === "ABORTED" ? 130 : 1;
    } finally {
      progress.clear();
    }
  });
}

/** --fail-items and --throttle-items; a malformed value is a usage error (exit 2), one past the list a user error (exit 1). */
function faultPlan(failText: string | undefined, throttleText: string | undefined): FaultPlan | undefined {
  if (failText === undefined && throttleText === undefined) return undefined;
  try {
    return {
      fail: failText === undefined ? new Set() : parseFailItems(failText),
      throttle: throttleText === undefined ? new Map() : parseThrottleItems(throttleText),
    };
  } catch (e) {
    throw e instanceof FaultSyntaxError ? new UsageError(e.message) : e;
  }
}

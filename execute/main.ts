/**
 * `npm run execute`, as one function of its arguments and streams:
 * options -> DescribeStateMachine (a wrong ARN or missing credentials fail
 * here, before anything starts; the definition gives the report's settings)
 * -> StartExecution -> ARN and console link -> follow -> whole history (and,
 * while an execution continued as new, the execution it started: follow that
 * too) -> the report npm start prints over every execution (timeline, or JSON
 * with --json) -> exit code of the last execution.
 *
 * Where things go: the report on stdout; with --json the ARN and link go to
 * stderr so stdout is one JSON document; the progress line on stderr, only
 * on a terminal; every error one line on stderr.
 */
import type { DescribeExecutionCommandOutput, SFNClient } from "@aws-sdk/client-sfn";
import { checkHtmlTarget, writeHtmlReport } from "../report/html/write-html";
import { printReport } from "../report/print-report";
import { seconds } from "../report/timeline";
import { sfnClient } from "../aws/clients";
import { consoleLink } from "../aws/console-link";
import { explainAwsError, type ErrorContext } from "../aws/errors";
import { UserError } from "../cli/errors";
import { progressLine, type ProgressLine } from "../cli/progress";
import { runCommand, type CommandIo } from "../cli/run";
import { runLogs } from "./chain-logs";
import { explainExecutions, type Explained } from "./explain";
import { followChain, type Followed, type FollowProgress } from "./follow-chain";
import type { FunctionLogs } from "./function-logs";
import { expressChildren, mapRunLines, mapRunsJson, readMapRuns, withMapRunRows, type MapRunRead } from "./map-run-rows";
import { formatMapRun } from "./map-runs";
import { parseOptions, USAGE, type ExecuteOptions } from "./options";
import { formatProgress } from "./progress";
import { redriveExecution } from "./redrive";
import { settingsFromStateMachine, type DerivedSettings, type StateMachineDescription } from "./settings-from-definition";
import { describeStateMachine, startExecution, type StartedExecution } from "./start-and-follow";

/** The streams, the environment and the signal (aborting it stops following; the execution goes on). */
export interface RunContext extends CommandIo {
  /** Where stack outputs are read from (tests point it elsewhere). */
  readonly stateFile?: string;
  readonly pollMs?: number;
  /** How long --logs waits for late log lines. */
  readonly logSettleMs?: number;
}

type Options = ExecuteOptions & { env?: NodeJS.ProcessEnv | undefined };

export function run(argv: readonly string[], ctx: RunContext): Promise<number> {
  return runCommand({ name: "execute", usage: USAGE }, ctx, async () => {
    const opts = parseOptions(argv, ...(ctx.stateFile !== undefined ? [ctx.stateFile] : []));
    return await startAndReport({ ...opts, env: ctx.env }, ctx);
  });
}

/** Describe, start, follow the chain, report; the exit code of the last execution (130 when stopped). */
async function startAndReport(opts: Options, ctx: RunContext): Promise<number> {
  const say = (line: string) => void ctx.stderr.write(`execute: ${line}\n`);
  const sfn = sfnClient(opts, opts.stateMachineArn);
  const errorContext: ErrorContext = { stateMachineArn: opts.stateMachineArn, endpoint: opts.endpoint, profile: opts.profile };
  const progress = executionProgress(opts, ctx);
  try {
    if (opts.html) checkHtmlTarget(opts.html);
    const machine = await describeStandardMachine(sfn, opts.stateMachineArn);
    const derived = settingsFromStateMachine(machine);
    // Ctrl-C while the state machine was being described: start nothing.
    if (ctx.signal?.aborted) {
      say("stopped before starting an execution");
      return 130;
    }
    const started = await startOrRedrive(sfn, opts, say);
    if (!announce(started, opts, ctx)) return 0;
    const executions = await followChain(sfn, started.executionArn, { pollMs: ctx.pollMs, signal: ctx.signal, progress, say });
    if (executions === "stopped") return 130;
    const logs = opts.logs ? await runLogs(executions, { opts, derived, startDate: started.startDate, logSettleMs: ctx.logSettleMs, say }) : undefined;
    const runs = await readMapRuns(sfn, executions, say, errorContext);
    const explained = withMapRunRows(explain(executions, derived, logs), runs, executions, derived);
    printRun(explained, { logs, runs, express: expressChildren(machine.definition) }, opts, ctx);
    if (opts.html)
      writeHtmlReport(opts.html, {
        report: explained.report,
        definition: JSON.parse(machine.definition ?? "{}") as object,
        eventLists: executions,
        ...(logs ? { logs: logs.lines } : {}),
      });
    return exitCode(executions.at(-1)!, explained.report.status, say);
  } catch (e) {
    progress.clear();
    throw explainAwsError(e, errorContext);
  } finally {
    sfn.destroy();
  }
}

/** The progress line on stderr while following (never with --json: stdout and stderr stay clean). */
function executionProgress(opts: Options, ctx: RunContext): ProgressLine<FollowProgress> {
  return progressLine(
    opts.json ? { isTTY: false, write: () => true } : ctx.stderr,
    (p: FollowProgress, elapsedMs) => `  ${formatProgress(p.status, elapsedMs, p.items)}${p.mapRun ? `  ${formatMapRun(p.mapRun)}` : ""}`,
    // Keeps the elapsed time moving between polls.
    { tickMs: 500 },
  );
}

/** DescribeStateMachine (a wrong ARN or missing credentials fail here); an Express workflow is refused: it keeps no history to follow. */
async function describeStandardMachine(sfn: SFNClient, stateMachineArn: string): Promise<StateMachineDescription> {
  const machine = await describeStateMachine(sfn, stateMachineArn);
  if (machine.type === "EXPRESS") {
    throw new UserError(
      `${stateMachineArn} is an Express workflow: it keeps no execution history to follow (DescribeExecution and GetExecutionHistory serve Standard workflows only); read its CloudWatch log group instead`,
    );
  }
  return machine;
}

async function startOrRedrive(sfn: SFNClient, opts: Options, say: (line: string) => void): Promise<StartedExecution> {
  if (!opts.redrive) return startExecution(sfn, opts.stateMachineArn, opts.input);
  const started = { executionArn: opts.redrive, startDate: await redriveExecution(sfn, opts.redrive) };
  say(`redrove ${opts.redrive}: following it`);
  return started;
}

/** The execution's ARN and console link (with --no-wait and --json, as the one JSON document); whether to follow it. */
function announce(started: StartedExecution, opts: Options, ctx: RunContext): boolean {
  const link = consoleLink(started.executionArn);
  if (!opts.wait && opts.json) {
    const out = { executionArn: started.executionArn, startDate: started.startDate.toISOString(), consoleLink: link, status: "RUNNING" };
    ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return false;
  }
  (opts.json ? ctx.stderr : ctx.stdout).write(`Execution  ${started.executionArn}\nConsole    ${link}\n`);
  if (!opts.wait) return false;
  // The report follows after a blank line.
  if (!opts.json) ctx.stdout.write("\n");
  return true;
}

function explain(executions: readonly Followed[], derived: DerivedSettings, logs: FunctionLogs | undefined): Explained {
  return explainExecutions(executions, {
    values: derived.values,
    sources: derived.sources,
    ...(derived.tableName ? { tableName: derived.tableName } : {}),
    ...(logs ? { logs: logs.lines } : {}),
  });
}

interface RunExtras {
  readonly logs: FunctionLogs | undefined;
  readonly runs: readonly MapRunRead[];
  /** The Map's children are Express executions: AWS keeps no history of theirs. */
  readonly express: boolean;
}

/** The report on stdout (timeline, or JSON with the logs and Map Runs), then the Map Runs' failed children. */
function printRun(explained: Explained, { logs, runs, express }: RunExtras, opts: Options, ctx: RunContext): void {
  const jsonExtra = { ...(logs ? { logs: logs.lines } : {}), ...mapRunsJson(runs, express) };
  printReport(explained, { json: opts.json, ...(Object.keys(jsonExtra).length > 0 ? { jsonExtra } : {}) }, ctx.stdout);
  if (!opts.json) for (const line of mapRunLines(runs, express)) ctx.stdout.write(`${line}\n`);
}

/** 0 when the last execution succeeded, by DescribeExecution (a history that disagrees is a warning); else 1. */
function exitCode(last: Followed, reportStatus: string, say: (line: string) => void): number {
  const described: DescribeExecutionCommandOutput = last.described;
  const status = described.status ?? "RUNNING";
  if (reportStatus !== status) {
    say(`warning: DescribeExecution says ${status} but the execution history ends ${reportStatus}; the exit code follows DescribeExecution`);
  }
  if (status === "ABORTED") {
    const took = described.stopDate && described.startDate ? ` after ${seconds(described.stopDate.getTime() - described.startDate.getTime())}` : "";
    say(`the execution was aborted${took} (StopExecution, or Stop in the console): ${last.executionArn}`);
  }
  return status === "SUCCEEDED" ? 0 : 1;
}

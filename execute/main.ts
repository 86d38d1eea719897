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
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { DescribeExecutionCommandOutput, HistoryEvent } from "@aws-sdk/client-sfn";
import { printReport } from "../report/print-report";
import { seconds } from "../report/timeline";
import { stackOutput } from "../aws/stack-outputs";
import { lambdaFunctionName } from "../aws/arn";
import { logsClient, sfnClient } from "../aws/clients";
import { consoleLink } from "../aws/console-link";
import { explainAwsError, firstLine } from "../aws/errors";
import { UserError } from "../cli/errors";
import { progressLine } from "../cli/progress";
import { runCommand, type CommandIo } from "../cli/run";
import { explainExecutions } from "./explain";
import { readFunctionLogs, type FunctionLogLine, type FunctionLogs } from "./function-logs";
import { parseOptions, USAGE, type ExecuteOptions } from "./options";
import { formatProgress, type ItemProgress } from "./progress";
import { settingsFromStateMachine, type DerivedSettings } from "./settings-from-definition";
import { describeChildren, describeMapRun, EXPRESS_CHILDREN_NOTE, failedAmong, failedChildrenLines, formatMapRun, mapRunArns, typedListRead, type MapRunProgress } from "./map-runs";
import { withDescribedChildRows } from "../report/child-rows";
import { redriveExecution } from "./redrive";
import type { HistoryEvent as ReportHistoryEvent } from "../report/history-types";
import { continuedAs, describeStateMachine, followExecution, readEndedHistory, startExecution } from "./start-and-follow";
import { executionNameOf } from "../aws/arn";

/** The streams, the environment and the signal (aborting it stops following; the execution goes on). */
export interface RunContext extends CommandIo {
  /** Where stack outputs are read from (tests point it elsewhere). */
  readonly stateFile?: string;
  readonly pollMs?: number;
  /** How long --logs waits for late log lines. */
  readonly logSettleMs?: number;
}

export function run(argv: readonly string[], ctx: RunContext): Promise<number> {
  return runCommand({ name: "execute", usage: USAGE }, ctx, async () => {
    const opts = parseOptions(argv, ...(ctx.stateFile !== undefined ? [ctx.stateFile] : []));
    return await startAndReport({ ...opts, env: ctx.env }, ctx);
  });
}

async function startAndReport(opts: ExecuteOptions & { env?: NodeJS.ProcessEnv | undefined }, ctx: RunContext): Promise<number> {
  const say = (line: string) => void ctx.stderr.write(`execute: ${line}\n`);
  const sfn = sfnClient(opts, opts.stateMachineArn);
  const errorContext = { stateMachineArn: opts.stateMachineArn, endpoint: opts.endpoint, profile: opts.profile };
  const progress = progressLine(
    opts.json ? { isTTY: false, write: () => true } : ctx.stderr,
    (p: { status: string; items?: ItemProgress | undefined; mapRun?: MapRunProgress | undefined }, elapsedMs) =>
      `  ${formatProgress(p.status, elapsedMs, p.items)}${p.mapRun ? `  ${formatMapRun(p.mapRun)}` : ""}`,
    // Keeps the elapsed time moving between polls.
    { tickMs: 500 },
  );
  try {
    const machine = await describeStateMachine(sfn, opts.stateMachineArn);
    if (machine.type === "EXPRESS") {
      throw new UserError(
        `${opts.stateMachineArn} is an Express workflow: it keeps no execution history to follow (DescribeExecution and GetExecutionHistory serve Standard workflows only); read its CloudWatch log group instead`,
      );
    }
    const derived = settingsFromStateMachine(machine);
    // Ctrl-C while the state machine was being described: start nothing.
    if (ctx.signal?.aborted) {
      say("stopped before starting an execution");
      return 130;
    }
    const started = opts.redrive
      ? { executionArn: opts.redrive, startDate: await redriveExecution(sfn, opts.redrive) }
      : await startExecution(sfn, opts.stateMachineArn, opts.input);
    if (opts.redrive) say(`redrove ${opts.redrive}: following it`);
    const link = consoleLink(started.executionArn);

    if (!opts.wait && opts.json) {
      const out = { executionArn: started.executionArn, startDate: started.startDate.toISOString(), consoleLink: link, status: "RUNNING" };
      ctx.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return 0;
    }
    (opts.json ? ctx.stderr : ctx.stdout).write(`Execution  ${started.executionArn}\nConsole    ${link}\n`);
    if (!opts.wait) return 0;
    // The report follows after a blank line.
    if (!opts.json) ctx.stdout.write("\n");

    // Follow the run: each execution, then the one it continued as new (if any), to the end of the chain.
    const executions: Followed[] = [];
    let executionArn = started.executionArn;
    for (;;) {
      let described: DescribeExecutionCommandOutput;
      try {
        described = await followExecution(sfn, executionArn, {
          ...(ctx.pollMs !== undefined ? { pollMs: ctx.pollMs } : {}),
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          countItems: progress.shown,
          onPoll: (status, items, mapRun) => progress.update({ status, items, mapRun }),
        });
      } catch (e) {
        if (ctx.signal?.aborted) {
          progress.clear();
          say(`stopped following; the execution goes on: ${consoleLink(executionArn)}`);
          return 130;
        }
        throw e;
      }
      progress.clear();
      const history = await readEndedHistory(sfn, executionArn);
      executions.push({ executionArn, name: executionNameOf(executionArn), history, described });
      const next = continuedAs(history);
      if (!next) break;
      say(`${executionNameOf(executionArn)} continued as new: following ${next}`);
      executionArn = next;
    }
    const last = executions.at(-1)!;
    const described = last.described;

    const logs = opts.logs ? await chainLogs(executions, (f) => functionLogs(opts, derived, f.history, started.startDate, f.described, ctx, say)) : undefined;
    const fromHistory = explainExecutions(executions, {
      values: derived.values,
      sources: derived.sources,
      ...(derived.tableName ? { tableName: derived.tableName } : {}),
      ...(logs ? { logs: logs.lines } : {}),
    });
    // A Distributed Map: the parent's history has the Map Run, not the items.
    // Each item's row comes from its child (ListExecutions + DescribeExecution);
    // the failed children are listed with what AWS keeps of them.
    const mapRuns = executions.flatMap((f) => mapRunArns(f.history as ReportHistoryEvent[]));
    const runs = [];
    for (const arn of mapRuns) {
      const total = (await describeMapRun(sfn, arn)).items.total;
      let children: Awaited<ReturnType<typeof describeChildren>> = [];
      try {
        children = await describeChildren(sfn, arn);
      } catch (e) {
        // The execution's result stands without its rows (moto, for one, cannot list a Map Run's children).
        say(`warning: cannot list the children of ${arn} (ListExecutions, DescribeExecution): ${firstLine(explainAwsError(e, errorContext).message)}; its items stay NOT_STARTED in the report`);
      }
      runs.push({ arn, total, children });
    }
    const failed = runs.map((r) => ({ arn: r.arn, found: failedAmong(r.children) }));
    const express = /"ExecutionType"\s*:\s*"EXPRESS"/.test(machine.definition ?? "");
    const explained =
      runs.length > 0
        ? {
            ...fromHistory,
            report: withDescribedChildRows(
              fromHistory.report,
              runs.flatMap((r) => r.children),
              {
                totalItems: runs.reduce((n, r) => n + r.total, 0),
                batched: Number(derived.values.batch_size) > 0,
                list: executions.length === 1 ? typedListRead(executions[0]!.history as ReportHistoryEvent[]) : undefined,
              },
            ),
          }
        : fromHistory;
    const jsonExtra = {
      ...(logs ? { logs: logs.lines } : {}),
      ...(mapRuns.length > 0
        ? {
            mapRuns: failed.map((f) => ({ mapRunArn: f.arn, failedChildren: f.found.children, moreFailedChildren: f.found.more })),
            ...(express ? { notKeptForExpressChildren: EXPRESS_CHILDREN_NOTE } : {}),
          }
        : {}),
    };
    printReport(explained, { json: opts.json, ...(Object.keys(jsonExtra).length > 0 ? { jsonExtra } : {}) }, ctx.stdout);
    if (!opts.json) {
      for (const f of failed) for (const line of failedChildrenLines(f.arn, f.found, false)) ctx.stdout.write(`${line}\n`);
      // Said once per report, whether or not a child failed: the rows above have no Wait/Lambda split.
      if (runs.length > 0 && express) ctx.stdout.write(`Note: each item's row comes from its child execution (DescribeExecution). ${EXPRESS_CHILDREN_NOTE}.\n`);
    }

    const status = described.status ?? "RUNNING";
    if (explained.report.status !== status) {
      say(`warning: DescribeExecution says ${status} but the execution history ends ${explained.report.status}; the exit code follows DescribeExecution`);
    }
    if (status === "ABORTED") {
      const took = described.stopDate && described.startDate ? ` after ${seconds(described.stopDate.getTime() - described.startDate.getTime())}` : "";
      say(`the execution was aborted${took} (StopExecution, or Stop in the console): ${last.executionArn}`);
    }
    return status === "SUCCEEDED" ? 0 : 1;
  } catch (e) {
    progress.clear();
    throw explainAwsError(e, errorContext);
  } finally {
    sfn.destroy();
  }
}

/** One execution followed to its end. */
interface Followed {
  readonly executionArn: string;
  readonly name: string;
  readonly history: HistoryEvent[];
  readonly described: DescribeExecutionCommandOutput;
}

/**
 * --logs over a chain: each execution's lines read with its own history (which
 * ties request ids to its items), then numbered on across the chain and timed
 * from the first execution's start, as the report's items are. A line read in
 * two windows (they overlap by the settling margin) is kept once, attributed
 * where its request id is known.
 */
async function chainLogs(executions: readonly Followed[], read: (f: Followed) => Promise<FunctionLogs | undefined>): Promise<FunctionLogs | undefined> {
  if (executions.length === 1) return read(executions[0]!);
  const t0 = executions[0]!.described.startDate?.getTime();
  const byKey = new Map<string, FunctionLogLine>();
  let incomplete = 0;
  let itemsBefore = 0;
  let any = false;
  for (const f of executions) {
    const logs = await read(f);
    if (logs) {
      any = true;
      incomplete += logs.incomplete;
      const shift = t0 !== undefined && f.described.startDate ? f.described.startDate.getTime() - t0 : 0;
      for (const line of logs.lines) {
        const key = `${line.logStream ?? ""}|${line.timestamp}|${line.line}`;
        const moved = { ...line, atMs: line.atMs + shift, index: line.index === null ? null : line.index + itemsBefore };
        if (!byKey.has(key) || byKey.get(key)!.index === null) byKey.set(key, moved);
      }
    }
    itemsBefore += f.history.reduce((n, e) => n + (e.type === "MapIterationStarted" ? 1 : 0), 0);
  }
  if (!any) return undefined;
  return { lines: [...byKey.values()].sort((a, b) => a.atMs - b.atMs), incomplete };
}

/**
 * --logs: the function's log group is --log-group; else the stack's
 * function_log_group output when the ARN is that same stack's; else the
 * default group of the function the definition invokes. A log group that
 * cannot be read is a warning: the execution's result stands.
 */
async function functionLogs(
  opts: ExecuteOptions & { env?: NodeJS.ProcessEnv | undefined },
  derived: DerivedSettings,
  history: HistoryEvent[],
  startDate: Date,
  described: DescribeExecutionCommandOutput,
  ctx: RunContext,
  say: (line: string) => void,
): Promise<FunctionLogs | undefined> {
  const sameStack = opts.arnFromStack || stackOutput("state_machine_arn", opts.stateFile) === opts.stateMachineArn;
  const functionName = derived.functionName && lambdaFunctionName(derived.functionName);
  const logGroup =
    opts.logGroup ??
    (sameStack ? stackOutput("function_log_group", opts.stateFile) : undefined) ??
    (functionName && !functionName.includes("$") ? `/aws/lambda/${functionName}` : undefined);
  if (!logGroup) {
    say("warning: no log group for --logs: pass --log-group");
    return undefined;
  }
  const client: CloudWatchLogsClient = logsClient(opts, opts.stateMachineArn);
  try {
    const logs = await readFunctionLogs(client, {
      logGroup,
      startMs: (described.startDate ?? startDate).getTime(),
      stopMs: (described.stopDate ?? new Date()).getTime(),
      history,
      ...(ctx.logSettleMs !== undefined ? { settleMs: ctx.logSettleMs } : {}),
    });
    if (logs.incomplete > 0) say(`warning: ${logs.incomplete} invocation(s) have no END line in ${logGroup} yet; CloudWatch Logs may still be delivering`);
    return logs;
  } catch (e) {
    const err = e as Error;
    if (err.name === "ResourceNotFoundException") say(`warning: log group ${logGroup} not found: no log lines (pass --log-group)`);
    else say(`warning: cannot read ${logGroup}: ${firstLine(explainAwsError(e, { service: "CloudWatch Logs", endpoint: opts.endpoint, profile: opts.profile }).message)}`);
    return undefined;
  } finally {
    client.destroy();
  }
}

/**
 * --logs: the function's log lines for every execution of the run, read from
 * CloudWatch Logs and tied to the report's items.
 */
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { lambdaFunctionName } from "../aws/arn";
import { logsClient } from "../aws/clients";
import { explainAwsError, firstLine } from "../aws/errors";
import { stackOutput } from "../aws/stack-outputs";
import type { Followed } from "./follow-chain";
import { readFunctionLogs, type FunctionLogLine, type FunctionLogs } from "./function-logs";
import type { ExecuteOptions } from "./options";
import type { DerivedSettings } from "./settings-from-definition";

/** What reading the logs needs besides the execution: the options, the settings read from the definition, and where warnings go. */
export interface LogsContext {
  readonly opts: ExecuteOptions & { env?: NodeJS.ProcessEnv | undefined };
  readonly derived: DerivedSettings;
  /** The start StartExecution (or the redrive) reported, when DescribeExecution gives none. */
  readonly startDate: Date;
  /** How long to wait for late log lines. */
  readonly logSettleMs?: number | undefined;
  readonly say: (line: string) => void;
}

/** --logs over the run's executions; undefined when no log group could be read. */
export function runLogs(executions: readonly Followed[], ctx: LogsContext): Promise<FunctionLogs | undefined> {
  return chainLogs(executions, (f) => functionLogs(f, ctx));
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
async function functionLogs(execution: Followed, ctx: LogsContext): Promise<FunctionLogs | undefined> {
  const { opts, say } = ctx;
  const logGroup = logGroupOf(ctx);
  if (!logGroup) {
    say("warning: no log group for --logs: pass --log-group");
    return undefined;
  }
  const client: CloudWatchLogsClient = logsClient(opts, opts.stateMachineArn);
  try {
    const { described, history } = execution;
    const logs = await readFunctionLogs(client, {
      logGroup,
      startMs: (described.startDate ?? ctx.startDate).getTime(),
      stopMs: (described.stopDate ?? new Date()).getTime(),
      history,
      ...(ctx.logSettleMs !== undefined ? { settleMs: ctx.logSettleMs } : {}),
    });
    if (logs.incomplete > 0) say(`warning: ${logs.incomplete} invocation(s) have no END line in ${logGroup} yet; CloudWatch Logs may still be delivering`);
    return logs;
  } catch (e) {
    const err = e as Error;
    if (err.name === "ResourceNotFoundException") say(`warning: log group ${logGroup} not found: no log lines (pass --log-group)`);
    else
      say(
        `warning: cannot read ${logGroup}: ${firstLine(explainAwsError(e, { service: "CloudWatch Logs", endpoint: opts.endpoint, profile: opts.profile }).message)}`,
      );
    return undefined;
  } finally {
    client.destroy();
  }
}

function logGroupOf({ opts, derived }: LogsContext): string | undefined {
  const sameStack = opts.arnFromStack || stackOutput("state_machine_arn", opts.stateFile) === opts.stateMachineArn;
  const functionName = derived.functionName && lambdaFunctionName(derived.functionName);
  return (
    opts.logGroup ??
    (sameStack ? stackOutput("function_log_group", opts.stateFile) : undefined) ??
    (functionName && !functionName.includes("$") ? `/aws/lambda/${functionName}` : undefined)
  );
}

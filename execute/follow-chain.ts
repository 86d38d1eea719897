/**
 * Following a run to its end: each execution until it is no longer RUNNING,
 * then its whole history, then the execution it continued as new (if any),
 * to the end of the chain.
 */
import type { DescribeExecutionCommandOutput, HistoryEvent, SFNClient } from "@aws-sdk/client-sfn";
import { executionNameOf } from "../aws/arn";
import { consoleLink } from "../aws/console-link";
import type { ProgressLine } from "../cli/progress";
import type { MapRunProgress } from "./map-runs";
import type { ItemProgress } from "./progress";
import { continuedAs, followExecution, readEndedHistory } from "./start-and-follow";

/** One execution followed to its end. */
export interface Followed {
  readonly executionArn: string;
  readonly name: string;
  readonly history: HistoryEvent[];
  readonly described: DescribeExecutionCommandOutput;
}

/** What the progress line shows while an execution runs. */
export interface FollowProgress {
  readonly status: string;
  readonly items?: ItemProgress | undefined;
  readonly mapRun?: MapRunProgress | undefined;
}

export interface FollowChainOptions {
  readonly pollMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly progress: ProgressLine<FollowProgress>;
  readonly say: (line: string) => void;
}

/** Every execution of the run, in order; "stopped" when the signal ended the following (the execution goes on). */
export async function followChain(sfn: SFNClient, firstArn: string, opts: FollowChainOptions): Promise<Followed[] | "stopped"> {
  const executions: Followed[] = [];
  let executionArn = firstArn;
  for (;;) {
    const described = await followOne(sfn, executionArn, opts);
    if (described === "stopped") return described;
    opts.progress.clear();
    const history = await readEndedHistory(sfn, executionArn);
    executions.push({ executionArn, name: executionNameOf(executionArn), history, described });
    const next = continuedAs(history);
    if (!next) return executions;
    opts.say(`${executionNameOf(executionArn)} continued as new: following ${next}`);
    executionArn = next;
  }
}

async function followOne(sfn: SFNClient, executionArn: string, opts: FollowChainOptions): Promise<DescribeExecutionCommandOutput | "stopped"> {
  const { progress, signal } = opts;
  try {
    return await followExecution(sfn, executionArn, {
      ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
      ...(signal ? { signal } : {}),
      countItems: progress.shown,
      onPoll: (status, items, mapRun) => progress.update({ status, items, mapRun }),
    });
  } catch (e) {
    if (signal?.aborted) {
      progress.clear();
      opts.say(`stopped following; the execution goes on: ${consoleLink(executionArn)}`);
      return "stopped";
    }
    throw e;
  }
}

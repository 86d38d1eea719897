/**
 * A Distributed Map in the report: the parent's history has the Map Run, not
 * the items. Each item's row comes from its child (ListExecutions +
 * DescribeExecution); the failed children are listed with what AWS keeps of them.
 */
import type { SFNClient } from "@aws-sdk/client-sfn";
import { explainAwsError, firstLine, type ErrorContext } from "../aws/errors";
import { withDescribedChildRows } from "../report/child-rows";
import type { HistoryEvent } from "../report/history-types";
import { isDistributedMap, itemProcessorOf } from "../stacks/definition";
import { allStates } from "../stacks/definition-walk";
import type { Explained } from "./explain";
import type { Followed } from "./follow-chain";
import {
  describeChildren,
  describeMapRun,
  EXPRESS_CHILDREN_NOTE,
  failedAmong,
  failedChildrenLines,
  mapRunArns,
  typedListRead,
  type ChildExecution,
} from "./map-runs";
import type { DerivedSettings } from "./settings-from-definition";

/** One Map Run of the run: its item count (DescribeMapRun) and its children as far as they could be listed. */
export interface MapRunRead {
  readonly arn: string;
  readonly total: number;
  readonly children: readonly ChildExecution[];
}

/** Every Map Run the run's executions started, with its children; a Map Run whose children cannot be listed keeps none (a warning). */
export async function readMapRuns(
  sfn: SFNClient,
  executions: readonly Followed[],
  say: (line: string) => void,
  errorContext: ErrorContext,
): Promise<MapRunRead[]> {
  const runs: MapRunRead[] = [];
  for (const arn of executions.flatMap((f) => mapRunArns(f.history as HistoryEvent[]))) {
    const total = (await describeMapRun(sfn, arn)).items.total;
    let children: ChildExecution[] = [];
    try {
      children = await describeChildren(sfn, arn);
    } catch (e) {
      // The execution's result stands without its rows (moto, for one, cannot list a Map Run's children).
      say(
        `warning: cannot list the children of ${arn} (ListExecutions, DescribeExecution): ${firstLine(explainAwsError(e, errorContext).message)}; its items stay NOT_STARTED in the report`,
      );
    }
    runs.push({ arn, total, children });
  }
  return runs;
}

/** The report with its items replaced by the children's rows; unchanged without a Map Run. */
export function withMapRunRows(fromHistory: Explained, runs: readonly MapRunRead[], executions: readonly Followed[], derived: DerivedSettings): Explained {
  if (runs.length === 0) return fromHistory;
  return {
    ...fromHistory,
    report: withDescribedChildRows(
      fromHistory.report,
      runs.flatMap((r) => r.children),
      {
        totalItems: runs.reduce((n, r) => n + r.total, 0),
        batched: Number(derived.values.batch_size) > 0,
        list: executions.length === 1 ? typedListRead(executions[0]!.history) : undefined,
      },
    ),
  };
}

/** What --json adds for the Map Runs: each one's failed children, and what Express children do not keep. */
export function mapRunsJson(runs: readonly MapRunRead[], express: boolean): Record<string, unknown> {
  if (runs.length === 0) return {};
  return {
    mapRuns: runs.map((r) => {
      const found = failedAmong(r.children);
      return { mapRunArn: r.arn, failedChildren: found.children, moreFailedChildren: found.more };
    }),
    ...(express ? { notKeptForExpressChildren: EXPRESS_CHILDREN_NOTE } : {}),
  };
}

/** The lines after the timeline: each Map Run's failed children, then (once) what Express children do not keep. */
export function mapRunLines(runs: readonly MapRunRead[], express: boolean): string[] {
  const lines = runs.flatMap((r) => failedChildrenLines(r.arn, failedAmong(r.children), false));
  // Said once per report, whether or not a child failed: the rows above have no Wait/Lambda split.
  if (runs.length > 0 && express) lines.push(`Note: each item's row comes from its child execution (DescribeExecution). ${EXPRESS_CHILDREN_NOTE}.`);
  return lines;
}

/** Whether a Distributed Map of the definition runs its items as Express child executions (ProcessorConfig.ExecutionType). */
export function expressChildren(definition: string | undefined): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition ?? "{}");
  } catch {
    return false;
  }
  return allStates(parsed).some((s) => isDistributedMap(s.state) && itemProcessorOf(s.state)?.ProcessorConfig?.ExecutionType === "EXPRESS");
}

/**
 * An execution's history as the report and the timeline's input, through the
 * very function `npm start` uses (report/report.ts buildReport), so the two
 * commands cannot drift. Adds what the history itself tells about the run:
 * the table that was read and the list read from it (GetItem's output), as
 * `npm start` shows them.
 *
 * Pure: no SDK calls.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { HistoryEvent } from "../report/history-types";
import { buildChainReport } from "../report/chain-report";
import { buildReport, type NamedHistory, type Report } from "../report/report";
import type { TimelineInput } from "../report/timeline";
import type { SettingValues } from "../stacks/settings";
import { LIST_ATTRIBUTE } from "../stacks/table-schema";

export interface ExplainInput {
  readonly values: SettingValues;
  readonly sources?: Readonly<Record<string, string>>;
  /** The table the definition names, when the history does not show one. */
  readonly tableName?: string;
  readonly logs?: TimelineInput["logs"];
}

export interface Explained extends TimelineInput {
  readonly report: Report;
}

export function explainHistory(history: readonly HistoryEvent[], input: ExplainInput): Explained {
  return explained(buildReport(history, input.values), history, input);
}

/**
 * The executions of one run (it continued as new: each ContinueAsNew started
 * the next) as one report, through the function `npm start` uses for its chain.
 */
export function explainExecutions(executions: readonly NamedHistory[], input: ExplainInput): Explained {
  return explained(buildChainReport(executions, input.values), executions[0]?.history ?? [], input);
}

function explained(report: Report, history: readonly HistoryEvent[], input: ExplainInput): Explained {
  const read = listRead(history);
  const tableName = read.tableName ?? input.tableName;
  return {
    report,
    ...(input.sources ? { sources: input.sources } : {}),
    ...(tableName !== undefined ? { tableName } : {}),
    ...(read.itemsRead !== undefined ? { itemsRead: read.itemsRead } : {}),
    ...(input.logs ? { logs: input.logs } : {}),
  };
}

/**
 * The GetItem the execution made: its table (TaskScheduled parameters) and
 * the list it returned (TaskSucceeded output) as plain JSON, null when the
 * item or its list was missing; undefined when the history shows no GetItem.
 */
function listRead(history: readonly HistoryEvent[]): { tableName?: string; itemsRead?: unknown[] | null } {
  const isGetItem = (d: { resourceType?: string | undefined; resource?: string | undefined } | undefined) =>
    d?.resourceType === "dynamodb" && d.resource === "getItem";
  const scheduled = history.find((e) => e.type === "TaskScheduled" && isGetItem(e.taskScheduledEventDetails));
  const succeeded = history.find((e) => e.type === "TaskSucceeded" && isGetItem(e.taskSucceededEventDetails));
  const params = parse(scheduled?.taskScheduledEventDetails?.parameters) as { TableName?: unknown } | undefined;
  const out: { tableName?: string; itemsRead?: unknown[] | null } = {};
  if (typeof params?.TableName === "string") out.tableName = params.TableName;
  if (succeeded) {
    const result = parse(succeeded.taskSucceededEventDetails?.output) as { Item?: Record<string, AttributeValue> } | undefined;
    let list: unknown;
    try {
      list = result?.Item ? unmarshall(result.Item)[LIST_ATTRIBUTE] : undefined;
    } catch {
      list = undefined;
    }
    out.itemsRead = Array.isArray(list) ? list : null;
  }
  return out;
}

function parse(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

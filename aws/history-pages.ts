/**
 * GetExecutionHistory, every page: the whole history for the report, and
 * only the events since the last look for the progress line.
 */
import {
  GetExecutionHistoryCommand,
  type GetExecutionHistoryCommandInput,
  type GetExecutionHistoryCommandOutput,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";

/** The one call these pagers make; an SFNClient is one. */
export interface HistoryClient {
  send(command: GetExecutionHistoryCommand): Promise<GetExecutionHistoryCommandOutput>;
}

/** The largest page the API gives. */
const MAX_PAGE = 1000;

/** Every event of the execution, oldest first, following nextToken to the last page. */
export async function readHistory(client: HistoryClient, executionArn: string, pageSize = MAX_PAGE): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const page of pages(client, { executionArn, maxResults: pageSize })) events.push(...(page.events ?? []));
  return events;
}

/**
 * The events with an id above `afterId`, oldest first: pages newest first
 * (reverseOrder) and stops at the first page that reaches back to `afterId`,
 * so each poll costs one call however long the history has grown. Without
 * the execution's data: the progress line needs only the event types.
 */
export async function eventsAfter(client: HistoryClient, executionArn: string, afterId: number, pageSize = MAX_PAGE): Promise<HistoryEvent[]> {
  const fresh: HistoryEvent[] = [];
  for await (const page of pages(client, { executionArn, maxResults: pageSize, reverseOrder: true, includeExecutionData: false })) {
    const events = page.events ?? [];
    fresh.push(...events.filter((e) => (e.id ?? 0) > afterId));
    if (events.some((e) => (e.id ?? 0) <= afterId)) break;
  }
  return fresh.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

async function* pages(client: HistoryClient, input: GetExecutionHistoryCommandInput): AsyncGenerator<GetExecutionHistoryCommandOutput> {
  let nextToken: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ ...input, ...(nextToken ? { nextToken } : {}) }));
    yield page;
    nextToken = page.nextToken;
    // A token handed out twice would loop forever: no service should, an emulator might.
    if (nextToken !== undefined && seen.has(nextToken)) throw new Error(`GetExecutionHistory returned the nextToken ${nextToken} twice`);
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken);
}

/**
 * The GetExecutionHistory pagers. The only test with a stand-in client: its
 * `send` serves a fixed history in pages with nextToken, as the API does, and
 * records what it was asked. Everything else talks to real servers.
 */
import type { GetExecutionHistoryCommand, GetExecutionHistoryCommandInput, GetExecutionHistoryCommandOutput, HistoryEvent } from "@aws-sdk/client-sfn";
import { buildReport } from "../../report/report";
import { settingsWith } from "../../local/settings/settings-input";
import { eventsAfter, readHistory, type HistoryClient } from "../../aws/history-pages";
import { ItemCounter } from "../../execute/progress";
import * as aws from "../execute/aws-histories";

const EXECUTION = `arn:aws:states:${aws.REGION}:${aws.ACCOUNT}:execution:stepfunctions-map-workflow:run-1`;

/** Serves `history` `pageSize` events at a time, newest first when asked; tokens are opaque strings. */
function pagedService(history: readonly HistoryEvent[], pageSize: number) {
  const requests: GetExecutionHistoryCommandInput[] = [];
  const client: HistoryClient = {
    async send(command: GetExecutionHistoryCommand): Promise<GetExecutionHistoryCommandOutput> {
      const input = command.input;
      requests.push(input);
      if (input.executionArn !== EXECUTION) throw new Error(`unexpected executionArn ${input.executionArn}`);
      const ordered = input.reverseOrder ? [...history].reverse() : [...history];
      const from = input.nextToken ? Number(input.nextToken.replace("page-after-", "")) : 0;
      const size = Math.min(pageSize, input.maxResults ?? pageSize);
      const events = ordered.slice(from, from + size).map((e) => (input.includeExecutionData === false ? withoutData(e) : e));
      const next = from + size < ordered.length ? { nextToken: `page-after-${from + size}` } : {};
      return { $metadata: {}, events, ...next };
    },
  };
  return { client, requests };
}

/** What includeExecutionData=false drops: inputs and outputs. */
function withoutData(e: HistoryEvent): HistoryEvent {
  const json = JSON.parse(JSON.stringify(e), (k, v) => (k === "input" || k === "output" ? undefined : v)) as HistoryEvent;
  return { ...json, timestamp: e.timestamp };
}

const settings = settingsWith({ max_concurrency: 3, wait_seconds: 2 });

test("readHistory asks for every page with the previous page's token; the report equals the unpaged one", async () => {
  const history = aws.succeededWithRetry();
  expect(history).toHaveLength(43);
  const { client, requests } = pagedService(history, 20);
  const paged = await readHistory(client, EXECUTION);

  expect(requests.map((r) => r.nextToken)).toEqual([undefined, "page-after-20", "page-after-40"]);
  for (const r of requests) expect(r).toMatchObject({ executionArn: EXECUTION, maxResults: 1000 });
  expect(requests.every((r) => r.reverseOrder === undefined)).toBe(true);
  expect(paged).toEqual(history);
  expect(buildReport(paged, settings)).toEqual(buildReport(history, settings));
});

test("a failed item split over pages: the same report, failed item and aborts included", async () => {
  const history = aws.failedItem();
  const { client, requests } = pagedService(history, 15);
  const report = buildReport(await readHistory(client, EXECUTION), settings);
  expect(requests).toHaveLength(3);
  expect(report).toEqual(buildReport(history, settings));
  expect(report.failedItem?.index).toBe(1);
});

test("a one-page history is one request", async () => {
  const { client, requests } = pagedService(aws.timedOut(), 1000);
  expect(await readHistory(client, EXECUTION)).toHaveLength(13);
  expect(requests).toHaveLength(1);
});

test("a token served twice is an error, not an endless loop", async () => {
  const client: HistoryClient = { send: async () => ({ $metadata: {}, events: [], nextToken: "same" }) };
  await expect(readHistory(client, EXECUTION)).rejects.toThrow(/nextToken same twice/);
});

describe("eventsAfter: the progress line's look at new events only", () => {
  test("pages newest first without data and stops at the first page that reaches the last id seen", async () => {
    const history = aws.succeededWithRetry();
    const { client, requests } = pagedService(history, 10);
    const fresh = await eventsAfter(client, EXECUTION, 25);
    expect(fresh.map((e) => e.id)).toEqual(Array.from({ length: 18 }, (_, i) => 26 + i));
    // 43..34, then 33..24 holds id 25: two pages, not five.
    expect(requests).toHaveLength(2);
    expect(requests[1]!.nextToken).toBe("page-after-10");
    for (const r of requests) expect(r).toMatchObject({ reverseOrder: true, includeExecutionData: false });
  });

  test("polled as the history grows, the item counts end where the whole history says", async () => {
    const history = aws.succeededWithRetry();
    const counter = new ItemCounter();
    const seen: string[] = [];
    for (const length of [5, 16, 16, 29, 35, 43]) {
      const { client } = pagedService(history.slice(0, length), 4);
      counter.add(await eventsAfter(client, EXECUTION, counter.lastId));
      const p = counter.progress;
      seen.push(`${p.started}/${p.succeeded + p.failed + p.aborted}/${p.total ?? "-"}`);
    }
    expect(seen).toEqual(["0/0/-", "3/0/3", "3/0/3", "3/0/3", "3/2/3", "3/3/3"]);
    expect(counter.lastId).toBe(43);
  });
});

test("ItemCounter numbers items on across pages (item_source rows runs the Map once per page)", () => {
  let id = 0;
  const ev = (type: string, extra: object = {}): HistoryEvent => ({ id: ++id, type, timestamp: new Date(1_000 + id), ...extra }) as HistoryEvent;
  const page = (length: number) => [
    ev("MapStateEntered", { stateEnteredEventDetails: { name: "MapState" } }),
    ev("MapStateStarted", { mapStateStartedEventDetails: { length } }),
    ...Array.from({ length }, (_, index) => ev("MapIterationSucceeded", { mapIterationSucceededEventDetails: { name: "MapState", index } })),
  ];
  const counter = new ItemCounter();
  counter.add(page(3));
  counter.add(page(2));
  expect(counter.progress).toMatchObject({ total: 5, succeeded: 5 });
});

/**
 * Issue 20's comparison: the bare engine (aws-local-stepfunctions, patched as
 * installed, its event log read as the project reads it) beside the project's
 * whole path, on the same built definition (rows, INLINE, one Express
 * execution, pages of 1,000, concurrency 40, wait 0) and the same trivial
 * function, each in a fresh process (compare-child.ts). The bare engine's
 * GetItem and Query answer from the table's items held in memory (scanned
 * from the seeded dynalite once); the whole path calls dynalite, journals the
 * calls, adds the quota and Distributed Map layers, builds the AWS history and
 * the report.
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { startLocalDynamo } from "../local/dynamodb/server";
import { projectDefinition } from "../local/run/project-definition";
import { runOffline } from "../local/run/run-offline";
import { settingsWith } from "../local/settings/settings-input";
import { writeRows } from "../seed/write-rows";
import { DYNAMODB_GET_ITEM, DYNAMODB_QUERY, LAMBDA_INVOKE } from "../stacks/definition/asl";
import { taskStates } from "../stacks/definition-walk";
import { resourceNames } from "../stacks/settings";

type Item = Record<string, AttributeValue>;
type Handler = (input: unknown) => Promise<unknown>;

const SETTINGS = { item_source: "rows", workflow_type: "EXPRESS", page_size: 1000, wait_seconds: 0, max_concurrency: 40, timeout_seconds: 300 } as const;
const FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:bench";

/** The list both sides run: the same n elements. */
const listOf = (n: number) => Array.from({ length: n }, (_, i) => `item-${i}`);

/** The whole path: ms from ExecutionStarted to the report in hand (dynalite started and seeded before). */
export async function wholeRun(n: number, trivial: (event: unknown) => unknown): Promise<number> {
  const list = listOf(n);
  // As npm start runs: histories folded, none kept.
  const { report } = await runOffline({
    list,
    settings: SETTINGS,
    handler: async (e) => trivial(e),
    warn: () => {},
    keepHistories: false,
    keepLastHistory: false,
  });
  const wholeMs = Date.now() - Date.parse(report.startedAt!);
  if (report.status !== "SUCCEEDED" || report.items.length !== n) throw new Error(`whole path ended ${report.status} with ${report.items.length} items`);
  return wholeMs;
}

/** The same definition on the bare engine, its tasks answered from memory; ms from run() to its result with its log read. */
export async function bareRun(n: number, trivial: (event: unknown) => unknown): Promise<number> {
  const list = listOf(n);
  const settings = settingsWith(SETTINGS);
  const names = resourceNames(settings.name_prefix);
  const items = await seededItems(names.table, list);
  const definition = projectDefinition(settings, { tableName: names.table, functionArn: FUNCTION_ARN });
  const byResource: Record<string, Handler> = {
    [DYNAMODB_GET_ITEM]: async (p) => getItem(items, p as { Key: Item }),
    [DYNAMODB_QUERY]: async (p) => query(items, p as QueryParams),
    [LAMBDA_INVOKE]: async (p) => ({ StatusCode: 200, Payload: trivial((p as { Payload: unknown }).Payload) }),
  };
  const handlers = Object.fromEntries(taskStates(definition).map((t) => [t.name, byResource[t.resource]!]));
  const machine = new StateMachine(definition as StateMachineDefinition);
  const start = performance.now();
  const execution = machine.run(
    {},
    {
      context: { Execution: { Id: "arn:aws:states:us-east-1:000000000000:express:bench:bare", Name: "bare" } },
      overrides: { taskResourceLocalHandlers: handlers as never },
    },
  );
  let events = 0;
  const drained = (async () => {
    for await (const _ of execution.eventLogs) events++;
  })();
  const output = (await execution.result) as { pages?: number } | null;
  await drained;
  const ms = performance.now() - start;
  if (events < list.length) throw new Error(`bare engine logged ${events} events for ${list.length} items (output ${JSON.stringify(output)})`);
  return ms;
}

/** The table's items after the project's own seeding, scanned into memory once. */
async function seededItems(tableName: string, list: readonly string[]): Promise<Item[]> {
  const local = await startLocalDynamo({ tableName });
  try {
    await writeRows(local.client, tableName, list);
    return await scanAll(local.client, tableName);
  } finally {
    await local.close();
  }
}

async function scanAll(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out.sort((a, b) => (a.position!.S! < b.position!.S! ? -1 : 1));
}

const keyOf = (i: Item) => `${i.mapstatelist?.S}\u0000${i.position?.S}`;

function getItem(items: readonly Item[], p: { Key: Item }): object {
  const key = keyOf(p.Key);
  const found = items.find((i) => keyOf(i) === key);
  return found ? { Item: found } : {};
}

interface QueryParams {
  readonly ExpressionAttributeValues: { ":list": { S: string } };
  readonly Limit: number;
  readonly ExclusiveStartKey?: Item;
}

/** A Query on the partition, in position order, after ExclusiveStartKey, at most Limit items. */
function query(items: readonly Item[], p: QueryParams): object {
  const list = p.ExpressionAttributeValues[":list"].S;
  const after = p.ExclusiveStartKey?.position?.S;
  const page = items.filter((i) => i.mapstatelist?.S === list && (after === undefined || i.position!.S! > after)).slice(0, p.Limit);
  const last = page.length === p.Limit ? page.at(-1) : undefined;
  return {
    Count: page.length,
    ScannedCount: page.length,
    Items: page,
    ...(last ? { LastEvaluatedKey: { mapstatelist: last.mapstatelist!, position: last.position! } } : {}),
  };
}

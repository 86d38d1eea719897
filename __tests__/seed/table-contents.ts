/**
 * What a table holds, read with Scan, for tests that check "exactly one whole
 * list" and "nothing left over": rows split into live ones (of the current or
 * an unfinished version) and expiring ones (superseded, with the TTL
 * attribute), version records, and helpers to empty the table. Not a test file.
 */
import { BatchWriteItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EXPIRES_AT_ATTRIBUTE, LIST_ITEM_KEY, PARTITION_KEY, ROW_ATTRIBUTE, SORT_KEY, VERSION_PREFIX } from "../../stacks/table-schema";

async function scanAll(client: DynamoDBClient, table: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export interface TableContents {
  /** Rows without the TTL attribute, by version partition. */
  readonly live: Map<string, number>;
  /** Rows of superseded versions (with the TTL attribute). */
  readonly expiring: number;
  /** Version records by state. */
  readonly records: Record<string, string>;
}

export async function tableContents(client: DynamoDBClient, table: string): Promise<TableContents> {
  const live = new Map<string, number>();
  let expiring = 0;
  const records: Record<string, string> = {};
  for (const item of await scanAll(client, table)) {
    const pk = item[PARTITION_KEY]!.S!;
    const sk = item[SORT_KEY]!.S!;
    if (pk === LIST_ITEM_KEY && sk.startsWith(VERSION_PREFIX)) records[sk] = item.state?.S ?? "?";
    if (!item[ROW_ATTRIBUTE]) continue;
    if (item[EXPIRES_AT_ATTRIBUTE]) expiring++;
    else live.set(pk, (live.get(pk) ?? 0) + 1);
  }
  return { live, expiring, records };
}

/** Rows without the TTL attribute, in all versions. */
export async function liveRows(client: DynamoDBClient, table: string): Promise<number> {
  return [...(await tableContents(client, table)).live.values()].reduce((a, b) => a + b, 0);
}

/** Deletes every item. */
export async function emptyTable(client: DynamoDBClient, table: string): Promise<void> {
  const keys = (await scanAll(client, table)).map((i) => ({ [PARTITION_KEY]: i[PARTITION_KEY]!, [SORT_KEY]: i[SORT_KEY]! }));
  for (let i = 0; i < keys.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) } }));
  }
}

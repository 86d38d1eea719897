/**
 * Versions of the `rows` layout (keys: stacks/table-schema.ts): a seed writes
 * its list into a partition of its own and makes it current with one
 * conditional write on the pointer item, so readers see the old list whole
 * until that write and the new list whole after it, whatever else happens.
 *
 * A seed, in order:
 *  1. claims the pointer: one UpdateItem sets `claimedBy` to its version and
 *     takes a ticket (ADD 1), and returns the version current at that moment
 *     (the version it started from). A later seed's claim replaces this one;
 *  2. registers its version (a record, state "writing", with its ticket);
 *  3. cleans up versions of seeds that claimed before it and never became
 *     current (killed, or about to lose: their rows go, their records stay
 *     "abandoned" for 2 × retention in case their seed still writes), and
 *     superseded versions past expiry;
 *  4. writes its rows;
 *  5. commits: UpdateItem of the pointer, `version` = its own, on condition
 *     that `claimedBy` is still its own and `version` is still the one it
 *     started from. DynamoDB evaluates the condition and the write as one
 *     atomic operation ("Conditional writes ... succeed only if the item
 *     attributes meet one or more expected conditions", DynamoDB Developer
 *     Guide, "Working with items: conditional writes",
 *     https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate).
 *     A seed whose condition fails lost a race: it removes its rows and fails
 *     with ListChangedError;
 *  6. retires the version it replaced: the record says "superseded", and it
 *     and its rows get `expiresAt` (the table's TTL attribute) 2 × retention
 *     ahead.
 *
 * Why step 3 is safe: a commit needs the pointer's `claimedBy` to name the
 * committing seed, and every claim replaces the one before. So once a seed
 * has claimed, no version whose seed claimed earlier can become current
 * except the one the pointer already names, which cleanup never touches.
 * Versions of seeds that claimed later (higher tickets) are left alone.
 *
 * Expiry: DynamoDB's TTL deletes expired items "typically within a few days"
 * of expiry, not at once, and never on a local server ("Using time to live
 * (TTL) in DynamoDB", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html).
 * So the seed deletes expired versions itself (step 3), and readers never
 * read a version they did not pin from the pointer; a chained execution
 * checks its pinned version's record before it goes on (stacks/definition/rows-reader.ts).
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type QueryCommandInput,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { randomBytes } from "node:crypto";
import { marshall } from "@aws-sdk/util-dynamodb";
import {
  EXPIRES_AT_ATTRIBUTE,
  FIRST_POSITION,
  LAST_POSITION,
  LIST_ITEM_KEY,
  PARTITION_KEY,
  ROWS_POINTER_ID,
  rowsPartition,
  SORT_KEY,
  VERSION_ATTRIBUTE,
  VERSION_PREFIX,
} from "../stacks/table-schema";
import { writeAll, type BatchOptions, type RowsClient } from "./batch-writer";
import { explainDynamoError } from "./write-list";
import { ListChangedError } from "./list-changed";
export { LIST_CHANGED_MESSAGE, ListChangedError } from "./list-changed";

/**
 * How long a superseded version stays readable, by default: one day. An
 * execution that pinned it (started before it was superseded) reads it to its
 * end as long as timeout_seconds is at most this; a chain's next execution
 * may still start on it until this long after it was superseded, and then
 * has as long again before its rows expire (expiresAt = superseded + 2 × retention).
 */
export const DEFAULT_RETENTION_SECONDS = 86_400;

/** A version record's `state`. */
type VersionState = "writing" | "current" | "superseded" | "abandoned";

/** Record attributes (the record's sort key is the version's partition key). */
const STATE = "state";
const TICKET = "ticket";
const CLAIMED_BY = "claimedBy";
const TICKETS = "tickets";
/** ISO time until which a chain's next execution may start on a superseded version. */
const READABLE_UNTIL_ATTRIBUTE = "readableUntil";

export interface VersionOptions extends BatchOptions {
  /** Seconds a superseded version stays readable (default one day). */
  readonly retentionSeconds?: number;
  /** The clock (tests). */
  readonly now?: () => Date;
}

/** A seed's own version, from its claim on. */
export interface SeedVersion {
  /** The version's partition key, e.g. "mapitems#v1764100796000-3fa9c2d1". */
  readonly partition: string;
  readonly ticket: number;
  /** The version current when this seed claimed the pointer (undefined: none). */
  readonly startedFrom: string | undefined;
}

/** A new version id: the time first, so versions sort by age; random after, so two seeds never share one. */
function newVersionPartition(now = new Date()): string {
  return rowsPartition(`v${now.getTime()}-${randomBytes(4).toString("hex")}`);
}

/** A partition key as long as every real one (until the year 2286): the check pass sizes rows with it. */
export const SIZING_PARTITION = rowsPartition(`v${"0".repeat(13)}-${"0".repeat(8)}`);

/** The current rows version's partition key (ConsistentRead), or undefined when the list was never seeded. */
export async function currentVersion(client: RowsClient, table: string): Promise<string | undefined> {
  const out = await call(table, () => client.send(new GetItemCommand({ TableName: table, Key: marshall(ROWS_POINTER_ID), ConsistentRead: true })));
  return out.Item?.[VERSION_ATTRIBUTE]?.S;
}

/** Steps 1 to 3: claim the pointer, register the version, clean up what earlier seeds left. */
export async function beginVersion(client: RowsClient, table: string, opts: VersionOptions = {}): Promise<SeedVersion & { removed: number }> {
  const now = opts.now?.() ?? new Date();
  const partition = newVersionPartition(now);
  const claimed = await call(table, () =>
    client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: marshall(ROWS_POINTER_ID),
        UpdateExpression: "SET #claimedBy = :me ADD #tickets :one",
        ExpressionAttributeNames: { "#claimedBy": CLAIMED_BY, "#tickets": TICKETS },
        ExpressionAttributeValues: { ":me": { S: partition }, ":one": { N: "1" } },
        ReturnValues: "ALL_NEW",
      }),
    ),
  );
  const ticket = Number(claimed.Attributes?.[TICKETS]?.N);
  const startedFrom = claimed.Attributes?.[VERSION_ATTRIBUTE]?.S;
  await call(table, () =>
    client.send(
      new PutItemCommand({
        TableName: table,
        Item: marshall({ [PARTITION_KEY]: LIST_ITEM_KEY, [SORT_KEY]: partition, [STATE]: "writing", [TICKET]: ticket, createdAt: now.toISOString() }),
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY },
      }),
    ),
  );
  const version = { partition, ticket, startedFrom };
  const removed = await cleanUp(client, table, version, opts);
  return { ...version, removed };
}

/**
 * Step 5: the one conditional write that makes `version` current. Throws
 * ListChangedError (after removing the version) when another seed claimed or
 * committed since this one claimed.
 */
export async function commitVersion(client: RowsClient, table: string, version: SeedVersion, count: number, opts: VersionOptions = {}): Promise<void> {
  const now = opts.now?.() ?? new Date();
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: marshall(ROWS_POINTER_ID),
        UpdateExpression: "SET #version = :me, #count = :count, #seededAt = :now REMOVE #claimedBy",
        ConditionExpression:
          version.startedFrom === undefined ? "#claimedBy = :me AND attribute_not_exists(#version)" : "#claimedBy = :me AND #version = :startedFrom",
        ExpressionAttributeNames: { "#version": VERSION_ATTRIBUTE, "#claimedBy": CLAIMED_BY, "#count": "count", "#seededAt": "seededAt" },
        ExpressionAttributeValues: {
          ":me": { S: version.partition },
          ":count": { N: String(count) },
          ":now": { S: now.toISOString() },
          ...(version.startedFrom === undefined ? {} : { ":startedFrom": { S: version.startedFrom } }),
        },
      }),
    );
  } catch (e) {
    if ((e as Error)?.name !== "ConditionalCheckFailedException") throw explainDynamoError(e, table);
    await abandonVersion(client, table, version, opts);
    throw new ListChangedError();
  }
  await setState(client, table, version.partition, { [STATE]: "current", count });
  if (version.startedFrom) await retireVersion(client, table, version.startedFrom, opts);
}

/**
 * Removes a version that will never be current (a failed or lost seed's
 * own), and gives back the claim if it still holds it. Best effort: what a
 * failure here leaves, the next seed removes.
 */
export async function abandonVersion(client: RowsClient, table: string, version: SeedVersion, opts: BatchOptions = {}): Promise<void> {
  try {
    await setState(client, table, version.partition, { [STATE]: "abandoned" });
    await removeVersion(client, table, version.partition, opts);
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: marshall(ROWS_POINTER_ID),
        UpdateExpression: "REMOVE #claimedBy",
        ConditionExpression: "#claimedBy = :me",
        ExpressionAttributeNames: { "#claimedBy": CLAIMED_BY },
        ExpressionAttributeValues: { ":me": { S: version.partition } },
      }),
    );
  } catch {
    // The next seed's cleanup removes it: the version can never become current.
  }
}

/**
 * Step 6: `partition` is no longer current. Its record and its rows get
 * expiresAt = now + 2 × retention (TTL); the record also says until when a
 * chain may still start reading it (now + retention).
 */
async function retireVersion(client: RowsClient, table: string, partition: string, opts: VersionOptions = {}): Promise<void> {
  const now = opts.now?.() ?? new Date();
  const retention = opts.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
  const expiresAt = Math.floor(now.getTime() / 1000) + 2 * retention;
  await setState(client, table, partition, {
    [STATE]: "superseded",
    supersededAt: now.toISOString(),
    [READABLE_UNTIL_ATTRIBUTE]: new Date(now.getTime() + retention * 1000).toISOString(),
    [EXPIRES_AT_ATTRIBUTE]: expiresAt,
  });
  // Re-put each row with the TTL attribute: BatchWriteItem has no update, and the rows are read anyway.
  await writeAll(
    client,
    table,
    mapAsync(queryPartition(client, table, partition, false), (item): WriteRequest => ({
      PutRequest: { Item: { ...item, [EXPIRES_AT_ATTRIBUTE]: { N: String(expiresAt) } } },
    })),
    opts,
  );
}

/** Step 3. Returns the number of rows removed. */
async function cleanUp(client: RowsClient, table: string, me: SeedVersion, opts: VersionOptions): Promise<number> {
  const nowSeconds = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
  let removed = 0;
  for await (const record of queryRecords(client, table)) {
    const partition = record[SORT_KEY]?.S;
    const ticket = Number(record[TICKET]?.N ?? 0);
    // The current version, this seed's own, and those of seeds that claimed after this one: not ours to touch.
    if (!partition || partition === me.startedFrom || partition === me.partition || ticket >= me.ticket) continue;
    const state = record[STATE]?.S as VersionState | undefined;
    const expiresAt = Number(record[EXPIRES_AT_ATTRIBUTE]?.N ?? Infinity);
    if (state === "writing" || state === "abandoned" || state === undefined) {
      // Its seed may still be alive and write a few more rows before it finds it lost (or is
      // killed): the record stays, marked abandoned, so the next seed deletes those too; it
      // goes once its seed has surely stopped (created more than 2 × retention ago).
      if (state === "writing") await setState(client, table, partition, { [STATE]: "abandoned" });
      removed += await deleteKeys(client, table, queryPartition(client, table, partition, true), opts);
      const createdAt = Date.parse(record.createdAt?.S ?? "");
      const retention = opts.retentionSeconds ?? DEFAULT_RETENTION_SECONDS;
      if (!(createdAt > nowSeconds * 1000 - 2 * retention * 1000)) removed += await removeVersion(client, table, partition, opts);
    } else if (state === "current") {
      // Its seed was superseded but stopped before it retired it: retire it now.
      await retireVersion(client, table, partition, opts);
    } else if (expiresAt <= nowSeconds) {
      removed += await removeVersion(client, table, partition, opts);
    }
  }
  return removed;
}

/** Deletes a version's rows, then its record (so a failure half-way leaves the record to find it by). */
async function removeVersion(client: RowsClient, table: string, partition: string, opts: BatchOptions = {}): Promise<number> {
  const removed = await deleteKeys(client, table, queryPartition(client, table, partition, true), opts);
  await call(table, () => client.send(new DeleteItemCommand({ TableName: table, Key: marshall({ [PARTITION_KEY]: LIST_ITEM_KEY, [SORT_KEY]: partition }) })));
  return removed;
}

/**
 * Rows of the layout before versions (partition "mapitems", positions as
 * sort keys): deleted once a version is current, since no reader reads them.
 */
export async function removeUnversionedRows(client: RowsClient, table: string, opts: BatchOptions = {}): Promise<number> {
  return deleteKeys(client, table, queryPartition(client, table, LIST_ITEM_KEY, true, [FIRST_POSITION, LAST_POSITION]), opts);
}

/** The rows of one version (or of a position range of a partition), whole or keys only, page by page. */
export function queryPartition(
  client: RowsClient,
  table: string,
  partition: string,
  keysOnly: boolean,
  positions?: readonly [string, string],
): AsyncGenerator<Record<string, AttributeValue>, void, undefined> {
  return queryAll(client, table, {
    KeyConditionExpression: positions ? "#pk = :pk AND #sk BETWEEN :from AND :to" : "#pk = :pk",
    ExpressionAttributeNames: { "#pk": PARTITION_KEY, ...(positions || keysOnly ? { "#sk": SORT_KEY } : {}) },
    ExpressionAttributeValues: { ":pk": { S: partition }, ...(positions ? { ":from": { S: positions[0] }, ":to": { S: positions[1] } } : {}) },
    ProjectionExpression: keysOnly ? "#pk, #sk" : undefined,
  });
}

/** Every version record (partition "mapitems", sort keys "mapitems#..."). */
function queryRecords(client: RowsClient, table: string): AsyncGenerator<Record<string, AttributeValue>, void, undefined> {
  return queryAll(client, table, {
    KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
    ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
    ExpressionAttributeValues: { ":pk": { S: LIST_ITEM_KEY }, ":prefix": { S: VERSION_PREFIX } },
  });
}

/** Every item a Query matches, following LastEvaluatedKey, strongly consistent. */
async function* queryAll(
  client: RowsClient,
  table: string,
  query: Omit<QueryCommandInput, "TableName" | "ConsistentRead" | "ExclusiveStartKey">,
): AsyncGenerator<Record<string, AttributeValue>, void, undefined> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await call(table, () => client.send(new QueryCommand({ ...query, TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey })));
    yield* out.Items ?? [];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

async function deleteKeys(client: RowsClient, table: string, keys: AsyncIterable<Record<string, AttributeValue>>, opts: BatchOptions): Promise<number> {
  return writeAll(
    client,
    table,
    mapAsync(keys, (key): WriteRequest => ({ DeleteRequest: { Key: key } })),
    opts,
  );
}

/** Sets attributes of a version record that exists (a record removed meanwhile stays removed). */
async function setState(client: RowsClient, table: string, partition: string, values: Record<string, unknown>): Promise<void> {
  const names = Object.keys(values);
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: marshall({ [PARTITION_KEY]: LIST_ITEM_KEY, [SORT_KEY]: partition }),
        UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(", ")}`,
        ConditionExpression: "attribute_exists(#pk)",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY, ...Object.fromEntries(names.map((n, i) => [`#a${i}`, n])) },
        ExpressionAttributeValues: marshall(Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n]]))),
      }),
    );
  } catch (e) {
    if ((e as Error)?.name !== "ConditionalCheckFailedException") throw explainDynamoError(e, table);
  }
}

async function* mapAsync<T, U>(items: AsyncIterable<T>, f: (item: T) => U): AsyncGenerator<U, void, undefined> {
  for await (const item of items) yield f(item);
}

/** Runs one call; a missing table becomes a one-line error naming it. */
async function call<T>(table: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    throw explainDynamoError(e, table);
  }
}

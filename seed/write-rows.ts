/**
 * Writes a work list in `rows` layout (see stacks/table-schema.ts): one item
 * per element, partition key "mapitems", sort key the element's zero-padded
 * position, value in the `value` attribute.
 *
 * Rows go out with BatchWriteItem, 25 per request and several requests in
 * flight; items DynamoDB leaves unprocessed are sent again after an
 * exponential, fully jittered delay. Once the list is written, rows left from
 * an earlier, longer list are deleted, so the partition holds exactly the new
 * list and seeding the same file twice leaves the same rows.
 *
 * Each element is checked (DynamoDB's item limit, Step Functions' payload
 * limit, and DynamoDB's rules for numbers and nesting: dynamo-rules.ts)
 * before it is written. `seedRows` reads the file twice: a first pass checks
 * every element, so bad input writes nothing; the second writes. Standard
 * input ("-") or a pipe cannot be read twice: the first pass copies it to a
 * temporary file, which the second pass reads.
 */
import {
  BatchWriteItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { marshall } from "@aws-sdk/util-dynamodb";
import {
  FIRST_POSITION,
  LAST_POSITION,
  LIST_ITEM_KEY,
  PARTITION_KEY,
  POSITION_DIGITS,
  ROW_ATTRIBUTE,
  SORT_KEY,
  rowPosition,
} from "../stacks/table-schema";
import { isStdin, streamJsonArray } from "./json-array-stream";
import { checkItemLimits, emptyListError, fileLabel } from "./list-file";
import { checkElement, ROW_ELEMENT_LEVEL } from "./dynamo-rules";
import { plainItem } from "./read-back";
import { SeedInputError } from "../stacks/work-list";
import { AwsAccessError, isThrottling } from "../aws/errors";
import { checkTable, explainDynamoError } from "./write-list";

/** BatchWriteItem's limit on requests per call. */
export const BATCH_SIZE = 25;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_MAX_RETRIES = 10;
/** Full jitter: a retry waits a random time in [0, min(cap, base × 2^attempt)). */
export const RETRY_BASE_MS = 25;
export const RETRY_CAP_MS = 5_000;
/** Positions have POSITION_DIGITS digits, so a list can have at most this many rows. */
export const MAX_ROWS = 10 ** POSITION_DIGITS;

/** All the writer needs of a client: tests wrap `send`. */
export type RowsClient = Pick<DynamoDBClient, "send">;

export interface WriteRowsOptions {
  /** BatchWriteItem requests in flight at once (default 8). */
  readonly concurrency?: number;
  /** Called as rows are acknowledged, with the number written so far. */
  readonly onProgress?: (written: number) => void;
  /** Retries of one batch's unprocessed items (or of a throttled request) before giving up (default 10). */
  readonly maxRetries?: number;
  /** How to wait between retries; tests pass one that records and returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
  /** The list's name in messages (default "the list"). */
  readonly source?: string;
}

export interface WriteRowsResult {
  /** Rows written: the list's length. */
  readonly written: number;
  /** Rows of an earlier, longer list that were deleted. */
  readonly deleted: number;
}

/**
 * The element at `index` as its typed row, checked against DynamoDB's item
 * limit and Step Functions' payload limit. Throws SeedInputError naming the
 * position.
 */
export function rowItem(element: unknown, index: number, source = "the list"): Record<string, AttributeValue> {
  if (index >= MAX_ROWS) {
    throw new SeedInputError(`${source} has more than ${MAX_ROWS} elements, more than ${POSITION_DIGITS}-digit positions can number`);
  }
  checkElement(element, index, ROW_ELEMENT_LEVEL, source);
  const position = rowPosition(index);
  const where = `${source}: element ${index} (position ${position})`;
  let item: Record<string, AttributeValue>;
  try {
    item = marshall({ [PARTITION_KEY]: LIST_ITEM_KEY, [SORT_KEY]: position, [ROW_ATTRIBUTE]: element });
  } catch (e) {
    throw new SeedInputError(`${where} cannot be stored in DynamoDB: ${(e as Error).message}`);
  }
  // What a read of this one row hands on: the typed item in a Query page.
  checkItemLimits(item, { Items: [item] }, where, "the row");
  return item;
}

/** First pass: checks every element as `rowItem` does, writes nothing; returns the count. */
export async function checkRows(elements: AsyncIterable<unknown> | Iterable<unknown>, source = "the list"): Promise<number> {
  let count = 0;
  for await (const element of elements) rowItem(element, count++, source);
  if (count === 0) throw emptyListError(source);
  return count;
}

/**
 * Writes the elements as rows 0..N-1, then deletes rows N and beyond left by
 * an earlier list. Each element is checked before it is written, but earlier
 * batches may already be written when a later element fails: for "nothing
 * written on bad input", run `checkRows` over the same input first (as
 * `seedRows` does).
 */
export async function writeRows(
  client: RowsClient,
  table: string,
  elements: AsyncIterable<unknown> | Iterable<unknown>,
  opts: WriteRowsOptions = {},
): Promise<WriteRowsResult> {
  const source = opts.source ?? "the list";
  let written = 0;
  const sender = new BatchSender(client, table, opts, (n) => {
    written += n;
    opts.onProgress?.(written);
  });
  let count = 0;
  try {
    let batch: WriteRequest[] = [];
    for await (const element of elements) {
      batch.push({ PutRequest: { Item: rowItem(element, count, source) } });
      count++;
      if (batch.length === BATCH_SIZE) {
        await sender.submit(batch);
        batch = [];
      }
    }
    if (count === 0) throw emptyListError(source);
    if (batch.length > 0) await sender.submit(batch);
    await sender.drain();
  } finally {
    // On any failure, let requests already sent finish before reporting it.
    await sender.settle();
  }
  const deleted = await deleteRowsFrom(client, table, count, opts);
  return { written: count, deleted };
}

/** Deletes the rows at positions `from` and beyond; returns how many there were. */
export async function deleteRowsFrom(client: RowsClient, table: string, from: number, opts: WriteRowsOptions = {}): Promise<number> {
  const sender = new BatchSender(client, table, opts, () => {});
  let deleted = 0;
  try {
    let batch: WriteRequest[] = [];
    for await (const key of queryRows(client, table, rowPosition(from), true)) {
      batch.push({ DeleteRequest: { Key: key } });
      deleted++;
      if (batch.length === BATCH_SIZE) {
        await sender.submit(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await sender.submit(batch);
    await sender.drain();
  } finally {
    await sender.settle();
  }
  return deleted;
}

/** The list in `rows` layout, as plain JSON in position order ([] when there are no rows). */
export async function readRows(client: RowsClient, table: string): Promise<unknown[]> {
  const list: unknown[] = [];
  for await (const item of queryRows(client, table, FIRST_POSITION, false)) list.push(plainItem(item)[ROW_ATTRIBUTE]);
  return list;
}

export interface SeedRowsOptions extends Omit<WriteRowsOptions, "onProgress" | "source"> {
  /** Bytes per read of the file (default 64 KiB). */
  readonly chunkBytes?: number;
  /** Called once the first pass has checked the file, with the number of elements. */
  readonly onChecked?: (total: number) => void;
  /** Called as rows are acknowledged. */
  readonly onProgress?: (written: number, total: number) => void;
}

/**
 * The seed's `rows` path: streams the file once to check every element
 * (nothing written on bad input), checks the table, then streams it again to
 * write. Never holds the whole file.
 */
export async function seedRows(client: RowsClient, table: string, file: string, opts: SeedRowsOptions = {}): Promise<WriteRowsResult> {
  const source = `seed file ${fileLabel(file)}`;
  const spool = readsOnce(file) ? mkdtempSync(path.join(tmpdir(), "seed-rows-")) : undefined;
  try {
    const copy = spool && path.join(spool, "list.json");
    const total = await checkRows(streamJsonArray(file, { chunkBytes: opts.chunkBytes, source: fileLabel(file), copyTo: copy }), source);
    opts.onChecked?.(total);
    await checkTable(client, table);
    const { onProgress } = opts;
    return await writeRows(client, table, streamJsonArray(copy ?? file, { chunkBytes: opts.chunkBytes, source: fileLabel(file) }), {
      ...opts,
      source,
      onProgress: onProgress && ((written) => onProgress(written, total)),
    });
  } finally {
    if (spool) rmSync(spool, { recursive: true, force: true });
  }
}

/** Standard input, a pipe or a device: what a second open would not read again from the start. */
function readsOnce(file: string): boolean {
  if (isStdin(file)) return true;
  try {
    return !statSync(file).isFile();
  } catch {
    // Missing or unreadable: the first pass says so.
    return false;
  }
}

/** Full jitter: a random wait in [0, min(cap, base × 2^attempt)), attempt counting from 1. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
}

/** Rows from `fromPosition` to the last position, whole or keys only, page by page. */
async function* queryRows(
  client: RowsClient,
  table: string,
  fromPosition: string,
  keysOnly: boolean,
): AsyncGenerator<Record<string, AttributeValue>, void, undefined> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const command = new QueryCommand({
      TableName: table,
      KeyConditionExpression: "#pk = :id AND #sk BETWEEN :from AND :to",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
      ExpressionAttributeValues: { ":id": { S: LIST_ITEM_KEY }, ":from": { S: fromPosition }, ":to": { S: LAST_POSITION } },
      ProjectionExpression: keysOnly ? "#pk, #sk" : undefined,
      ConsistentRead: true,
      ExclusiveStartKey: startKey,
    });
    let out;
    try {
      out = await client.send(command);
    } catch (e) {
      throw explainDynamoError(e, table);
    }
    yield* out.Items ?? [];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/**
 * Sends BatchWriteItem requests, at most `concurrency` at once, each retried
 * until DynamoDB has processed all its items. The first failure stops new
 * submissions and is thrown by the next submit or drain.
 */
class BatchSender {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: RowsClient,
    private readonly table: string,
    opts: WriteRowsOptions,
    private readonly onDone: (processed: number) => void,
  ) {
    this.concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${this.concurrency}`);
    if (!Number.isInteger(this.maxRetries) || this.maxRetries < 0) throw new RangeError(`maxRetries must be a non-negative integer, got ${this.maxRetries}`);
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
  }

  /** Starts the request; returns once fewer than `concurrency` are in flight. */
  async submit(requests: WriteRequest[]): Promise<void> {
    this.throwIfFailed();
    const p: Promise<void> = this.send(requests)
      .catch((e: unknown) => {
        this.failure ??= { error: e };
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  /** Waits for every request; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every request, failed or not. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private async send(requests: WriteRequest[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await this.sleep(backoffDelay(attempt, this.random));
      let left: WriteRequest[];
      try {
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: pending } }));
        left = out.UnprocessedItems?.[this.table] ?? [];
      } catch (e) {
        if (isThrottling(e) && attempt < this.maxRetries) continue;
        throw explainDynamoError(e, this.table);
      }
      if (left.length < pending.length) this.onDone(pending.length - left.length);
      if (left.length === 0) return;
      if (attempt >= this.maxRetries) {
        throw new AwsAccessError(
          `DynamoDB left ${left.length} row${left.length === 1 ? "" : "s"} unprocessed after ${this.maxRetries} retries (is table ${this.table} throttled?): the table may hold part of the new list; run the seed again`,
        );
      }
      pending = left;
    }
  }
}


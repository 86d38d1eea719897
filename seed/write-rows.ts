/**
 * Writes a work list in `rows` layout (see stacks/table-schema.ts): a new
 * version, one item per element in a partition of its own, sort key the
 * element's zero-padded position, value in the `value` attribute; then one
 * conditional write makes it current (seed/list-versions.ts). Until then
 * every reader sees the previous list whole; a seed that fails, is killed or
 * loses a race never changes what is current.
 *
 * Rows go out with BatchWriteItem, 25 per request and several requests in
 * flight (seed/batch-writer.ts); items DynamoDB leaves unprocessed are sent
 * again after an exponential, fully jittered delay.
 *
 * Each element is checked (DynamoDB's item limit, Step Functions' payload
 * limit, and DynamoDB's rules for numbers and nesting: dynamo-rules.ts)
 * before it is written. `seedRows` reads the file twice: a first pass checks
 * every element, so bad input writes nothing; the second writes. Standard
 * input ("-") or a pipe cannot be read twice: the first pass copies it to a
 * temporary file, which the second pass reads.
 */
import type { AttributeValue, WriteRequest } from "@aws-sdk/client-dynamodb";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { marshall } from "@aws-sdk/util-dynamodb";
import { PARTITION_KEY, POSITION_DIGITS, ROW_ATTRIBUTE, SORT_KEY, rowPosition } from "../stacks/table-schema";
import { isStdin, streamJsonArray } from "./json-array-stream";
import { checkItemLimits, emptyListError, fileLabel } from "./list-file";
import { checkElement, ROW_ELEMENT_LEVEL } from "./dynamo-rules";
import { plainItem } from "./read-back";
import { SeedInputError } from "../stacks/work-list";
import { writeAll, type BatchOptions, type RowsClient } from "./batch-writer";
import {
  abandonVersion,
  beginVersion,
  SIZING_PARTITION,
  commitVersion,
  currentVersion,
  queryPartition,
  removeUnversionedRows,
  type VersionOptions,
} from "./list-versions";
import { checkTable } from "./write-list";

export { backoffDelay, BATCH_SIZE, DEFAULT_CONCURRENCY, RETRY_CAP_MS, type RowsClient } from "./batch-writer";

/** Positions have POSITION_DIGITS digits, so a list can have at most this many rows. */
const MAX_ROWS = 10 ** POSITION_DIGITS;

export interface WriteRowsOptions extends BatchOptions, VersionOptions {
  /** Called as rows are acknowledged, with the number written so far. */
  readonly onProgress?: (written: number) => void;
  /** The list's name in messages (default "the list"). */
  readonly source?: string;
}

export interface WriteRowsResult {
  /** Rows written: the list's length. */
  readonly written: number;
  /** Rows deleted: of versions left by killed or beaten seeds, of expired versions, of the unversioned layout. */
  readonly deleted: number;
  /** The version now current (its partition key). */
  readonly version: string;
}

/**
 * The element at `index` as its typed row, checked against DynamoDB's item
 * limit and Step Functions' payload limit. Throws SeedInputError naming the
 * position.
 */
export function rowItem(element: unknown, index: number, source = "the list", partition = SIZING_PARTITION): Record<string, AttributeValue> {
  if (index >= MAX_ROWS) {
    throw new SeedInputError(`${source} has more than ${MAX_ROWS} elements, more than ${POSITION_DIGITS}-digit positions can number`);
  }
  checkElement(element, index, ROW_ELEMENT_LEVEL, source);
  const position = rowPosition(index);
  const where = `${source}: element ${index} (position ${position})`;
  let item: Record<string, AttributeValue>;
  try {
    item = marshall({ [PARTITION_KEY]: partition, [SORT_KEY]: position, [ROW_ATTRIBUTE]: element });
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
 * Writes the elements as rows 0..N-1 of a new version, then makes it current
 * (seed/list-versions.ts). Each element is checked before it is written; a
 * bad element, a write error or a lost race removes the new version and
 * leaves the current list as it was. For "nothing written at all on bad
 * input", run `checkRows` over the same input first (as `seedRows` does).
 */
export async function writeRows(
  client: RowsClient,
  table: string,
  elements: AsyncIterable<unknown> | Iterable<unknown>,
  opts: WriteRowsOptions = {},
): Promise<WriteRowsResult> {
  const source = opts.source ?? "the list";
  const version = await beginVersion(client, table, opts);
  let count: number;
  try {
    count = await writeVersionRows(client, table, version.partition, elements, source, opts);
    if (count === 0) throw emptyListError(source);
  } catch (e) {
    await abandonVersion(client, table, version, opts);
    throw e;
  }
  await commitVersion(client, table, version, count, opts);
  const unversioned = await removeUnversionedRows(client, table, opts);
  return { written: count, deleted: version.removed + unversioned, version: version.partition };
}

/** The rows of one version, written in batches; returns how many. */
async function writeVersionRows(
  client: RowsClient,
  table: string,
  partition: string,
  elements: AsyncIterable<unknown> | Iterable<unknown>,
  source: string,
  opts: WriteRowsOptions,
): Promise<number> {
  let written = 0;
  return writeAll(client, table, putRequests(elements, source, partition), opts, (n) => {
    written += n;
    opts.onProgress?.(written);
  });
}

/** One PutRequest per element, at its position in the version's partition. */
async function* putRequests(elements: AsyncIterable<unknown> | Iterable<unknown>, source: string, partition: string): AsyncGenerator<WriteRequest> {
  let index = 0;
  for await (const element of elements) yield { PutRequest: { Item: rowItem(element, index++, source, partition) } };
}

/** The current list in `rows` layout, as plain JSON in position order ([] when there is none). */
export async function readRows(client: RowsClient, table: string): Promise<unknown[]> {
  const version = await currentVersion(client, table);
  const list: unknown[] = [];
  if (!version) return list;
  for await (const item of queryPartition(client, table, version, false)) list.push(plainItem(item)[ROW_ATTRIBUTE]);
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

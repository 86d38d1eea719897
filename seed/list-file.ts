/**
 * Reads and checks a seed file: a JSON array of work items, stored as one
 * DynamoDB item and handed whole to the state machine. Everything that could
 * make a write or a run fail is checked here, before anything is written.
 *
 * Used by the seed CLI, by the stack's declarative seeding and by the offline
 * runner. Imports nothing of cdktf.
 */
import { readFileSync } from "node:fs";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { numberSize } from "./dynamo-number";
import { checkElement, LIST_ELEMENT_LEVEL } from "./dynamo-rules";
import { isStdin, parseJsonArray, STDIN_PATH } from "./json-array-stream";
import { DYNAMODB_ITEM_LIMIT_BYTES, STATE_PAYLOAD_LIMIT_BYTES } from "../stacks/aws-limits";
import { GET_ITEM_METADATA_RESERVE_BYTES, listItem, SeedInputError, type WorkList } from "../stacks/work-list";

/** `path` as messages name it: "-" is standard input. */
export function fileLabel(path: string): string {
  return path === STDIN_PATH ? "(standard input)" : path;
}

/** The list in the file at `path` ("-": all of standard input), checked. */
export function readListFile(path: string): WorkList {
  let text: string;
  try {
    text = readFileSync(isStdin(path) ? 0 : path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SeedInputError(code === "ENOENT" ? `seed file not found: ${path}` : `cannot read seed file ${path}: ${(e as Error).message}`);
  }
  return parseList(text, fileLabel(path));
}

/**
 * The list in `text`, parsed as the rows layout parses its stream (the same
 * scanner, lossless numbers, byte order mark, messages) and checked against
 * DynamoDB's rules for each element, then as one item.
 */
export function parseList(text: string, source: string): WorkList {
  const list = parseJsonArray(text, source);
  list.forEach((element, index) => checkElement(element, index, LIST_ELEMENT_LEVEL, `seed file ${source}`));
  checkSizes(list, source);
  return list;
}

function checkSizes(list: WorkList, source: string): void {
  // What the GetItem state hands on: {"Item": <typed item>} plus the integration's metadata.
  const item = listItem(list);
  checkItemLimits(item, { Item: item }, `seed file ${source}`, "the list");
}

/**
 * The two limits an item meets on its way to the Map: DynamoDB's item size,
 * then Step Functions' payload (`read` is what the reading state hands on,
 * with a reserve for the service integration's metadata). `where` names the
 * input, `what` the thing read back.
 */
export function checkItemLimits(item: Record<string, AttributeValue>, read: unknown, where: string, what: string): void {
  const itemBytes = dynamoItemSize(item);
  if (itemBytes > DYNAMODB_ITEM_LIMIT_BYTES) {
    throw new SeedInputError(`${where} is too large for one DynamoDB item: ${kib(itemBytes)} KiB, the limit is 400 KB`);
  }
  const payloadBytes = Buffer.byteLength(JSON.stringify(read));
  if (payloadBytes > STATE_PAYLOAD_LIMIT_BYTES - GET_ITEM_METADATA_RESERVE_BYTES) {
    throw new SeedInputError(
      `${where} is too large for a Step Functions payload: ${what} read from DynamoDB is ${kib(payloadBytes)} KiB, the limit is ${kib(STATE_PAYLOAD_LIMIT_BYTES - GET_ITEM_METADATA_RESERVE_BYTES)} KiB (256 KiB less 4 KiB for the read's metadata)`,
    );
  }
}

export { emptyListError } from "./json-array-stream";

/**
 * Item size as DynamoDB counts it ("DynamoDB item sizes and formats",
 * CapacityUnitCalculations.html): attribute names plus values; lists and maps
 * add 3 bytes plus 1 per element; a number 1 byte per two significant digits
 * plus 1, counted on the exact decimal text (dynamo-number.ts).
 */
export function dynamoItemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + attributeSize(value);
  return size;
}

function attributeSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return numberSize(v.N);
  if (v.B !== undefined) return v.B.byteLength;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS !== undefined) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS !== undefined) return v.NS.reduce((n, s) => n + numberSize(s), 0);
  if (v.BS !== undefined) return v.BS.reduce((n, b) => n + b.byteLength, 0);
  if (v.L !== undefined) return 3 + v.L.reduce((n, e) => n + 1 + attributeSize(e), 0);
  if (v.M !== undefined) return 3 + dynamoItemSize(v.M) + Object.keys(v.M).length;
  return 0;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

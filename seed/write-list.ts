/**
 * Writes a checked work list to the table as the one item the state machine
 * reads, through @aws-sdk/lib-dynamodb. Checks the table first, so a wrong
 * name, a wrong key schema or missing credentials fail before any write.
 *
 * One item is replaced atomically, so readers see the old list or the new
 * one, never a blend. Like the rows layout, the write is a compare-and-set:
 * the item carries the `version` that wrote it, and the PutItem succeeds only
 * if the item still has the version read when the seed started (DynamoDB
 * conditional writes: "Working with items: conditional writes",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithItems.html#WorkingWithItems.ConditionalUpdate).
 * A seed that loses fails with ListChangedError and has written nothing.
 */
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { AwsAccessError, explainAwsError } from "../aws/errors";
import { randomBytes } from "node:crypto";
import { KEY_SCHEMA, LIST_ATTRIBUTE, LIST_ITEM_ID, PARTITION_KEY, VERSION_ATTRIBUTE } from "../stacks/table-schema";
import type { WorkList } from "../stacks/work-list";
import { readBackOptions } from "./read-back";
import { ListChangedError } from "./list-changed";

/** The list's numbers go as they were read: NumberValues (lossless-json.ts) as their exact text. */
export async function writeList(client: DynamoDBClient, table: string, list: WorkList): Promise<void> {
  await checkTable(client, table);
  const doc = DynamoDBDocumentClient.from(client);
  const before = await guard(table, () =>
    doc.send(
      new GetCommand({
        TableName: table,
        Key: LIST_ITEM_ID,
        ConsistentRead: true,
        ProjectionExpression: "#pk, #version",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#version": VERSION_ATTRIBUTE },
      }),
    ),
  );
  // Absent; written without a version (SEED_FILE's Terraform item, or before versions); or this version.
  const startedFrom = before.Item?.[VERSION_ATTRIBUTE] as string | undefined;
  const condition = !before.Item
    ? "attribute_not_exists(#pk)"
    : startedFrom === undefined
      ? "attribute_exists(#pk) AND attribute_not_exists(#version)"
      : "#version = :startedFrom";
  const version = `v${Date.now()}-${randomBytes(4).toString("hex")}`;
  try {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...LIST_ITEM_ID, [LIST_ATTRIBUTE]: list, [VERSION_ATTRIBUTE]: version },
        ConditionExpression: condition,
        ExpressionAttributeNames: {
          ...(startedFrom === undefined ? { "#pk": PARTITION_KEY } : {}),
          ...(before.Item ? { "#version": VERSION_ATTRIBUTE } : {}),
        },
        ...(startedFrom === undefined ? {} : { ExpressionAttributeValues: { ":startedFrom": startedFrom } }),
      }),
    );
  } catch (e) {
    if ((e as Error)?.name === "ConditionalCheckFailedException") throw new ListChangedError();
    throw explainDynamoError(e, table);
  }
}

/**
 * Reads the list back as plain JSON (numbers a double cannot hold as raw JSON
 * text: read-back.ts), or undefined when the table has no list item.
 */
export async function readList(client: DynamoDBClient, table: string): Promise<WorkList | undefined> {
  const doc = DynamoDBDocumentClient.from(client, { unmarshallOptions: readBackOptions() });
  const out = await guard(table, () => doc.send(new GetCommand({ TableName: table, Key: LIST_ITEM_ID, ConsistentRead: true })));
  return out.Item?.[LIST_ATTRIBUTE] as WorkList | undefined;
}

/** Fails with an AwsAccessError unless the table exists with this stack's key schema. */
export async function checkTable(client: Pick<DynamoDBClient, "send">, table: string): Promise<void> {
  const out = await guard(table, () => client.send(new DescribeTableCommand({ TableName: table })));
  const keys = (out.Table?.KeySchema ?? []).map((k) => `${k.AttributeName} (${k.KeyType})`).join(", ");
  const expected = KEY_SCHEMA.map((k) => `${k.AttributeName} (${k.KeyType})`).join(", ");
  if (keys !== expected) {
    throw new AwsAccessError(`table ${table} has keys ${keys || "(none)"}, expected ${expected}: is it this stack's table?`);
  }
}

/** Runs one call; a missing table becomes a one-line error naming it. */
async function guard<T>(table: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw explainDynamoError(e, table);
  }
}

/**
 * A DynamoDB error on `table`: a missing table explained here, where the
 * table is known; anything else as it is, for the command to explain knowing
 * the endpoint and profile (aws/errors.ts), or to report as a bug.
 */
export function explainDynamoError(e: unknown, table: string): unknown {
  return (e as Error)?.name === "ResourceNotFoundException" ? explainAwsError(e, { service: "DynamoDB", table }) : e;
}

/**
 * Writes a checked work list to the table as the one item the state machine
 * reads, through @aws-sdk/lib-dynamodb. Checks the table first, so a wrong
 * name, a wrong key schema or missing credentials fail before any write.
 */
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { AwsAccessError, explainAwsError } from "../aws/errors";
import { KEY_SCHEMA, LIST_ATTRIBUTE, LIST_ITEM_ID } from "../stacks/table-schema";
import type { WorkList } from "../stacks/work-list";
import { readBackOptions } from "./read-back";

/** The list's numbers go as they were read: NumberValues (lossless-json.ts) as their exact text. */
export async function writeList(client: DynamoDBClient, table: string, list: WorkList): Promise<void> {
  await checkTable(client, table);
  const doc = DynamoDBDocumentClient.from(client);
  await guard(table, () =>
    doc.send(new PutCommand({ TableName: table, Item: { ...LIST_ITEM_ID, [LIST_ATTRIBUTE]: list } })),
  );
}

/**
 * Reads the list back as plain JSON (numbers a double cannot hold as raw JSON
 * text: read-back.ts), or undefined when the table has no list item.
 */
export async function readList(client: DynamoDBClient, table: string): Promise<WorkList | undefined> {
  const doc = DynamoDBDocumentClient.from(client, { unmarshallOptions: readBackOptions() });
  const out = await guard(table, () =>
    doc.send(new GetCommand({ TableName: table, Key: LIST_ITEM_ID, ConsistentRead: true })),
  );
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

/**
 * The benchmark's baseline for seeding rows: one PutItem per element, each
 * awaited before the next, as a naive loader would do. Builds and checks
 * items exactly as the batched writer does (rowItem), so the two differ only
 * in how they talk to DynamoDB. Bench only: the seed uses writeRows.
 */
import { PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { rowItem } from "../seed/write-rows";

export async function writeRowsSequentially(
  client: Pick<DynamoDBClient, "send">,
  table: string,
  elements: AsyncIterable<unknown> | Iterable<unknown>,
): Promise<{ written: number }> {
  let written = 0;
  for await (const element of elements) {
    await client.send(new PutItemCommand({ TableName: table, Item: rowItem(element, written) }));
    written++;
  }
  return { written };
}

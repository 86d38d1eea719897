/**
 * Writes a checked work list to the table as the one item the state machine
 * reads, through @aws-sdk/lib-dynamodb. Checks the table first, so a wrong
 * name, a wrong key schema or missing credentials fail before any write.
 */
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { fromIni } from "@aws-sdk/credential-providers";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { KEY_SCHEMA, LIST_ATTRIBUTE, LIST_ITEM_ID } from "../stacks/table-schema";
import type { WorkList } from "../stacks/work-list";

/** A problem with where to write (table, region, credentials): one line, exit 1, nothing written. */
export class SeedTargetError extends Error {
  override name = "SeedTargetError";
}

export interface ConnectionOptions {
  readonly region?: string;
  readonly profile?: string;
  /** A local DynamoDB (dynalite, moto): test credentials are used unless a profile is given. */
  readonly endpoint?: string;
}

export function dynamoClient(opts: ConnectionOptions): DynamoDBClient {
  return new DynamoDBClient({
    // A profile gives both credentials and region (an explicit --region still wins).
    ...(opts.profile ? { profile: opts.profile } : {}),
    region: opts.region ?? (opts.endpoint ? process.env.AWS_REGION ?? "us-east-1" : undefined),
    endpoint: opts.endpoint,
    // fromIni names the profile when it cannot be read, which the one-line error passes on.
    credentials: opts.profile
      ? fromIni({ profile: opts.profile })
      : opts.endpoint && !process.env.AWS_ACCESS_KEY_ID
        ? { accessKeyId: "test", secretAccessKey: "test" }
        : undefined,
    maxAttempts: 3,
  });
}

export async function writeList(client: DynamoDBClient, table: string, list: WorkList): Promise<void> {
  await checkTable(client, table);
  const doc = DynamoDBDocumentClient.from(client);
  await guard(table, () =>
    doc.send(new PutCommand({ TableName: table, Item: { ...LIST_ITEM_ID, [LIST_ATTRIBUTE]: list } })),
  );
}

/** Reads the list back as plain JSON, or undefined when the table has no list item. */
export async function readList(client: DynamoDBClient, table: string): Promise<WorkList | undefined> {
  const doc = DynamoDBDocumentClient.from(client);
  const out = await guard(table, () =>
    doc.send(new GetCommand({ TableName: table, Key: LIST_ITEM_ID, ConsistentRead: true })),
  );
  return out.Item?.[LIST_ATTRIBUTE] as WorkList | undefined;
}

/** Fails with a SeedTargetError unless the table exists with this stack's key schema. */
export async function checkTable(client: Pick<DynamoDBClient, "send">, table: string): Promise<void> {
  const out = await guard(table, () => client.send(new DescribeTableCommand({ TableName: table })));
  const keys = (out.Table?.KeySchema ?? []).map((k) => `${k.AttributeName} (${k.KeyType})`).join(", ");
  const expected = KEY_SCHEMA.map((k) => `${k.AttributeName} (${k.KeyType})`).join(", ");
  if (keys !== expected) {
    throw new SeedTargetError(`table ${table} has keys ${keys || "(none)"}, expected ${expected}: is it this stack's table?`);
  }
}

/** Runs one call and turns the SDK's errors a user can cause into one-line messages. */
async function guard<T>(table: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw explain(e, table);
  }
}

export function explain(e: unknown, table: string): Error {
  const err = e as Error & { code?: string };
  if (e instanceof ResourceNotFoundException || err.name === "ResourceNotFoundException") {
    return new SeedTargetError(`table ${table} not found: deploy the stack first, or pass --table (and --region) of an existing one`);
  }
  if (err.name === "CredentialsProviderError" || /credential/i.test(err.message ?? "")) {
    return new SeedTargetError(`no usable AWS credentials: ${firstLine(err.message)} (set AWS_PROFILE or pass --profile; --endpoint for a local DynamoDB)`);
  }
  if (/region is missing/i.test(err.message ?? "")) {
    return new SeedTargetError("no AWS region configured: set AWS_REGION or pass --region");
  }
  if (err.name === "UnrecognizedClientException" || err.name === "InvalidSignatureException" || err.name === "ExpiredTokenException") {
    return new SeedTargetError(`AWS refused the credentials (${err.name}): ${firstLine(err.message)}`);
  }
  if (err.code === "ECONNREFUSED" || /ECONNREFUSED/.test(err.message ?? "")) {
    return new SeedTargetError(`cannot reach DynamoDB: connection refused (${firstLine(err.message)})`);
  }
  return err;
}

function firstLine(s: string | undefined): string {
  return (s ?? "").split("\n")[0]!.trim();
}

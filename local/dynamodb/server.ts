/**
 * A DynamoDB-compatible server in this process: dynalite, in memory, on an
 * ephemeral loopback port, with table changes instant rather than the 500 ms
 * dynalite imitates by default. `close()` stops it and releases the port.
 */
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { dynamoClient } from "../../aws/clients";
import { ATTRIBUTE_DEFINITIONS, KEY_SCHEMA } from "../../stacks/table-schema";

export interface LocalDynamo {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** A client for this server, with test credentials (dynalite checks none). */
  readonly client: DynamoDBClient;
  /** Destroys the client, stops the server, releases the port. Safe to call twice. */
  close(): Promise<void>;
}

export interface LocalDynamoOptions {
  /** Create this table with the stack's key schema before returning. */
  readonly tableName?: string;
  /** The loopback port to listen on. @default 0: a free one */
  readonly port?: number;
}

export async function startLocalDynamo(opts: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  // No environment: the emulator's test credentials and region, whatever the shell holds.
  const client = dynamoClient({ endpoint, env: {} });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve, reject) => {
      client.destroy();
      server.close((err) => (err ? reject(err) : resolve()));
      // Keep-alive sockets would hold close() open until they time out.
      server.closeAllConnections();
    }));

  try {
    if (opts.tableName) await createListTable(client, opts.tableName);
  } catch (e) {
    await close();
    throw e;
  }
  return { endpoint, client, close };
}

/**
 * The stack's table: the key schema of stacks/table-schema.ts (partition key
 * `mapstatelist`, sort key `position`), on-demand billing. Returns once the table is ACTIVE.
 * dynalite has no UpdateTimeToLive and deletes nothing by TTL (nor does any
 * local server): the seed deletes expired list versions itself.
 */
export async function createListTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [...KEY_SCHEMA],
      AttributeDefinitions: [...ATTRIBUTE_DEFINITIONS],
    }),
  );
  // dynalite flips CREATING to ACTIVE on a timer even at 0 ms; writes before that fail.
  for (let i = 0; i < 200; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`local table ${tableName} did not become ACTIVE`);
}

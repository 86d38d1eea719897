/** The local DynamoDB: the stack's key schema, an ephemeral loopback port, released on close. */
import { createConnection } from "node:net";
import { BatchWriteItemCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { startLocalDynamo } from "../../local/dynamodb/server";
import { ATTRIBUTE_DEFINITIONS, KEY_SCHEMA } from "../../stacks/table-schema";

const connect = (port: number) =>
  new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => (socket.destroy(), resolve("connected")));
    socket.on("error", reject);
  });

test("creates the table with the stack's key schema, on-demand; close frees the port", async () => {
  const dynamo = await startLocalDynamo({ tableName: "some-list" });
  const port = Number(new URL(dynamo.endpoint).port);
  expect(new URL(dynamo.endpoint).hostname).toBe("127.0.0.1");
  expect(port).toBeGreaterThan(0);
  const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: "some-list" }));
  expect(Table?.TableStatus).toBe("ACTIVE");
  expect(Table?.KeySchema).toEqual([
    { AttributeName: "mapstatelist", KeyType: "HASH" },
    { AttributeName: "position", KeyType: "RANGE" },
  ]);
  expect(Table?.KeySchema).toEqual(KEY_SCHEMA);
  expect(Table?.AttributeDefinitions).toEqual(ATTRIBUTE_DEFINITIONS);
  expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
  await expect(connect(port)).resolves.toBe("connected");
  await dynamo.close();
  await dynamo.close(); // twice is harmless
  // Closed on purpose: `stopped` never settles.
  await expect(Promise.race([dynamo.stopped, new Promise((r) => setTimeout(() => r("still pending"), 100))])).resolves.toBe("still pending");
  await expect(connect(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
});

test("two servers at once get two ports", async () => {
  const [a, b] = await Promise.all([startLocalDynamo(), startLocalDynamo()]);
  expect(a.endpoint).not.toBe(b.endpoint);
  await Promise.all([a.close(), b.close()]);
});

test("runs on a thread of its own: a server that runs out of memory says so in one line, and the process lives on", async () => {
  const written: string[] = [];
  const stderr = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
  let failure: unknown;
  try {
    const dynamo = await startLocalDynamo({ tableName: "some-list", maxHeapMb: 12 });
    // Small rows, 25 a request, until a 12 MB thread can hold no more (about 10,000 here; 100,000 is far beyond).
    for (let batch = 0; batch < 4000 && !failure; batch++) {
      const rows = Array.from({ length: 25 }, (_, k) => ({
        PutRequest: { Item: { mapstatelist: { S: "l" }, position: { S: String(batch * 25 + k).padStart(9, "0") }, value: { N: String(k) } } },
      }));
      await dynamo.client.send(new BatchWriteItemCommand({ RequestItems: { "some-list": rows } })).catch((e: unknown) => (failure = e));
    }
    await expect(dynamo.stopped).resolves.toMatchObject({ message: "Worker terminated due to reaching memory limit: JS heap out of memory" });
    await dynamo.close();
  } finally {
    stderr.mockRestore();
  }
  expect(String(failure)).toMatch(/ECONNREFUSED/);
  expect(written.filter((w) => w.startsWith("local DynamoDB (dynalite) stopped:"))).toEqual([
    "local DynamoDB (dynalite) stopped: Worker terminated due to reaching memory limit: JS heap out of memory\n",
  ]);
});

/** The local DynamoDB: the stack's key schema, an ephemeral loopback port, released on close. */
import { createConnection } from "node:net";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
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
  await expect(connect(port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
});

test("two servers at once get two ports", async () => {
  const [a, b] = await Promise.all([startLocalDynamo(), startLocalDynamo()]);
  expect(a.endpoint).not.toBe(b.endpoint);
  await Promise.all([a.close(), b.close()]);
});

/**
 * A second engine's opinion on the unbatched DISTRIBUTED shape: moto 5.2.5
 * (its Step Functions interpreter is a port of LocalStack's) with
 * `stepfunctions.execute_state_machine` on (moto's Lambda without Docker
 * echoes the payload instead of running the handler), compared with the
 * offline run (runOffline, `npm start`'s engine) on the same list and
 * settings. Part of the Terraform tier (needs .tools/venv-moto).
 *
 * What moto does, found in its source (moto/stepfunctions/parser) and pinned below:
 *  - The definition the stack deploys is refused at CreateStateMachine once
 *    execution is on (moto then parses it with its ASL grammar): 400,
 *    ASLParserException, because the grammar takes ToleratedFailurePercentage
 *    only as a decimal NUMBER token (the stack writes the integer 0) and
 *    ProcessorConfig.ExecutionType only as "STANDARD" (the stack's children
 *    are EXPRESS). The body's __type is null, which the AWS SDK cannot
 *    deserialize (a TypeError, not a service exception). With execution off
 *    moto stores the definition unparsed (deploy.tier.test.ts deploys it).
 *  - The same definition with those two fields adapted (ExecutionType
 *    STANDARD, no ToleratedFailurePercentage: AWS's default is 0, the same
 *    rule) runs: the Map Run is interpreted in-process (iterations, not child
 *    executions), the parent's history has the same 15 event types in the
 *    same order as the offline run's (MapRunStarted, MapRunSucceeded, no
 *    iteration events), DescribeMapRun and ListMapRuns answer with AWS's
 *    shapes and the right counts, the status is the offline run's.
 *  - ListExecutions with mapRunArn is not implemented (moto reads only
 *    stateMachineArn and answers an HTML error page): no children to list, so
 *    `npm run execute` warns and reports the items NOT_STARTED.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { CreateFunctionCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
} from "@aws-sdk/client-sfn";
import { followExecution, startExecution } from "../../execute/start-and-follow";
import { run } from "../../execute/main";
import { runOffline, type OfflineRun } from "../../local/run/run-offline";
import { settingsWith } from "../../local/settings/settings-input";
import { buildDefinition, shapeOf, tunableParams } from "../../stacks/definition";
import { PROJECT_ROOT } from "../../stacks/project";
import { resourceNames } from "../../stacks/settings";
import { ATTRIBUTE_DEFINITIONS, KEY_SCHEMA, LIST_ATTRIBUTE, LIST_ITEM_ID } from "../../stacks/table-schema";
import { startMoto, type MotoServer } from "../../terraform/moto-server";
import { MOTO_SERVER } from "../../terraform/tools";
import { runCaptured } from "../cli/capture";
import type { Report } from "../../report/report";

if (!existsSync(MOTO_SERVER)) {
  throw new Error(`this test needs ${path.relative(PROJECT_ROOT, MOTO_SERVER)}: run npm run setup:terraform first`);
}
jest.setTimeout(120_000);

const REGION = "us-east-1";
const LIST = Array.from({ length: 7 }, (_, i) => `item ${i}`);
const SETTINGS = settingsWith({ map_mode: "DISTRIBUTED", max_concurrency: 3, wait_seconds: 0, timeout_seconds: 60 });
const names = resourceNames(SETTINGS.name_prefix);

let moto: MotoServer;
let sfn: SFNClient;
let stateMachineArn: string;
let offline: OfflineRun;
let deployed: object;
let roleArn: string;

beforeAll(async () => {
  [moto, offline] = await Promise.all([startMoto({ executeStateMachines: true }), runOffline({ settings: SETTINGS, list: LIST, warn: () => {} })]);
  const sdk = { region: REGION, endpoint: moto.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  sfn = new SFNClient(sdk);
  const iam = new IAMClient(sdk);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: names.stateMachine,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: ["states.amazonaws.com", "lambda.amazonaws.com"] }, Action: "sts:AssumeRole" }],
      }),
    }),
  );
  iam.destroy();
  const dynamo = new DynamoDBClient(sdk);
  await dynamo.send(
    new CreateTableCommand({
      TableName: names.table,
      KeySchema: [...KEY_SCHEMA],
      AttributeDefinitions: [...ATTRIBUTE_DEFINITIONS],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await dynamo.send(new PutItemCommand({ TableName: names.table, Item: { ...marshall(LIST_ITEM_ID), [LIST_ATTRIBUTE]: { L: LIST.map((S) => ({ S })) } } }));
  dynamo.destroy();
  const lambda = new LambdaClient(sdk);
  // moto's Lambda without Docker runs no code: an empty zip will do.
  const emptyZip = Buffer.concat([Buffer.from("PK\x05\x06"), Buffer.alloc(18)]);
  const fn = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: names.function,
      Runtime: "nodejs22.x",
      Role: role.Role!.Arn!,
      Handler: "index.handler",
      Code: { ZipFile: emptyZip },
    }),
  );
  lambda.destroy();
  const definition = buildDefinition({ tableName: names.table, functionArn: fn.FunctionArn!, ...tunableParams(SETTINGS), ...shapeOf(SETTINGS) });
  deployed = definition;
  roleArn = role.Role!.Arn!;
  const adapted = JSON.parse(JSON.stringify(definition)) as { States: Record<string, any> };
  const map = Object.values(adapted.States).find((s) => s.Type === "Map");
  map.ItemProcessor.ProcessorConfig.ExecutionType = "STANDARD";
  delete map.ToleratedFailurePercentage;
  stateMachineArn = (
    await sfn.send(new CreateStateMachineCommand({ name: names.stateMachine, roleArn, definition: JSON.stringify(adapted), type: "STANDARD" }))
  ).stateMachineArn!;
});
afterAll(async () => {
  sfn?.destroy();
  await moto?.stop();
});

const outputOf = (s: string) => ({ S: s });

test("moto refuses the deployed DISTRIBUTED definition when it executes: ASLParserException on ToleratedFailurePercentage 0 and ExecutionType EXPRESS", async () => {
  const res = await fetch(moto.endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "AWSStepFunctions.CreateStateMachine",
      authorization: "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify({ name: `${names.stateMachine}-deployed`, roleArn, definition: JSON.stringify(deployed), type: "STANDARD" }),
  });
  expect(res.status).toBe(400);
  const body = (await res.json()) as { __type: unknown; message: string };
  expect(body.__type).toBeNull();
  expect(body.message).toMatch(/^ASLParserException /);
  expect(body.message).toContain(`no viable alternative at input \\'"ToleratedFailurePercentage":0\\'`);
  expect(body.message).toContain(`mismatched input \\'"EXPRESS"\\' expecting \\'"STANDARD"\\'`);
  // Through the SDK: a deserialization TypeError, not a service exception.
  await expect(
    sfn.send(new CreateStateMachineCommand({ name: `${names.stateMachine}-sdk`, roleArn, definition: JSON.stringify(deployed), type: "STANDARD" })),
  ).rejects.toThrow(/Cannot read properties of null/);
});

describe("the adapted definition (STANDARD children, tolerance left to its default 0): moto and the offline run agree", () => {
  let executionArn: string;
  let mapRunArn: string;
  beforeAll(async () => {
    ({ executionArn } = await startExecution(sfn, stateMachineArn, "{}"));
    const described = await followExecution(sfn, executionArn, { pollMs: 200 });
    expect(described.status).not.toBe("RUNNING");
  });

  test("final status and item counts", async () => {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(offline.report.status).toBe("SUCCEEDED");
    expect(described.status).toBe(offline.report.status);
    expect(offline.report.items.map((i) => i.status)).toEqual(LIST.map(() => "SUCCEEDED"));
    // moto's Lambda echoes its payload: the Map's output is the items as handed to the children.
    expect(JSON.parse(described.output!)).toEqual(LIST.map(outputOf));
    expect(offline.report.items.map((i) => i.input)).toEqual(LIST.map(outputOf));
  });

  test("the parent's history: the same event types, in the same order, as the offline run's", async () => {
    const history = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    expect(history.map((e) => e.type)).toEqual(offline.history.map((e) => e.type));
    expect(history.filter((e) => e.type?.startsWith("MapRun")).map((e) => e.type)).toEqual(["MapRunStarted", "MapRunSucceeded"]);
    expect(history.find((e) => e.type === "MapStateStarted")?.mapStateStartedEventDetails?.length).toBe(LIST.length);
    mapRunArn = history.find((e) => e.type === "MapRunStarted")!.mapRunStartedEventDetails!.mapRunArn!;
    expect(mapRunArn).toMatch(new RegExp(`^arn:aws:states:${REGION}:\\d{12}:mapRun:${names.stateMachine}/Items:[0-9a-f-]{36}$`));
  });

  test("DescribeMapRun and ListMapRuns: AWS's shapes, every item and child succeeded", async () => {
    const d = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    const counts = { pending: 0, running: 0, succeeded: LIST.length, failed: 0, timedOut: 0, aborted: 0, total: LIST.length, resultsWritten: LIST.length };
    expect(d).toMatchObject({ status: "SUCCEEDED", executionArn, itemCounts: counts, executionCounts: counts });
    const listed = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(listed.mapRuns?.map((m) => m.mapRunArn)).toEqual([mapRunArn]);
  });

  test("ListExecutions with mapRunArn is not implemented in moto (an HTML page, not JSON): no children to list", async () => {
    await expect(sfn.send(new ListExecutionsCommand({ mapRunArn }))).rejects.toThrow(/Unexpected token '<'/);
  });

  test("npm run execute on it: SUCCEEDED, exit 0, a warning that the children cannot be listed, the items NOT_STARTED", async () => {
    const { code, stdout, stderr } = await runCaptured(run, ["--arn", stateMachineArn, "--endpoint", moto.endpoint, "--region", REGION, "--json"], {
      env: {},
      pollMs: 200,
    });
    expect(stderr).toMatch(
      /^execute: warning: cannot list the children of arn:aws:states:\S+:mapRun:\S+ \(ListExecutions, DescribeExecution\): .*; its items stay NOT_STARTED in the report$/m,
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.status).toBe(offline.report.status);
    expect(report.items).toHaveLength(offline.report.items.length);
    expect(report.items.map((i) => i.status)).toEqual(LIST.map(() => "NOT_STARTED"));
  });
});

import { DataArchiveFile } from "@cdktf/provider-archive/lib/data-archive-file";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { LIST_ITEM_KEY, LIST_ITEM_POSITION, PARTITION_KEY, SORT_KEY } from "../../stacks/table-schema";
import { only, synthStack } from "./synth";
import { crossRules } from "../../stacks/settings";
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import { rowsHistoryBudget } from "../../stacks/definition";

describe("WorkflowStack synthesis", () => {
  const { text, json } = synthStack();

  test("has every resource of the workflow", () => {
    for (const type of [DynamodbTable, LambdaFunction, SfnStateMachine, IamRole, IamRolePolicy, CloudwatchLogGroup]) {
      expect(text).toHaveResource(type);
    }
    expect(Object.keys(json.resource.aws_iam_role!)).toHaveLength(2);
    expect(Object.keys(json.resource.aws_cloudwatch_log_group!)).toHaveLength(2);
    expect(text).toHaveDataSourceWithProperties(DataArchiveFile, { type: "zip" });
  });

  test("table: on demand, partition key mapstatelist and sort key position, encrypted, deletion protection by variable", () => {
    expect(text).toHaveResourceWithProperties(DynamodbTable, {
      name: "${var.name_prefix}-list",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: PARTITION_KEY,
      range_key: SORT_KEY,
      attribute: [
        { name: PARTITION_KEY, type: "S" },
        { name: SORT_KEY, type: "S" },
      ],
      server_side_encryption: { enabled: true },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: "${var.deletion_protection}",
    });
  });

  test("function: Node.js 22 from the archive_file zip, redeployed when its hash changes, own log group", () => {
    const fn = only(json, "aws_lambda_function");
    expect(fn.runtime).toBe("nodejs22.x");
    expect(fn.handler).toBe("index.handler");
    expect(fn.filename).toMatch(/^\$\{data\.archive_file\.[\w-]+\.output_path\}$/);
    expect(fn.source_code_hash).toMatch(/^\$\{data\.archive_file\.[\w-]+\.output_base64sha256\}$/);
    expect(fn.logging_config.log_group).toBe("${aws_cloudwatch_log_group.function_logs.name}");
    const zip = Object.values(json.data.archive_file!)[0];
    expect(zip.source_dir).toMatch(/^assets\//);
  });

  test("log groups: retention from the variable; state machine logs under /aws/vendedlogs/states/", () => {
    const groups = json.resource.aws_cloudwatch_log_group!;
    expect(groups.function_logs.name).toBe("/aws/lambda/${var.name_prefix}-process-item");
    expect(groups.state_machine_logs.name).toBe("/aws/vendedlogs/states/${var.name_prefix}-workflow");
    for (const g of Object.values(groups)) expect(g.retention_in_days).toBe("${var.log_retention_days}");
  });

  test("state machine: type by variable (STANDARD by default), logging ALL to its group, tracing by variable", () => {
    const sm = only(json, "aws_sfn_state_machine");
    expect(sm.type).toBe("${var.workflow_type}");
    expect(json.variable.workflow_type.default).toBe("STANDARD");
    expect(sm.logging_configuration).toEqual({
      include_execution_data: true,
      level: "ALL",
      log_destination: "${aws_cloudwatch_log_group.state_machine_logs.arn}:*",
    });
    expect(sm.tracing_configuration).toEqual({ enabled: "${var.tracing_enabled}" });
  });

  test("definition: the three variables appear unquoted, as numbers, inside jsonencode", () => {
    const def: string = only(json, "aws_sfn_state_machine").definition;
    // One jsonencode per shape, picked by the mode variables.
    expect(def.startsWith("${lookup({")).toBe(true);
    expect(def.match(/= jsonencode\(\{/g)).toHaveLength(7);
    expect(def).toContain("}, local.shape_key, jsonencode(");
    expect(json.locals.shape_key).toBe(
      '${join("/", [var.item_source, var.map_mode, var.isolate_failures ? "isolated" : "fail-fast", (var.batch_size >= 1) ? "batched" : "unbatched"])}',
    );
    expect(def).toContain('"MaxConcurrency" = var.max_concurrency,');
    expect(def).toContain('"Seconds" = var.wait_seconds,');
    expect(def).toContain('"TimeoutSeconds" = var.timeout_seconds,');
    expect(def).toContain('"TableName" = aws_dynamodb_table.table.name');
    expect(def).toContain('"FunctionName" = aws_lambda_function.function.arn');
    expect(def).not.toMatch(/"var\.(max_concurrency|wait_seconds|timeout_seconds)"/);
  });

  test("definition: pages per execution (continue as new) is an HCL number expression of var.page_size, 0 on EXPRESS", () => {
    const def: string = only(json, "aws_sfn_state_machine").definition;
    const budget = rowsHistoryBudget();
    const room = HISTORY_EVENT_QUOTA - 1 - budget.overhead - budget.tail;
    const expression = `(var.workflow_type == "STANDARD") ? floor((${room} / (${budget.perPage.constant} + (${budget.perPage.perItem} * var.page_size)))) : 0`;
    // Unquoted: a number inside jsonencode, in the one shape that chains.
    expect(def.split(`"pagesPerExecution" = ${expression}`)).toHaveLength(2);
    expect(def).not.toMatch(/"pagesPerExecution" = "/);
  });

  test("rules between variables are preconditions of the state machine, with the shared messages", () => {
    const pre = only(json, "aws_sfn_state_machine").lifecycle.precondition;
    expect(pre).toHaveLength(crossRules.length);
    expect(pre[0]).toEqual({
      condition: '${var.map_mode == "DISTRIBUTED" || var.max_concurrency <= 40}',
      error_message: "Variable max_concurrency must be a whole number from 0 to 40 when map_mode is INLINE.",
    });
  });

  test("outputs for everything a caller needs", () => {
    expect(Object.keys(json.output).sort()).toEqual([
      "function_log_group",
      "function_name",
      "state_machine_arn",
      "state_machine_log_group",
      "state_machine_name",
      "table_name",
    ]);
    expect(json.output.state_machine_arn.value).toBe("${aws_sfn_state_machine.state_machine.arn}");
    expect(json.output.table_name.value).toBe("${aws_dynamodb_table.table.name}");
  });

  test("provider: no hard-coded region or credentials, default tags name the project", () => {
    const aws = json.provider.aws![0];
    expect(aws.region).toBeUndefined();
    expect(aws.access_key).toBeUndefined();
    expect(aws.endpoints).toBeUndefined();
    // The user's tags first, the project's last: merge() lets later maps win, so Project and ManagedBy keep their values.
    expect(aws.default_tags[0].tags).toBe('${merge(var.tags, {"Project" = "stepfunctions-map-cdktf", "ManagedBy" = "cdktf"})}');
  });

  test("local state by a relative path, so the JSON is the same on every machine", () => {
    expect(json.terraform.backend.local.path).toBe("../../../terraform.test.tfstate");
    expect(text).not.toContain(process.cwd());
  });

  test("the list item is not managed by Terraform unless asked", () => {
    expect(json.resource.aws_dynamodb_table_item).toBeUndefined();
  });

  test("requires Terraform (or OpenTofu) 1.10 or newer: the S3 backend's use_lockfile needs it", () => {
    expect(json.terraform.required_version).toBe(">= 1.10.0");
    expect(synthStack({ stateBucket: "b" }).json.terraform).toMatchObject({ required_version: ">= 1.10.0", backend: { s3: { use_lockfile: true } } });
  });

  test("matches the reviewed snapshot (update with jest -u after reviewing the diff)", () => {
    expect(text).toMatchSnapshot();
  });
});

describe("WorkflowStack options", () => {
  test("seedList manages the list item declaratively, typed as DynamoDB stores it", () => {
    const { json } = synthStack({ seedList: ["a", { topic: "cs" }] });
    const item = only(json, "aws_dynamodb_table_item");
    expect(item.table_name).toBe("${aws_dynamodb_table.table.name}");
    const pre = only(json, "aws_sfn_state_machine").lifecycle.precondition;
    expect(pre.at(-1)).toEqual({
      condition: '${var.item_source == "list"}',
      error_message: "SEED_FILE loads the list layout; with item_source rows use npm run seed -- --source rows.",
    });
    expect(JSON.parse(item.item)).toEqual({
      [PARTITION_KEY]: { S: LIST_ITEM_KEY },
      [SORT_KEY]: { S: LIST_ITEM_POSITION },
      values: { L: [{ S: "a" }, { M: { topic: { S: "cs" } } }] },
    });
  });

  test("stateBucket keeps the state in S3 with native locking", () => {
    const { json } = synthStack({ stateBucket: "my-state" });
    expect(json.terraform.backend).toEqual({
      s3: { bucket: "my-state", key: "test/terraform.tfstate", encrypt: true, use_lockfile: true },
    });
  });

  test("emulatorEndpoint points every service at the emulator with test credentials", () => {
    const { json } = synthStack({ emulatorEndpoint: "http://127.0.0.1:5000" });
    const aws = json.provider.aws![0];
    expect(aws.access_key).toBe("test");
    expect(aws.skip_credentials_validation).toBe(true);
    expect(aws.endpoints[0]).toEqual({
      cloudwatchlogs: "http://127.0.0.1:5000",
      dynamodb: "http://127.0.0.1:5000",
      iam: "http://127.0.0.1:5000",
      lambda: "http://127.0.0.1:5000",
      sfn: "http://127.0.0.1:5000",
      sts: "http://127.0.0.1:5000",
    });
  });
});

/**
 * The deployed workflow: a DynamoDB table holding the work list, a Lambda that
 * processes one element, and a Standard state machine that reads the list and
 * fans it out through a Map state under `var.max_concurrency`.
 *
 * Every tunable value is a Terraform variable (see settings.ts), so changing
 * one needs `cdktf deploy --var name=value`, `TF_VAR_name` or a tfvars file:
 * no code edit and no re-synth.
 */
import * as path from "node:path";
import { Fn, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ArchiveProvider } from "@cdktf/provider-archive/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { DynamodbTableItem } from "@cdktf/provider-aws/lib/dynamodb-table-item";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { awsProvider } from "./aws-provider";
import { buildDefinition } from "./definition";
import { FunctionBundle } from "./function-bundle";
import { ServiceRole } from "./service-role";
import { stateFileName } from "./project";
import { resourceNames } from "./settings";
import { ATTRIBUTE_DEFINITIONS, PARTITION_KEY, SORT_KEY } from "./table-schema";
import { declareVariables } from "./variables";
import { listItem, type WorkList } from "../seed/list-file";

export interface WorkflowStackProps {
  /**
   * Point the AWS provider at a local emulator (moto) with test credentials.
   * @default undefined: real AWS, configured the usual way
   */
  readonly emulatorEndpoint?: string;
  /**
   * A checked work list to load with `cdktf deploy` itself, through an
   * `aws_dynamodb_table_item` resource (the declarative alternative to `npm run seed`).
   * @default undefined: the item is not managed by Terraform
   */
  readonly seedList?: WorkList;
  /**
   * Keep the state in this S3 bucket (with S3 native locking) instead of a
   * local file: what CI and teams need.
   * @default undefined: local state file terraform.<stack>.tfstate in the project root
   */
  readonly stateBucket?: string;
}

/** Lambda timeout: the function only logs; 10 s leaves room for a cold start. */
const FUNCTION_TIMEOUT_SECONDS = 10;

export class WorkflowStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: WorkflowStackProps = {}) {
    super(scope, id);
    if (props.stateBucket) {
      new S3Backend(this, { bucket: props.stateBucket, key: `${id}/terraform.tfstate`, encrypt: true });
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    } else {
      // State beside the project (not under cdktf.out, which synth rewrites), by a
      // relative path so the synthesized JSON is the same on every machine.
      new LocalBackend(this, { path: `../../../${stateFileName(id)}` });
    }
    awsProvider(this, props.emulatorEndpoint);
    new ArchiveProvider(this, "archive");
    const vars = declareVariables(this);
    const names = resourceNames(vars.name_prefix.stringValue);
    const retention = vars.log_retention_days.numberValue;

    // --- The work list ------------------------------------------------------
    const table = new DynamodbTable(this, "table", {
      name: names.table,
      billingMode: "PAY_PER_REQUEST",
      hashKey: PARTITION_KEY,
      rangeKey: SORT_KEY,
      attribute: ATTRIBUTE_DEFINITIONS.map((a) => ({ name: a.AttributeName, type: a.AttributeType })),
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: vars.deletion_protection.booleanValue,
    });
    if (props.seedList) {
      new DynamodbTableItem(this, "list_item", {
        tableName: table.name,
        hashKey: table.hashKey,
        rangeKey: table.rangeKey,
        item: JSON.stringify(listItem(props.seedList)),
      });
    }

    // --- The function -------------------------------------------------------
    const functionLogs = new CloudwatchLogGroup(this, "function_logs", {
      name: names.functionLogGroup,
      retentionInDays: retention,
    });
    const functionRole = new ServiceRole(this, "function_role", {
      name: names.function,
      service: "lambda.amazonaws.com",
      statements: [
        // The log group exists already (Terraform made it): streams and events only.
        {
          sid: "WriteOwnLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${functionLogs.arn}:*`],
        },
      ],
    });
    const bundle = new FunctionBundle(this, "process-item", {
      entry: path.join(__dirname, "..", "functions", "process-item", "index.ts"),
    });
    const fn = new LambdaFunction(this, "function", {
      functionName: names.function,
      description: "Logs and returns one element of the work list",
      role: functionRole.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: bundle.handler,
      filename: bundle.archive.outputPath,
      sourceCodeHash: bundle.archive.outputBase64Sha256,
      timeout: FUNCTION_TIMEOUT_SECONDS,
      memorySize: 128,
      loggingConfig: { logFormat: "JSON", logGroup: functionLogs.name },
      dependsOn: [functionLogs, functionRole.policy],
    });

    // --- The state machine --------------------------------------------------
    const stateMachineLogs = new CloudwatchLogGroup(this, "state_machine_logs", {
      // Step Functions needs the /aws/vendedlogs/ prefix to keep its resource policy small.
      name: names.stateMachineLogGroup,
      retentionInDays: retention,
    });
    const stateMachineRole = new ServiceRole(this, "state_machine_role", {
      name: names.stateMachine,
      service: "states.amazonaws.com",
      statements: [
        { sid: "ReadTheList", actions: ["dynamodb:GetItem"], resources: [table.arn] },
        {
          sid: "InvokeTheFunction",
          actions: ["lambda:InvokeFunction"],
          resources: [fn.arn, `${fn.arn}:*`],
        },
        {
          // Log delivery is set up through these calls, none of which takes a resource ARN.
          sid: "DeliverLogs",
          actions: [
            "logs:CreateLogDelivery",
            "logs:GetLogDelivery",
            "logs:UpdateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries",
            "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups",
          ],
          resources: ["*"],
        },
      ],
      // X-Ray takes no resource ARN either; granted only while tracing is on.
      optionalStatement: {
        enabled: vars.tracing_enabled.booleanValue,
        statement: {
          sid: "WriteTraces",
          actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
          resources: ["*"],
        },
      },
    });
    const definition = buildDefinition({
      tableName: table.name,
      functionArn: fn.arn,
      maxConcurrency: vars.max_concurrency.numberValue,
      waitSeconds: vars.wait_seconds.numberValue,
      timeoutSeconds: vars.timeout_seconds.numberValue,
    });
    const stateMachine = new SfnStateMachine(this, "state_machine", {
      name: names.stateMachine,
      type: "STANDARD",
      roleArn: stateMachineRole.role.arn,
      // jsonencode keeps the variables numbers inside the JSON; JSON.stringify would quote them.
      definition: Fn.jsonencode(definition),
      loggingConfiguration: {
        level: "ALL",
        includeExecutionData: true,
        logDestination: `${stateMachineLogs.arn}:*`,
      },
      tracingConfiguration: { enabled: vars.tracing_enabled.booleanValue },
      // The role must be able to deliver logs before Step Functions checks it.
      dependsOn: [stateMachineRole.policy],
    });

    // --- Outputs ------------------------------------------------------------
    const outputs: Record<string, [string, string]> = {
      state_machine_arn: [stateMachine.arn, "ARN of the state machine: start executions with it"],
      state_machine_name: [stateMachine.name, "Name of the state machine"],
      table_name: [table.name, "DynamoDB table holding the work list: npm run seed writes to it"],
      function_name: [fn.functionName, "Lambda function invoked once per element"],
      function_log_group: [functionLogs.name, "CloudWatch log group of the function"],
      state_machine_log_group: [stateMachineLogs.name, "CloudWatch log group of the state machine"],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description });
    }
  }
}

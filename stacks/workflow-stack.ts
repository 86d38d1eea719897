/**
 * The deployed workflow: a DynamoDB table holding the work list, a Lambda that
 * processes one element, and a state machine (Standard by default) that reads
 * the list and fans it out through a Map state under `var.max_concurrency`.
 *
 * Every tunable value is a Terraform variable (see settings.ts), so changing
 * one needs `cdktf deploy --var name=value`, `TF_VAR_name` or a tfvars file:
 * no code edit and no re-synth.
 */
import * as path from "node:path";
import { Fn, LocalBackend, Op, S3Backend, TerraformLocal, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ArchiveProvider } from "@cdktf/provider-archive/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { DynamodbTableItem } from "@cdktf/provider-aws/lib/dynamodb-table-item";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { awsProvider } from "./aws-provider";
import { buildDefinition, chainParams, DEFAULT_SHAPE, SHAPES, shapeKey, tunableParams, type BudgetArithmetic } from "./definition";
import { FunctionBundle } from "./function-bundle";
import { declareOutputs } from "./outputs";
import { ServiceRole, type Statement } from "./service-role";
import { FUNCTION_TIMEOUT_SECONDS, stateFileName, TERRAFORM_REQUIRED_VERSION } from "./project";
import { crossRules, resourceNames } from "./settings";
import { ATTRIBUTE_DEFINITIONS, EXPIRES_AT_ATTRIBUTE, PARTITION_KEY, SORT_KEY } from "./table-schema";
import { LOG_DELIVERY_ACTIONS, permissionsByShape, TRACING_ACTIONS, type Permission, type PermissionTarget } from "./task-permissions";
import { declareVariables } from "./variables";
import { listItem, type WorkList } from "./work-list";

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


/**
 * The history budget's arithmetic as HCL over var.page_size, so pagesPerExecution
 * stays a number expression inside jsonencode, e.g.
 * `var.workflow_type == "STANDARD" ? floor(24968 / (15 + 18 * var.page_size)) : 0`.
 */
const TERRAFORM_ARITHMETIC: BudgetArithmetic<number, string> = {
  linear: (a, b, x) => Op.add(a, Op.mul(b, x)) as unknown as number,
  floorDivide: (n, d) => Fn.floor(Op.div(n, d)),
  standardOnly: (w, v) => Fn.conditional(Op.eq(w, "STANDARD"), v, 0) as unknown as number,
};

export class WorkflowStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: WorkflowStackProps = {}) {
    super(scope, id);
    this.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
    if (props.stateBucket) {
      new S3Backend(this, { bucket: props.stateBucket, key: `${id}/terraform.tfstate`, encrypt: true });
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    } else {
      // State beside the project (not under cdktf.out, which synth rewrites), by a
      // relative path so the synthesized JSON is the same on every machine.
      new LocalBackend(this, { path: `../../../${stateFileName(id)}` });
    }
    const vars = declareVariables(this);
    awsProvider(this, vars.tags.value, props.emulatorEndpoint);
    new ArchiveProvider(this, "archive");
    const account = new DataAwsCallerIdentity(this, "account").accountId;
    const region = new DataAwsRegion(this, "region").region;
    const partition = new DataAwsPartition(this, "partition").partition;
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
      // Restores to any second of the last 35 days; costs cents for a list this size.
      pointInTimeRecovery: { enabled: true },
      deletionProtectionEnabled: vars.deletion_protection.booleanValue,
      // Superseded list versions carry expiresAt (epoch seconds) and TTL deletes
      // them, free of write units; the current list never has it
      // (seed/list-versions.ts). "Using time to live (TTL) in DynamoDB":
      // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
      ttl: { attributeName: EXPIRES_AT_ATTRIBUTE, enabled: true },
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
      account,
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
    // A local of its own, so the Terraform tier can evaluate it for every
    // combination of variables and compare it with shapeKey(); the role's
    // conditional policies and the definition both key on it.
    const selectedShape = new TerraformLocal(this, "shape_key", Fn.join("/", [
      vars.item_source.stringValue,
      vars.map_mode.stringValue,
      Fn.conditional(vars.isolate_failures.booleanValue, "isolated", "fail-fast"),
      // Op.gt(x, 0) renders its 0 as undefined in cdktf 0.21: compare with 1.
      Fn.conditional(Op.gte(vars.batch_size.numberValue, 1), "batched", "unbatched"),
    ]));
    // What each permission derived from the definitions applies to.
    const stateMachineArn = `arn:${partition}:states:${region}:${account}:stateMachine:${names.stateMachine}`;
    const targets: Record<PermissionTarget, string[]> = {
      table: [table.arn],
      // Qualified ARNs too (versions, aliases): FunctionName may name one.
      function: [fn.arn, `${fn.arn}:*`],
      // Built from the name: referring to the state machine resource would be a cycle.
      stateMachine: [stateMachineArn],
      childExecutions: [`arn:${partition}:states:${region}:${account}:execution:${names.stateMachine}/*`],
    };
    const statementOf = (p: Permission): Statement => ({ sid: p.sid, actions: [...p.actions], resources: targets[p.on] });
    // The permissions the definitions' states need (stacks/task-permissions.ts):
    // one every shape needs is always granted, any other only while the
    // selected shape is one that needs it.
    const derived = permissionsByShape();
    const everyShape = (keys: string[]) => keys.length === SHAPES.length;
    const stateMachineRole = new ServiceRole(this, "state_machine_role", {
      name: names.stateMachine,
      service: "states.amazonaws.com",
      account,
      statements: [
        ...derived.filter((d) => everyShape(d.shapeKeys)).map((d) => statementOf(d.permission)),
        {
          // Log delivery is set up through these calls, none of which takes a resource ARN.
          sid: "DeliverLogs",
          actions: [...LOG_DELIVERY_ACTIONS],
          resources: ["*"],
        },
      ],
      conditionalStatements: [
        {
          // X-Ray takes no resource ARN either; granted only while tracing is on.
          enabled: vars.tracing_enabled.booleanValue,
          statement: {
            sid: "WriteTraces",
            actions: [...TRACING_ACTIONS],
            resources: ["*"],
          },
        },
        ...derived
          .filter((d) => !everyShape(d.shapeKeys))
          .map((d) => {
            const selected = Fn.contains(d.shapeKeys, selectedShape.asString);
            // Continuing as new guards the Standard history quota; an Express run never chains.
            const enabled = d.permission.standardOnly ? Op.and(selected, Op.eq(vars.workflow_type.stringValue, "STANDARD")) : selected;
            return { enabled, statement: statementOf(d.permission) };
          }),
      ],
    });
    // Every valid shape is rendered; Terraform picks the one the variables name,
    // so switching item_source, map_mode, isolate_failures or batching needs no re-synth.
    const percent = vars.tolerated_failure_percentage.numberValue;
    const common = {
      tableName: table.name,
      functionArn: fn.arn,
      ...tunableParams({
        max_concurrency: vars.max_concurrency.numberValue,
        wait_seconds: vars.wait_seconds.numberValue,
        timeout_seconds: vars.timeout_seconds.numberValue,
        page_size: vars.page_size.numberValue,
        batch_size: vars.batch_size.numberValue,
        tolerated_failure_percentage: percent,
      }),
      toleratedPercentBits: [0, 1, 2, 3, 4, 5, 6].map((k) => Op.mod(Fn.floor(Op.div(percent, 2 ** k)), 2)),
      ...chainParams({ page_size: vars.page_size.numberValue, workflow_type: vars.workflow_type.stringValue }, TERRAFORM_ARITHMETIC),
    };
    const definitions = Object.fromEntries(
      // jsonencode keeps the variables numbers inside the JSON; JSON.stringify would quote them.
      SHAPES.map((shape) => [shapeKey(shape), Fn.jsonencode(buildDefinition({ ...common, ...shape }))]),
    );
    const stateMachine = new SfnStateMachine(this, "state_machine", {
      name: names.stateMachine,
      type: vars.workflow_type.stringValue,
      roleArn: stateMachineRole.role.arn,
      // A combination the preconditions refuse falls back to the default shape until they stop the plan.
      definition: Fn.lookup(definitions, selectedShape.asString, definitions[shapeKey(DEFAULT_SHAPE)]),
      loggingConfiguration: {
        level: "ALL",
        includeExecutionData: true,
        logDestination: `${stateMachineLogs.arn}:*`,
      },
      tracingConfiguration: { enabled: vars.tracing_enabled.booleanValue },
      // The role must be able to deliver logs before Step Functions checks it.
      dependsOn: [stateMachineRole.policy, ...stateMachineRole.conditionalPolicies],
      lifecycle: {
        // Rules between variables, with the same messages as the offline runner.
        precondition: [
          ...crossRules.map((r) => ({
            condition: "${" + r.condition((name) => `var.${name}`) + "}",
            errorMessage: r.message,
          })),
          // SEED_FILE writes the whole-list item; a rows state machine would never see it.
          ...(props.seedList
            ? [{ condition: '${var.item_source == "list"}', errorMessage: "SEED_FILE loads the list layout; with item_source rows use npm run seed -- --source rows." }]
            : []),
        ],
      },
    });

    declareOutputs(this, { stateMachine, table, fn, functionLogs, stateMachineLogs });
  }
}

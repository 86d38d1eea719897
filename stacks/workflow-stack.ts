/**
 * The deployed workflow: a DynamoDB table holding the work list, a Lambda that
 * processes one element, and a state machine (Standard by default) that reads
 * the list and fans it out through a Map state under `var.max_concurrency`.
 *
 * Every tunable value is a Terraform variable (see settings.ts), so changing
 * one needs `cdktf deploy --var name=value`, `TF_VAR_name` or a tfvars file:
 * no code edit and no re-synth.
 *
 * The stack wires its parts: the backend (state-backend.ts), the variables
 * and the provider, the work list (work-list-table.ts), the function
 * (process-item-function.ts) and the state machine (workflow-state-machine.ts).
 */
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ArchiveProvider } from "@cdktf/provider-archive/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { awsProvider } from "./aws-provider";
import { declareOutputs } from "./outputs";
import { ProcessItemFunction } from "./process-item-function";
import { TERRAFORM_REQUIRED_VERSION } from "./project";
import { resourceNames } from "./settings";
import { declareStateBackend, type StateBackendProps } from "./state-backend";
import { declareVariables } from "./variables";
import type { WorkList } from "./work-list";
import { WorkListTable } from "./work-list-table";
import { WorkflowStateMachine } from "./workflow-state-machine";

export interface WorkflowStackProps extends StateBackendProps {
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
}

export class WorkflowStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: WorkflowStackProps = {}) {
    super(scope, id);
    this.addOverride("terraform.required_version", TERRAFORM_REQUIRED_VERSION);
    declareStateBackend(this, id, props);
    const vars = declareVariables(this);
    awsProvider(this, vars.tags.value, props.emulatorEndpoint);
    new ArchiveProvider(this, "archive");
    const location = {
      account: new DataAwsCallerIdentity(this, "account").accountId,
      region: new DataAwsRegion(this, "region").region,
      partition: new DataAwsPartition(this, "partition").partition,
    };
    const names = resourceNames(vars.name_prefix.stringValue);
    const logRetentionDays = vars.log_retention_days.numberValue;

    const { table } = new WorkListTable(this, {
      name: names.table,
      deletionProtection: vars.deletion_protection.booleanValue,
      seedList: props.seedList,
    });
    const fn = new ProcessItemFunction(this, {
      functionName: names.function,
      logGroupName: names.functionLogGroup,
      logRetentionDays,
      account: location.account,
    });
    const machine = new WorkflowStateMachine(this, {
      name: names.stateMachine,
      logGroupName: names.stateMachineLogGroup,
      logRetentionDays,
      vars,
      table,
      fn: fn.fn,
      location,
      seedsListItem: props.seedList !== undefined,
    });

    declareOutputs(this, { stateMachine: machine.stateMachine, table, fn: fn.fn, functionLogs: fn.logs, stateMachineLogs: machine.logs });
  }
}

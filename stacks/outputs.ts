/**
 * The stack's outputs: what `cdktf output` shows and what npm run seed and
 * npm run execute read to find the deployed resources.
 */
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import type { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";

export interface OutputSources {
  readonly stateMachine: SfnStateMachine;
  readonly table: DynamodbTable;
  readonly fn: LambdaFunction;
  readonly functionLogs: CloudwatchLogGroup;
  readonly stateMachineLogs: CloudwatchLogGroup;
}

export function declareOutputs(scope: Construct, r: OutputSources): void {
  const outputs: Record<string, [string, string]> = {
    state_machine_arn: [r.stateMachine.arn, "ARN of the state machine: start executions with it"],
    state_machine_name: [r.stateMachine.name, "Name of the state machine"],
    table_name: [r.table.name, "DynamoDB table holding the work list: npm run seed writes to it"],
    function_name: [r.fn.functionName, "Lambda function invoked once per element"],
    function_log_group: [r.functionLogs.name, "CloudWatch log group of the function"],
    state_machine_log_group: [r.stateMachineLogs.name, "CloudWatch log group of the state machine"],
  };
  for (const [name, [value, description]] of Object.entries(outputs)) {
    new TerraformOutput(scope, name, { value, description });
  }
}

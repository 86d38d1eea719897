/**
 * The Lambda function that processes one element of the work list: its log
 * group, its role (which may write to that log group only), its bundle and
 * the function itself. Declared in the scope it is given, under fixed ids
 * (see work-list-table.ts for why it adds no construct node).
 */
import * as path from "node:path";
import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { FunctionBundle } from "./function-bundle";
import { FUNCTION_TIMEOUT_SECONDS } from "./project";
import { ServiceRole } from "./service-role";

export interface ProcessItemFunctionProps {
  /** The function's name, also its role's. */
  readonly functionName: string;
  /** The function's CloudWatch log group (/aws/lambda/<function name>). */
  readonly logGroupName: string;
  /** Retention of the log group, in days (0 = never expire). @default 7 */
  readonly logRetentionDays?: number;
  /** The account whose resources may have Lambda act for them (the role's aws:SourceAccount). */
  readonly account: string;
  /** The handler's entry file. @default functions/process-item/index.ts */
  readonly entry?: string;
}

export class ProcessItemFunction {
  public readonly logs: CloudwatchLogGroup;
  public readonly role: ServiceRole;
  public readonly bundle: FunctionBundle;
  public readonly fn: LambdaFunction;

  constructor(scope: Construct, props: ProcessItemFunctionProps) {
    this.logs = new CloudwatchLogGroup(scope, "function_logs", {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays ?? 7,
    });
    this.role = new ServiceRole(scope, "function_role", {
      name: props.functionName,
      service: "lambda.amazonaws.com",
      account: props.account,
      statements: [
        // The log group exists already (Terraform made it): streams and events only.
        {
          sid: "WriteOwnLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${this.logs.arn}:*`],
        },
      ],
    });
    this.bundle = new FunctionBundle(scope, "process-item", {
      entry: props.entry ?? path.join(__dirname, "..", "functions", "process-item", "index.ts"),
    });
    this.fn = new LambdaFunction(scope, "function", {
      functionName: props.functionName,
      description: "Logs and returns one element of the work list",
      role: this.role.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: this.bundle.handler,
      filename: this.bundle.archive.outputPath,
      sourceCodeHash: this.bundle.archive.outputBase64Sha256,
      timeout: FUNCTION_TIMEOUT_SECONDS,
      memorySize: 128,
      loggingConfig: { logFormat: "JSON", logGroup: this.logs.name },
      dependsOn: [this.logs, this.role.policy],
    });
  }
}

/**
 * The state machine: its log group, the shape_key local that names the shape
 * the variables select, its role, every shape's definition with the selected
 * one looked up, and the preconditions that refuse combinations of variables
 * the settings table forbids. Declared in the scope it is given, under fixed
 * ids (see work-list-table.ts for why it adds no construct node).
 */
import { Fn, Op, TerraformLocal, type Precondition } from "cdktf";
import type { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { DEFAULT_SHAPE, shapeKey } from "./definition";
import { renderedDefinitions } from "./rendered-definitions";
import type { ServiceRole } from "./service-role";
import { crossRules } from "./settings";
import { stateMachineRole } from "./state-machine-role";
import type { Variables } from "./variables";

/** Where the stack runs, for the ARNs the role names (data sources' attributes). */
interface StackLocation {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

export interface WorkflowStateMachineProps {
  /** The state machine's name, also its role's. */
  readonly name: string;
  /** Its CloudWatch log group; Step Functions needs the /aws/vendedlogs/ prefix to keep its resource policy small. */
  readonly logGroupName: string;
  /** Retention of the log group, in days (0 = never expire). @default 7 */
  readonly logRetentionDays?: number;
  /** The stack's variables: the shape, the tunables, workflow_type and tracing_enabled come from them. */
  readonly vars: Variables;
  /** The table the definitions read. */
  readonly table: DynamodbTable;
  /** The function the definitions invoke. */
  readonly fn: LambdaFunction;
  readonly location: StackLocation;
  /** The stack loads the whole-list item itself (SEED_FILE): refuse item_source rows, which would never see it. @default false */
  readonly seedsListItem?: boolean;
}

export class WorkflowStateMachine {
  public readonly logs: CloudwatchLogGroup;
  /** The shape the variables select, e.g. "list/INLINE/fail-fast/unbatched" (shapeKey()). */
  public readonly shapeKey: TerraformLocal;
  public readonly role: ServiceRole;
  public readonly stateMachine: SfnStateMachine;

  constructor(scope: Construct, props: WorkflowStateMachineProps) {
    const { vars, location } = props;
    this.logs = new CloudwatchLogGroup(scope, "state_machine_logs", { name: props.logGroupName, retentionInDays: props.logRetentionDays ?? 7 });
    this.shapeKey = shapeKeyLocal(scope, vars);
    const at = `arn:${location.partition}:states:${location.region}:${location.account}`;
    this.role = stateMachineRole(scope, {
      name: props.name,
      account: location.account,
      targets: {
        table: [props.table.arn],
        // Qualified ARNs too (versions, aliases): FunctionName may name one.
        function: [props.fn.arn, `${props.fn.arn}:*`],
        // Built from the name: referring to the state machine resource would be a cycle.
        stateMachine: [`${at}:stateMachine:${props.name}`],
        childExecutions: [`${at}:execution:${props.name}/*`],
      },
      shapeKey: this.shapeKey.asString,
      tracingEnabled: vars.tracing_enabled.booleanValue,
      workflowType: vars.workflow_type.stringValue,
    });
    const definitions = renderedDefinitions(vars, { tableName: props.table.name, functionArn: props.fn.arn });
    this.stateMachine = new SfnStateMachine(scope, "state_machine", {
      name: props.name,
      type: vars.workflow_type.stringValue,
      roleArn: this.role.role.arn,
      // A combination the preconditions refuse falls back to the default shape until they stop the plan.
      definition: Fn.lookup(definitions, this.shapeKey.asString, definitions[shapeKey(DEFAULT_SHAPE)]) as string,
      loggingConfiguration: { level: "ALL", includeExecutionData: true, logDestination: `${this.logs.arn}:*` },
      tracingConfiguration: { enabled: vars.tracing_enabled.booleanValue },
      // The role must be able to deliver logs before Step Functions checks it.
      dependsOn: [this.role.policy, ...this.role.conditionalPolicies],
      lifecycle: { precondition: preconditions(props.seedsListItem ?? false) },
    });
  }
}

/**
 * A local of its own, so the Terraform tier can evaluate it for every
 * combination of variables and compare it with shapeKey(); the role's
 * conditional policies and the definition both key on it.
 */
function shapeKeyLocal(scope: Construct, vars: Variables): TerraformLocal {
  return new TerraformLocal(
    scope,
    "shape_key",
    Fn.join("/", [
      vars.item_source.stringValue,
      vars.map_mode.stringValue,
      Fn.conditional(vars.isolate_failures.booleanValue, "isolated", "fail-fast") as string,
      // Op.gt(x, 0) renders its 0 as undefined in cdktf 0.21: compare with 1.
      Fn.conditional(Op.gte(vars.batch_size.numberValue, 1), "batched", "unbatched") as string,
    ]),
  );
}

/** Rules between variables, with the same messages as the offline runner. */
function preconditions(seedsListItem: boolean): Precondition[] {
  return [
    ...crossRules.map((r) => ({
      condition: "${" + r.condition((name) => `var.${name}`) + "}",
      errorMessage: r.message,
    })),
    // SEED_FILE writes the whole-list item; a rows state machine would never see it.
    ...(seedsListItem
      ? [
          {
            condition: '${var.item_source == "list"}',
            errorMessage: "SEED_FILE loads the list layout; with item_source rows use npm run seed -- --source rows.",
          },
        ]
      : []),
  ];
}

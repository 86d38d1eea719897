/**
 * Least privilege derived from the definition: what the state machine's role
 * must be allowed to do is read off the states `buildDefinition(shape)`
 * returns, never listed by hand. A Task state needs the actions of the API
 * its Resource calls; a Distributed Map needs to run child executions.
 *
 * Pure: knows no cdktf. It names *what* each permission applies to (the
 * table, the function...); the stack turns that into ARNs.
 */
import { buildDefinition, SHAPES, shapeKey, type Shape } from "./definition";
import { DYNAMODB_GET_ITEM, DYNAMODB_QUERY, isDistributedMap, LAMBDA_INVOKE, STATES_START_EXECUTION, type TaskResource } from "./definition/asl";
import { allStates } from "./definition-walk";

/**
 * What every shape's role needs besides its tasks, on "*" because none of
 * these calls takes a resource ARN: setting up log delivery to CloudWatch
 * Logs (Step Functions developer guide, "IAM policies for logging to
 * CloudWatch Logs") and, while tracing is on, writing X-Ray traces ("IAM
 * policies for AWS X-Ray in Step Functions").
 */
export const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;
export const TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"] as const;

/** What a permission applies to; the stack maps each to its ARNs. */
export type PermissionTarget = "table" | "function" | "stateMachine" | "childExecutions";

export interface Permission {
  /** Statement id, also the conditional policy's name suffix. */
  readonly sid: string;
  readonly actions: readonly string[];
  readonly on: PermissionTarget;
  /**
   * Needed only by Standard workflows (continue as new guards the history
   * quota, which Express workflows do not have): the stack grants it only
   * while workflow_type is STANDARD. @default false
   */
  readonly standardOnly?: boolean;
}

/**
 * The IAM actions a Task state's Resource calls, from the Step Functions
 * "IAM policies for integrated services" pages:
 *  - DynamoDB optimized integration (dynamodb:getItem): dynamodb:GetItem on
 *    the table (the list item; for rows, the pointer and a chain's version record). https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html
 *  - AWS SDK integration (aws-sdk:dynamodb:query): the IAM action is the
 *    service prefix and the API name, dynamodb:Query, on the table.
 *    https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 *  - Lambda optimized integration (lambda:invoke): lambda:InvokeFunction on
 *    the function and on its qualified ARNs (function:*), since FunctionName
 *    may name a version or alias.
 *    https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html
 *  - Step Functions optimized integration, request-response
 *    (states:startExecution, continue as new): states:StartExecution on the
 *    state machine it starts, which is this one.
 *    https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html
 * A Resource not listed here is refused: a new Task must say what it needs.
 */
const TASK_PERMISSIONS: Readonly<Record<TaskResource, Permission>> = {
  [DYNAMODB_GET_ITEM]: { sid: "ReadTheList", actions: ["dynamodb:GetItem"], on: "table" },
  [DYNAMODB_QUERY]: { sid: "ReadRows", actions: ["dynamodb:Query"], on: "table" },
  [LAMBDA_INVOKE]: { sid: "InvokeTheFunction", actions: ["lambda:InvokeFunction"], on: "function" },
  [STATES_START_EXECUTION]: { sid: "ContinueAsNew", actions: ["states:StartExecution"], on: "stateMachine", standardOnly: true },
};

/**
 * A Distributed Map starts each child workflow as an execution of this very
 * state machine, then follows and, on failure, stops it: states:StartExecution
 * on the state machine, states:DescribeExecution and states:StopExecution on
 * its executions. ("IAM policies for using Distributed Map states")
 * https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html
 */
const DISTRIBUTED_MAP_PERMISSIONS: readonly Permission[] = [
  { sid: "RunChildExecutions", actions: ["states:StartExecution"], on: "stateMachine" },
  { sid: "FollowChildExecutions", actions: ["states:DescribeExecution", "states:StopExecution"], on: "childExecutions" },
];

/** The permission a Task state's Resource needs; throws for a Resource without a known policy. */
export function taskPermission(resource: string): Permission {
  const permission = (TASK_PERMISSIONS as Readonly<Record<string, Permission | undefined>>)[resource];
  if (!permission) throw new Error(`no IAM permissions known for Task resource ${resource}: add them to stacks/task-permissions.ts`);
  return permission;
}

/** Every permission one definition's states need, each once, in the order the states come. */
export function definitionPermissions(definition: unknown): Permission[] {
  const needed = allStates(definition).flatMap(({ state }): readonly Permission[] => {
    if (state.Type === "Task") return [taskPermission(String(state.Resource))];
    if (isDistributedMap(state)) return DISTRIBUTED_MAP_PERMISSIONS;
    return [];
  });
  return needed.filter((p, i) => needed.findIndex((q) => q.sid === p.sid) === i);
}

/** Placeholder parameters: only the states' types and resources matter here, not the values. */
const ANY_PARAMS = { tableName: "table", functionArn: "function", maxConcurrency: 1, waitSeconds: 0, timeoutSeconds: 1 };

/** The permissions the definition of one shape needs. */
export function shapePermissions(shape: Shape): Permission[] {
  return definitionPermissions(buildDefinition({ ...ANY_PARAMS, ...shape }));
}

/** Each distinct permission of any shape, with the keys of the shapes that need it (in SHAPES order). */
export function permissionsByShape(shapes: readonly Shape[] = SHAPES): { permission: Permission; shapeKeys: string[] }[] {
  const out: { permission: Permission; shapeKeys: string[] }[] = [];
  for (const shape of shapes) {
    for (const permission of shapePermissions(shape)) {
      const entry = out.find((e) => e.permission.sid === permission.sid);
      if (entry) entry.shapeKeys.push(shapeKey(shape));
      else out.push({ permission, shapeKeys: [shapeKey(shape)] });
    }
  }
  return out;
}

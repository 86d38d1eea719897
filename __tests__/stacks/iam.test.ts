/**
 * Least privilege, checked on the synthesized policy documents: no wildcard
 * action anywhere, a "*" resource only for actions that take no resource
 * ARN (CloudWatch Logs delivery and X-Ray), the only listed exceptions, and
 * for every shape exactly the actions its definition's states call.
 */
import { buildDefinition, SHAPES, shapeKey, type Shape } from "../../stacks/definition";
import { allStates } from "../../stacks/definition-walk";
import { LOG_DELIVERY_ACTIONS, TRACING_ACTIONS } from "../../stacks/task-permissions";
import { only, synthStack } from "./synth";

// The calls that take no resource ARN, granted on "*" (their one list is in task-permissions.ts).
const NO_RESOURCE_LEVEL_ACTIONS = new Set<string>([...LOG_DELIVERY_ACTIONS, ...TRACING_ACTIONS]);

type Statement = { sid?: string; actions: string[]; resources?: string[] };

const { json } = synthStack();
const documents = json.data.aws_iam_policy_document as Record<string, { statement: Statement[] }>;
const permissionDocs = Object.entries(documents).filter(([id]) => !id.includes("trust"));

/** The statements of the policy document a role policy resource points at. */
function statementsOf(policyResourceId: string): Statement[] {
  const policy = json.resource.aws_iam_role_policy![policyResourceId];
  const docId = /data\.aws_iam_policy_document\.([\w-]+)\.json/.exec(policy.policy)![1]!;
  return documents[docId]!.statement;
}
function policyIdFor(prefix: string): string {
  return Object.keys(json.resource.aws_iam_role_policy!).find((id) => id.startsWith(prefix))!;
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => s.actions).sort();

const DELIVER_LOGS = [...NO_RESOURCE_LEVEL_ACTIONS].filter((a) => a.startsWith("logs:"));
const XRAY = [...NO_RESOURCE_LEVEL_ACTIONS].filter((a) => a.startsWith("xray:"));

/** The count a policy has when granted only while one of these shapes is selected. */
const containsCount = (shapes: Shape[]) => `\${contains([${shapes.map((s) => JSON.stringify(shapeKey(s))).join(", ")}], local.shape_key) ? 1 : 0}`;

/** The count a policy has when granted only while one of these shapes is selected on a Standard workflow. */
const standardContainsCount = (shapes: Shape[]) =>
  `\${(contains([${shapes.map((s) => JSON.stringify(shapeKey(s))).join(", ")}], local.shape_key) && (var.workflow_type == "STANDARD")) ? 1 : 0}`;

/** Evaluates a role policy's count for a selected shape, workflow type and tracing setting; refuses any other form. */
function isGranted(count: string | undefined, key: string, tracing: boolean, workflowType = "STANDARD"): boolean {
  if (count === undefined) return true;
  if (count === "${var.tracing_enabled ? 1 : 0}") return tracing;
  const standard = /^\$\{\(contains\((\[.*\]), local\.shape_key\) && \(var\.workflow_type == "STANDARD"\)\) \? 1 : 0\}$/.exec(count)?.[1];
  if (standard !== undefined) return (JSON.parse(standard) as string[]).includes(key) && workflowType === "STANDARD";
  const keys = /^\$\{contains\((\[.*\]), local\.shape_key\) \? 1 : 0\}$/.exec(count)?.[1];
  if (keys === undefined) throw new Error(`unexpected count ${count}`);
  return (JSON.parse(keys) as string[]).includes(key);
}

/**
 * The IAM actions a shape's states call, read from its definition with the
 * documented mapping (Step Functions "IAM policies for integrated services"),
 * written here independently of stacks/task-permissions.ts.
 */
const ACTIONS_OF_RESOURCE: Record<string, string> = {
  "arn:aws:states:::dynamodb:getItem": "dynamodb:GetItem",
  "arn:aws:states:::aws-sdk:dynamodb:query": "dynamodb:Query",
  "arn:aws:states:::lambda:invoke": "lambda:InvokeFunction",
  // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html
  "arn:aws:states:::states:startExecution": "states:StartExecution",
};
/** Actions only a Standard workflow needs (continue as new guards its history quota). */
const STANDARD_ONLY_RESOURCES = new Set(["arn:aws:states:::states:startExecution"]);
function neededByStates(shape: Shape, workflowType = "STANDARD"): string[] {
  const def = buildDefinition({ tableName: "t", functionArn: "f", maxConcurrency: 1, waitSeconds: 0, timeoutSeconds: 1, ...shape });
  const actions = allStates(def).flatMap(({ state }) => {
    if (state.Type === "Task") {
      if (workflowType !== "STANDARD" && STANDARD_ONLY_RESOURCES.has(String(state.Resource))) return [];
      return [ACTIONS_OF_RESOURCE[String(state.Resource)] ?? `unknown ${String(state.Resource)}`];
    }
    if (state.Type === "Map" && (state.ItemProcessor as any)?.ProcessorConfig?.Mode === "DISTRIBUTED") {
      return ["states:StartExecution", "states:DescribeExecution", "states:StopExecution"];
    }
    return [];
  });
  return [...new Set(actions)].sort();
}

describe("IAM least privilege", () => {
  test("no wildcard action in any statement", () => {
    const actions = permissionDocs.flatMap(([, d]) => d.statement.flatMap((s) => s.actions));
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) {
      expect(a).not.toBe("*");
      expect(a).not.toMatch(/\*/);
    }
  });

  test("a * resource only for actions without resource-level permissions", () => {
    for (const [, d] of permissionDocs) {
      for (const s of d.statement) {
        if (!(s.resources ?? []).includes("*")) continue;
        for (const a of s.actions) expect(NO_RESOURCE_LEVEL_ACTIONS.has(a) ? a : `${a} on *`).toBe(a);
      }
    }
  });

  test("the function may write its own logs and nothing else", () => {
    const statements = statementsOf(policyIdFor("function_role_policy"));
    expect(actionsOf(statements)).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
    expect(statements[0]!.resources).toEqual(["${aws_cloudwatch_log_group.function_logs.arn}:*"]);
  });

  test("the state machine may always GetItem on the table (the list item, or the rows pointer), invoke the function (and its versions) and deliver logs, nothing else", () => {
    const statements = statementsOf(policyIdFor("state_machine_role_policy"));
    const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
    expect(bySid.InvokeTheFunction).toEqual(
      expect.objectContaining({
        actions: ["lambda:InvokeFunction"],
        resources: ["${aws_lambda_function.function.arn}", "${aws_lambda_function.function.arn}:*"],
      }),
    );
    expect(bySid.ReadTheList).toEqual(expect.objectContaining({ actions: ["dynamodb:GetItem"], resources: ["${aws_dynamodb_table.table.arn}"] }));
    expect(Object.keys(bySid).sort()).toEqual(["DeliverLogs", "InvokeTheFunction", "ReadTheList"]);
  });

  test("X-Ray permissions exist only while tracing is on", () => {
    const policy = json.resource.aws_iam_role_policy![policyIdFor("state_machine_role_WriteTraces_policy")];
    expect(policy.count).toBe("${var.tracing_enabled ? 1 : 0}");
    expect(actionsOf(statementsOf(policyIdFor("state_machine_role_WriteTraces_policy")))).toEqual([
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:PutTelemetryRecords",
      "xray:PutTraceSegments",
    ]);
  });

  test("each role trusts one service, for this account only", () => {
    const trusts = Object.entries(documents).filter(([id]) => id.includes("trust"));
    expect(
      trusts
        .map(([, d]) => d.statement[0]!)
        .map((s: any) => s.principals[0].identifiers[0])
        .sort(),
    ).toEqual(["lambda.amazonaws.com", "states.amazonaws.com"]);
    for (const [, d] of trusts) {
      expect((d.statement[0] as any).condition[0].variable).toBe("aws:SourceAccount");
    }
  });

  test("rows shapes may Query this table, only while such a shape is selected (GetItem: every shape, above)", () => {
    const table = ["${aws_dynamodb_table.table.arn}"];
    const rows = policyIdFor("state_machine_role_ReadRows_policy");
    expect(json.resource.aws_iam_role_policy![rows].count).toBe(containsCount(SHAPES.filter((s) => s.itemSource === "rows")));
    expect(statementsOf(rows)).toEqual([expect.objectContaining({ actions: ["dynamodb:Query"], resources: table })]);
  });

  test("a Distributed Map may start, describe and stop executions of this state machine only, only in that mode", () => {
    const start = policyIdFor("state_machine_role_RunChildExecutions_policy");
    const follow = policyIdFor("state_machine_role_FollowChildExecutions_policy");
    for (const id of [start, follow]) {
      expect(json.resource.aws_iam_role_policy![id].count).toBe(containsCount(SHAPES.filter((s) => s.mapMode === "DISTRIBUTED")));
    }
    const arn = "arn:${data.aws_partition.partition.partition}:states:${data.aws_region.region.region}:${data.aws_caller_identity.account.account_id}";
    expect(statementsOf(start)).toEqual([
      expect.objectContaining({ actions: ["states:StartExecution"], resources: [`${arn}:stateMachine:\${var.name_prefix}-workflow`] }),
    ]);
    expect(statementsOf(follow)).toEqual([
      expect.objectContaining({
        actions: ["states:DescribeExecution", "states:StopExecution"],
        resources: [`${arn}:execution:\${var.name_prefix}-workflow/*`],
      }),
    ]);
  });

  test("rows on an inline Map may start executions of this state machine only (continue as new), only on a Standard workflow", () => {
    const chain = policyIdFor("state_machine_role_ContinueAsNew_policy");
    expect(json.resource.aws_iam_role_policy![chain].count).toBe(
      standardContainsCount(SHAPES.filter((s) => s.itemSource === "rows" && s.mapMode === "INLINE")),
    );
    const arn = "arn:${data.aws_partition.partition.partition}:states:${data.aws_region.region.region}:${data.aws_caller_identity.account.account_id}";
    expect(statementsOf(chain)).toEqual([
      expect.objectContaining({ actions: ["states:StartExecution"], resources: [`${arn}:stateMachine:\${var.name_prefix}-workflow`] }),
    ]);
  });

  describe.each(SHAPES.map((s) => [shapeKey(s), s] as const))("shape %s: the role grants exactly what its states call", (key, shape) => {
    test.each([
      [false, "STANDARD"],
      [true, "STANDARD"],
      [false, "EXPRESS"],
    ])("tracing_enabled %p, workflow_type %s", (tracing, workflowType) => {
      const granted = Object.entries(json.resource.aws_iam_role_policy!)
        .filter(([id]) => id.startsWith("state_machine_role_"))
        .filter(([, policy]) => isGranted(policy.count, key, tracing, workflowType))
        .flatMap(([id]) => actionsOf(statementsOf(id)));
      expect(granted.sort()).toEqual([...neededByStates(shape, workflowType), ...DELIVER_LOGS, ...(tracing ? XRAY : [])].sort());
      // Spelled out too, so a wrong derivation cannot agree with itself.
      // Rows read the pointer (GetItem) and then pages (Query).
      const dynamo = shape.itemSource === "list" ? ["dynamodb:GetItem"] : ["dynamodb:GetItem", "dynamodb:Query"];
      const children = shape.mapMode === "DISTRIBUTED" ? ["states:DescribeExecution", "states:StartExecution", "states:StopExecution"] : [];
      const chains = shape.itemSource === "rows" && shape.mapMode === "INLINE" && workflowType === "STANDARD" ? ["states:StartExecution"] : [];
      expect(neededByStates(shape, workflowType)).toEqual([...dynamo, "lambda:InvokeFunction", ...children, ...chains].sort());
    });
  });

  test("roles reference only these policies", () => {
    expect(Object.keys(json.resource.aws_iam_role_policy!)).toHaveLength(7);
    expect(only(json, "aws_sfn_state_machine").role_arn).toMatch(/aws_iam_role\.state_machine_role/);
  });
});

/**
 * Least privilege, checked on the synthesized policy documents: no wildcard
 * action anywhere, and a "*" resource only for actions that take no resource
 * ARN (CloudWatch Logs delivery and X-Ray), the only listed exceptions.
 */
import { only, synthStack } from "./synth";

const NO_RESOURCE_LEVEL_ACTIONS = new Set([
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
]);

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

  test("the state machine may read the table, invoke the function (and its versions), deliver logs", () => {
    const statements = statementsOf(policyIdFor("state_machine_role_policy"));
    const bySid = Object.fromEntries(statements.map((s) => [s.sid, s]));
    expect(bySid.ReadTheList).toEqual(
      expect.objectContaining({ actions: ["dynamodb:GetItem"], resources: ["${aws_dynamodb_table.table.arn}"] }),
    );
    expect(bySid.InvokeTheFunction).toEqual(
      expect.objectContaining({
        actions: ["lambda:InvokeFunction"],
        resources: ["${aws_lambda_function.function.arn}", "${aws_lambda_function.function.arn}:*"],
      }),
    );
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
    expect(trusts.map(([, d]) => d.statement[0]!).map((s: any) => s.principals[0].identifiers[0]).sort()).toEqual([
      "lambda.amazonaws.com",
      "states.amazonaws.com",
    ]);
    for (const [, d] of trusts) {
      expect((d.statement[0] as any).condition[0].variable).toBe("aws:SourceAccount");
    }
  });

  test("rows mode may Query this table, only while item_source is rows", () => {
    const id = policyIdFor("state_machine_role_ReadRows_policy");
    expect(json.resource.aws_iam_role_policy![id].count).toBe('${(var.item_source == "rows") ? 1 : 0}');
    expect(statementsOf(id)).toEqual([expect.objectContaining({ actions: ["dynamodb:Query"], resources: ["${aws_dynamodb_table.table.arn}"] })]);
  });

  test("a Distributed Map may start, describe and stop executions of this state machine only, only in that mode", () => {
    const start = policyIdFor("state_machine_role_RunChildExecutions_policy");
    const follow = policyIdFor("state_machine_role_FollowChildExecutions_policy");
    for (const id of [start, follow]) {
      expect(json.resource.aws_iam_role_policy![id].count).toBe('${(var.map_mode == "DISTRIBUTED") ? 1 : 0}');
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

  test("roles reference only these policies", () => {
    expect(Object.keys(json.resource.aws_iam_role_policy!)).toHaveLength(6);
    expect(only(json, "aws_sfn_state_machine").role_arn).toMatch(/aws_iam_role\.state_machine_role/);
  });
});

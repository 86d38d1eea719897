/**
 * An IAM role that one AWS service may assume, in this account only, with one
 * inline policy listing exactly what it may do. Each conditional statement is
 * kept in a policy of its own that exists only while its Terraform condition
 * is true, so a mode that is off grants nothing.
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn, type IResolvable } from "cdktf";

export interface Statement {
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
}

export interface ConditionalStatement {
  /** A Terraform bool: the statement is granted only while it is true. */
  readonly enabled: boolean | IResolvable;
  readonly statement: Statement;
}

export interface ServiceRoleProps {
  /** Role name (also the policies' name stem). */
  readonly name: string;
  /** The service principal allowed to assume the role, e.g. "states.amazonaws.com". */
  readonly service: string;
  /** The account whose resources may have the service act for them (aws:SourceAccount). */
  readonly account: string;
  /** What the role may always do: one inline policy. */
  readonly statements: Statement[];
  /** Statements granted only while their condition holds. @default none */
  readonly conditionalStatements?: ConditionalStatement[];
}

export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  /** The conditional policies, for resources that must wait for them. */
  public readonly conditionalPolicies: IamRolePolicy[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.service] }],
          // Guards against the confused deputy: only calls made for this account.
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.account] }],
        },
      ],
    });
    this.role = new IamRole(this, "role", { name: props.name, assumeRolePolicy: trust.json });
    this.policy = new IamRolePolicy(this, "policy", {
      name: props.name,
      role: this.role.id,
      policy: document(this, "permissions", props.statements).json,
    });
    for (const { enabled, statement } of props.conditionalStatements ?? []) {
      const policy = new IamRolePolicy(this, `${statement.sid}_policy`, {
        name: `${props.name}-${statement.sid}`,
        role: this.role.id,
        policy: document(this, `${statement.sid}_permissions`, [statement]).json,
      });
      policy.count = Fn.conditional(enabled, 1, 0) as number;
      this.conditionalPolicies.push(policy);
    }
  }
}

function document(scope: Construct, id: string, statements: Statement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({ sid: s.sid, effect: "Allow", actions: s.actions, resources: s.resources })),
  });
}

/**
 * An IAM role that one AWS service may assume, in this account only, with one
 * inline policy listing exactly what it may do. An optional statement is kept
 * in a policy of its own that exists only while its variable is true.
 */
import { Construct } from "constructs";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Fn, type IResolvable } from "cdktf";

export interface Statement {
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
}

export interface ServiceRoleProps {
  /** Role name (also the policies' name stem). */
  readonly name: string;
  /** The service principal allowed to assume the role, e.g. "states.amazonaws.com". */
  readonly service: string;
  /** What the role may do: one inline policy. */
  readonly statements: Statement[];
  /** A statement granted only while `enabled` (a Terraform bool) is true. @default none */
  readonly optionalStatement?: { enabled: boolean | IResolvable; statement: Statement };
}

export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, "account");
    const trust = new DataAwsIamPolicyDocument(this, "trust", {
      statement: [
        {
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: [props.service] }],
          // Guards against the confused deputy: only calls made for this account.
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account.accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, "role", { name: props.name, assumeRolePolicy: trust.json });
    this.policy = new IamRolePolicy(this, "policy", {
      name: props.name,
      role: this.role.id,
      policy: document(this, "permissions", props.statements).json,
    });
    if (props.optionalStatement) {
      const { enabled, statement } = props.optionalStatement;
      const optional = new IamRolePolicy(this, "optional_policy", {
        name: `${props.name}-${statement.sid}`,
        role: this.role.id,
        policy: document(this, "optional_permissions", [statement]).json,
      });
      optional.count = Fn.conditional(enabled, 1, 0) as unknown as number;
    }
  }
}

function document(scope: Construct, id: string, statements: Statement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({ sid: s.sid, effect: "Allow", actions: s.actions, resources: s.resources })),
  });
}

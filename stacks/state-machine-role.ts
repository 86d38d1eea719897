/**
 * The state machine's role: the permissions its definitions' states need
 * (task-permissions.ts), log delivery, and X-Ray while tracing is on. A
 * permission every shape needs is always granted, any other only while the
 * selected shape is one that needs it.
 */
import { Fn, Op, type IResolvable } from "cdktf";
import type { Construct } from "constructs";
import { SHAPES } from "./definition";
import { ServiceRole, type ConditionalStatement, type Statement } from "./service-role";
import { LOG_DELIVERY_ACTIONS, permissionsByShape, TRACING_ACTIONS, type Permission, type PermissionTarget } from "./task-permissions";

export interface StateMachineRoleProps {
  /** The role's name: the state machine's. */
  readonly name: string;
  /** The account whose resources may have Step Functions act for them (aws:SourceAccount). */
  readonly account: string;
  /** The ARNs each permission target stands for. */
  readonly targets: Readonly<Record<PermissionTarget, string[]>>;
  /** The selected shape's key (the shape_key local): shape-specific permissions key on it. */
  readonly shapeKey: string;
  /** Grant X-Ray writes: a Terraform bool (var.tracing_enabled). @default false */
  readonly tracingEnabled?: boolean | IResolvable;
  /** STANDARD or EXPRESS (var.workflow_type): continuing as new is granted only to STANDARD. */
  readonly workflowType: string;
}

/** Declares the role as ServiceRole "state_machine_role" in the scope given. */
export function stateMachineRole(scope: Construct, props: StateMachineRoleProps): ServiceRole {
  const statementOf = (p: Permission): Statement => ({ sid: p.sid, actions: [...p.actions], resources: props.targets[p.on] });
  const derived = permissionsByShape();
  const everyShape = (keys: string[]) => keys.length === SHAPES.length;
  const shapeSpecific = derived
    .filter((d) => !everyShape(d.shapeKeys))
    .map((d): ConditionalStatement => {
      const selected = Fn.contains(d.shapeKeys, props.shapeKey) as boolean;
      // Continuing as new guards the Standard history quota; an Express run never chains.
      const enabled = d.permission.standardOnly ? Op.and(selected, Op.eq(props.workflowType, "STANDARD")) : selected;
      return { enabled, statement: statementOf(d.permission) };
    });
  return new ServiceRole(scope, "state_machine_role", {
    name: props.name,
    service: "states.amazonaws.com",
    account: props.account,
    statements: [
      ...derived.filter((d) => everyShape(d.shapeKeys)).map((d) => statementOf(d.permission)),
      // Log delivery is set up through these calls, none of which takes a resource ARN.
      { sid: "DeliverLogs", actions: [...LOG_DELIVERY_ACTIONS], resources: ["*"] },
    ],
    conditionalStatements: [
      // X-Ray takes no resource ARN either; granted only while tracing is on.
      { enabled: props.tracingEnabled ?? false, statement: { sid: "WriteTraces", actions: [...TRACING_ACTIONS], resources: ["*"] } },
      ...shapeSpecific,
    ],
  });
}

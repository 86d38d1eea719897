/**
 * `npm run execute -- --redrive ARN`: RedriveExecution of a Standard
 * execution that did not succeed, with AWS's conditions checked first so a
 * refusal is one plain line. From the RedriveExecution API reference:
 *  - "This API action is not supported by EXPRESS state machines" (an
 *    Express Map Run's children are rerun by redriving their parent);
 *  - "The execution status isn't SUCCEEDED";
 *  - "Your workflow execution has not exceeded the redrivable period of 14
 *    days ... This period starts from the day a state machine completes its
 *    execution";
 *  - redriveStatus NOT_REDRIVABLE "if calling the RedriveExecution API action
 *    would return the ExecutionNotRedrivable error", with redriveStatusReason.
 * "For workflows that include an Inline Map or Parallel state,
 * RedriveExecution ... redrives only the iterations and branches that failed
 * or aborted"; a failed Map Run is redriven with its parent, which reruns only
 * the unsuccessful children.
 */
import { DescribeExecutionCommand, RedriveExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { UserError } from "../cli/errors";
import { executionParts } from "../aws/arn";

const REDRIVABLE_PERIOD_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An execution ARN's shape: arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME (or express:). */
/** The state machine an execution ARN belongs to; refuses what is not an execution ARN, and Express ones. */
export function stateMachineOfExecution(executionArn: string): string {
  const parts = executionParts(executionArn);
  if (!parts) throw new UserError(`not an execution ARN: ${executionArn}; expected arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME`);
  if (parts.express) {
    throw new UserError(
      `${executionArn} is an Express execution: RedriveExecution is not supported by EXPRESS state machines (an Express child of a Map Run is rerun by redriving its parent execution)`,
    );
  }
  return parts.stateMachineArn;
}

/** Checks AWS's conditions, then redrives; returns the redrive date. */
export async function redriveExecution(client: Pick<SFNClient, "send">, executionArn: string, now: Date = new Date()): Promise<Date> {
  stateMachineOfExecution(executionArn);
  const d = await client.send(new DescribeExecutionCommand({ executionArn }));
  if (d.status === "SUCCEEDED" || d.status === "RUNNING" || d.status === "PENDING_REDRIVE") {
    throw new UserError(`${executionArn} is ${d.status}: only a failed, timed out or aborted execution can be redriven`);
  }
  if (d.stopDate && now.getTime() - d.stopDate.getTime() > REDRIVABLE_PERIOD_DAYS * DAY_MS) {
    throw new UserError(`${executionArn} stopped on ${d.stopDate.toISOString()}, more than ${REDRIVABLE_PERIOD_DAYS} days ago: past the redrivable period`);
  }
  if (d.redriveStatus === "NOT_REDRIVABLE") {
    throw new UserError(`${executionArn} is not redrivable: ${d.redriveStatusReason ?? "AWS gives no reason"}`);
  }
  try {
    const out = await client.send(new RedriveExecutionCommand({ executionArn }));
    return out.redriveDate ?? now;
  } catch (e) {
    if ((e as Error).name === "ExecutionNotRedrivable") throw new UserError(`${executionArn} is not redrivable: ${(e as Error).message}`);
    throw e;
  }
}

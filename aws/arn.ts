/**
 * The one place ARNs are taken apart, with the SDK's own parser
 * (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE).
 */
import { parse, validate, type ARN } from "@aws-sdk/util-arn-parser";

function parsed(arn: string): ARN | undefined {
  return validate(arn) ? parse(arn) : undefined;
}

/** The region an ARN names, if it is an ARN and names one (S3 and IAM ARNs do not). */
export function regionOfArn(arn: string): string | undefined {
  return parsed(arn)?.region || undefined;
}

/**
 * The function's name in whatever Lambda's FunctionName accepts: a name,
 * NAME:QUALIFIER, a full ARN or a partial one (ACCOUNT:function:NAME), each
 * maybe qualified by a version or an alias: NAME, never the qualifier.
 */
export function lambdaFunctionName(functionName: string): string {
  const arn = parsed(functionName);
  const resource = arn?.service === "lambda" ? arn.resource : functionName.replace(/^(\d{12}:)?(?=function:)/, "");
  const parts = resource.split(":");
  return (parts[0] === "function" ? parts[1] : parts[0]) || functionName;
}

/** What is wrong with a state machine ARN, or undefined when it has the shape arn:P:states:REGION:ACCOUNT:stateMachine:NAME. */
export function stateMachineArnProblem(arn: string): string | undefined {
  const p = parsed(arn);
  if (p?.service === "states" && p.region && /^\d{12}$/.test(p.accountId) && /^stateMachine:[^:]+/.test(p.resource)) return undefined;
  if (p?.service === "states" && p.resource.startsWith("execution:")) {
    return "that is an execution ARN; execute starts a new execution of a state machine";
  }
  return "not the ARN of a state machine";
}

/** The ARN of execution NAME of a state machine: arn:P:states:R:A:execution:MACHINE:NAME. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${name}`;
}

/** The name part of an execution ARN (arn:P:states:R:A:execution:MACHINE:NAME); the text itself when it is none. */
export function executionNameOf(executionArn: string): string {
  const resource = parsed(executionArn)?.resource.split(":");
  return resource?.[0] === "execution" && resource[2] ? resource.slice(2).join(":") : executionArn;
}

/**
 * What an execution ARN names: its state machine's ARN, and whether it is an
 * Express execution (arn:P:states:R:A:express:MACHINE:NAME:ID); undefined when
 * it is no execution ARN.
 */
export function executionParts(executionArn: string): { stateMachineArn: string; express: boolean } | undefined {
  const p = parsed(executionArn);
  const [kind, machine, name] = p?.service === "states" ? p.resource.split(":") : [];
  if (!p || !p.region || !/^\d{12}$/.test(p.accountId) || (kind !== "execution" && kind !== "express") || !machine || !name) return undefined;
  return { stateMachineArn: `arn:${p.partition}:states:${p.region}:${p.accountId}:stateMachine:${machine}`, express: kind === "express" };
}

/**
 * The errors `npm run execute` reports as one line and exit code 1 (or 2 for
 * a usage error), and the translation of the AWS SDK's errors a user can
 * cause (wrong ARN, no credentials, no region, unreachable endpoint) into
 * such lines. Anything else keeps its stack trace: it is a bug.
 */

/** Something the user can fix: printed as one line, exit code 1. */
export class ExecuteError extends Error {
  override name = "ExecuteError";
}

/** A malformed command line: the line, then the usage text, exit code 2. */
export class UsageError extends ExecuteError {
  override name = "UsageError";
}

/** What was being done when the SDK failed, for the message. */
export interface ErrorContext {
  /** The state machine ARN in use, if any. */
  readonly stateMachineArn?: string;
  /** The emulator endpoint, if any. */
  readonly endpoint?: string;
  /** "Step Functions" or "CloudWatch Logs". */
  readonly service?: string;
}

/** The SDK error as a one-line ExecuteError when the user can fix it; otherwise the error itself. */
export function explainAwsError(e: unknown, ctx: ErrorContext = {}): Error {
  if (e instanceof ExecuteError) return e;
  const err = (e instanceof Error ? e : new Error(String(e))) as Error & { code?: string; $metadata?: unknown };
  const message = firstLine(err.message);
  const service = ctx.service ?? "Step Functions";
  switch (err.name) {
    case "InvalidArn":
      return new ExecuteError(
        `not a state machine ARN: ${ctx.stateMachineArn ?? message} (${message}); pass --arn arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`,
      );
    case "StateMachineDoesNotExist":
      return new ExecuteError(
        `no such state machine: ${ctx.stateMachineArn ?? message}; deploy the stack (npx cdktf deploy), or check --arn and --region`,
      );
    case "ExecutionDoesNotExist":
      return new ExecuteError(`no such execution: ${message}`);
    case "StateMachineDeleting":
      return new ExecuteError(`the state machine is being deleted: ${ctx.stateMachineArn ?? message}`);
    case "InvalidExecutionInput":
      return new ExecuteError(`Step Functions refused the --input: ${message}`);
    case "CredentialsProviderError":
      return noCredentials(message);
    case "UnrecognizedClientException":
    case "InvalidSignatureException":
    case "InvalidClientTokenId":
    case "ExpiredTokenException":
    case "ExpiredToken":
      return new ExecuteError(`AWS refused the credentials (${err.name}): ${message}`);
    case "AccessDeniedException":
    case "AccessDenied":
      return new ExecuteError(`${service} denied the call (${err.name}): ${message}`);
    default:
      break;
  }
  if (/could not load credentials|credential/i.test(err.message ?? "") && err.$metadata === undefined) return noCredentials(message);
  if (/region is missing/i.test(err.message ?? "")) {
    return new ExecuteError("no AWS region configured: pass --region, set AWS_REGION, or use a state machine ARN (it names its region)");
  }
  const code = err.code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code === "ECONNREFUSED" || /ECONNREFUSED/.test(err.message ?? "")) {
    return new ExecuteError(`cannot reach ${service}${ctx.endpoint ? ` at ${ctx.endpoint}` : ""}: connection refused`);
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new ExecuteError(`cannot reach ${service}${ctx.endpoint ? ` at ${ctx.endpoint}` : ""}: host not found (${message})`);
  }
  return err;
}

function noCredentials(message: string): ExecuteError {
  return new ExecuteError(
    `no usable AWS credentials: ${message} (set AWS_PROFILE or pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; an emulator needs them too, any value)`,
  );
}

export function firstLine(s: string | undefined): string {
  return (s ?? "").split("\n")[0]!.trim();
}

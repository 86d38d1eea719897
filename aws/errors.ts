/**
 * The one translation of the AWS SDK's errors a user can cause (no or wrong
 * credentials, an unknown profile, no region, an unreachable or throttling
 * endpoint, a missing table or state machine) into one-line AwsAccessErrors.
 * Anything else is returned as it is: it keeps its stack trace, as a bug should.
 */
import { UserError } from "../cli/errors";

/** A problem with where or how we reach AWS (or an emulator): one line, exit 1. */
export class AwsAccessError extends UserError {
  override name = "AwsAccessError";
}

/** What was being done when the SDK failed, for the message. */
export interface ErrorContext {
  /** "DynamoDB", "Step Functions" (the default), "CloudWatch Logs". */
  readonly service?: string;
  readonly endpoint?: string;
  readonly profile?: string;
  /** The table in use: a ResourceNotFoundException is then "table not found". */
  readonly table?: string;
  readonly stateMachineArn?: string;
}

const THROTTLING = new Set(["ThrottlingException", "ProvisionedThroughputExceededException", "TooManyRequestsException", "RequestLimitExceeded"]);

/** Whether the service asked us to slow down: worth retrying before explaining. */
export function isThrottling(e: unknown): boolean {
  return THROTTLING.has((e as Error)?.name);
}

type SdkError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

/** The SDK error as a one-line AwsAccessError when the user can fix it; otherwise the error itself. */
export function explainAwsError(e: unknown, ctx: ErrorContext = {}): Error {
  if (e instanceof UserError) return e;
  const err = (e instanceof Error ? e : new Error(String(e))) as SdkError;
  const message = firstLine(err.message);
  return byName(err, message, ctx) ?? byCredentialsOrRegion(err, message, ctx) ?? byConnection(err, message, ctx) ?? err;
}

/** The errors the service names (err.name): a wrong ARN, a missing resource, refused credentials, throttling. */
function byName(err: SdkError, message: string, ctx: ErrorContext): AwsAccessError | undefined {
  const service = ctx.service ?? "Step Functions";
  const sm = ctx.stateMachineArn ?? message;
  const explained = (line: string) => new AwsAccessError(line);
  switch (err.name) {
    case "InvalidArn":
      return explained(`not a state machine ARN: ${sm} (${message}); pass --arn arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`);
    case "StateMachineDoesNotExist":
      return explained(`no such state machine: ${sm}; deploy the stack (npm run deploy), or check --arn and --region`);
    case "ExecutionDoesNotExist":
      return explained(`no such execution: ${message}`);
    case "StateMachineDeleting":
      return explained(`the state machine is being deleted: ${sm}`);
    case "InvalidExecutionInput":
      return explained(`Step Functions refused the --input: ${message}`);
    case "ResourceNotFoundException":
      return ctx.table ? explained(`table ${ctx.table} not found: deploy the stack first, or pass --table (and --region) of an existing one`) : undefined;
    case "CredentialsProviderError":
      return noCredentials(message, ctx);
    case "UnrecognizedClientException":
    case "InvalidSignatureException":
    case "InvalidClientTokenId":
    case "ExpiredTokenException":
    case "ExpiredToken":
      return explained(`AWS refused the credentials (${err.name}): ${message}`);
    case "AccessDeniedException":
    case "AccessDenied":
      return explained(`${service} denied the call (${err.name}): ${message}`);
    default:
      return isThrottling(err) ? explained(`${service} is throttling the calls (${err.name}): ${message}; try again later`) : undefined;
  }
}

function byCredentialsOrRegion(err: SdkError, message: string, ctx: ErrorContext): AwsAccessError | undefined {
  // A service's own message may mention credentials for other reasons: only
  // an error raised before any response (no HTTP status) is about ours. (The
  // SDK gives client-side errors a $metadata too, with attempts but no status.)
  if (/credential/i.test(err.message ?? "") && err.$metadata?.httpStatusCode === undefined) return noCredentials(message, ctx);
  if (/region is missing/i.test(err.message ?? "")) {
    return new AwsAccessError("no AWS region configured: pass --region, set AWS_REGION, or give your AWS profile a region");
  }
  return undefined;
}

/** The endpoint cannot be reached, or what answers there is not an AWS API. */
function byConnection(err: SdkError, message: string, ctx: ErrorContext): AwsAccessError | undefined {
  const service = ctx.service ?? "Step Functions";
  const at = ctx.endpoint ? ` at ${ctx.endpoint}` : "";
  const explained = (line: string) => new AwsAccessError(line);
  // The code, or only the message when the SDK wrapped the system error (it does for one from another realm).
  const code = err.code ?? (err as { cause?: { code?: string } }).cause?.code ?? /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\b/.exec(message)?.[1];
  if (code === "ECONNREFUSED") return explained(`cannot reach ${service}${at}: connection refused`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return explained(`cannot reach ${service}${at}: host not found (${/getaddrinfo \S+ \S+/.exec(message)?.[0] ?? message})`);
  }
  // Something answered, but not an AWS API: the SDK could not read the reply
  // (an HTML page, another service on that port) and keeps it in $response.
  if ((err as { $response?: unknown }).$response !== undefined || /Deserialization error/.test(err.message ?? "")) {
    return explained(`the answer from ${service}${at} is not an AWS API response (is this the right endpoint and port?)`);
  }
  // https to a plain-http port, or a TLS mismatch: the handshake fails before any reply.
  if (code === "EPROTO" || (typeof code === "string" && code.startsWith("ERR_SSL")) || /SSL routines|wrong version number/.test(err.message ?? "")) {
    return explained(`cannot reach ${service}${at}: the TLS handshake failed (https to a plain http port?)`);
  }
  return undefined;
}

function noCredentials(message: string, ctx: ErrorContext): AwsAccessError {
  const profile = /using profile: \[([^\]]*)\]/.exec(message)?.[1];
  if (profile !== undefined && (ctx.profile === undefined || ctx.profile === profile)) {
    return new AwsAccessError(
      `no usable AWS credentials: profile ${profile} not found in ~/.aws/config or ~/.aws/credentials (or it has no credentials); check --profile or AWS_PROFILE`,
    );
  }
  return new AwsAccessError(
    `no usable AWS credentials: ${message} (set AWS_PROFILE or pass --profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; --endpoint URL for a local emulator)`,
  );
}

export function firstLine(s: string | undefined): string {
  return (s ?? "").split("\n")[0]!.trim();
}

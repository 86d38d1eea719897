/**
 * Local stand-ins for the service integrations the definition calls, keyed by
 * the Task's Resource (the ARNs' one home is stacks/definition/asl.ts). Each returns what the Step Functions integration
 * returns and fails the way it fails, so the definition's ResultSelector,
 * OutputPath, Retry and Catch see the same data offline as on AWS.
 *
 *  - arn:aws:states:::dynamodb:getItem -> a real GetItem on the local server
 *  - arn:aws:states:::aws-sdk:dynamodb:query -> a real Query on the local server
 *  - arn:aws:states:::lambda:invoke    -> the handler, called in-process
 *  - arn:aws:states:::states:startExecution -> the next execution of the chain, run after this one
 */
import { randomUUID } from "node:crypto";
import { executionArnOf, lambdaFunctionName } from "../../aws/arn";
import { GetItemCommand, QueryCommand, type DynamoDBClient, type GetItemCommandInput, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import type { TaskCall } from "./events";

/**
 * A failed task as the engine must see it: `name` is the Error a Retry or
 * Catch matches and the history shows, `cause` the Cause string.
 */
export class TaskFailure extends Error {
  override readonly cause: string;
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
    this.cause = cause;
  }
}

/** Runs one task; throws TaskFailure to fail it. */
export type TaskIntegration = (parameters: unknown, call: TaskCall) => Promise<unknown>;
export type Integrations = Readonly<Record<string, TaskIntegration>>;

// --- DynamoDB ---------------------------------------------------------------

export function dynamodbGetItem(client: DynamoDBClient): TaskIntegration {
  return async (parameters) => {
    try {
      const out = await client.send(new GetItemCommand(parameters as GetItemCommandInput));
      const requestId = out.$metadata.requestId ?? randomUUID();
      return jsonSafe({
        ...(out.Item ? { Item: out.Item } : {}),
        ...(out.ConsumedCapacity ? { ConsumedCapacity: out.ConsumedCapacity } : {}),
        SdkHttpMetadata: httpMetadata(requestId, "application/x-amz-json-1.0"),
        SdkResponseMetadata: { RequestId: requestId },
      });
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
      // The integration prefixes the service's error code; client-side failures are SdkClientException.
      const status = err.$metadata?.httpStatusCode;
      if (status === undefined) throw new TaskFailure("DynamoDB.SdkClientException", err.message);
      throw new TaskFailure(
        `DynamoDB.${err.name}`,
        `${err.message} (Service: DynamoDb, Status Code: ${status}, Request ID: ${err.$metadata?.requestId ?? "local"})`,
      );
    }
  };
}

/**
 * Query through the AWS SDK integration: the API's response fields as they
 * are (no HTTP metadata), and errors named "DynamoDb.<exception>" as the
 * SDK integrations name them.
 */
export function dynamodbQuery(client: DynamoDBClient): TaskIntegration {
  return async (parameters) => {
    try {
      const { $metadata: _metadata, ...out } = await client.send(new QueryCommand(parameters as QueryCommandInput));
      return jsonSafe(out);
    } catch (e) {
      const err = e as Error & { $metadata?: { httpStatusCode?: number } };
      if (err.$metadata?.httpStatusCode === undefined) throw new TaskFailure("DynamoDb.SdkClientException", err.message);
      throw new TaskFailure(`DynamoDb.${err.name}`, err.message);
    }
  };
}

// --- Lambda -----------------------------------------------------------------

/** The part of the Lambda context a Node.js handler may read. */
export interface LambdaContext {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export type LambdaHandler = (event: unknown, context: LambdaContext) => unknown;
export type LogSink = (line: string) => void;

export interface LambdaInvokeOptions {
  /** The handler every invocation calls; or `handlerFor`. */
  readonly handler?: LambdaHandler;
  /**
   * The handler for one invocation, given a log sink tied to that call. It is
   * called once per invocation, so keep it cheap (closures, not clients).
   * Binding the sink per call, rather than finding the call through an
   * AsyncLocalStorage, keeps Node.js 22's promise hooks off for the project's
   * function: with them on, every promise of the run pays for the context's
   * propagation. (A user's --handler still needs one, to capture its console.)
   */
  readonly handlerFor?: (log: LogSink) => LambdaHandler;
  /** Receives each line the handler logs through the sink, with the call it belongs to. */
  readonly onLog?: (line: string, call: TaskCall) => void;
  /** The function's timeout in seconds, for getRemainingTimeInMillis. */
  readonly timeoutSeconds?: number;
}

export function lambdaInvoke(opts: LambdaInvokeOptions): TaskIntegration {
  const { handler, handlerFor } = opts;
  if (!handler && !handlerFor) throw new Error("lambdaInvoke needs a handler or handlerFor");
  const timeoutMs = (opts.timeoutSeconds ?? 3) * 1000;

  return async (parameters, call) => {
    const params = (parameters ?? {}) as { FunctionName?: string; Payload?: unknown };
    const functionArn = String(params.FunctionName ?? "");
    // A qualified ARN (…:function:NAME:ALIAS) still names the function NAME.
    const functionName = lambdaFunctionName(functionArn);
    const requestId = randomUUID();
    call.requestId = requestId;
    // The payload crosses a JSON boundary both ways, as it does on AWS.
    const event: unknown = JSON.parse(JSON.stringify(params.Payload ?? {}));
    const deadline = Date.now() + timeoutMs;
    const context: LambdaContext = {
      awsRequestId: requestId,
      functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: functionArn,
      memoryLimitInMB: "128",
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/[$LATEST]${requestId.replace(/-/g, "")}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    let result: unknown;
    try {
      const invoke = handler ?? handlerFor!((line) => opts.onLog?.(line, call));
      result = await invoke(event, context);
    } catch (e) {
      throw functionError(e);
    }
    return {
      ExecutedVersion: "$LATEST",
      Payload: result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown),
      SdkHttpMetadata: httpMetadata(requestId, "application/json", { "X-Amz-Executed-Version": "$LATEST" }),
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    };
  };
}

/**
 * A function error as the Lambda integration reports it: Error is the
 * errorType (the thrown error's name), Cause the JSON the Node.js runtime
 * writes. A thrown error named like a service error (Lambda.ServiceException)
 * surfaces under that name, which is how tests imitate one.
 */
export function functionError(e: unknown): TaskFailure {
  const err = e instanceof Error ? e : new Error(String(e));
  const errorType = err.name || "Error";
  const cause = JSON.stringify({
    errorType,
    errorMessage: err.message,
    trace: (err.stack ?? "").split("\n"),
  });
  return new TaskFailure(errorType, cause);
}

// --- shared -------------------------------------------------------------------

function httpMetadata(requestId: string, contentType: string, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    Date: new Date().toUTCString(),
    "x-amzn-RequestId": requestId,
    ...extra,
  };
  // A loop, not fromEntries over a mapped entries list: one of these per Lambda call.
  const all: Record<string, string[]> = {};
  for (const k in headers) all[k] = [headers[k]!];
  return { AllHttpHeaders: all, HttpHeaders: headers, HttpStatusCode: 200 };
}

/** Binary attribute values travel as base64 strings in a state's JSON. */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, jsonSafe(v)]),
    );
  }
  return value;
}

// --- Step Functions -----------------------------------------------------------

/** An execution a Task started: run by the offline runner after the current one ends. */
export interface StartedExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly input: unknown;
}

/**
 * StartExecution through the optimized integration (request-response, no
 * .sync): offline there is one state machine, so it is the only one that can
 * be started; the execution is handed to `onStart` and run once the current
 * one has ended (continue as new). The checks follow StartExecution's API
 * reference (name: 1 to 80 characters, none of whitespace, < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /
 * or control characters; a name is unique per state machine for 90 days).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 * The error names are the API's exceptions with the "StepFunctions." prefix;
 * AWS documents no exact error names for this integration.
 */
export function statesStartExecution(opts: {
  readonly stateMachineArn: string;
  /** Names already used by executions of this run. */
  readonly usedNames: Set<string>;
  readonly onStart: (started: StartedExecution) => void;
}): TaskIntegration {
  return async (parameters) => {
    const params = (parameters ?? {}) as { StateMachineArn?: unknown; Name?: unknown; Input?: unknown };
    if (params.StateMachineArn !== opts.stateMachineArn) {
      throw new TaskFailure(
        "StepFunctions.StateMachineDoesNotExistException",
        `State Machine Does Not Exist: '${String(params.StateMachineArn)}' (offline, only ${opts.stateMachineArn} runs)`,
      );
    }
    const name = typeof params.Name === "string" ? params.Name : randomUUID();
    if (!validExecutionName(name)) {
      throw new TaskFailure(
        "StepFunctions.InvalidNameException",
        `Invalid Name: '${name}' (1 to 80 characters, no whitespace, brackets, wildcards or special characters)`,
      );
    }
    if (opts.usedNames.has(name)) {
      throw new TaskFailure("StepFunctions.ExecutionAlreadyExistsException", `Execution Already Exists: '${name}'`);
    }
    // Input is a JSON text or, in a state machine's Parameters, a JSON object.
    const input: unknown = typeof params.Input === "string" ? JSON.parse(params.Input) : (params.Input ?? {});
    const executionArn = executionArnOf(opts.stateMachineArn, name);
    opts.usedNames.add(name);
    opts.onStart({ executionArn, name, input: JSON.parse(JSON.stringify(input)) });
    const requestId = randomUUID();
    return {
      ExecutionArn: executionArn,
      // Epoch milliseconds, as the integration's output shows the date.
      StartDate: Date.now(),
      SdkHttpMetadata: httpMetadata(requestId, "application/x-amz-json-1.0"),
      SdkResponseMetadata: { RequestId: requestId },
    };
  };
}

/** An execution name StartExecution accepts. */
export function validExecutionName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length >= 1 && name.length <= 80 && !/[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/.test(name);
}

/**
 * A typed model of the Amazon States Language, the part this project writes
 * and reads: the state types, the fields each may carry, and the resource
 * ARNs of the service integrations its Task states call.
 *
 * After the specification (https://states-language.net/spec.html) and the
 * Step Functions developer guide's state pages
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html);
 * the Distributed Map's fields after "Using Map state in Distributed mode"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
 *
 * Permissive on purpose: the stack fills fields with Terraform tokens (strings
 * and numbers at synth time), payload templates are free-form JSON, and
 * readers meet definitions this project did not write. asl-validator checks
 * the whole document in the tests; these types catch a misspelt field or
 * state type at compile time.
 *
 * Knows no cdktf and no AWS SDK.
 */

/**
 * Resource ARNs of the service integrations this project's Task states call,
 * each defined once here (the builders, the IAM policy, the offline engine
 * and the report all name them by these constants).
 */

/**
 * DynamoDB optimized integration, GetItem (request-response).
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
 */
export const DYNAMODB_GET_ITEM = "arn:aws:states:::dynamodb:getItem";

/**
 * AWS SDK integration, DynamoDB Query: "arn:aws:states:::aws-sdk:serviceName:apiAction".
 * https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
 */
export const DYNAMODB_QUERY = "arn:aws:states:::aws-sdk:dynamodb:query";

/**
 * Lambda optimized integration, Invoke (request-response).
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
export const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

/**
 * Step Functions optimized integration, StartExecution, request-response
 * (no .sync: it starts the execution and does not wait for it).
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
 */
export const STATES_START_EXECUTION = "arn:aws:states:::states:startExecution";

/** Every resource ARN the project's definitions call, as one union. */
export type TaskResource = typeof DYNAMODB_GET_ITEM | typeof DYNAMODB_QUERY | typeof LAMBDA_INVOKE | typeof STATES_START_EXECUTION;

/** The state types of the specification ("State Types"). */
export type StateType = "Task" | "Parallel" | "Map" | "Pass" | "Wait" | "Choice" | "Succeed" | "Fail";

/** A JSON object of the payload template kind (Parameters, ItemSelector, ResultSelector): keys ending ".$" hold paths or intrinsics. */
export type PayloadTemplate = { readonly [key: string]: unknown };

/** Fields every state may have ("Common State Fields"). */
interface StateBase {
  readonly Type: StateType;
  readonly Comment?: string;
}

/** A state that is not terminal names its successor; a terminal one says End (spec: "Transitions"). */
interface Transition {
  readonly Next?: string;
  readonly End?: boolean;
}

/** Filters on the state's input and output (spec: "Input and Output Processing"). */
interface InputOutput {
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** Where the state's result goes in its input; null discards it (spec: "ResultPath"). */
interface Result {
  readonly ResultPath?: string | null;
  readonly ResultSelector?: PayloadTemplate;
}

/** A Retrier (spec: "Retrying after error"; JitterStrategy and MaxDelaySeconds from the developer guide's "Handling errors"). */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: "FULL" | "NONE";
}

/** A Catcher (spec: "Fallback states"). */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
}

/** Retry and Catch, on Task, Parallel and Map states. */
interface ErrorHandling {
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface TaskState extends StateBase, Transition, InputOutput, Result, ErrorHandling {
  readonly Type: "Task";
  /** A URI naming the task: here a service integration's ARN (TaskResource) or a Lambda function's. */
  readonly Resource: string;
  readonly Parameters?: PayloadTemplate;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: string;
  readonly HeartbeatSeconds?: number;
  readonly HeartbeatSecondsPath?: string;
}

export interface PassState extends StateBase, Transition, InputOutput {
  readonly Type: "Pass";
  readonly Result?: unknown;
  readonly ResultPath?: string | null;
  readonly Parameters?: PayloadTemplate;
}

/**
 * A Choice Rule (spec: "Choice Rules"): a boolean expression (And, Or, Not)
 * or a data-test expression, a Variable and one comparison operator
 * (StringEquals, NumericGreaterThanPath, IsPresent...). Only top-level rules carry Next.
 */
export interface ChoiceRule {
  readonly Variable?: string;
  readonly And?: readonly ChoiceRule[];
  readonly Or?: readonly ChoiceRule[];
  readonly Not?: ChoiceRule;
  readonly Next?: string;
  readonly [comparisonOperator: string]: unknown;
}

export interface ChoiceState extends StateBase, InputOutput {
  readonly Type: "Choice";
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

/** Waits for a number of seconds or until a time, given directly or by a path (spec: "Wait State"). */
export interface WaitState extends StateBase, Transition, InputOutput {
  readonly Type: "Wait";
  readonly Seconds?: number;
  readonly SecondsPath?: string;
  readonly Timestamp?: string;
  readonly TimestampPath?: string;
}

export interface SucceedState extends StateBase, InputOutput {
  readonly Type: "Succeed";
}

/** Fails the execution with an error name and cause, given directly or by a path (spec: "Fail State"). */
export interface FailState extends StateBase {
  readonly Type: "Fail";
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
}

/** Runs its branches in parallel, each a state machine of its own (spec: "Parallel State"). */
export interface ParallelState extends StateBase, Transition, InputOutput, Result, ErrorHandling {
  readonly Type: "Parallel";
  readonly Branches: readonly StateMachineFragment[];
  readonly Parameters?: PayloadTemplate;
}

/**
 * How a Map runs its iterations: INLINE (the default) in the execution
 * itself, DISTRIBUTED as child workflow executions of ExecutionType.
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
 */
export interface ProcessorConfig {
  readonly Mode?: "INLINE" | "DISTRIBUTED";
  /** Required when Mode is DISTRIBUTED. */
  readonly ExecutionType?: "STANDARD" | "EXPRESS";
}

/**
 * What runs once per item: ItemProcessor, or the legacy Iterator. AWS reads a
 * ProcessorConfig on either: an Iterator with Mode DISTRIBUTED runs a Map Run
 * (LocalStack's AWS-recorded test_base_scenarios.snapshot.json,
 * test_map_state_legacy_config_distributed: MapRunStarted, MapRunSucceeded).
 */
export interface ItemProcessor extends StateMachineFragment {
  readonly ProcessorConfig?: ProcessorConfig;
}

/** A Distributed Map reads its items from S3 instead of its input (ItemReader, state-map-distributed). */
export interface ItemReader {
  readonly Resource: string;
  readonly Parameters?: PayloadTemplate;
  readonly ReaderConfig?: PayloadTemplate;
}

/** A Distributed Map hands each child a batch of items (ItemBatcher). */
export interface ItemBatcher {
  readonly MaxItemsPerBatch?: number;
  readonly MaxItemsPerBatchPath?: string;
  readonly MaxInputBytesPerBatch?: number;
  readonly MaxInputBytesPerBatchPath?: string;
  readonly BatchInput?: PayloadTemplate;
}

/**
 * The Map state (spec: "Map State"). ItemProcessor replaced Iterator, and
 * ItemSelector replaced Parameters; both old names are still accepted by AWS.
 * ItemReader, ItemBatcher, ResultWriter, Label and the tolerance fields are
 * the Distributed Map's.
 */
export interface MapState extends StateBase, Transition, InputOutput, Result, ErrorHandling {
  readonly Type: "Map";
  readonly ItemsPath?: string;
  readonly ItemSelector?: PayloadTemplate;
  /** Legacy name of ItemSelector. */
  readonly Parameters?: PayloadTemplate;
  readonly ItemProcessor?: ItemProcessor;
  /** Legacy name of ItemProcessor, ProcessorConfig included. */
  readonly Iterator?: ItemProcessor;
  readonly ItemReader?: ItemReader;
  readonly ItemBatcher?: ItemBatcher;
  readonly ResultWriter?: PayloadTemplate;
  /** 0 means no limit. */
  readonly MaxConcurrency?: number;
  readonly MaxConcurrencyPath?: string;
  readonly ToleratedFailurePercentage?: number;
  readonly ToleratedFailurePercentagePath?: string;
  readonly ToleratedFailureCount?: number;
  readonly ToleratedFailureCountPath?: string;
  readonly Label?: string;
}

export type State = TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

/** StartAt and States: a Parallel branch, a Map's processor, or the core of a state machine. */
export interface StateMachineFragment {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: State };
}

/** A whole state machine (spec: "Top-level fields"). */
export interface StateMachine extends StateMachineFragment {
  readonly Comment?: string;
  readonly TimeoutSeconds?: number;
  readonly Version?: string;
}

/** Anything that may be a state, as readers meet it: parsed JSON, a typed State, or nothing. */
type MaybeState = { readonly Type?: unknown } | null | undefined;

/** A Map state, whatever its mode. */
export function isMap(state: MaybeState): state is MapState {
  return state?.Type === "Map";
}

/**
 * What a Map runs per item: its ItemProcessor, or the legacy Iterator.
 * undefined for any other state, or a Map without either.
 */
export function itemProcessorOf(state: MaybeState): ItemProcessor | undefined {
  if (!isMap(state)) return undefined;
  return state.ItemProcessor ?? state.Iterator;
}

/**
 * A Map in Distributed mode: the ProcessorConfig.Mode of its ItemProcessor,
 * or of its legacy Iterator, is "DISTRIBUTED" (ItemProcessor's doc comment
 * cites the AWS record of the Iterator form). A Map without ProcessorConfig
 * is inline ("Mode ... INLINE is the default", state-map-distributed).
 * Not a type guard: its false branch would exclude every Map.
 */
export function isDistributedMap(state: MaybeState): boolean {
  return itemProcessorOf(state)?.ProcessorConfig?.Mode === "DISTRIBUTED";
}

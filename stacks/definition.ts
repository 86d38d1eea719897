/**
 * The state machine definition, as one pure function of its parameters.
 *
 * The stack calls it with Terraform tokens (wrapped by `Fn.jsonencode`, so
 * `var.max_concurrency` stays a number inside the JSON), the offline runner
 * with concrete values. There is no other copy of the definition.
 *
 * Its shape (where the list comes from, how the Map runs, what a failure does)
 * is chosen by `Shape`; the stack renders every valid shape and lets Terraform
 * pick one by the variables' values, so changing a mode needs no re-synth.
 *
 * Knows no cdktf and no AWS SDK.
 */
import {
  FIRST_POSITION,
  LAST_POSITION,
  LIST_ATTRIBUTE,
  LIST_ITEM_KEY,
  LIST_ITEM_POSITION,
  PARTITION_KEY,
  ROW_ATTRIBUTE,
  SORT_KEY,
} from "./table-schema";

export type ItemSource = "list" | "rows";
export type MapMode = "INLINE" | "DISTRIBUTED";

/** The structural choices; each combination is one definition. */
export interface Shape {
  /** One item holding the whole list, or one item per element read page by page. @default "list" */
  readonly itemSource: ItemSource;
  /** @default "INLINE" */
  readonly mapMode: MapMode;
  /** INLINE with list only: catch each item's failure so its siblings finish. @default false */
  readonly isolateFailures: boolean;
  /** DISTRIBUTED only: hand each child a batch of items (ItemBatcher). @default false */
  readonly batched: boolean;
}

export const DEFAULT_SHAPE: Shape = { itemSource: "list", mapMode: "INLINE", isolateFailures: false, batched: false };

/** Every valid shape: isolation is for INLINE over a list, batching for DISTRIBUTED. */
export const SHAPES: readonly Shape[] = (["list", "rows"] as const).flatMap((itemSource) => [
  { itemSource, mapMode: "INLINE" as const, isolateFailures: false, batched: false },
  ...(itemSource === "list" ? [{ itemSource, mapMode: "INLINE" as const, isolateFailures: true, batched: false }] : []),
  { itemSource, mapMode: "DISTRIBUTED" as const, isolateFailures: false, batched: false },
  { itemSource, mapMode: "DISTRIBUTED" as const, isolateFailures: false, batched: true },
]);

/** A shape's name, e.g. "list/INLINE/fail-fast/unbatched"; the stack builds the same string in HCL. */
export function shapeKey(s: Shape): string {
  return [s.itemSource, s.mapMode, s.isolateFailures ? "isolated" : "fail-fast", s.batched ? "batched" : "unbatched"].join("/");
}

export interface DefinitionParams extends Partial<Shape> {
  /** Name of the DynamoDB table holding the list. */
  readonly tableName: string;
  /** ARN of the Lambda function invoked once per item (or batch). */
  readonly functionArn: string;
  /** The Map's MaxConcurrency; 0 means no limit. */
  readonly maxConcurrency: number;
  /** Seconds each iteration waits before invoking the Lambda. */
  readonly waitSeconds: number;
  /** TimeoutSeconds of the whole execution. */
  readonly timeoutSeconds: number;
  /** Rows read per Query page (itemSource rows). @default 100 */
  readonly pageSize?: number;
  /** MaxItemsPerBatch (batched shapes). @default 1 */
  readonly batchSize?: number;
  /** Percent of failed items tolerated (isolated and DISTRIBUTED shapes). @default 0 */
  readonly toleratedFailurePercentage?: number;
  /**
   * The 7 binary digits of toleratedFailurePercentage, lowest first, 0 or 1
   * (number tokens in the stack). Needed by the isolated shape, which
   * multiplies with intrinsic functions. @default percentBits(toleratedFailurePercentage)
   */
  readonly toleratedPercentBits?: readonly number[];
}

/** State names; the first ones are the original tutorial's, so its walkthrough still reads right. */
export const STATE = {
  read: "ReadDDBTable",
  check: "CheckListLoaded",
  missing: "ListNotSeeded",
  map: "MapState",
  wait: "WaitInMap",
  invoke: "LambdaInvoke",
  readFirstPage: "ReadFirstPage",
  readNextPage: "ReadNextPage",
  checkFirstPage: "CheckRowsLoaded",
  morePages: "MorePages",
  nextPage: "PrepareNextPage",
  done: "Done",
  recordFailure: "RecordFailure",
  summarize: "Summarize",
  countFailures: "CountFailures",
  anyFailed: "AnyFailed",
  scale: "ScaleCounts",
  compare: "CompareWithTolerance",
  withinTolerance: "WithinTolerance",
  describeFailures: "DescribeFailures",
  tooManyFailures: "TooManyFailures",
  summary: "Summary",
  allSucceeded: "AllSucceeded",
} as const;

/** Lambda errors that are transient: service hiccups and throttling. */
export const TRANSIENT_LAMBDA_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
] as const;

/** Retry of transient Lambda errors: 1 s, 2 s, 4 s (with full jitter in AWS). */
export const LAMBDA_RETRY = {
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
} as const;

/** The error a run ends with when the list was never seeded. */
export const LIST_NOT_SEEDED_ERROR = "ListNotSeeded";
/** The error a run ends with when more items failed than tolerated. */
export const TOO_MANY_FAILURES_ERROR = "TooManyFailures";

/** Binary digits of a percentage 0..100, lowest first (7 digits). */
export function percentBits(percent: number): number[] {
  return Array.from({ length: 7 }, (_, i) => Math.floor(percent / 2 ** i) % 2);
}

/**
 * An Amazon States Language document. States are kept loosely typed: their
 * shapes vary by type and are checked by asl-validator in the tests.
 */
export interface Definition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds: number;
  readonly States: Record<string, any>;
}

/** The settings a definition reads, with values of type N (numbers, or Terraform tokens). */
export interface TunableSettings<N> {
  readonly max_concurrency: N;
  readonly wait_seconds: N;
  readonly timeout_seconds: N;
  readonly page_size: N;
  readonly batch_size: N;
  readonly tolerated_failure_percentage: N;
}

/**
 * The one mapping from settings to the definition's numeric parameters, for
 * concrete values (offline runner) and tokens (stack) alike.
 */
export function tunableParams<N>(s: TunableSettings<N>) {
  return {
    maxConcurrency: s.max_concurrency,
    waitSeconds: s.wait_seconds,
    timeoutSeconds: s.timeout_seconds,
    pageSize: s.page_size,
    batchSize: s.batch_size,
    toleratedFailurePercentage: s.tolerated_failure_percentage,
  };
}

/** The shape concrete settings select (the stack makes the same choice in HCL). */
export function shapeOf(s: { item_source: string; map_mode: string; isolate_failures: boolean; batch_size: number }): Shape {
  return {
    itemSource: s.item_source as ItemSource,
    mapMode: s.map_mode as MapMode,
    isolateFailures: s.isolate_failures,
    batched: s.batch_size >= 1,
  };
}

export function buildDefinition(p: DefinitionParams): Definition {
  const shape: Shape = {
    itemSource: p.itemSource ?? DEFAULT_SHAPE.itemSource,
    mapMode: p.mapMode ?? DEFAULT_SHAPE.mapMode,
    isolateFailures: p.isolateFailures ?? DEFAULT_SHAPE.isolateFailures,
    batched: p.batched ?? DEFAULT_SHAPE.batched,
  };
  if (!SHAPES.some((s) => shapeKey(s) === shapeKey(shape))) {
    throw new Error(`no definition for shape ${shapeKey(shape)}`);
  }
  const afterMap = shape.isolateFailures ? STATE.summarize : shape.itemSource === "rows" ? STATE.morePages : undefined;
  const map = mapState(p, shape, afterMap);
  const states = shape.itemSource === "list" ? readListStates(p, map) : readRowsStates(p, map);
  return {
    Comment: "Reads a list from DynamoDB and processes each element with a Lambda function, under a concurrency limit",
    StartAt: shape.itemSource === "list" ? STATE.read : STATE.readFirstPage,
    TimeoutSeconds: p.timeoutSeconds,
    States: { ...states, ...(shape.isolateFailures ? toleranceStates(p) : {}) },
  };
}


// --- Reading the list -------------------------------------------------------

/** The original's path: GetItem of the one list item, then the Map over its `values`. */
function readListStates(p: DefinitionParams, map: object) {
  return {
    [STATE.read]: {
      Type: "Task",
      Comment: "GetItem through the DynamoDB service integration",
      Resource: "arn:aws:states:::dynamodb:getItem",
      Parameters: {
        TableName: p.tableName,
        Key: { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { S: LIST_ITEM_POSITION } },
        ConsistentRead: true,
      },
      // No ResultSelector: selecting $.Item fails with States.Runtime when the
      // item is missing, before CheckListLoaded could say so clearly.
      Next: STATE.check,
    },
    [STATE.check]: {
      Type: "Choice",
      Comment: "Fail with a clear error instead of a JSONPath error when the list was never seeded",
      Choices: [{ Variable: `$.Item.${LIST_ATTRIBUTE}.L`, IsPresent: true, Next: STATE.map }],
      Default: STATE.missing,
    },
    [STATE.missing]: listNotSeeded(`${PARTITION_KEY} = ${LIST_ITEM_KEY}, ${SORT_KEY} = ${LIST_ITEM_POSITION} with a list attribute ${LIST_ATTRIBUTE}`),
    [STATE.map]: map,
  };
}

/**
 * Lists of any length: one row per element, read with DynamoDB Query one page
 * at a time (the AWS SDK integration), each page processed by the Map before
 * the next is read. The Map's results are dropped, so no state ever carries
 * more than one page.
 */
function readRowsStates(p: DefinitionParams, map: object) {
  const query = (withStartKey: boolean) => ({
    Type: "Task",
    Resource: "arn:aws:states:::aws-sdk:dynamodb:query",
    Parameters: {
      TableName: p.tableName,
      KeyConditionExpression: "#list = :list AND #position BETWEEN :first AND :last",
      ExpressionAttributeNames: { "#list": PARTITION_KEY, "#position": SORT_KEY },
      ExpressionAttributeValues: { ":list": { S: LIST_ITEM_KEY }, ":first": { S: FIRST_POSITION }, ":last": { S: LAST_POSITION } },
      Limit: p.pageSize ?? 100,
      ConsistentRead: true,
      ...(withStartKey ? { "ExclusiveStartKey.$": "$.nextKey" } : {}),
    },
    // The whole response: a ResultSelector naming LastEvaluatedKey would fail on the last page, which has none.
    ResultPath: "$.page",
    Next: withStartKey ? STATE.map : STATE.checkFirstPage,
  });
  return {
    [STATE.readFirstPage]: { ...query(false), Comment: "The first page of rows (Query through the AWS SDK integration)" },
    [STATE.checkFirstPage]: {
      Type: "Choice",
      Choices: [{ Variable: "$.page.Count", NumericGreaterThan: 0, Next: STATE.map }],
      Default: STATE.missing,
    },
    [STATE.missing]: listNotSeeded(`${PARTITION_KEY} = ${LIST_ITEM_KEY} rows with positions ${FIRST_POSITION} to ${LAST_POSITION}`),
    [STATE.map]: map,
    [STATE.morePages]: {
      Type: "Choice",
      Comment: "Query says where to go on with LastEvaluatedKey; without it this was the last page",
      Choices: [{ Variable: "$.page.LastEvaluatedKey", IsPresent: true, Next: STATE.nextPage }],
      Default: STATE.done,
    },
    [STATE.nextPage]: {
      Type: "Pass",
      Parameters: { "nextKey.$": "$.page.LastEvaluatedKey" },
      Next: STATE.readNextPage,
    },
    [STATE.readNextPage]: { ...query(true), Comment: "The next page of rows" },
    [STATE.done]: { Type: "Succeed" },
  };
}

function listNotSeeded(what: string) {
  return {
    Type: "Fail",
    Error: LIST_NOT_SEEDED_ERROR,
    // No double quotes in strings here: cdktf does not escape them inside Fn.jsonencode.
    Cause: `The table has no ${what}: run npm run seed first.`,
  };
}

// --- The Map ------------------------------------------------------------------

function mapState(p: DefinitionParams, shape: Shape, next: string | undefined) {
  const distributed = shape.mapMode === "DISTRIBUTED";
  // Rows and isolated items travel in an envelope: the element and where it was.
  const enveloped = shape.itemSource === "rows" || shape.isolateFailures;
  const position = shape.itemSource === "rows" ? `$$.Map.Item.Value.${SORT_KEY}.S` : "$$.Map.Item.Index";
  const value = shape.itemSource === "rows" ? `$$.Map.Item.Value.${ROW_ATTRIBUTE}` : "$$.Map.Item.Value";
  return {
    Type: "Map",
    ItemsPath: shape.itemSource === "rows" ? "$.page.Items" : `$.Item.${LIST_ATTRIBUTE}.L`,
    ...(enveloped ? { ItemSelector: { "position.$": position, "value.$": value } } : {}),
    MaxConcurrency: p.maxConcurrency,
    ...(shape.batched ? { ItemBatcher: { MaxItemsPerBatch: p.batchSize ?? 1 } } : {}),
    ...(distributed ? { ToleratedFailurePercentage: p.toleratedFailurePercentage ?? 0, Label: "Items" } : {}),
    ItemProcessor: {
      ProcessorConfig: distributed ? { Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" } : { Mode: "INLINE" },
      StartAt: STATE.wait,
      States: iterationStates(p, shape, enveloped && !shape.batched),
    },
    // Rows: drop the page's results (the next page needs none of them);
    // isolated: keep them for the summary; otherwise the Map's output is the run's.
    ...(shape.itemSource === "rows" ? { ResultPath: null } : shape.isolateFailures ? { ResultPath: "$.results" } : {}),
    ...(next ? { Next: next } : { End: true }),
  };
}

function iterationStates(p: DefinitionParams, shape: Shape, enveloped: boolean) {
  const invoke = {
    Type: "Task",
    Comment: "Invoke the function with the item; keep only its payload",
    Resource: "arn:aws:states:::lambda:invoke",
    Parameters: { FunctionName: p.functionArn, "Payload.$": enveloped ? "$.value" : "$" },
    // Isolated: every iteration ends with a status, S or F, which the summary counts.
    ...(shape.isolateFailures
      ? { ResultSelector: { status: "S", "output.$": "$.Payload" } }
      : { OutputPath: "$.Payload" }),
    Retry: [{ ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS], ...LAMBDA_RETRY, JitterStrategy: "FULL" }],
    ...(shape.isolateFailures
      ? { Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATE.recordFailure }] }
      : {}),
    End: true,
  };
  return {
    [STATE.wait]: { Type: "Wait", Seconds: p.waitSeconds, Next: STATE.invoke },
    [STATE.invoke]: invoke,
    ...(shape.isolateFailures
      ? {
          [STATE.recordFailure]: {
            Type: "Pass",
            Comment: "The item failed after its retries: record it and let its siblings finish",
            Parameters: {
              status: "F",
              failure: { "position.$": "$.position", "value.$": "$.value", "error.$": "$.failure.Error", "cause.$": "$.failure.Cause" },
            },
            End: true,
          },
        }
      : {}),
  };
}

// --- Failure isolation: summary and tolerance ------------------------------------

/**
 * After an isolated Map: count the failures and fail the run only if more
 * than the tolerated share failed, that is when 100 × failed > p × total.
 *
 * JSONPath intrinsics can neither count matches nor multiply, so:
 *  - counting: each iteration ends with status "S" or "F"; the JSON text of
 *    all statuses, split on "F", has one piece more than there are failures;
 *  - multiplying: both products are sums of doublings (×1, ×2, ×4 ... ×64)
 *    picked by the binary digits of 100 and of p.
 * That costs a fixed 12 state transitions, and only when something failed.
 */
function toleranceStates(p: DefinitionParams) {
  const bits = p.toleratedPercentBits ?? percentBits(p.toleratedFailurePercentage ?? 0);
  const doublings = [1, 2, 3, 4, 5, 6];
  const statuses = "States.JsonToString($.results[*].status)";
  const count = (status: "S" | "F") => `States.MathAdd(States.ArrayLength(States.StringSplit(${statuses}, '${status}')), -1)`;
  // $.math.x0 holds ×1, $.math.xk holds ×2^k, for f (failed) and t (total).
  const scaled = (name: "f" | "t", k: number) => `$.math.x${k}.${name}`;
  // The digits travel as data ($.math.bits), not as text inside the intrinsics,
  // so Terraform's numbers stay numbers.
  const pick = (k: number) => `States.ArrayGetItem(States.Array(0, ${scaled("t", k)}), $.math.bits.b${k})`;
  const sum = (terms: string[]): string => (terms.length === 1 ? terms[0]! : `States.MathAdd(${terms[0]}, ${sum(terms.slice(1))})`);
  const hundredTimesFailed = sum([6, 5, 2].map((k) => scaled("f", k))); // 100 = 64 + 32 + 4
  return {
    [STATE.summarize]: {
      Type: "Pass",
      Parameters: {
        "total.$": "States.ArrayLength($.results)",
        "succeeded.$": count("S"),
        "failed.$": count("F"),
        "results.$": "$.results",
      },
      Next: STATE.anyFailed,
    },
    [STATE.anyFailed]: {
      Type: "Choice",
      Choices: [{ Variable: "$.failed", NumericGreaterThan: 0, Next: STATE.countFailures }],
      Default: STATE.allSucceeded,
    },
    [STATE.countFailures]: {
      Type: "Pass",
      Comment: "At least one failure, so the wildcard path matches",
      Parameters: {
        "total.$": "$.total",
        "succeeded.$": "$.succeeded",
        "failed.$": "$.failed",
        "failedItems.$": "$.results[*].failure",
        math: {
          x0: { "f.$": "$.failed", "t.$": "$.total" },
          bits: Object.fromEntries(bits.map((bit, k) => [`b${k}`, bit])),
        },
      },
      Next: `${STATE.scale}1`,
    },
    ...Object.fromEntries(
      doublings.map((k) => [
        `${STATE.scale}${k}`,
        {
          Type: "Pass",
          Parameters: {
            "f.$": `States.MathAdd(${scaled("f", k - 1)}, ${scaled("f", k - 1)})`,
            "t.$": `States.MathAdd(${scaled("t", k - 1)}, ${scaled("t", k - 1)})`,
          },
          ResultPath: `$.math.x${k}`,
          Next: k === 6 ? `${STATE.compare}Low` : `${STATE.scale}${k + 1}`,
        },
      ]),
    ),
    [`${STATE.compare}Low`]: {
      Type: "Pass",
      Parameters: { "a.$": hundredTimesFailed, "b.$": sum([0, 1, 2, 3].map(pick)) },
      ResultPath: "$.math.low",
      Next: STATE.compare,
    },
    [STATE.compare]: {
      Type: "Pass",
      Parameters: { "a.$": "$.math.low.a", "b.$": sum(["$.math.low.b", ...[4, 5, 6].map(pick)]) },
      ResultPath: "$.math.products",
      Next: STATE.withinTolerance,
    },
    [STATE.withinTolerance]: {
      Type: "Choice",
      Comment: "100 x failed > tolerated percent x total: too many failures",
      Choices: [{ Variable: "$.math.products.a", NumericGreaterThanPath: "$.math.products.b", Next: STATE.describeFailures }],
      Default: STATE.summary,
    },
    [STATE.describeFailures]: {
      Type: "Pass",
      Parameters: {
        "cause.$":
          "States.Format('{} of {} items failed, more than the tolerated share. Failed items: {}', $.failed, $.total, States.JsonToString($.failedItems))",
      },
      Next: STATE.tooManyFailures,
    },
    [STATE.tooManyFailures]: { Type: "Fail", Error: TOO_MANY_FAILURES_ERROR, CausePath: "$.cause" },
    [STATE.allSucceeded]: {
      Type: "Pass",
      Comment: "The run's output when nothing failed",
      Parameters: { "succeeded.$": "$.succeeded", failed: 0, failedItems: [] },
      End: true,
    },
    [STATE.summary]: {
      Type: "Pass",
      Comment: "The run's output: how many items succeeded and failed, and which failed",
      Parameters: { "succeeded.$": "$.succeeded", "failed.$": "$.failed", "failedItems.$": "$.failedItems" },
      End: true,
    },
  };
}

/**
 * The state machine definition, as one pure function of its parameters.
 *
 * The stack calls it with Terraform tokens (wrapped by `Fn.jsonencode`, so
 * `var.max_concurrency` stays a number inside the JSON), the offline runner
 * with concrete values. There is no other copy of the definition.
 *
 * Knows no cdktf and no AWS SDK.
 */
import { LIST_ATTRIBUTE, LIST_ITEM_KEY, LIST_ITEM_POSITION, PARTITION_KEY, SORT_KEY } from "./table-schema";

export interface DefinitionParams {
  /** Name of the DynamoDB table holding the list item. */
  readonly tableName: string;
  /** ARN of the Lambda function invoked once per item. */
  readonly functionArn: string;
  /** The Map's MaxConcurrency; 0 means no limit. */
  readonly maxConcurrency: number;
  /** Seconds each iteration waits before invoking the Lambda. */
  readonly waitSeconds: number;
  /** TimeoutSeconds of the whole execution. */
  readonly timeoutSeconds: number;
}

/** State names, kept from the original tutorial so its walkthrough still reads right. */
export const STATE = {
  read: "ReadDDBTable",
  check: "CheckListLoaded",
  missing: "ListNotSeeded",
  map: "MapState",
  wait: "WaitInMap",
  invoke: "LambdaInvoke",
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

/** The error a run ends with when the list item was never seeded. */
export const LIST_NOT_SEEDED_ERROR = "ListNotSeeded";

export function buildDefinition(p: DefinitionParams) {
  return {
    Comment: "Reads a list from DynamoDB and processes each element with a Lambda function, under a concurrency limit",
    StartAt: STATE.read,
    TimeoutSeconds: p.timeoutSeconds,
    States: {
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
      [STATE.missing]: {
        Type: "Fail",
        Error: LIST_NOT_SEEDED_ERROR,
        // No double quotes in strings here: cdktf does not escape them inside Fn.jsonencode.
        Cause: `The table has no item ${PARTITION_KEY} = ${LIST_ITEM_KEY}, ${SORT_KEY} = ${LIST_ITEM_POSITION} with a list attribute ${LIST_ATTRIBUTE}: run npm run seed first.`,
      },
      [STATE.map]: {
        Type: "Map",
        ItemsPath: `$.Item.${LIST_ATTRIBUTE}.L`,
        MaxConcurrency: p.maxConcurrency,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: STATE.wait,
          States: {
            [STATE.wait]: {
              Type: "Wait",
              Seconds: p.waitSeconds,
              Next: STATE.invoke,
            },
            [STATE.invoke]: {
              Type: "Task",
              Comment: "Invoke the function with the item; keep only its payload",
              Resource: "arn:aws:states:::lambda:invoke",
              Parameters: {
                FunctionName: p.functionArn,
                "Payload.$": "$",
              },
              OutputPath: "$.Payload",
              Retry: [
                {
                  ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS],
                  ...LAMBDA_RETRY,
                  JitterStrategy: "FULL",
                },
              ],
              End: true,
            },
          },
        },
        End: true,
      },
    },
  };
}

export type Definition = ReturnType<typeof buildDefinition>;

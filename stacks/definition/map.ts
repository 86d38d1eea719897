/**
 * The Map state and what runs once per item (or batch): a Wait, then the
 * Lambda invocation with its retries, and with isolate_failures a Pass that
 * records the item's failure instead of failing the Map.
 */
import { LIST_ATTRIBUTE, ROW_ATTRIBUTE, SORT_KEY } from "../table-schema";
import { LAMBDA_INVOKE, type MapState, type State, type TaskState } from "./asl";
import { STATE } from "./names";
import type { DefinitionParams } from "./params";
import type { Shape } from "./shapes";

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

export function mapState(p: DefinitionParams, shape: Shape, next: string | undefined): MapState {
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
  } satisfies MapState;
}

function iterationStates(p: DefinitionParams, shape: Shape, enveloped: boolean) {
  const invoke = {
    Type: "Task",
    Comment: "Invoke the function with the item; keep only its payload",
    Resource: LAMBDA_INVOKE,
    Parameters: { FunctionName: p.functionArn, "Payload.$": enveloped ? "$.value" : "$" },
    // Isolated: every iteration ends with a status, S or F, which the summary counts.
    ...(shape.isolateFailures ? { ResultSelector: { status: "S", "output.$": "$.Payload" } } : { OutputPath: "$.Payload" }),
    Retry: [{ ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS], ...LAMBDA_RETRY, JitterStrategy: "FULL" }],
    ...(shape.isolateFailures ? { Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATE.recordFailure }] } : {}),
    End: true,
  } satisfies TaskState;
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
  } satisfies Record<string, State>;
}

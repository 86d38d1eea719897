/**
 * What a definition is built from: the parameters, and the one mapping from
 * the settings to them (concrete values offline, Terraform tokens in the stack).
 */
import type { StateMachine } from "./asl";
import type { Shape } from "./shapes";

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
  /**
   * Rows on an inline Map: pages one execution reads before it continues as
   * new (history-budget.ts computes it; a Terraform expression in the stack).
   * 0 never continues (Express workflows have no history quota). @default 0
   */
  readonly pagesPerExecution?: number;
}

/**
 * The state machine buildDefinition returns: the States Language model of
 * asl.ts, with the top-level fields this project always sets. asl-validator
 * checks the whole document in the tests.
 */
export interface Definition extends StateMachine {
  readonly Comment: string;
  readonly TimeoutSeconds: number;
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

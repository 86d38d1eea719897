/**
 * AWS's service limits that the project's settings, seed and offline runner
 * all hold to. Each has one name here, with the AWS page that states it.
 */

/**
 * "Maximum input or output size for a task, state, or execution: 256 KiB of
 * data as a UTF-8 encoded string" (Step Functions service quotas, "Quotas
 * related to task executions"; the API's history details say "Length
 * Constraints: Maximum length of 262144 ... expressed as bytes in UTF-8
 * encoding"). Over it AWS raises States.DataLimitExceeded (local/quotas/).
 */
export const STATE_PAYLOAD_LIMIT_BYTES = 256 * 1024;

/**
 * A Standard execution's history holds at most 25,000 events; AWS fails the
 * execution when it reaches that quota ("Step Functions service quotas",
 * service-quotas.html in the Step Functions developer guide).
 * Express workflows keep no such history and have no such quota.
 */
export const HISTORY_EVENT_QUOTA = 25_000;

/**
 * DynamoDB's item size limit: "The maximum item size in DynamoDB is 400 KB",
 * and "DynamoDB denotes 1 KB = 1024 bytes" (Service, account, and table
 * quotas → Items; ServiceQuotas.html). Sizes are counted as seed/list-file.ts
 * dynamoItemSize does.
 */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * "In this mode [Inline], the Map state supports up to 40 concurrent
 * iterations" (Using Map state in Inline mode), whatever MaxConcurrency says;
 * MaxConcurrency 0 ("no limit") is still 40.
 */
export const INLINE_MAP_CONCURRENCY_LIMIT = 40;

/**
 * "If you don't specify [MaxConcurrency], Step Functions runs 10,000 parallel
 * child workflow executions" (state-map-distributed, MaxConcurrency); 0 means
 * no limit other than this one.
 */
export const DISTRIBUTED_MAP_CONCURRENCY_LIMIT = 10_000;

/** A Standard workflow runs at most one year (Standard vs. Express workflows: "Maximum duration 1 year"). */
export const STANDARD_MAX_SECONDS = 31_536_000;

/**
 * "Express Workflows ... can run for up to five minutes" (Standard vs.
 * Express workflows); past it the execution times out (States.Timeout).
 */
export const EXPRESS_MAX_SECONDS = 300;

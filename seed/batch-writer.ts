/**
 * BatchWriteItem with backoff: 25 requests per call, several calls in
 * flight, items DynamoDB leaves unprocessed sent again after an exponential,
 * fully jittered delay. Shared by the rows writer, the version cleanup and
 * the TTL stamping of superseded rows (seed/list-versions.ts).
 */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { AwsAccessError, isThrottling } from "../aws/errors";
import { explainDynamoError } from "./write-list";

/** BatchWriteItem's limit on requests per call. */
export const BATCH_SIZE = 25;
export const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_RETRIES = 10;
/** Full jitter: a retry waits a random time in [0, min(cap, base × 2^attempt)). */
const RETRY_BASE_MS = 25;
export const RETRY_CAP_MS = 5_000;

/** All the writer needs of a client: tests wrap `send`. */
export type RowsClient = Pick<DynamoDBClient, "send">;

export interface BatchOptions {
  /** BatchWriteItem requests in flight at once (default 8). */
  readonly concurrency?: number;
  /** Retries of one batch's unprocessed items (or of a throttled request) before giving up (default 10). */
  readonly maxRetries?: number;
  /** How to wait between retries; tests pass one that records and returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
}

/** Full jitter: a random wait in [0, min(cap, base × 2^attempt)), attempt counting from 1. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
}

/**
 * Sends every request, 25 per call; returns how many there were. `onDone`
 * hears how many items each acknowledged call processed (progress).
 */
export async function writeAll(
  client: RowsClient,
  table: string,
  requests: AsyncIterable<WriteRequest> | Iterable<WriteRequest>,
  opts: BatchOptions = {},
  onDone: (processed: number) => void = () => {},
): Promise<number> {
  const sender = new BatchSender(client, table, opts, onDone);
  let count = 0;
  try {
    let batch: WriteRequest[] = [];
    for await (const request of requests) {
      batch.push(request);
      count++;
      if (batch.length === BATCH_SIZE) {
        await sender.submit(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await sender.submit(batch);
    await sender.drain();
  } finally {
    // On any failure, let requests already sent finish before the caller cleans up.
    await sender.settle();
  }
  return count;
}

/**
 * Sends BatchWriteItem requests, at most `concurrency` at once, each retried
 * until DynamoDB has processed all its items. The first failure stops new
 * submissions and is thrown by the next submit or drain.
 */
class BatchSender {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: RowsClient,
    private readonly table: string,
    opts: BatchOptions,
    private readonly onDone: (processed: number) => void,
  ) {
    this.concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${this.concurrency}`);
    if (!Number.isInteger(this.maxRetries) || this.maxRetries < 0) throw new RangeError(`maxRetries must be a non-negative integer, got ${this.maxRetries}`);
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
  }

  /** Starts the request; returns once fewer than `concurrency` are in flight. */
  async submit(requests: WriteRequest[]): Promise<void> {
    this.throwIfFailed();
    const p: Promise<void> = this.send(requests)
      .catch((e: unknown) => {
        this.failure ??= { error: e };
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  /** Waits for every request; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every request, failed or not. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private async send(requests: WriteRequest[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) await this.sleep(backoffDelay(attempt, this.random));
      let left: WriteRequest[];
      try {
        const out = await this.client.send(new BatchWriteItemCommand({ RequestItems: { [this.table]: pending } }));
        left = out.UnprocessedItems?.[this.table] ?? [];
      } catch (e) {
        if (isThrottling(e) && attempt < this.maxRetries) continue;
        throw explainDynamoError(e, this.table);
      }
      if (left.length < pending.length) this.onDone(pending.length - left.length);
      if (left.length === 0) return;
      if (attempt >= this.maxRetries) {
        throw new AwsAccessError(
          `DynamoDB left ${left.length} row${left.length === 1 ? "" : "s"} unprocessed after ${this.maxRetries} retries (is table ${this.table} throttled?): the current list is unchanged; run the seed again`,
        );
      }
      pending = left;
    }
  }
}

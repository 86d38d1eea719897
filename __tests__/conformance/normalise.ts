/**
 * One normal form for AWS's recorded events and the offline run's, so that
 * they compare field for field. LocalStack's snapshots already replace
 * timestamps, ARNs, the region and the role by placeholders, and parse the
 * JSON texts of input/output into values; the offline history gets the same
 * treatment, and both sides then get the rest:
 *  - timestamp dropped; roleArn dropped (the offline run has no role);
 *  - every ARN -> "<arn>" (account, partition, Map Run ids and random parts differ run by run);
 *  - region -> "<region>";
 *  - input, output, parameters and cause: a JSON text is parsed (key order and spacing do not count);
 *  - a Lambda function error's cause -> {errorType, errorMessage}: the recorded
 *    functions ran on Python (stackTrace, requestId), the local ones on Node.js (trace);
 *  - a Lambda invoke result's SdkHttpMetadata and SdkResponseMetadata dropped (request ids, dates).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface NormalEvent {
  readonly type: string;
  readonly id: number;
  readonly previousEventId: number;
  readonly [details: string]: Json;
}

const JSON_TEXT_FIELDS = new Set(["input", "output", "parameters", "cause"]);

export function normaliseEvents(events: readonly object[]): NormalEvent[] {
  return events.map((e) => {
    const { timestamp: _timestamp, ...rest } = e as Record<string, unknown>;
    return normaliseValue(rest, undefined) as unknown as NormalEvent;
  });
}

function normaliseValue(value: unknown, key: string | undefined): Json {
  if (value === undefined) return null;
  if (typeof value === "string") return normaliseString(value, key);
  if (Array.isArray(value)) return value.map((v) => normaliseValue(v, undefined));
  if (value && typeof value === "object") {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || k === "roleArn" || k === "SdkHttpMetadata" || k === "SdkResponseMetadata") continue;
      out[k] = normaliseValue(v, k);
    }
    return key === "cause" ? lambdaCause(out) : out;
  }
  return value as Json;
}

function normaliseString(s: string, key: string | undefined): Json {
  if (key === "region") return "<region>";
  // LocalStack's Map Run tests replace mapRunArn by "map_run_arn" (JsonpathTransformer), not by an ARN.
  if (s.startsWith("arn:") || key === "mapRunArn") return "<arn>";
  if (key && JSON_TEXT_FIELDS.has(key)) {
    try {
      return normaliseValue(JSON.parse(s), key === "cause" ? "cause" : undefined);
    } catch {
      return s;
    }
  }
  return s;
}

/** A function error's cause, runtime-neutral. */
function lambdaCause(cause: Record<string, Json>): Json {
  if (typeof cause.errorType !== "string" || !("errorMessage" in cause)) return cause;
  return { errorType: cause.errorType, errorMessage: cause.errorMessage ?? null };
}

const PARALLEL_CLOSING = new Set(["ParallelStateSucceeded", "ParallelStateAborted", "ParallelStateExited", "ParallelStateFailed"]);

/**
 * LocalStack's SfnNoneRecursiveParallelTransformer
 * (localstack-core/localstack/testing/pytest/stepfunctions/utils.py), step for
 * step, for the scenarios whose recording went through it: the events between
 * ParallelStateStarted and the next closing Parallel event get id and
 * previousEventId 0 and are sorted, so branch order does not count. As in the
 * original, the second closing event (ParallelStateExited after
 * ParallelStateSucceeded) sorts the same slice again, one event longer: the
 * ParallelStateSucceeded drops out of the recorded history, and of the offline
 * one with it. Sorting is by the normalised event's JSON on both sides. One
 * departure: a closing event with no ParallelStateStarted before it is left
 * alone (the original would cut the history's head off; AWS always logs the
 * Started event, an offline history may lack it).
 */
export function localStackParallel(input: readonly NormalEvent[]): NormalEvent[] {
  const events = [...input];
  let start: number | undefined;
  let sublist: NormalEvent[] = [];
  let inSublist = false;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (PARALLEL_CLOSING.has(e.type) && start !== undefined) {
      events.splice(start, i - start, ...[...sublist].sort((a, b) => canonical(a).localeCompare(canonical(b))));
      inSublist = false;
    } else if (e.type === "ParallelStateStarted") {
      inSublist = true;
      sublist = [];
      start = i + 1;
    } else if (inSublist) {
      const marked = { ...e, id: 0, previousEventId: 0 };
      events[i] = marked;
      sublist.push(marked);
    }
  }
  return events;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

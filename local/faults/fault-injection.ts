/**
 * Failures on purpose, offline: `--fail-items 3,17` makes the Lambda
 * invocations for those zero-based items throw (a function error: the
 * definition's Retry, Catch and tolerance see what they would see on AWS),
 * `--throttle-items 3:2,5` makes them fail with Lambda.TooManyRequestsException
 * the first N times (default 1), so the retry policy shows on the timeline.
 *
 * Which items an invocation serves is known exactly where the project runs
 * the children itself: a Distributed Map's child (one item, or a batch: one
 * targeted item fails the whole invocation, as a real function error would).
 * An inline Map's iterations are the engine's, which tells an invocation
 * nothing of its item: the position is then found from the payload, which is
 * the element as the state machine read it from DynamoDB (PayloadPositions
 * learns each element's text and position from the reads), and refused
 * before the run when the list repeats a targeted element (its invocations
 * could not be told apart).
 */
import { UserError } from "../../cli/errors";
import { functionError, TaskFailure } from "../engine/integrations";

/** A bad --fail-items/--throttle-items value: one line (a usage error). */
export class FaultSyntaxError extends UserError {
  override name = "FaultSyntaxError";
}

export interface FaultPlan {
  /** Items whose every invocation fails. */
  readonly fail: ReadonlySet<number>;
  /** Items whose first N invocations are throttled. */
  readonly throttle: ReadonlyMap<number, number>;
}

const POSITION = /^(0|[1-9]\d{0,8})$/;

/** "3,17" -> {3, 17}. */
export function parseFailItems(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const p = part.trim();
    if (!POSITION.test(p))
      throw new FaultSyntaxError(`--fail-items ${JSON.stringify(text)}: expected zero-based item positions separated by commas, e.g. 3,17`);
    out.add(Number(p));
  }
  return out;
}

/** "3:2,5" -> {3: 2, 5: 1}; times 1..100. */
export function parseThrottleItems(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)(?::(\d+))?\s*$/.exec(part);
    const times = m?.[2] === undefined ? 1 : Number(m[2]);
    if (!m || !POSITION.test(m[1]!) || !Number.isInteger(times) || times < 1 || times > 100) {
      throw new FaultSyntaxError(`--throttle-items ${JSON.stringify(text)}: expected ITEM[:TIMES] separated by commas (TIMES 1 to 100, default 1), e.g. 3:2,5`);
    }
    out.set(Number(m[1]), times);
  }
  return out;
}

/** Positions past the list: one line the user can act on. */
export function checkPositions(plan: FaultPlan, listLength: number): void {
  const past = [...plan.fail, ...plan.throttle.keys()].filter((p) => p >= listLength);
  if (past.length > 0) {
    throw new FaultSyntaxError(`item ${past[0]} is past the list's end: the list has ${listLength} items (0 to ${listLength - 1})`);
  }
}

/**
 * Before an invocation for these items: throws what the invocation should
 * fail with, or returns. Throttles are counted per item and used up first.
 */
export function injectFault(plan: FaultPlan, items: readonly number[], left: Map<number, number>): void {
  const throttled = items.filter((i) => (left.get(i) ?? plan.throttle.get(i) ?? 0) > 0);
  if (throttled.length > 0) {
    for (const i of throttled) left.set(i, (left.get(i) ?? plan.throttle.get(i)!) - 1);
    // The Lambda integration's error for a 429 from Invoke (service error: the error name is
    // "Lambda." + the exception, as in the definition's Retry).
    throw new TaskFailure(
      "Lambda.TooManyRequestsException",
      `Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException) [injected offline by --throttle-items for item ${throttled.join(", ")}]`,
    );
  }
  const failed = items.filter((i) => plan.fail.has(i));
  if (failed.length > 0) throw injectedFunctionError(`injected by --fail-items for item ${failed.join(", ")}`);
}

/**
 * The function error a handler that threw would give: Cause is the JSON the
 * Node.js runtime writes, {"errorType", "errorMessage", "trace"} (AWS Lambda
 * Developer Guide, "Lambda function errors in Node.js"). Its trace is the
 * error's first line alone: the failure is injected before the handler runs,
 * so no frame of the handler exists to show, and the runner's own frames
 * (this file, the engine) are noise no real function error carries.
 */
function injectedFunctionError(message: string): TaskFailure {
  const e = new Error(message);
  e.name = "InjectedFailure";
  e.stack = `${e.name}: ${message}`;
  return functionError(e);
}

/**
 * Positions of the elements the state machine read, by their exact JSON text
 * (typed DynamoDB values, as the Lambda's payload carries them): for an
 * inline Map, where the invocation itself does not say which item it serves.
 */
export class PayloadPositions {
  private readonly byText = new Map<string, number[]>();

  learn(element: unknown, position: number): void {
    const text = JSON.stringify(element);
    const list = this.byText.get(text) ?? [];
    if (!list.includes(position)) list.push(position);
    this.byText.set(text, list);
  }

  /** The positions whose element is this payload (one, unless the list repeats it). */
  of(payload: unknown): readonly number[] | undefined {
    return this.byText.get(JSON.stringify(payload));
  }
}

/** An inline Map cannot tell repeated elements apart: refuse targeting one of them. */
export function checkDistinguishable(plan: FaultPlan, list: readonly unknown[]): void {
  const texts = list.map((e) => JSON.stringify(e));
  for (const p of [...plan.fail, ...plan.throttle.keys()]) {
    const twin = texts.findIndex((t, i) => i !== p && t === texts[p]);
    if (twin >= 0) {
      throw new FaultSyntaxError(
        `item ${p} has the same value as item ${twin}: on an inline Map the Lambda's payload cannot tell them apart offline (map_mode DISTRIBUTED can)`,
      );
    }
  }
}

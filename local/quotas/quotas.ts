/**
 * AWS Step Functions quotas, applied to the offline run by a layer this
 * project owns around the engine (aws-local-stepfunctions stays unmodified).
 * Each rule sits here once, with the AWS documentation it follows.
 *
 *  1. History: a STANDARD execution holds at most 25,000 history events.
 *  2. Payload: 256 KiB of UTF-8 for inputs, outputs, task inputs and results.
 *  3. No Task timeout the engine invents (it gives every Task 60 s).
 *  4. An inline Map runs at most 40 iterations at once.
 *
 * Rules 1 and 2 are metered here (QuotaMeter), rules 3 and 4 rewrite the
 * definition (engine-view.ts); layer.ts applies both to a run.
 *
 * The history is counted live with the very mapping local/history/ uses to build
 * the AWS-shaped history (awsEventTypes, CallPairer, AttemptTracker), so the
 * count here is the length of the history written from the same events, as
 * they stream (HistoryStream) or from the finished log (toHistory).
 */
import { HISTORY_EVENT_QUOTA, STATE_PAYLOAD_LIMIT_BYTES } from "../../stacks/aws-limits";
import type { HistoryEventType } from "../../report/history-types";
import { AttemptTracker, CallPairer } from "../history/call-pairing";
import { awsEventTypes } from "../history/event-types";
import { jsonText } from "../history/json-text";
import type { AttemptCalls, QuotaFailure, RunEvent, TaskCall } from "../engine/events";

/**
 * The 25,000-event history quota has one home, stacks/definition/history-budget.ts,
 * which budgets the chained rows executions by it. How AWS ends an execution
 * that reaches it: the best-practices page "Avoid reaching the history quota"
 * (bp-history-limit): "When an execution reaches 24,999 events, it waits for the
 * next event to happen. If the event number 25,000 is ExecutionSucceeded, the
 * execution finishes successfully. If the event number 25,000 isn't
 * ExecutionSucceeded, the ExecutionFailed event is logged and the state
 * machine execution fails because of reaching the history limit."
 * AWS documents NO error name for that ExecutionFailed: the offline run leaves
 * the error empty rather than invent one, and says so in the cause.
 * Express workflows keep no such history (GetExecutionHistory: "not supported
 * by EXPRESS state machines"); their 5-minute limit applies instead.
 */

/**
 * Over the payload limit (STATE_PAYLOAD_LIMIT_BYTES) AWS raises
 * States.DataLimitExceeded (error handling, "Error names"):
 * "Reported due to: the output of a connector is larger than payload size
 * quota; the output of a state is larger than payload size quota; after
 * Parameters processing, the input of a state is larger than the payload size
 * quota", and "A terminal error that can't be caught by the States.ALL error
 * type" ("States.ALL ... can't catch the States.DataLimitExceeded terminal
 * error"). So here it ends the execution: no Retry or Catch sees it.
 */
export const DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";

/**
 * Bytes as AWS counts them: the UTF-8 length of the value's JSON text. The
 * text is JSON.stringify's (no whitespace), the form the offline history
 * stores in its input/output fields.
 */
export function payloadBytes(value: unknown): number {
  return Buffer.byteLength(jsonText(value), "utf8");
}

export interface QuotaOptions {
  /** History events an execution may hold; null: none (EXPRESS). Default 25,000. */
  readonly historyEvents?: number | null;
  /** Default 262,144. */
  readonly payloadBytes?: number;
  /** What the user can change, added to the cause (run-offline knows the settings). */
  readonly advice?: { readonly history?: string; readonly payload?: string };
}

/**
 * Watches the engine's events as they reach the root log and reports the first
 * quota reached. Counts with local/history/'s own mapping; `count` is the length
 * of the history written from the same events.
 */
export class QuotaMeter {
  count = 0;
  /** The events seen and not yet taken, with their calls, in order (one or two at a time). */
  private readonly untaken: { readonly event: RunEvent; readonly attempt: AttemptCalls }[] = [];
  private nextUntaken = 0;
  private readonly tracker: AttemptTracker;
  private readonly historyQuota: number | null;
  private readonly payloadQuota: number;
  private iterations = 0;

  constructor(
    takeCalls: () => readonly TaskCall[],
    private readonly opts: QuotaOptions = {},
  ) {
    const pairer = new CallPairer(takeCalls);
    this.tracker = new AttemptTracker((e) => pairer.pair(e));
    this.historyQuota = opts.historyEvents === undefined ? HISTORY_EVENT_QUOTA : opts.historyEvents;
    this.payloadQuota = opts.payloadBytes ?? STATE_PAYLOAD_LIMIT_BYTES;
  }

  /** Counts the event; returns the quota it reaches, if any (call no more after that). */
  see(e: RunEvent): QuotaFailure | undefined {
    const attempt = this.follow(e);
    const types = awsEventTypes(e, attempt);
    const payload = this.payload(e, attempt.call, attempt.made, types);
    if (payload) return payload;
    for (const type of types) {
      if (this.historyQuota !== null && this.count >= this.historyQuota - 1 && !ENDS_AT_QUOTA.has(type)) return this.historyFull();
      this.count++;
    }
    if (e.type === "MapIterationSucceeded" || e.type === "MapIterationFailed") this.iterations++;
    return undefined;
  }

  /** Pairs the event's calls, counting nothing (the quota's own ExecutionFailed goes through here). */
  follow(e: RunEvent): AttemptCalls {
    const attempt = this.tracker.see(e);
    this.untaken.push({ event: e, attempt });
    return attempt;
  }

  /**
   * The calls of `e`, the next event the layers hand on, let go of here (the
   * run keeps them with the event, or hands both to its sink). The meter is
   * the outermost layer: what it sees leaves the stack next, in the same order.
   */
  take(e: RunEvent): AttemptCalls {
    const next = this.untaken[this.nextUntaken];
    if (next?.event !== e) throw new Error(`the quota meter paired no calls for a ${e.type} event`);
    if (++this.nextUntaken === this.untaken.length) {
      this.untaken.length = 0;
      this.nextUntaken = 0;
    }
    return next.attempt;
  }

  private historyFull(): QuotaFailure {
    const q = this.historyQuota!;
    return {
      quota: "history",
      error: undefined,
      keep: q - 1,
      cause:
        `The execution history reached ${q.toLocaleString("en-US")} events, the Step Functions quota for a Standard workflow ` +
        `(${this.iterations.toLocaleString("en-US")} Map iterations had ended); AWS fails the execution there and documents no error name for it.` +
        (this.opts.advice?.history ? ` ${this.opts.advice.history}` : ""),
    };
  }

  /** The payload quota an event's values reach, if any: each value the history will hold, checked as AWS checks it. */
  private payload(e: RunEvent, call: TaskCall | undefined, made: TaskCall | undefined, types: readonly HistoryEventType[]): QuotaFailure | undefined {
    const name = "state" in e ? e.state.name : "";
    switch (e.type) {
      case "ExecutionStarted":
        return this.over(e.input, this.count, "execution input", name);
      case "StateEntered":
        return (
          this.over(e.state.input, this.count, "state input", name) ??
          // After Parameters: the task input, which TaskScheduled would carry.
          (call ? this.over(call.parameters, this.count + 1, "task input", name) : undefined)
        );
      case "StateRetried":
        return call ? this.over(call.parameters, this.count, "task input", name) : undefined;
      case "StateFailed":
        return types[0] === "TaskSucceeded" && made ? this.over(made.output, this.count, "task result", name) : undefined;
      case "StateExited":
        return (
          (e.state.type === "Task" && made ? this.over(made.output, this.count, "task result", name) : undefined) ??
          this.over(e.state.output, this.count + types.length - 1, "state output", name)
        );
      case "ExecutionSucceeded":
        return this.over(e.output, this.count, "execution output", name);
      default:
        return undefined;
    }
  }

  /** The payload failure if `value` is over the quota (the history then keeps `keep` events); a method, not a closure per event. */
  private over(value: unknown, keep: number, what: PayloadKind, name: string): QuotaFailure | undefined {
    const bytes = payloadBytesOver(value, this.payloadQuota);
    if (bytes === undefined) return undefined;
    return {
      quota: "payload",
      error: DATA_LIMIT_EXCEEDED,
      keep,
      cause:
        `${PAYLOAD_WHAT[what](name)} is ${bytes.toLocaleString("en-US")} bytes of UTF-8 JSON, over the Step Functions payload quota of ` +
        `${this.payloadQuota.toLocaleString("en-US")} bytes (256 KiB).` +
        (this.opts.advice?.payload ? ` ${this.opts.advice.payload}` : ""),
    };
  }
}

type PayloadKind = keyof typeof PAYLOAD_WHAT;

/** What a cause names, by the value checked: built only for a value over the quota. */
const PAYLOAD_WHAT = {
  "execution input": () => "The execution input",
  "state input": (name: string) => `The input of state ${name}`,
  "task input": (name: string) => `The input of task ${name} (after Parameters)`,
  "task result": (name: string) => `The result of task ${name}`,
  "state output": (name: string) => `The output of state ${name}`,
  "execution output": () => "The execution output",
} as const;

/**
 * payloadBytes(value) if it is over `quota`, else undefined. A UTF-16 code
 * unit is at most 3 bytes of UTF-8, so a text of at most quota / 3 units is
 * under it without being measured (nearly every value of a run).
 */
export function payloadBytesOver(value: unknown, quota: number): number | undefined {
  const text = jsonText(value);
  if (text.length * 3 <= quota) return undefined;
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > quota ? bytes : undefined;
}

/**
 * Events that may be number 25,000: ExecutionSucceeded, as AWS documents; and
 * ExecutionFailed, since AWS logs an ExecutionFailed there in any case (the
 * run's own, with its error, is kept).
 */
const ENDS_AT_QUOTA = new Set<HistoryEventType>(["ExecutionSucceeded", "ExecutionFailed"]);

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
 * The history is counted live with the very mapping history.ts uses to build
 * the AWS-shaped history (awsEventTypes, CallPairer, AttemptTracker), so the
 * count here is the length of the history built afterwards.
 */
import { allStates } from "../../stacks/definition-walk";
import { UnsupportedDefinitionError } from "../engine/support";
import { INLINE_MAP_CONCURRENCY_LIMIT, STATE_PAYLOAD_LIMIT_BYTES } from "../../stacks/aws-limits";
import type { HistoryEventType } from "../../report/history-types";
import { AttemptTracker, awsEventTypes, CallPairer } from "../history/history";
import type { EngineEvent } from "../run/run-definition";
import type { TaskCall } from "../engine/integrations";
import { HISTORY_EVENT_QUOTA } from "../../stacks/definition";

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
export { HISTORY_EVENT_QUOTA };

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
  return Buffer.byteLength(JSON.stringify(value === undefined ? null : value) ?? "null", "utf8");
}

/**
 * aws-local-stepfunctions 3.0.0 gives a Task with no TimeoutSeconds a timeout
 * of its own (TaskStateAction: DEFAULT_TIMEOUT_SECONDS = 60, then
 * States.Timeout) and has no option to turn it off. AWS sets none: "By
 * default, the Amazon States Language doesn't specify timeouts ... If ... the
 * TimeoutSeconds field isn't specified for an Activity or Task state, an
 * execution is stuck waiting for a response" ("Using timeouts to avoid stuck
 * Step Functions workflow executions"); the Lambda's own timeout applies. The engine
 * sees this instead: the longest setTimeout Node.js keeps (2^31-1 ms; a longer
 * one fires at once), about 24.8 days, beyond any offline run.
 */
export const ENGINE_NO_TASK_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);


type Json = Record<string, unknown>;

/**
 * The definition as the engine should see it (rules 3 and 4), a copy: the
 * history and the report keep the definition as deployed. Returns the notes
 * worth a warning.
 */
export function engineView(definition: object): { definition: object; warnings: string[] } {
  const copy = JSON.parse(JSON.stringify(definition)) as object;
  const warnings: string[] = [];
  for (const { state, path } of allStates(copy)) {
    for (const rule of [...((state.Retry as Json[] | undefined) ?? []), ...((state.Catch as Json[] | undefined) ?? [])]) {
      if (Array.isArray(rule.ErrorEquals) && rule.ErrorEquals.includes(DATA_LIMIT_EXCEEDED)) {
        throw new UnsupportedDefinitionError(
          `${path} names ${DATA_LIMIT_EXCEEDED} in a Retry or Catch; AWS documents it as a terminal error and the offline run always ends the execution on it`,
        );
      }
    }
    if (state.Type === "Task" && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = ENGINE_NO_TASK_TIMEOUT_SECONDS;
    }
    const inline = state.Type === "Map" && ((state.ItemProcessor as Json | undefined)?.ProcessorConfig as Json | undefined)?.Mode !== "DISTRIBUTED";
    if (!inline) continue;
    if (state.MaxConcurrencyPath !== undefined) {
      throw new UnsupportedDefinitionError(`${path}: MaxConcurrencyPath on an inline Map; the offline run cannot hold it to AWS's ${INLINE_MAP_CONCURRENCY_LIMIT} iterations at once`);
    }
    const asked = typeof state.MaxConcurrency === "number" ? state.MaxConcurrency : 0;
    if (asked > INLINE_MAP_CONCURRENCY_LIMIT) {
      warnings.push(
        `warning: ${path} has MaxConcurrency ${asked}; AWS runs at most ${INLINE_MAP_CONCURRENCY_LIMIT} inline Map iterations at once, and so does the offline run`,
      );
    }
    state.MaxConcurrency = Math.min(INLINE_MAP_CONCURRENCY_LIMIT, asked || INLINE_MAP_CONCURRENCY_LIMIT);
  }
  return { definition: copy, warnings };
}

export interface QuotaOptions {
  /** History events an execution may hold; null: none (EXPRESS). Default 25,000. */
  readonly historyEvents?: number | null;
  /** Default 262,144. */
  readonly payloadBytes?: number;
  /** What the user can change, added to the cause (run-offline knows the settings). */
  readonly advice?: { readonly history?: string; readonly payload?: string };
}

/** A quota the execution reached: it ends FAILED there. */
export interface QuotaFailure {
  readonly quota: "history" | "payload";
  /** AWS's error name; undefined where AWS documents none (history). */
  readonly error: string | undefined;
  readonly cause: string;
  /** AWS history events kept before the ExecutionFailed that ends the run. */
  readonly keep: number;
}

/**
 * Watches the engine's events as they reach the root log and reports the first
 * quota reached. Counts with history.ts's own mapping; `count` is the length
 * of the history toHistory builds from the same events.
 */
export class QuotaMeter {
  count = 0;
  private readonly attempts: AttemptTracker;
  private readonly historyQuota: number | null;
  private readonly payloadQuota: number;
  private iterations = 0;

  constructor(calls: readonly TaskCall[], private readonly opts: QuotaOptions = {}) {
    const pairer = new CallPairer(calls);
    this.attempts = new AttemptTracker((e) => pairer.pair(e));
    this.historyQuota = opts.historyEvents === undefined ? HISTORY_EVENT_QUOTA : opts.historyEvents;
    this.payloadQuota = opts.payloadBytes ?? STATE_PAYLOAD_LIMIT_BYTES;
  }

  /** Counts the event; returns the quota it reaches, if any (call no more after that). */
  see(e: EngineEvent): QuotaFailure | undefined {
    const attempt = this.attempts.see(e);
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

  private payload(e: EngineEvent, call: TaskCall | undefined, made: TaskCall | undefined, types: readonly HistoryEventType[]): QuotaFailure | undefined {
    const over = (what: string, value: unknown, keep: number): QuotaFailure | undefined => {
      const bytes = payloadBytes(value);
      if (bytes <= this.payloadQuota) return undefined;
      return {
        quota: "payload",
        error: DATA_LIMIT_EXCEEDED,
        keep,
        cause:
          `${what} is ${bytes.toLocaleString("en-US")} bytes of UTF-8 JSON, over the Step Functions payload quota of ` +
          `${this.payloadQuota.toLocaleString("en-US")} bytes (256 KiB).` +
          (this.opts.advice?.payload ? ` ${this.opts.advice.payload}` : ""),
      };
    };
    const name = "state" in e ? e.state.name : "";
    switch (e.type) {
      case "ExecutionStarted":
        return over("The execution input", e.input, this.count);
      case "StateEntered":
        return (
          over(`The input of state ${name}`, e.state.input, this.count) ??
          // After Parameters: the task input, which TaskScheduled would carry.
          (call ? over(`The input of task ${name} (after Parameters)`, call.parameters, this.count + 1) : undefined)
        );
      case "StateRetried":
        return call ? over(`The input of task ${name} (after Parameters)`, call.parameters, this.count) : undefined;
      case "StateFailed":
        return types[0] === "TaskSucceeded" && made ? over(`The result of task ${name}`, made.output, this.count) : undefined;
      case "StateExited":
        return (
          (e.state.type === "Task" && made ? over(`The result of task ${name}`, made.output, this.count) : undefined) ??
          over(`The output of state ${name}`, e.state.output, this.count + types.length - 1)
        );
      case "ExecutionSucceeded":
        return over("The execution output", e.output, this.count);
      default:
        return undefined;
    }
  }
}

/**
 * Events that may be number 25,000: ExecutionSucceeded, as AWS documents; and
 * ExecutionFailed, since AWS logs an ExecutionFailed there in any case (the
 * run's own, with its error, is kept).
 */
const ENDS_AT_QUOTA = new Set<HistoryEventType>(["ExecutionSucceeded", "ExecutionFailed"]);

/**
 * AWS's quotas as a layer of the offline run (quotas.ts holds each rule and
 * its citation): the definition as the engine should run it (engine-view.ts),
 * the payload checked on every task input before the call, and the history
 * and payloads metered on every event as it leaves the engine. A quota
 * reached ends the run there: the layer ends the engine and emits the
 * ExecutionFailed AWS would log, and drops everything after it.
 */
import { STATE_PAYLOAD_LIMIT_BYTES } from "../../stacks/aws-limits";
import { TaskFailure, type Integrations } from "../engine/integrations";
import type { AttemptCalls, QuotaExecutionFailed, QuotaFailure, RunEvent } from "../engine/events";
import type { Layer, RunControl } from "../engine/layer";
import { DATA_LIMIT_EXCEEDED, payloadBytesOver, QuotaMeter, type QuotaOptions } from "./quotas";
import { engineView } from "./engine-view";

export interface QuotaLayer extends Layer {
  /** The quota that ended the run, if one did. */
  readonly failure: QuotaFailure | undefined;
  /** AWS history events so far (the length of the history written from the same events). */
  readonly historyEvents: number;
  /** The Task calls of the next event the stack hands on, paired as the events went by (HistoryInput.attempts). */
  takeAttempt(e: RunEvent): AttemptCalls;
}

/** Checks the deployed definition against the rules now (refusals, warnings); the run applies them. */
export function quotaLayer(deployed: object, run: RunControl, opts: { readonly quotas?: QuotaOptions; readonly warn: (message: string) => void }): QuotaLayer {
  const view = engineView(deployed);
  for (const w of view.warnings) opts.warn(w);
  const meter = new QuotaMeter(() => run.takeCalls(), opts.quotas);
  const payloadQuota = opts.quotas?.payloadBytes ?? STATE_PAYLOAD_LIMIT_BYTES;
  let failure: QuotaFailure | undefined;
  let latest = 0;

  const rewrite = (event: RunEvent): RunEvent[] => {
    if (failure) return []; // past the quota: AWS's history has ended
    failure = meter.see(event);
    latest = Math.max(latest, event.timestamp);
    if (!failure) return [event];
    // Stop the engine here; no task starts after this point.
    run.end();
    const failed: QuotaExecutionFailed = { type: "ExecutionFailed", timestamp: latest, Error: failure.error, Cause: failure.cause, quota: failure.quota };
    meter.follow(failed);
    return [event, failed];
  };

  return {
    engineDefinition: (definition) => (definition === deployed ? view.definition : engineView(definition).definition),
    integrations: (inner) => withPayloadCheck(inner, payloadQuota),
    rewrite,
    get failure() {
      return failure;
    },
    takeAttempt: (e) => meter.take(e),
    get historyEvents() {
      return failure ? failure.keep + 1 : meter.count;
    },
  };
}

/**
 * AWS would not start a task whose input is over the payload quota
 * (States.DataLimitExceeded): journaled, not called; the meter ends the run
 * when this attempt reaches the log.
 */
function withPayloadCheck(inner: Integrations, payloadQuota: number): Integrations {
  return Object.fromEntries(
    Object.entries(inner).map(([resource, integration]) => [
      resource,
      (input: unknown, call: Parameters<typeof integration>[1]) => {
        if (payloadBytesOver(input, payloadQuota) !== undefined)
          return Promise.reject(new TaskFailure(DATA_LIMIT_EXCEEDED, "task input over the payload quota"));
        return integration(input, call);
      },
    ]),
  );
}

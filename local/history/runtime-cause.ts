/**
 * AWS's cause of a States.Runtime failure names the state and the id of its
 * entered event: "An error occurred while executing the state 'MapState'
 * (entered at the event id #2). ToleratedFailureCount cannot be negative."
 * (LocalStack tests/aws/services/stepfunctions/v2/scenarios/test_base_scenarios.snapshot.json,
 * test_map_state_tolerated_failure_count_path[-1], test_max_concurrency_path[NoNumber] and the other
 * invalid-value keys). The engine's cause has the text only; the id is the history's, so the sink adds it.
 */
import type { HistoryEventType } from "../../report/history-types";
import { iterationOf, type StateEvent } from "../engine/events";

const PREFIX = "An error occurred while executing the state ";

/** Follows the states entered (their event ids) and the state a States.Runtime failure started in. */
export class RuntimeOrigins {
  private readonly entered = new Map<string, { name: string; id: number }>();
  private lastEntered: { name: string; id: number } | undefined;
  private origin: { name: string; id: number; cause: unknown } | undefined;

  /** `id`: the id of the AWS event `type` about to be written for `e`. */
  see(e: StateEvent, id: number, type: HistoryEventType): void {
    const key = `${e.state.name}#${iterationOf(e)}`;
    if (e.type === "StateEntered" && type.endsWith("StateEntered")) {
      this.lastEntered = { name: e.state.name, id };
      this.entered.set(key, this.lastEntered);
    } else if (e.type === "StateFailed" && e.Error === "States.Runtime" && this.origin?.cause !== e.Cause) {
      const at = this.entered.get(key);
      if (at) this.origin = { ...at, cause: e.Cause };
    } else if (e.type === "StateCaught" || e.type === "StateRetried") {
      this.origin = undefined;
    }
  }

  /** The state the failure with `cause` started in: the first to fail with it, else the last state entered. */
  of(cause: unknown): { name: string; id: number } | undefined {
    return this.origin?.cause === cause ? this.origin : this.lastEntered;
  }
}

/** The ExecutionFailed cause as AWS writes it. */
export function runtimeCause(error: string | undefined, cause: unknown, origins: RuntimeOrigins): unknown {
  if (error !== "States.Runtime" || typeof cause !== "string" || cause.startsWith(PREFIX)) return cause;
  const at = origins.of(cause);
  return at ? `${PREFIX}'${at.name}' (entered at the event id #${at.id}). ${cause}` : cause;
}

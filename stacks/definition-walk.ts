/**
 * Walks a States Language definition: every state, inside Map iterators and
 * Parallel branches too, with where it sits for messages. The deployed side
 * (task permissions) and the offline runner both read definitions this way.
 */
import { itemProcessorOf } from "./definition/asl";

type Json = Record<string, unknown>;

export interface StateRef {
  readonly name: string;
  readonly state: Json;
  /** Where it sits, for messages: "States.MapState.ItemProcessor.States.LambdaInvoke". */
  readonly path: string;
}

/** Every state of the definition, depth first, including Map iterators and Parallel branches. */
export function allStates(definition: unknown): StateRef[] {
  const out: StateRef[] = [];
  const visit = (machine: unknown, at: string) => {
    const states = (machine as Json | undefined)?.States;
    if (!states || typeof states !== "object") return;
    for (const [name, state] of Object.entries(states as Record<string, Json>)) {
      const path = `${at}States.${name}`;
      out.push({ name, state, path });
      const processor = itemProcessorOf(state);
      if (processor) visit(processor, `${path}.${state.ItemProcessor ? "ItemProcessor" : "Iterator"}.`);
      if (state.Type === "Parallel" && Array.isArray(state.Branches)) {
        state.Branches.forEach((b, i) => visit(b, `${path}.Branches[${i}].`));
      }
    }
  };
  visit(definition, "");
  return out;
}

export function taskStates(definition: unknown): (StateRef & { readonly resource: string })[] {
  return allStates(definition)
    .filter((s) => s.state.Type === "Task")
    .map((s) => ({ ...s, resource: String(s.state.Resource) }));
}

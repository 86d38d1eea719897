/**
 * Static checks of a States Language definition before the local engine runs
 * it: every state (inside Map and Parallel too), the Task states and their
 * resources, and the fields aws-local-stepfunctions 3.0.0 would silently
 * ignore. Refusing those is better than running a different workflow than
 * AWS would.
 *
 * Fields the engine does honour, checked in its source: Retry with
 * IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds and
 * JitterStrategy (FULL draws the pause uniformly from [0, interval], as AWS
 * does); Catch; Map MaxConcurrency(Path), ItemsPath, ItemSelector/Parameters;
 * the top-level TimeoutSeconds (ends the run with ExecutionTimeoutError).
 */
import { INLINE_MAP_CONCURRENCY_LIMIT } from "./settings";

/** A definition the local engine cannot run faithfully, or cannot run offline at all. */
export class UnsupportedDefinitionError extends Error {
  override name = "UnsupportedDefinitionError";
}

type Json = Record<string, unknown>;

export interface StateRef {
  readonly name: string;
  readonly state: Json;
  /** Where it sits, for messages: "States.MapState.ItemProcessor.States.LambdaInvoke". */
  readonly path: string;
}

/** Fields the engine ignores wherever they appear on a state. */
const IGNORED_STATE_FIELDS = ["Assign", "Arguments", "Output"] as const;
/**
 * Map fields the offline run never builds (the project deploys none of them):
 * refused on every Map. A Distributed Map otherwise runs through the project's
 * own layer (local/distributed-map.ts), which reads its other fields.
 */
const UNBUILT_MAP_FIELDS = ["ItemReader", "ResultWriter"] as const;
/** Distributed-mode fields, which the engine's inline Map would ignore. */
const DISTRIBUTED_ONLY_MAP_FIELDS = [
  "ItemBatcher",
  "ToleratedFailurePercentage",
  "ToleratedFailurePercentagePath",
  "ToleratedFailureCount",
  "ToleratedFailureCountPath",
  "Label",
] as const;

/** Every state of the definition, depth first, including Map iterators and Parallel branches. */
export function allStates(definition: unknown): StateRef[] {
  const out: StateRef[] = [];
  const visit = (machine: unknown, at: string) => {
    const states = (machine as Json | undefined)?.States;
    if (!states || typeof states !== "object") return;
    for (const [name, state] of Object.entries(states as Record<string, Json>)) {
      const path = `${at}States.${name}`;
      out.push({ name, state, path });
      if (state.Type === "Map") visit(state.ItemProcessor ?? state.Iterator, `${path}.${state.ItemProcessor ? "ItemProcessor" : "Iterator"}.`);
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

/** Throws UnsupportedDefinitionError naming every field the engine would ignore. */
export function checkSupported(definition: unknown): void {
  const problems: string[] = [];
  const top = definition as Json;
  if (top.QueryLanguage === "JSONata") problems.push("QueryLanguage: JSONata (top level)");
  for (const { state, path } of allStates(definition)) {
    if (state.QueryLanguage === "JSONata") problems.push(`${path}: QueryLanguage JSONata`);
    for (const f of IGNORED_STATE_FIELDS) if (f in state) problems.push(`${path}: ${f}`);
    if (state.Type !== "Map") continue;
    for (const f of UNBUILT_MAP_FIELDS) if (f in state) problems.push(`${path}: ${f}`);
    const processor = (state.ItemProcessor as Json | undefined)?.ProcessorConfig as Json | undefined;
    if (processor?.Mode === "DISTRIBUTED") continue;
    for (const f of DISTRIBUTED_ONLY_MAP_FIELDS) if (f in state) problems.push(`${path}: ${f} (on an inline Map)`);
  }
  if (problems.length > 0) {
    throw new UnsupportedDefinitionError(
      `the offline run (aws-local-stepfunctions 3.0.0 and the project's Distributed Map layer) does not build ${problems.join("; ")}: refusing to run a different workflow than AWS would`,
    );
  }
}

/** Warnings for Map states asking for more than AWS gives an inline Map. */
export function concurrencyWarnings(definition: unknown): string[] {
  return allStates(definition)
    .filter((s) => s.state.Type === "Map" && typeof s.state.MaxConcurrency === "number" && s.state.MaxConcurrency > INLINE_MAP_CONCURRENCY_LIMIT)
    .map(
      (s) =>
        `warning: ${s.path} has MaxConcurrency ${String(s.state.MaxConcurrency)}; AWS runs at most ${INLINE_MAP_CONCURRENCY_LIMIT} inline Map iterations at once, the local engine would run ${String(s.state.MaxConcurrency)}`,
    );
}

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
import { UserError } from "../../cli/errors";
import { allStates } from "../../stacks/definition-walk";
import { isDistributedMap, isMap } from "../../stacks/definition/asl";

/** A definition the local engine cannot run faithfully, or cannot run offline at all. */
export class UnsupportedDefinitionError extends UserError {
  override name = "UnsupportedDefinitionError";
}

type Json = Record<string, unknown>;

/** Fields the engine ignores wherever they appear on a state. */
const IGNORED_STATE_FIELDS = ["Assign", "Arguments", "Output"] as const;
/**
 * Map fields the offline run never builds (the project deploys none of them):
 * refused on every Map. A Distributed Map otherwise runs through the project's
 * own layer (local/distributed/), which reads its other fields.
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

/** Throws UnsupportedDefinitionError naming every field the engine would ignore. */
export function checkSupported(definition: unknown): void {
  const problems: string[] = [];
  const top = definition as Json;
  if (top.QueryLanguage === "JSONata") problems.push("QueryLanguage: JSONata (top level)");
  for (const { state, path } of allStates(definition)) {
    if (state.QueryLanguage === "JSONata") problems.push(`${path}: QueryLanguage JSONata`);
    for (const f of IGNORED_STATE_FIELDS) if (f in state) problems.push(`${path}: ${f}`);
    if (!isMap(state)) continue;
    for (const f of UNBUILT_MAP_FIELDS) if (f in state) problems.push(`${path}: ${f}`);
    if (isDistributedMap(state)) continue;
    for (const f of DISTRIBUTED_ONLY_MAP_FIELDS) if (f in state) problems.push(`${path}: ${f} (on an inline Map)`);
  }
  if (problems.length > 0) {
    throw new UnsupportedDefinitionError(
      `the offline run (aws-local-stepfunctions 3.0.0 and the project's Distributed Map layer) does not build ${problems.join("; ")}: refusing to run a different workflow than AWS would`,
    );
  }
}

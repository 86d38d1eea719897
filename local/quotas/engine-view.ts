/**
 * The definition as the engine should run it under AWS's rules 3 and 4
 * (quotas.ts): no Task timeout the engine invents, and inline Maps held to
 * AWS's 40 iterations at once (the engine's, patch 008; a warning here). A copy: the history and the report keep the
 * definition as deployed.
 */
import { allStates } from "../../stacks/definition-walk";
import { INLINE_MAP_CONCURRENCY_LIMIT } from "../../stacks/aws-limits";
import { isDistributedMap, isMap } from "../../stacks/definition/asl";
import { UnsupportedDefinitionError } from "../engine/support";
import { ENGINE_NO_TASK_TIMEOUT_SECONDS } from "../engine/engine";
import { DATA_LIMIT_EXCEEDED } from "./quotas";

type Json = Record<string, unknown>;

/**
 * The definition as the engine should see it (rules 3 and 4), a copy: the
 * history and the report keep the definition as deployed. Returns the notes
 * worth a warning.
 */
export function engineView(definition: object): EngineView {
  let view = views.get(definition);
  if (!view) views.set(definition, (view = viewOf(definition)));
  return view;
}

interface EngineView {
  readonly definition: object;
  readonly warnings: readonly string[];
}

/**
 * Views by the definition they were made of: a Distributed Map's children all
 * run the one child definition, and each child's run would copy it again. A
 * definition is not changed once it runs (the engine only reads it).
 */
const views = new WeakMap<object, EngineView>();

function viewOf(definition: object): EngineView {
  const copy = JSON.parse(JSON.stringify(definition)) as object;
  const warnings: string[] = [];
  for (const { state, path } of allStates(copy)) {
    refuseCatchingDataLimit(state, path);
    if (state.Type === "Task" && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = ENGINE_NO_TASK_TIMEOUT_SECONDS;
    }
    if (!isMap(state) || isDistributedMap(state)) continue;
    // The engine holds an inline Map to AWS's 40 iterations at once, MaxConcurrencyPath's value too (patch 008).
    const asked = typeof state.MaxConcurrency === "number" ? state.MaxConcurrency : 0;
    if (asked > INLINE_MAP_CONCURRENCY_LIMIT) {
      warnings.push(
        `warning: ${path} has MaxConcurrency ${asked}; AWS runs at most ${INLINE_MAP_CONCURRENCY_LIMIT} inline Map iterations at once, and so does the offline run`,
      );
    }
  }
  return { definition: copy, warnings };
}

/** States.DataLimitExceeded is terminal on AWS (quotas.ts): a Retry or Catch naming it would run differently offline. */
function refuseCatchingDataLimit(state: Json, path: string): void {
  for (const rule of [...((state.Retry as Json[] | undefined) ?? []), ...((state.Catch as Json[] | undefined) ?? [])]) {
    if (Array.isArray(rule.ErrorEquals) && rule.ErrorEquals.includes(DATA_LIMIT_EXCEEDED)) {
      throw new UnsupportedDefinitionError(
        `${path} names ${DATA_LIMIT_EXCEEDED} in a Retry or Catch; AWS documents it as a terminal error and the offline run always ends the execution on it`,
      );
    }
  }
}

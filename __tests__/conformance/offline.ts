/**
 * Runs a recorded scenario offline and returns its history, normalised: the
 * definition and input AWS ran, through runDefinition (the engine and its
 * layers) and toHistory (the AWS-shaped history), as the offline runner does:
 * with the Task calls the quota meter paired live, checked against a pairing
 * of the finished log.
 * Retry and Wait pauses are set to 0 (they change timestamps, which are not compared).
 */
import { runDefinition } from "../../local/run/run-definition";
import { toHistory } from "../../local/history/history";
import { allStates } from "../../stacks/definition-walk";
import { UserError } from "../../cli/errors";
import { LOCAL_REGION } from "../../local/engine/local-aws";
import { integrationsFor } from "./handlers";
import { normaliseEvents, type NormalEvent } from "./normalise";
import type { HandlerName } from "./sources";

export type OfflineResult = { readonly refused: string } | { readonly events: NormalEvent[]; readonly raw: readonly object[] };

export async function offlineHistory(definition: object, input: unknown, handler?: HandlerName): Promise<OfflineResult> {
  const zero = Object.fromEntries(allStates(definition).map((s) => [s.name, 0]));
  let run;
  try {
    run = await runDefinition({
      definition,
      input,
      integrations: integrationsFor(definition, handler),
      warn: () => {},
      retryIntervalOverrides: zero,
      waitTimeOverrides: zero,
    });
  } catch (e) {
    if (e instanceof UserError) return { refused: e.message.split("\n")[0]! };
    throw e;
  }
  const built = { events: run.events, calls: run.calls, definition, region: LOCAL_REGION, quotaCut: run.quota?.keep };
  // As the runner builds it: with the calls the quota meter paired while the run went on.
  const history = toHistory({ ...built, attempts: run.attempts });
  // Every recorded scenario checks that pairing against the one made over the finished log.
  const pairedAfter = toHistory(built);
  if (JSON.stringify(pairedAfter) !== JSON.stringify(history))
    throw new Error("the meter's live pairing of Task calls and the pairing after the run give different histories");
  return { events: normaliseEvents(history), raw: history };
}

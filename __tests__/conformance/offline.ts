/**
 * Runs a recorded scenario offline and returns its history, normalised: the
 * definition and input AWS ran, through runDefinition (the engine and its
 * layers) and the AWS-shaped history, as the offline runner builds it: a
 * HistoryStream fed each event as it leaves the layers, with the Task calls
 * the quota meter paired live; checked against toHistory over the same
 * finished log, and, in a second run that keeps its journal, the meter's
 * pairing against one made after the run.
 * Retry and Wait pauses are set to 0 (they change timestamps, which are not compared).
 */
import { runDefinition } from "../../local/run/run-definition";
import { HistoryStream, toHistory } from "../../local/history/history";
import type { AttemptCalls, RunEvent } from "../../local/engine/events";
import type { HistoryEvent } from "../../report/history-types";
import { allStates } from "../../stacks/definition-walk";
import { UserError } from "../../cli/errors";
import { LOCAL_REGION } from "../../local/engine/local-aws";
import { integrationsFor } from "./handlers";
import { normaliseEvents, type NormalEvent } from "./normalise";
import type { HandlerName } from "./sources";

export type OfflineResult = { readonly refused: string } | { readonly events: NormalEvent[]; readonly raw: readonly object[] };

export async function offlineHistory(definition: object, input: unknown, handler?: HandlerName): Promise<OfflineResult> {
  const zero = Object.fromEntries(allStates(definition).map((s) => [s.name, 0]));
  const options = {
    definition,
    input,
    integrations: integrationsFor(definition, handler),
    warn: () => {},
    retryIntervalOverrides: zero,
    waitTimeOverrides: zero,
  };
  const history: HistoryEvent[] = [];
  const stream = new HistoryStream({ definition, region: LOCAL_REGION }, (e) => history.push(e));
  const events: RunEvent[] = [];
  const attempts = new Map<RunEvent, AttemptCalls>();
  let run;
  try {
    run = await runDefinition({
      ...options,
      sink: (e, attempt, cut) => {
        stream.push(e, attempt, cut);
        events.push(e);
        attempts.set(e, attempt);
      },
    });
  } catch (e) {
    if (e instanceof UserError) return { refused: e.message.split("\n")[0]! };
    throw e;
  }
  // As the runner builds it: streamed, with the calls the quota meter paired while the run went on.
  stream.finish();
  if (JSON.stringify(toHistory({ events, calls: [], attempts, definition, region: LOCAL_REGION, quotaCut: run.quota?.keep })) !== JSON.stringify(history))
    throw new Error("the history streamed as the run went and the one built from its finished log differ");
  await checkPairing(options);
  return { events: normaliseEvents(history), raw: history };
}

/**
 * The meter's live pairing against a pairing of the finished log with the
 * engine's whole journal: a run that keeps its events and calls (no sink),
 * whose histories built both ways must be the same.
 */
async function checkPairing(options: Parameters<typeof runDefinition>[0]): Promise<void> {
  const run = await runDefinition(options);
  const built = { events: run.events, calls: run.calls, definition: options.definition, region: LOCAL_REGION, quotaCut: run.quota?.keep };
  if (JSON.stringify(toHistory({ ...built, attempts: run.attempts })) !== JSON.stringify(toHistory(built)))
    throw new Error("the meter's live pairing of Task calls and the pairing after the run give different histories");
}

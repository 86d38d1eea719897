/** Each AWS-recorded scenario, run offline and compared with AWS's history. */
import { compareHistories, type Comparison } from "./compare-history";
import { localStackParallel, normaliseEvents, type NormalEvent } from "./normalise";
import { offlineHistory } from "./offline";
import { loadRecords, type AwsRecord } from "./records";
import { HANDLER_OF } from "./sources";

export interface ScenarioResult {
  readonly record: AwsRecord;
  readonly comparison: Comparison;
}

export async function runScenario(record: AwsRecord): Promise<ScenarioResult> {
  const offline = await offlineHistory(record.definition, record.input, HANDLER_OF[record.name]);
  if ("refused" in offline) return { record, comparison: { verdict: "refused", reason: offline.refused } };
  const both = (events: NormalEvent[]) => (record.parallelTransformer ? localStackParallel(events) : events);
  return { record, comparison: compareHistories(both(offline.events), both(normaliseEvents(record.events))) };
}

export async function runAll(filter?: (name: string) => boolean): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  for (const record of loadRecords()) if (!filter || filter(record.name)) out.push(await runScenario(record));
  return out;
}

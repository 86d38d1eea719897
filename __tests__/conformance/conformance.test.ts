/**
 * The offline run's histories against AWS's own, event for event (type, id,
 * previousEventId and details, normalised as normalise.ts says), for every
 * AWS-recorded scenario in aws-records/ (sources.ts says where each was
 * recorded). A scenario that agrees must stay equal; one that still differs,
 * or is still refused, is listed in KNOWN_DIFFERENCES with its reason, and
 * the test checks that it still does: when a fix makes it agree, the test
 * fails and says to move it out of the table.
 */
import { KNOWN_DIFFERENCES } from "./known-differences";
import { loadRecords } from "./records";
import { runScenario } from "./scenarios";
import { describeDifference } from "./compare-history";
import { localStackParallel, normaliseEvents } from "./normalise";
import { offlineHistory } from "./offline";
import { HANDLER_OF } from "./sources";

const records = loadRecords();

test("every entry of KNOWN_DIFFERENCES names a recorded scenario", () => {
  const names = new Set(records.map((r) => r.name));
  expect(Object.keys(KNOWN_DIFFERENCES).filter((n) => !names.has(n))).toEqual([]);
});

const agreeing = records.filter((r) => !KNOWN_DIFFERENCES[r.name]).map((r) => [r.name, r] as const);
// jest refuses an empty table: while no scenario agrees, there is nothing to describe here.
if (agreeing.length > 0)
  describe.each(agreeing)("agrees with AWS: %s", (_name, record) => {
    test("the whole normalised history equals AWS's", async () => {
      const offline = await offlineHistory(record.definition, record.input, HANDLER_OF[record.name]);
      if ("refused" in offline) throw new Error(`refused offline: ${offline.refused}`);
      const both = record.parallelTransformer ? localStackParallel : <T>(x: T) => x;
      expect(both(offline.events)).toEqual(both(normaliseEvents(record.events)));
    });
  });

describe.each(records.filter((r) => KNOWN_DIFFERENCES[r.name]).map((r) => [r.name, r] as const))("known to differ from AWS: %s", (name, record) => {
  test(`still ${KNOWN_DIFFERENCES[name]!.verdict} (${KNOWN_DIFFERENCES[name]!.reason})`, async () => {
    const { comparison } = await runScenario(record);
    const now = comparison.verdict === "differ" ? describeDifference(comparison).join("; ") : comparison.verdict;
    // Agreeing now? Move the scenario out of KNOWN_DIFFERENCES (known-differences.ts).
    expect({ verdict: comparison.verdict, now }).toEqual({ verdict: KNOWN_DIFFERENCES[name]!.verdict, now: KNOWN_DIFFERENCES[name]!.now });
  });
});

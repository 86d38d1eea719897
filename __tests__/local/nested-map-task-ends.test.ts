/**
 * A Task in an inline Map nested in an inline Map, both running iterations
 * at once, with retries and catches: every attempt the history schedules ends
 * in it with its own result (TaskFailed for each failed attempt), and the
 * history streamed as the run goes is the one built from its finished log.
 * The engine's `index` is the outermost Map's, which all iterations of the
 * inner Map in one outer iteration share: the attempt tracker
 * (local/history/call-pairing.ts) keys a state's latest call by every
 * enclosing iteration's index (patch 015's indexPath), else concurrent inner
 * iterations wrote each other's results, and forgetting a key at one's exit
 * lost another's end event (both found by review).
 */
import { lambdaInvoke } from "../../local/engine/integrations";
import type { AttemptCalls, RunEvent } from "../../local/engine/events";
import { HistoryStream, toHistory } from "../../local/history/history";
import { runDefinition } from "../../local/run/run-definition";
import type { HistoryEvent } from "../../report/history-types";
import { LAMBDA_INVOKE } from "../../stacks/definition/asl";

const task = {
  Type: "Task",
  Resource: LAMBDA_INVOKE,
  Parameters: { FunctionName: "f", "Payload.$": "$" },
  Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 1, IntervalSeconds: 0 }],
  Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }],
  End: true,
};
const inner = {
  Type: "Map",
  ItemsPath: "$.xs",
  MaxConcurrency: 3,
  ItemProcessor: { StartAt: "L", States: { L: task, Caught: { Type: "Pass", End: true } } },
  End: true,
};
const definition = {
  StartAt: "Lists",
  States: {
    Lists: { Type: "Pass", Result: { items: [{ xs: [1, 2, 3] }, { xs: [4, 5, 6] }, { xs: [7, 8, 9] }, { xs: [10, 11] }] }, Next: "Outer" },
    Outer: { Type: "Map", ItemsPath: "$.items", MaxConcurrency: 3, ItemProcessor: { StartAt: "Inner", States: { Inner: inner } }, End: true },
  },
};
/** Items end at different times, and every fourth fails (then fails its retry too). */
const handler = async (n: unknown) => {
  await new Promise((resolve) => setTimeout(resolve, ((n as number) * 7) % 5));
  if ((n as number) % 4 === 0) throw Object.assign(new Error("boom"), { name: "Boom" });
  return n;
};

test("every Task attempt scheduled in a nested Map ends in the history, streamed as from the finished log", async () => {
  const history: HistoryEvent[] = [];
  const stream = new HistoryStream({ definition }, (e) => history.push(e));
  const events: RunEvent[] = [];
  const attempts = new Map<RunEvent, AttemptCalls>();
  const run = await runDefinition({
    definition,
    integrations: { [LAMBDA_INVOKE]: lambdaInvoke({ handler }) },
    warn: () => {},
    retryIntervalOverrides: { L: 0 },
    sink: (e, attempt, cut) => {
      stream.push(e, attempt, cut);
      events.push(e);
      attempts.set(e, attempt);
    },
  });
  stream.finish();
  expect(run.outcome.status).toBe("SUCCEEDED");
  const count = (type: string) => history.filter((e) => e.type === type).length;
  // 11 items, 2 of them (4 and 8) failing twice: 13 attempts.
  expect(count("TaskScheduled")).toBe(13);
  expect(count("TaskSucceeded") + count("TaskFailed")).toBe(13);
  expect(count("TaskFailed")).toBe(4);
  expect(history).toEqual(toHistory({ events, calls: [], attempts, definition }));
});

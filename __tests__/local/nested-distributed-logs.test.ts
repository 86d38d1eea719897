/**
 * Pins the log attribution of a Distributed Map nested in a Distributed Map's
 * ItemProcessor, run as `npm start -- --definition` runs it (runGivenDefinition,
 * the project's real handler). Every log line must carry the index of its
 * TOP-LEVEL item: a grandchild inherits its parent child's itemPositions
 * (run-definition.ts childOptions). Without that, a grandchild's lines took
 * their position in the inner list (a0,a1,b0,b1,c0 → 0,1,0,1,0).
 */
import { runGivenDefinition } from "../../local/run/run-given-definition";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../../local/engine/local-aws";

const FUNCTION = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:process-item`;
const distributed = { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" };
const definition = {
  StartAt: "Outer",
  States: {
    Outer: {
      Type: "Map",
      ItemsPath: "$.items",
      ItemProcessor: {
        ProcessorConfig: distributed,
        StartAt: "Inner",
        States: {
          Inner: {
            Type: "Map",
            ItemsPath: "$.sub",
            ItemProcessor: {
              ProcessorConfig: distributed,
              StartAt: "Call",
              States: {
                Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: FUNCTION, "Payload.$": "$" }, End: true },
              },
            },
            End: true,
          },
        },
      },
      End: true,
    },
  },
};

test("a nested Distributed Map's log lines carry the top-level item's index", async () => {
  const run = await runGivenDefinition({
    definition,
    file: "nested-distributed.asl.json",
    input: { items: [{ sub: ["a0", "a1"] }, { sub: ["b0", "b1"] }, { sub: ["c0"] }] },
    warn: () => {},
  });
  expect(run.report.status).toBe("SUCCEEDED");
  const pairs = run.logs.map((l) => [(JSON.parse(l.line) as { item: string }).item, l.index] as const).sort(([a], [b]) => a.localeCompare(b));
  expect(pairs).toEqual([
    ["a0", 0],
    ["a1", 0],
    ["b0", 1],
    ["b1", 1],
    ["c0", 2],
  ]);
});

/** The plan review shows what a definition change does: the states changed, and the new graph. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { reviewPlan, type PlanJson } from "../../terraform/plan-review";
import { stateChanges } from "../../terraform/definition-change";

const fixture = (name: string) => JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", name), "utf8")) as PlanJson;

test("another max_concurrency (a plan OpenTofu made): the Map's MaxConcurrency changed, and the new workflow drawn", () => {
  const review = reviewPlan(fixture("plan-max-concurrency.json"));
  expect(review).toContain(
    "### Workflow of `aws_sfn_state_machine.state_machine`\n\n- changed `MapState`: `MaxConcurrency` `1` → `3`\n\n```mermaid\nflowchart TD\n",
  );
  expect(review).toContain('subgraph s3 ["MapState: Map (INLINE)"]');
});

test("no definition change, no diagram", () => {
  expect(reviewPlan(fixture("plan-no-changes.json"))).not.toContain("```mermaid");
});

const machine = (states: object) => ({ StartAt: Object.keys(states)[0], States: states });

test("states added, removed and changed, nested ones by their path", () => {
  const before = machine({
    A: { Type: "Pass", Next: "M" },
    M: { Type: "Map", ItemProcessor: machine({ W: { Type: "Wait", Seconds: 2, End: true } }), End: true },
  });
  const after = machine({
    M: { Type: "Map", MaxConcurrency: 3, ItemProcessor: machine({ W: { Type: "Wait", Seconds: 0, Next: "T" }, T: { Type: "Task", End: true } }), End: true },
  });
  expect(stateChanges(before, after)).toEqual([
    "- changed `M`: `MaxConcurrency` none → `3`",
    '- changed `M.ItemProcessor.W`: `End` `true` → none, `Next` none → `"T"`, `Seconds` `2` → `0`',
    "- added `M.ItemProcessor.T` (Task)",
    "- removed `A` (Pass)",
  ]);
});

test("INLINE to DISTRIBUTED: the Map's processor config and the definition's own fields are named", async () => {
  const { run } = await import("../../local/commands/print-definition");
  const { runCaptured } = await import("../cli/capture");
  const print = async (vars: string[]) =>
    JSON.parse(
      (
        await runCaptured(
          run,
          vars.flatMap((v) => ["--var", v]),
          { env: {} },
        )
      ).stdout,
    ) as Record<string, unknown>;
  const before = await print([]);
  const after = await print(["map_mode=DISTRIBUTED", "timeout_seconds=30"]);
  const lines = stateChanges(before, after);
  expect(lines.find((l) => l.startsWith("- changed `MapState`:"))).toContain(
    '`ItemProcessor.ProcessorConfig` `{"Mode":"INLINE"}` → `{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"}`',
  );
  const section = reviewPlan({
    resource_changes: [
      {
        address: "aws_sfn_state_machine.x",
        type: "aws_sfn_state_machine",
        change: { actions: ["update"], before: { definition: JSON.stringify(before) }, after: { definition: JSON.stringify(after) } },
      },
    ],
  });
  expect(section).toContain("- changed the definition: `TimeoutSeconds` `20` → `30`");
});

test("a definition not known until apply, or not JSON, gets no section rather than a wrong one", () => {
  const plan = (after: Record<string, unknown>): PlanJson => ({
    resource_changes: [
      { address: "aws_sfn_state_machine.x", type: "aws_sfn_state_machine", change: { actions: ["update"], before: { definition: "{}" }, after } },
    ],
  });
  expect(reviewPlan(plan({}))).not.toContain("### Workflow");
  expect(reviewPlan(plan({ definition: "{not json" }))).not.toContain("### Workflow");
  expect(reviewPlan(plan({ definition: JSON.stringify(machine({ P: { Type: "Pass", End: true } })) }))).toContain("- added `P` (Pass)");
});

/** The mermaid flowchart of a definition, and the README's diagram drawn by it. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { mermaidFlowchart } from "../../stacks/definition-diagram";
import { projectDefinition } from "../../local/run/project-definition";
import { settingsWith } from "../../local/settings/settings-input";

const defaults = projectDefinition(settingsWith({}), { tableName: "t", functionArn: "arn:aws:lambda:r:1:function:f" });

test("the README's diagram is the default definition's (regenerate: npm run definition -- --mermaid)", () => {
  const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const block = /<!-- diagram:[^\n]*\n```mermaid\n([\s\S]*?)```/.exec(readme);
  expect(block?.[1]).toBe(mermaidFlowchart(defaults));
});

test("a state's node: its name and what it does; Choice a rhombus, Fail a terminal", () => {
  const chart = mermaidFlowchart(defaults);
  expect(chart).toContain('["ReadDDBTable<br/>dynamodb:getItem"]');
  expect(chart).toMatch(/s\d+\{"CheckListLoaded<br\/>Choice"\}/);
  expect(chart).toMatch(/s\d+\(\["ListNotSeeded<br\/>Fail"\]\)/);
  expect(chart).toMatch(/subgraph s\d+ \["MapState: Map \(INLINE\)"\]\n\s+s\d+\["WaitInMap<br\/>Wait 2 s"\]/);
});

const machine = (states: object, startAt = Object.keys(states)[0]) => ({ StartAt: startAt, States: states });

test("edges: Next, End, Choice rules and Default, Catch dashed with its errors", () => {
  const chart = mermaidFlowchart(
    machine({
      A: {
        Type: "Choice",
        Choices: [
          { Variable: "$.x", NumericEquals: 1, Next: "B" },
          { And: [], Next: "C" },
        ],
        Default: "C",
      },
      B: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Catch: [{ ErrorEquals: ["States.Timeout", "X"], Next: "C" }], End: true },
      C: { Type: "Succeed" },
    }),
  );
  expect(chart).toContain('s1 -- "$.x NumericEquals 1" --> s2');
  expect(chart).toContain('s1 -- "rule 2" --> s3');
  expect(chart).toContain("s1 -- default --> s3");
  expect(chart).toContain('s2 -. "catch States.Timeout, X" .-> s3');
  expect(chart).toContain("s2 --> s4\n");
  expect(chart).toContain("s4((end))");
});

test("a Parallel state is a box with one box per branch; a Distributed Map says so", () => {
  const branch = (name: string) => machine({ [name]: { Type: "Pass", End: true } });
  const chart = mermaidFlowchart(
    machine({
      P: { Type: "Parallel", Branches: [branch("B1"), branch("B2")], Next: "M" },
      M: { Type: "Map", ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED" }, ...branch("I") }, End: true },
    }),
  );
  expect(chart).toMatch(/subgraph s1 \["P: Parallel"\]\n\s+subgraph s\d+ \["branch 1"\]\n\s+s\d+\["B1<br\/>Pass"\]\n\s+end\n\s+subgraph s\d+ \["branch 2"\]/);
  expect(chart).toContain('["M: Map (DISTRIBUTED)"]');
  expect(chart).toContain("s1 --> s2");
});

test("quotes and brackets in names cannot break the chart", () => {
  const chart = mermaidFlowchart(machine({ 'say "hi" [now]': { Type: "Pass", End: true } }));
  expect(chart).toContain('["say #quot;hi#quot; #91;now#93;<br/>Pass"]');
});

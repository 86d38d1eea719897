import { expressChildren, mapRunLines, mapRunsJson } from "../../execute/map-run-rows";

const definition = (processorConfig: object | undefined) =>
  JSON.stringify({
    StartAt: "Read",
    States: {
      Read: { Type: "Pass", Next: "MapState" },
      MapState: {
        Type: "Map",
        ItemProcessor: {
          ...(processorConfig ? { ProcessorConfig: processorConfig } : {}),
          StartAt: "W",
          States: { W: { Type: "Wait", Seconds: 1, End: true } },
        },
        End: true,
      },
    },
  });

describe("expressChildren reads the parsed definition", () => {
  test.each([
    ["a Distributed Map of Express children", definition({ Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" }), true],
    ["a Distributed Map of Standard children", definition({ Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }), false],
    ["an inline Map", definition({ Mode: "INLINE" }), false],
    ["a Map without ProcessorConfig", definition(undefined), false],
    [
      "the words in a string, not a field",
      JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: '"ExecutionType": "EXPRESS"', End: true } } }),
      false,
    ],
    ["an unreadable definition", "{", false],
    ["no definition", undefined, false],
  ])("%s", (_name, text, express) => {
    expect(expressChildren(text)).toBe(express);
  });
});

test("without a Map Run, --json adds nothing and no lines follow the timeline", () => {
  expect(mapRunsJson([], true)).toEqual({});
  expect(mapRunLines([], true)).toEqual([]);
});

test("the Express note is said once, after every Map Run's failed children", () => {
  const failed = { executionArn: "arn:child", status: "FAILED", input: '{"a":1}', error: "Boom", cause: "bad" };
  const runs = [
    { arn: "arn:run1", total: 1, children: [failed] },
    { arn: "arn:run2", total: 1, children: [{ ...failed, executionArn: "arn:child2" }] },
  ];
  const lines = mapRunLines(runs, true);
  expect(lines.filter((l) => l.startsWith("Failed children of"))).toEqual(["Failed children of arn:run1:", "Failed children of arn:run2:"]);
  expect(lines.filter((l) => l.startsWith("Note:"))).toHaveLength(1);
  expect(lines.at(-1)).toMatch(/^Note: each item's row comes from its child execution/);
  expect(mapRunsJson(runs, false)).toEqual({
    mapRuns: [
      {
        mapRunArn: "arn:run1",
        failedChildren: [{ executionArn: "arn:child", status: "FAILED", input: { a: 1 }, error: "Boom", cause: "bad" }],
        moreFailedChildren: 0,
      },
      {
        mapRunArn: "arn:run2",
        failedChildren: [{ executionArn: "arn:child2", status: "FAILED", input: { a: 1 }, error: "Boom", cause: "bad" }],
        moreFailedChildren: 0,
      },
    ],
  });
});

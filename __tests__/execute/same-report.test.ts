/**
 * One path from events to what is printed, for `npm start` and
 * `npm run execute`: the offline run's AWS-shaped history, put through
 * execute's path (settings from the definition -> explainHistory ->
 * print-report), gives the very report, JSON and timeline `npm start` prints.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { reportText } from "../../report/print-report";
import { LOCAL_ACCOUNT, LOCAL_REGION, runOffline, type OfflineRun } from "../../local/run/run-offline";
import { buildDefinition, shapeOf, tunableParams } from "../../stacks/definition";
import { resourceNames } from "../../stacks/settings";
import { explainExecutions, explainHistory } from "../../execute/explain";
import { settingsFromStateMachine } from "../../execute/settings-from-definition";
import { executionNameOf } from "../../aws/arn";
import { continuedAs } from "../../execute/start-and-follow";

const ROOT = path.join(__dirname, "..", "..");
const terminal = { isTTY: false, columns: 100 };

let offline: OfflineRun;
beforeAll(async () => {
  offline = await runOffline({ settings: { max_concurrency: 3, wait_seconds: 0 } });
});

test("the offline run succeeded with three items (the subject of the comparison)", () => {
  expect(offline.report.status).toBe("SUCCEEDED");
  expect(offline.report.items).toHaveLength(3);
});

test("the settings read back from the deployed definition are the ones the run used", () => {
  const names = resourceNames(offline.report.settings.name_prefix);
  // Built as the stack and the offline runner build it.
  const definition = buildDefinition({
    tableName: names.table,
    functionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${names.function}`,
    ...tunableParams(offline.report.settings),
    ...shapeOf(offline.report.settings),
  });
  const derived = settingsFromStateMachine({
    name: names.stateMachine,
    type: "STANDARD",
    definition: JSON.stringify(definition),
    tracingConfiguration: { enabled: false },
  });
  expect(derived.values).toEqual(offline.report.settings);
  expect(derived.tableName).toBe(offline.tableName);
});

test("execute's path gives npm start's report, list and table from the same history", () => {
  const explained = explainExecutions(offline.executions, { values: offline.report.settings, logs: offline.logs });
  expect(explained.report).toEqual(offline.report);
  expect(explained.itemsRead).toEqual(offline.itemsRead);
  expect(explained.tableName).toBe(offline.tableName);
});

test("and prints the same JSON and the same timeline", () => {
  const explained = explainExecutions(offline.executions, { values: offline.report.settings, logs: offline.logs });
  const asNpmStart = { report: offline.report, tableName: offline.tableName, itemsRead: offline.itemsRead, logs: offline.logs };
  const json = reportText(explained, { json: true }, terminal);
  expect(json).toBe(reportText(asNpmStart, { json: true }, terminal));
  expect(json).toBe(`${JSON.stringify(offline.report, null, 2)}\n`);
  expect(reportText(explained, { json: false }, terminal)).toBe(reportText(asNpmStart, { json: false }, terminal));
});

test("--logs adds a logs key after the report's own keys; without it the document is the report", () => {
  const explained = explainExecutions(offline.executions, { values: offline.report.settings });
  const withLogs = JSON.parse(reportText(explained, { json: true, jsonExtra: { logs: [] } }, terminal)) as Record<string, unknown>;
  expect(Object.keys(withLogs)).toEqual([...Object.keys(offline.report), "logs"]);
});

test("neither command has its own report builder or printer", () => {
  const source = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
  expect(source("local/commands/cli-main.ts")).toMatch(/from "(\.\.\/)+report\/print-report"/);
  expect(source("local/commands/cli-main.ts")).not.toMatch(/renderTimeline|JSON\.stringify\(report/);
  expect(source("execute/main.ts")).toMatch(/from "\.\.\/report\/print-report"/);
  expect(source("execute/explain.ts")).toMatch(/import \{ buildReport[^}]*\} from "\.\.\/report\/report"/);
  for (const f of readdirSync(path.join(ROOT, "execute"))) {
    expect(source(`execute/${f}`)).not.toMatch(/renderTimeline\(|function buildReport/);
  }
});

test("one history without a name: the same report, without the executions list", () => {
  const { executions: _executions, ...withoutList } = offline.report;
  expect(explainHistory(offline.history, { values: offline.report.settings }).report).toEqual(withoutList);
});

describe("a run that continued as new", () => {
  let chained: OfflineRun;
  beforeAll(async () => {
    const list = Array.from({ length: 12 }, (_, i) => `r${i}`);
    chained = await runOffline({
      list,
      historyQuota: 200,
      executionName: "chained",
      warn: () => {},
      settings: { item_source: "rows", page_size: 3, wait_seconds: 0, max_concurrency: 0 },
    });
  });

  test("execute follows each ContinueAsNew's StartExecution to the next execution, and no further", () => {
    expect(chained.executions.length).toBeGreaterThan(1);
    const arns = chained.executions.map((e) => continuedAs(e.history));
    expect(arns.slice(0, -1).map((a) => a && executionNameOf(a))).toEqual(chained.executions.slice(1).map((e) => e.name));
    expect(arns.at(-1)).toBeUndefined();
  });

  test("and reports every item across the chain exactly as npm start does", () => {
    const explained = explainExecutions(chained.executions, { values: chained.report.settings, logs: chained.logs });
    expect(explained.report).toEqual(chained.report);
    expect(explained.report.items).toHaveLength(12);
    expect(reportText(explained, { json: true }, terminal)).toBe(`${JSON.stringify(chained.report, null, 2)}\n`);
  });
});

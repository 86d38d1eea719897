/**
 * `npm run execute` in this process (run(argv, io)) with the Step Functions
 * client's send mocked to answer with the response shapes the API reference
 * documents (DescribeStateMachine, StartExecution, RedriveExecution,
 * DescribeExecution, GetExecutionHistory, DescribeMapRun, ListExecutions with
 * mapRunArn). A fake, because none of this can be caused for real here (no
 * AWS account; moto has no RedriveExecution and no Map Run children to list).
 *
 * The parent's history is an offline run's (AWS-shaped, the same one
 * same-report.test.ts checks); the children's DescribeExecution answers carry
 * the offline run's items, so the rows execute builds can be compared with
 * what npm start reported.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { SFNClient } from "@aws-sdk/client-sfn";
import { run } from "../../execute/main";
import { runOffline, LOCAL_ACCOUNT, LOCAL_REGION, type OfflineRun } from "../../local/run/run-offline";
import type { ChildRow } from "../../report/child-rows";
import type { Report } from "../../report/report";
import { buildDefinition, shapeOf, tunableParams } from "../../stacks/definition";
import { resourceNames, type SettingValues } from "../../stacks/settings";
import { runCaptured } from "../cli/capture";

const NO_STATE = path.join(mkdtempSync(path.join(tmpdir(), "execute-dist-")), "terraform.stepfunctions-map.tfstate");
const ENDPOINT = ["--endpoint", "http://127.0.0.1:9", "--region", LOCAL_REGION];

function definitionOf(settings: SettingValues): string {
  const names = resourceNames(settings.name_prefix);
  return JSON.stringify(
    buildDefinition({
      tableName: names.table,
      functionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${names.function}`,
      ...tunableParams(settings),
      ...shapeOf(settings),
    }),
  );
}

/** SFNClient.prototype.send answering by command name; records each call. */
function mockSfn(answers: Record<string, (input: any) => unknown>) {
  const calls: { command: string; input: any }[] = [];
  const spy = jest.spyOn(SFNClient.prototype, "send").mockImplementation((async (command: { constructor: { name: string }; input: unknown }) => {
    const name = command.constructor.name;
    calls.push({ command: name, input: command.input });
    const answer = answers[name];
    if (!answer) throw new Error(`unexpected ${name}`);
    return answer(command.input);
  }) as never);
  return { calls, spy };
}

afterEach(() => jest.restoreAllMocks());

describe("a DISTRIBUTED run on AWS: rows from the Map Run's children", () => {
  let offline: OfflineRun;
  let sm: string;
  let executionArn: string;
  let mapRunArn: string;
  const childArn = (i: number) => `${mapRunArn.replace(":mapRun:", ":express:")}:child-${i}`;

  beforeAll(async () => {
    offline = await runOffline({
      settings: { map_mode: "DISTRIBUTED", max_concurrency: 2, wait_seconds: 0, tolerated_failure_percentage: 50 },
      faults: { fail: new Set([1]), throttle: new Map() },
      executionName: "dist-run",
    });
    const names = resourceNames(offline.report.settings.name_prefix);
    sm = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${names.stateMachine}`;
    executionArn = `${sm.replace(":stateMachine:", ":execution:")}:dist-run`;
    const started = offline.history.find((e) => e.type === "MapRunStarted");
    mapRunArn = started!.mapRunStartedEventDetails!.mapRunArn!;
  });

  function answers(): Record<string, (input: any) => unknown> {
    const items = offline.report.items;
    const t0 = Date.parse(offline.report.startedAt!);
    return {
      DescribeStateMachineCommand: () => ({
        stateMachineArn: sm,
        name: "m",
        type: "STANDARD",
        definition: definitionOf(offline.report.settings),
        roleArn: "arn:aws:iam::000000000000:role/r",
        creationDate: new Date(t0),
      }),
      StartExecutionCommand: () => ({ executionArn, startDate: new Date(t0) }),
      DescribeExecutionCommand: (input: { executionArn: string }) => {
        if (input.executionArn === executionArn)
          return { executionArn, stateMachineArn: sm, status: offline.report.status, startDate: new Date(t0), stopDate: new Date(t0 + 1000), input: "{}" };
        const i = Number(input.executionArn.split("child-")[1]);
        const item = items[i]!;
        return {
          executionArn: input.executionArn,
          stateMachineArn: `${sm}/Items`,
          mapRunArn,
          status: item.status,
          input: JSON.stringify(item.input),
          inputDetails: { included: true },
          ...(item.status === "SUCCEEDED" ? { output: JSON.stringify(item.output), outputDetails: { included: true } } : {}),
          ...(item.error ? { error: item.error, cause: item.cause } : {}),
          startDate: new Date(t0 + 10 + i),
          stopDate: new Date(t0 + 500 + i),
        };
      },
      GetExecutionHistoryCommand: () => ({ events: offline.history }),
      DescribeMapRunCommand: () => ({
        mapRunArn,
        executionArn,
        status: "SUCCEEDED",
        startDate: new Date(t0),
        stopDate: new Date(t0 + 900),
        maxConcurrency: 2,
        toleratedFailurePercentage: 50,
        toleratedFailureCount: 0,
        itemCounts: { pending: 0, running: 0, succeeded: items.length - 1, failed: 1, timedOut: 0, aborted: 0, total: items.length, resultsWritten: 0 },
        executionCounts: { pending: 0, running: 0, succeeded: items.length - 1, failed: 1, timedOut: 0, aborted: 0, total: items.length, resultsWritten: 0 },
        redriveCount: 0,
      }),
      // Two pages, newest child first (ListExecutions orders by start, newest first).
      ListExecutionsCommand: (input: { mapRunArn: string; nextToken?: string }) => {
        const all = items
          .map((item, i) => ({
            executionArn: childArn(i),
            stateMachineArn: `${sm}/Items`,
            name: `child-${i}`,
            status: item.status,
            startDate: new Date(t0 + 10 + i),
            mapRunArn,
            itemCount: 1,
          }))
          .reverse();
        const half = Math.ceil(all.length / 2);
        return input.nextToken ? { executions: all.slice(half) } : { executions: all.slice(0, half), nextToken: "page-2" };
      },
    };
  }

  test("the offline run this is compared with: one injected failure tolerated", () => {
    expect(offline.report.status).toBe("SUCCEEDED");
    expect(offline.report.items.length).toBeGreaterThan(2);
    expect(offline.report.items[1]!.status).toBe("FAILED");
  });

  test("--json: every item a row with npm start's input, output, status and error; the Wait/Lambda split is not kept and said so", async () => {
    const { calls } = mockSfn(answers());
    const { code, stdout, stderr } = await runCaptured(run, ["--arn", sm, ...ENDPOINT, "--json"], { stateFile: NO_STATE, env: {}, pollMs: 1 });
    expect(stderr).toMatch(/^Execution {2}arn:/);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Report & { mapRuns: { failedChildren: { executionArn: string }[] }[]; notKeptForExpressChildren: string };
    const pick = (i: Report["items"][number]) => [i.index, i.status, i.input, i.output, i.error ?? null];
    expect(out.items.map(pick)).toEqual(offline.report.items.map(pick));
    const row = out.items[0] as ChildRow;
    expect(row).toMatchObject({
      childExecutionArn: childArn(0),
      childStartedMs: 10,
      childEndedMs: 500,
      waitStartedMs: null,
      lambdaStartedMs: null,
      attempts: 0,
      batchSize: 1,
    });
    expect(out.mapRuns[0]!.failedChildren.map((c) => c.executionArn)).toEqual([childArn(1)]);
    expect(out.notKeptForExpressChildren).toMatch(/GetExecutionHistory does not serve Express workflows/);
    // ListExecutions by mapRunArn, every page; one DescribeExecution per child.
    expect(calls.filter((c) => c.command === "ListExecutionsCommand").map((c) => c.input)).toEqual([{ mapRunArn }, { mapRunArn, nextToken: "page-2" }]);
    const described = calls
      .filter((c) => c.command === "DescribeExecutionCommand" && c.input.executionArn !== executionArn)
      .map((c) => c.input.executionArn as string);
    expect(described.sort()).toEqual(offline.report.items.map((_, i) => childArn(i)).sort());
  });

  test("the timeline: rows drawn, the failed child listed, and the note on what AWS keeps", async () => {
    mockSfn(answers());
    const { code, stdout } = await runCaptured(run, ["--arn", sm, ...ENDPOINT], { stateFile: NO_STATE, env: {}, pollMs: 1 });
    expect(code).toBe(0);
    if (process.env.SHOW) process.stderr.write(stdout);
    expect(stdout).toMatch(/item 1 .*failed: /);
    expect(stdout).not.toMatch(/not started/);
    expect(stdout).toContain(`Failed children of ${mapRunArn}:`);
    expect(stdout).toMatch(/Note: each item's row comes from its child execution \(DescribeExecution\)\. Express children keep no execution history/);
  });
});

describe("--redrive ARN: RedriveExecution, then follow to the end and print the report", () => {
  let offline: OfflineRun;
  beforeAll(async () => {
    offline = await runOffline({ settings: { max_concurrency: 3, wait_seconds: 0 }, executionName: "run-1" });
  });

  test("calls RedriveExecution (not StartExecution), follows RUNNING to SUCCEEDED, prints the report, exit 0", async () => {
    const names = resourceNames(offline.report.settings.name_prefix);
    const sm = `arn:aws:states:${LOCAL_REGION}:123456789012:stateMachine:${names.stateMachine}`;
    const arn = `${sm.replace(":stateMachine:", ":execution:")}:run-1`;
    const t0 = Date.parse(offline.report.startedAt!);
    const redriveDate = new Date();
    const statuses = ["FAILED", "RUNNING", "SUCCEEDED"];
    const { calls } = mockSfn({
      DescribeStateMachineCommand: () => ({
        stateMachineArn: sm,
        name: names.stateMachine,
        type: "STANDARD",
        definition: definitionOf(offline.report.settings),
        roleArn: "arn:aws:iam::123456789012:role/r",
        creationDate: new Date(t0),
      }),
      DescribeExecutionCommand: () => {
        const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
        return {
          executionArn: arn,
          stateMachineArn: sm,
          status,
          startDate: new Date(t0),
          ...(status !== "RUNNING" ? { stopDate: new Date(Date.now() - 60_000) } : {}),
          input: "{}",
          redriveCount: status === "FAILED" ? 0 : 1,
          ...(status === "FAILED" ? { redriveStatus: "REDRIVABLE" } : { redriveDate }),
        };
      },
      RedriveExecutionCommand: () => ({ redriveDate }),
      GetExecutionHistoryCommand: () => ({ events: offline.history }),
    });
    const { code, stdout, stderr } = await runCaptured(run, ["--redrive", arn, ...ENDPOINT, "--json"], { stateFile: NO_STATE, env: {}, pollMs: 1 });
    expect(code).toBe(0);
    expect(stderr).toContain(`execute: redrove ${arn}: following it`);
    expect(calls.map((c) => c.command)).toEqual([
      "DescribeStateMachineCommand",
      // redrive.ts's checks, then the redrive itself.
      "DescribeExecutionCommand",
      "RedriveExecutionCommand",
      // Followed until it is no longer RUNNING.
      "DescribeExecutionCommand",
      "DescribeExecutionCommand",
      "GetExecutionHistoryCommand",
    ]);
    expect(calls.find((c) => c.command === "RedriveExecutionCommand")!.input).toEqual({ executionArn: arn });
    expect(calls.find((c) => c.command === "DescribeStateMachineCommand")!.input).toEqual({ stateMachineArn: sm });
    expect(calls.some((c) => c.command === "StartExecutionCommand")).toBe(false);
    expect(JSON.parse(stdout)).toEqual(offline.report);
  });

  test("a refusal from the checks: one line, nothing redriven", async () => {
    const names = resourceNames(offline.report.settings.name_prefix);
    const sm = `arn:aws:states:${LOCAL_REGION}:123456789012:stateMachine:${names.stateMachine}`;
    const arn = `${sm.replace(":stateMachine:", ":execution:")}:run-1`;
    const { calls } = mockSfn({
      DescribeStateMachineCommand: () => ({
        stateMachineArn: sm,
        name: names.stateMachine,
        type: "STANDARD",
        definition: definitionOf(offline.report.settings),
        roleArn: "r",
        creationDate: new Date(),
      }),
      DescribeExecutionCommand: () => ({ executionArn: arn, status: "SUCCEEDED", startDate: new Date(), stopDate: new Date() }),
    });
    const { code, stdout, stderr } = await runCaptured(run, ["--redrive", arn, ...ENDPOINT], { stateFile: NO_STATE, env: {}, pollMs: 1 });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/is SUCCEEDED: only a failed, timed out or aborted execution can be redriven\n$/);
    expect(calls.map((c) => c.command)).toEqual(["DescribeStateMachineCommand", "DescribeExecutionCommand"]);
  });
});

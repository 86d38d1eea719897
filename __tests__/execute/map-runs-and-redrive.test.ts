/**
 * execute/map-runs.ts and execute/redrive.ts against the response shapes the
 * Step Functions API reference documents (DescribeMapRun, ListExecutions,
 * DescribeExecution, RedriveExecution, ExecutionNotRedrivable): the SDK
 * client's send is mocked with those shapes; none of this can be caused for
 * real here (no AWS account).
 */
import { ExecutionNotRedrivable } from "@aws-sdk/client-sfn";
import { describeMapRun, failedChildrenLines, formatMapRun, mapRunArns } from "../../execute/map-runs";
import { redriveExecution, stateMachineOfExecution } from "../../execute/redrive";

const ARN = "arn:aws:states:us-east-1:123456789012:execution:stepfunctions-map:run-1";
const MAP_RUN = "arn:aws:states:us-east-1:123456789012:mapRun:stepfunctions-map/Items:0ee1b1d1-1f5c-4a5e-9c1d-6bb3f6c6f3a2";
const CHILD = "arn:aws:states:us-east-1:123456789012:express:stepfunctions-map/Items:0ee1b1d1-1f5c-4a5e-9c1d-6bb3f6c6f3a2:child-3";

/** A client whose send answers by command name, recording each command's input. */
function client(answers: Record<string, (input: any) => unknown>) {
  const calls: { command: string; input: any }[] = [];
  return {
    calls,
    send: jest.fn(async (command: { constructor: { name: string }; input: unknown }) => {
      const name = command.constructor.name;
      calls.push({ command: name, input: command.input });
      const answer = answers[name];
      if (!answer) throw new Error(`unexpected ${name}`);
      return answer(command.input);
    }),
  };
}

const counts = (c: Partial<Record<string, number>>) => ({
  pending: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  timedOut: 0,
  aborted: 0,
  total: 0,
  resultsWritten: 0,
  failuresNotRedrivable: 0,
  pendingRedrive: 0,
  ...c,
});

describe("Map Runs on AWS", () => {
  test("the Map Run ARNs from the parent's history", () => {
    expect(
      mapRunArns([
        { type: "MapRunStarted", id: 4, timestamp: 0, mapRunStartedEventDetails: { mapRunArn: MAP_RUN } },
        { type: "MapRunSucceeded", id: 5, timestamp: 0 },
      ]),
    ).toEqual([MAP_RUN]);
  });

  test("DescribeMapRun's item and execution counts make the progress line (timed out and aborted count as failed)", async () => {
    const c = client({
      DescribeMapRunCommand: () => ({
        mapRunArn: MAP_RUN,
        executionArn: ARN,
        status: "RUNNING",
        startDate: new Date(),
        maxConcurrency: 100,
        toleratedFailurePercentage: 10,
        toleratedFailureCount: 0,
        itemCounts: counts({ total: 10000, succeeded: 1220, failed: 10, timedOut: 2, running: 100, pending: 8668 }),
        executionCounts: counts({ total: 10000, succeeded: 1220, failed: 10, timedOut: 2, running: 100, pending: 8668 }),
        redriveCount: 0,
      }),
    });
    const p = await describeMapRun(c, MAP_RUN);
    expect(c.calls).toEqual([{ command: "DescribeMapRunCommand", input: { mapRunArn: MAP_RUN } }]);
    expect(formatMapRun(p)).toBe("Map Run 1,232/10,000 items (12 failed), 100 children running");
  });

  test("failed children's lines: each child, then what AWS does not keep for Express children", () => {
    const found = {
      children: [{ executionArn: CHILD, status: "FAILED", input: { S: "item 3" }, error: "InjectedFailure", cause: '{"errorType":"InjectedFailure"}' }],
      more: 0,
    };
    const lines = failedChildrenLines(MAP_RUN, found, true);
    expect(lines[1]).toContain('FAILED  {"S":"item 3"}  InjectedFailure');
    expect(lines.at(-1)).toMatch(/Express children keep no execution history/);
  });
});

describe("--redrive", () => {
  const failed = {
    executionArn: ARN,
    status: "FAILED",
    startDate: new Date("2026-11-20T10:00:00Z"),
    stopDate: new Date("2026-11-20T10:05:00Z"),
    redriveCount: 0,
    redriveStatus: "REDRIVABLE",
  };
  const now = new Date("2026-11-25T10:00:00Z");

  test("a failed Standard execution is redriven (RedriveExecution returns redriveDate)", async () => {
    const c = client({ DescribeExecutionCommand: () => failed, RedriveExecutionCommand: () => ({ redriveDate: now }) });
    await expect(redriveExecution(c, ARN, now)).resolves.toEqual(now);
    expect(c.calls.map((x) => x.command)).toEqual(["DescribeExecutionCommand", "RedriveExecutionCommand"]);
    expect(c.calls[1]!.input).toEqual({ executionArn: ARN });
  });

  test.each([
    ["succeeded", { ...failed, status: "SUCCEEDED" }, /is SUCCEEDED: only a failed, timed out or aborted execution can be redriven/],
    ["past 14 days", { ...failed, stopDate: new Date("2026-11-10T09:59:00Z") }, /more than 14 days ago: past the redrivable period/],
    [
      "NOT_REDRIVABLE",
      { ...failed, redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution history event limit exceeded" },
      /is not redrivable: Execution history event limit exceeded/,
    ],
  ])("refused plainly: %s", async (_, described, message) => {
    const c = client({ DescribeExecutionCommand: () => described, RedriveExecutionCommand: () => ({ redriveDate: now }) });
    await expect(redriveExecution(c, ARN, now)).rejects.toThrow(message);
    expect(c.calls.map((x) => x.command)).toEqual(["DescribeExecutionCommand"]);
  });

  test("13 days 23 hours after the stop: still redrivable", async () => {
    const c = client({
      DescribeExecutionCommand: () => ({ ...failed, stopDate: new Date(now.getTime() - (14 * 24 - 1) * 3600_000) }),
      RedriveExecutionCommand: () => ({ redriveDate: now }),
    });
    await expect(redriveExecution(c, ARN, now)).resolves.toEqual(now);
  });

  test("ExecutionNotRedrivable from the API is one line", async () => {
    const c = client({
      DescribeExecutionCommand: () => failed,
      RedriveExecutionCommand: () => {
        throw new ExecutionNotRedrivable({ message: "Execution is SUCCEEDED and cannot be redriven", $metadata: { httpStatusCode: 400 } });
      },
    });
    await expect(redriveExecution(c, ARN, now)).rejects.toThrow(/is not redrivable: Execution is SUCCEEDED and cannot be redriven/);
  });

  test("Express and malformed ARNs are refused before any call; the state machine comes from the execution ARN", () => {
    expect(() => stateMachineOfExecution(CHILD)).toThrow(/Express execution: RedriveExecution is not supported by EXPRESS state machines/);
    expect(() => stateMachineOfExecution("arn:aws:states:us-east-1:123456789012:stateMachine:x")).toThrow(/not an execution ARN/);
    expect(stateMachineOfExecution(ARN)).toBe("arn:aws:states:us-east-1:123456789012:stateMachine:stepfunctions-map");
  });
});

/**
 * The mock configuration file of AWS's own guide ("Configuration file for
 * mocked service integrations", AWS Step Functions Developer Guide:
 * LambdaSQSIntegration with HappyPath, RetryPath and HybridPath), copied
 * unchanged into __tests__/fixtures/mocks/aws-doc-example.json, runs against
 * a small definition with the guide's two states, LambdaState and SQSState.
 */
import * as path from "node:path";
import type { HistoryEvent } from "../../report/history-types";
import { readMockConfig } from "../../local/mocks/mock-config";
import { runGivenDefinition } from "../../local/run/run-given-definition";

const config = readMockConfig(path.join(__dirname, "..", "fixtures", "mocks", "aws-doc-example.json"));

/** The guide's state machine: a Lambda invoke retried on its two mocked errors, then an SQS SendMessage. */
const definition = {
  StartAt: "LambdaState",
  States: {
    LambdaState: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:HelloWorldFunction", "Payload.$": "$" },
      ResultSelector: { "body.$": "$.Payload.body" },
      Retry: [{ ErrorEquals: ["Lambda.ResourceNotReadyException", "Lambda.TimeoutException"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
      Next: "SQSState",
    },
    SQSState: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage",
      Parameters: { QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue", "MessageBody.$": "$.body" },
      End: true,
    },
  },
};

const run = (testCase: string) =>
  runGivenDefinition({
    definition,
    file: "LambdaSQSIntegration.asl.json",
    mocks: { config, testCase },
    warn: () => {},
    retryIntervalOverrides: { LambdaState: 0 },
  });

const lambdaErrors = (history: readonly HistoryEvent[]) =>
  history.filter((e) => e.type === "TaskFailed" && e.taskFailedEventDetails?.resourceType === "lambda").map((e) => e.taskFailedEventDetails?.error);

test("HappyPath: the Lambda's mocked Payload reaches SQSState, whose mocked result is the output (no SQS handler needed)", async () => {
  const result = await run("HappyPath");
  expect(result.testCase).toMatchObject({ stateMachine: "LambdaSQSIntegration", chosen: expect.stringContaining("the only state machine") });
  expect(result.report.status).toBe("SUCCEEDED");
  const sqsInput = result.history.find((e) => e.type === "TaskScheduled" && e.taskScheduledEventDetails?.resourceType === "sqs");
  expect(JSON.parse(sqsInput!.taskScheduledEventDetails!.parameters!)).toMatchObject({ MessageBody: "Hello from Lambda!" });
  const out = result.history.find((e) => e.type === "ExecutionSucceeded")!.executionSucceededEventDetails!.output!;
  expect(JSON.parse(out)).toEqual({ MD5OfMessageBody: "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51", MessageId: "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51" });
});

test("RetryPath: invocations 0, 1-2 throw, 3 returns: three retries, then success", async () => {
  const { report, history } = await run("RetryPath");
  expect(report.status).toBe("SUCCEEDED");
  expect(lambdaErrors(history)).toEqual(["Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException"]);
});

test("HybridPath: SQSState is not mocked, so it runs as without mocks: refused, offline runs never call AWS", async () => {
  await expect(run("HybridPath")).rejects.toThrow(
    /^--definition LambdaSQSIntegration\.asl\.json: state SQSState \(States\.SQSState\) calls arn:aws:states:::sqs:sendMessage, which has no local handler; offline runs never call AWS/,
  );
});

/** ARNs taken apart in one place, with the SDK's parser. */
import { executionArnOf, executionNameOf, lambdaFunctionName, regionOfArn, stateMachineArnProblem } from "../../aws/arn";
import { consoleLink } from "../../aws/console-link";

test("the region an ARN names", () => {
  expect(regionOfArn("arn:aws:states:eu-west-1:123456789012:stateMachine:m")).toBe("eu-west-1");
  expect(regionOfArn("arn:aws-cn:lambda:cn-north-1:123456789012:function:f")).toBe("cn-north-1");
  expect(regionOfArn("arn:aws:s3:::bucket")).toBeUndefined();
  expect(regionOfArn("nonsense")).toBeUndefined();
  expect(consoleLink("nonsense:execution")).toContain("https://us-east-1.console.aws.amazon.com/");
});

test.each([
  ["arn:aws:lambda:us-east-1:123456789012:function:process-item", "process-item"],
  ["arn:aws:lambda:us-east-1:123456789012:function:process-item:live", "process-item"],
  ["arn:aws:lambda:us-east-1:123456789012:function:process-item:7", "process-item"],
  ["123456789012:function:process-item:live", "process-item"],
  ["process-item:live", "process-item"],
  ["process-item", "process-item"],
])("the function name in %s", (given, name) => {
  expect(lambdaFunctionName(given)).toBe(name);
});

test("a state machine ARN, or what is wrong with it", () => {
  expect(stateMachineArnProblem("arn:aws:states:eu-west-1:123456789012:stateMachine:m")).toBeUndefined();
  expect(stateMachineArnProblem("arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:m")).toBeUndefined();
  expect(stateMachineArnProblem("arn:aws:states:eu-west-1:123456789012:execution:m:run")).toMatch(/execution ARN/);
  expect(stateMachineArnProblem("arn:aws:lambda:eu-west-1:123456789012:function:m")).toBeDefined();
  expect(stateMachineArnProblem("arn:aws:states::123456789012:stateMachine:m")).toBeDefined();
  expect(stateMachineArnProblem("nonsense")).toBeDefined();
});

test("executionNameOf: the name of an execution ARN, the text itself otherwise", () => {
  expect(executionNameOf("arn:aws:states:us-east-1:123456789012:execution:stepfunctions-map-workflow:nightly-2")).toBe("nightly-2");
  expect(executionNameOf("arn:aws:states:us-east-1:123456789012:stateMachine:stepfunctions-map-workflow")).toBe(
    "arn:aws:states:us-east-1:123456789012:stateMachine:stepfunctions-map-workflow",
  );
  expect(executionNameOf("not-an-arn")).toBe("not-an-arn");
  expect(executionNameOf(executionArnOf("arn:aws:states:eu-west-1:123456789012:stateMachine:m", "run-1"))).toBe("run-1");
});

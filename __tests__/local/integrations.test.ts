/** The local lambda:invoke: what the handler's context says about the function. */
import { lambdaInvoke, type LambdaContext } from "../../local/engine/integrations";
import type { TaskCall } from "../../local/engine/events";

async function contextFor(functionName: string): Promise<LambdaContext> {
  let seen: LambdaContext | undefined;
  const invoke = lambdaInvoke({ handler: (_event, context) => void (seen = context) });
  const call: TaskCall = { seq: 0, state: "Process", resource: "arn:aws:states:::lambda:invoke", parameters: {}, startedAt: 0 };
  await invoke({ FunctionName: functionName, Payload: {} }, call);
  return seen!;
}

test.each([
  ["arn:aws:lambda:us-east-1:000000000000:function:process-item"],
  // Was "live": the alias, not the function.
  ["arn:aws:lambda:us-east-1:000000000000:function:process-item:live"],
  ["process-item"],
])("%s: the function is process-item, its log group /aws/lambda/process-item", async (arn) => {
  const context = await contextFor(arn);
  expect(context.functionName).toBe("process-item");
  expect(context.logGroupName).toBe("/aws/lambda/process-item");
  expect(context.invokedFunctionArn).toBe(arn);
});

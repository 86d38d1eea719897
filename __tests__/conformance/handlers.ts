/**
 * Local stand-ins for the Lambda functions LocalStack's recordings called
 * (tests/aws/services/stepfunctions/templates/.../lambdafunctions/), and the
 * integrations that call them in-process.
 */
import { lambdaInvoke, type Integrations, type LambdaHandler, type TaskIntegration } from "../../local/engine/integrations";
import { allStates } from "../../stacks/definition-walk";
import type { HandlerName } from "./sources";

/** services/lambdafunctions/id_function.py: `return event`. timeouts/lambdafunctions/wait_60_seconds.py: sleeps 60 s, then `return event`. */
const HANDLERS: Readonly<Record<HandlerName, LambdaHandler>> = {
  id: (event) => event,
  wait60: (event) =>
    new Promise((resolve) => {
      // unref: a run that timed the Task out long before does not keep the process alive for a minute.
      setTimeout(() => resolve(event), 60_000).unref();
    }),
};

/** A Lambda function named by its ARN as the Task's Resource: the state's result is the function's own result. */
function directLambda(handler: LambdaHandler): TaskIntegration {
  const invoke = lambdaInvoke({ handler });
  return async (parameters, call) => ((await invoke({ FunctionName: "", Payload: parameters }, call)) as { Payload: unknown }).Payload;
}

/** Every Task resource of the definition, served by the named handler. */
export function integrationsFor(definition: object, handler: HandlerName | undefined): Integrations {
  if (!handler) return {};
  const out: Record<string, TaskIntegration> = {};
  for (const { state } of allStates(definition)) {
    if (state.Type !== "Task" || typeof state.Resource !== "string") continue;
    out[state.Resource] = state.Resource.startsWith("arn:aws:lambda:") ? directLambda(HANDLERS[handler]) : lambdaInvoke({ handler: HANDLERS[handler] });
  }
  return out;
}

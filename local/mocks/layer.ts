/**
 * A test case of a mock configuration as a layer of the offline run: the
 * mocked Task states are answered from their mocked responses instead of
 * their integration; every other state runs as it does without mocks.
 *
 * Semantics, from "Configuration file for mocked service integrations"
 * (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html):
 *  - each invocation of the state takes the next entry, by zero-based
 *    invocation number: a Retry's attempt is an invocation (the guide's
 *    "MockedLambdaRetry" throws on 0-2 and returns on 3);
 *  - Return is the integration's result, before ResultSelector and
 *    OutputPath (for lambda:invoke the whole {StatusCode, Payload} object,
 *    as the guide's examples show), Throw fails the attempt with its Error
 *    and Cause, "which must match the errors handled in the Retry and Catch";
 *  - "If you do not specify a mocked response, the state machine execution
 *    will fail": an invocation past the last entry fails the execution with
 *    States.Runtime, which no Retry or Catch handles, and a cause naming the
 *    file, the response, the state and the invocation number.
 *
 * Invocations are counted per state name, in the order the engine calls
 * them (concurrent inline Map iterations included: the guide warns their
 * order is unpredictable unless MaxConcurrency is 1). One layer serves a
 * whole offline run: its counts span the chain's executions and a
 * Distributed Map's children, as the fault layer's do.
 */
import { taskStates } from "../../stacks/definition-walk";
import { TaskFailure, type Integrations, type TaskIntegration } from "../engine/integrations";
import type { Layer } from "../engine/layer";
import type { MockedAnswer, MockedResponse } from "./mock-config";
import type { TestCase } from "./test-case";

/** A mocked Task run past its responses: the execution fails, as Step Functions Local's does. */
class MockExhaustedError extends TaskFailure {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(cause: string) {
    super("States.Runtime", cause);
  }
}

export function mockLayer(testCase: TestCase, definition: object): Layer {
  const invocations = new Map<string, number>();
  const resources = new Set(
    taskStates(definition)
      .filter((t) => testCase.mocks.has(t.name))
      .map((t) => t.resource),
  );
  const answering =
    (inner: TaskIntegration | undefined): TaskIntegration =>
    (parameters, call) => {
      const response = testCase.mocks.get(call.state);
      if (!response) return inner ? inner(parameters, call) : Promise.reject(new Error(`no local handler for ${call.resource}`));
      const n = invocations.get(call.state) ?? 0;
      invocations.set(call.state, n + 1);
      return answer(testCase.file, response, call.state, n);
    };
  return {
    integrations: (inner) => ({ ...inner, ...Object.fromEntries([...resources].map((r) => [r, answering(inner[r])])) }),
  };
}

/** What invocation `n` of the state gets: its Return, its Throw, or the end of the run. */
async function answer(file: string, response: MockedResponse, state: string, n: number): Promise<unknown> {
  const range = response.ranges.find((r) => r.from <= n && n <= r.to);
  if (!range) {
    const last = response.ranges.at(-1)!.to;
    throw new MockExhaustedError(
      `${file}: MockedResponses.${response.name}: no response for invocation ${n} of state ${state} (it defines invocations 0 to ${last}); Step Functions Local fails the execution when a mocked Task has no response`,
    );
  }
  return answered(range.answer);
}

function answered(a: MockedAnswer): unknown {
  if ("Throw" in a) throw new TaskFailure(a.Throw.Error, a.Throw.Cause);
  // A copy: the engine's paths and the history must not share the configuration's objects.
  return a.Return === undefined ? null : (JSON.parse(JSON.stringify(a.Return)) as unknown);
}

/**
 * The run's integrations plus a stand-in for each Resource only mocked states
 * call (an SQS Task in a given definition, say): a mocked Task never calls
 * its service, so it needs no local handler. A Resource that an unmocked
 * state also calls gets none, and the run refuses it as before.
 */
export function withMockedResources(integrations: Integrations, definition: object, testCase: TestCase): Integrations {
  const tasks = taskStates(definition);
  const out: Record<string, TaskIntegration> = { ...integrations };
  for (const { resource } of tasks) {
    if (resource in out || !tasks.filter((t) => t.resource === resource).every((t) => testCase.mocks.has(t.name))) continue;
    out[resource] = (_parameters, call) => Promise.reject(new Error(`state ${call.state} is mocked: the mock layer answers it`));
  }
  return out;
}

/**
 * The engine layer: definitions it would run differently from AWS are
 * refused, every Task needs a local handler (no call ever reaches AWS), and
 * the integrations return and fail the way the service integrations do.
 */
import { buildDefinition, STATE } from "../../stacks/definition";
import { runDefinition } from "../../local/run/run-definition";
import { NoLocalHandlerError } from "../../local/engine/engine";
import { UnsupportedDefinitionError } from "../../local/engine/support";
import { functionError, lambdaInvoke, TaskFailure, type TaskIntegration } from "../../local/engine/integrations";
import type { TaskCall } from "../../local/engine/events";
import { LAMBDA_INVOKE } from "../../stacks/definition/asl";

const ARN = "arn:aws:lambda:us-east-1:000000000000:function:f";
const definition = (over: Partial<Parameters<typeof buildDefinition>[0]> = {}) =>
  buildDefinition({ tableName: "t", functionArn: ARN, maxConcurrency: 1, waitSeconds: 0, timeoutSeconds: 5, ...over });
/** A GetItem stand-in returning a typed list, so these tests need no server. */
const getItem =
  (values: string[]): TaskIntegration =>
  async () => ({ Item: { values: { L: values.map((S) => ({ S })) } } });
const integrations = (handler = jest.fn((e: unknown) => e), values = ["a", "b", "c"]) => ({
  "arn:aws:states:::dynamodb:getItem": getItem(values),
  [LAMBDA_INVOKE]: lambdaInvoke({ handler }),
});

describe("definitions the engine would silently run differently are refused", () => {
  const mapState = (d: ReturnType<typeof definition>) => d.States[STATE.map] as unknown as Record<string, unknown>;
  test.each([
    ["JSONata", (d: ReturnType<typeof definition>) => Object.assign(d, { QueryLanguage: "JSONata" }), /QueryLanguage: JSONata/],
    ["Assign", (d: ReturnType<typeof definition>) => Object.assign(d.States[STATE.read]!, { Assign: { x: 1 } }), /ReadDDBTable: Assign/],
    [
      "Distributed Map without ExecutionType",
      (d: ReturnType<typeof definition>) => Object.assign(mapState(d).ItemProcessor as object, { ProcessorConfig: { Mode: "DISTRIBUTED" } }),
      /ExecutionType must be EXPRESS or STANDARD/,
    ],
    [
      "ItemReader",
      (d: ReturnType<typeof definition>) => Object.assign(mapState(d), { ItemReader: { Resource: "arn:aws:states:::s3:getObject" } }),
      /ItemReader/,
    ],
    ["ItemBatcher", (d: ReturnType<typeof definition>) => Object.assign(mapState(d), { ItemBatcher: { MaxItemsPerBatch: 2 } }), /ItemBatcher/],
    ["ResultWriter", (d: ReturnType<typeof definition>) => Object.assign(mapState(d), { ResultWriter: {} }), /ResultWriter/],
    [
      "ToleratedFailurePercentage",
      (d: ReturnType<typeof definition>) => Object.assign(mapState(d), { ToleratedFailurePercentage: 10 }),
      /ToleratedFailurePercentage/,
    ],
    [
      "ToleratedFailureCountPath",
      (d: ReturnType<typeof definition>) => Object.assign(mapState(d), { ToleratedFailureCountPath: "$.n" }),
      /ToleratedFailureCountPath/,
    ],
    [
      "Assign inside the Map",
      (d: ReturnType<typeof definition>) =>
        Object.assign((mapState(d).ItemProcessor as { States: Record<string, object> }).States[STATE.wait]!, { Assign: {} }),
      /WaitInMap: Assign/,
    ],
  ])("%s", async (_, change, message) => {
    const d = definition();
    change(d);
    const handler = jest.fn();
    await expect(runDefinition({ definition: d, integrations: integrations(handler) })).rejects.toThrow(UnsupportedDefinitionError);
    await expect(runDefinition({ definition: d, integrations: integrations(handler) })).rejects.toThrow(message);
    expect(handler).not.toHaveBeenCalled();
  });

  test("QueryLanguage JSONPath (the default, said out loud) is accepted", async () => {
    const run = await runDefinition({ definition: { ...definition(), QueryLanguage: "JSONPath" }, integrations: integrations() });
    expect(run.outcome.status).toBe("SUCCEEDED");
  });
});

describe("a task with no local handler", () => {
  test("is an error naming the state and the resource, before anything runs", async () => {
    const d = definition();
    (d.States[STATE.read] as { Resource: string }).Resource = "arn:aws:states:::dynamodb:query";
    const handler = jest.fn();
    const run = runDefinition({ definition: d, integrations: integrations(handler) });
    await expect(run).rejects.toThrow(NoLocalHandlerError);
    await expect(runDefinition({ definition: d, integrations: integrations(handler) })).rejects.toThrow(
      /state ReadDDBTable .* calls arn:aws:states:::dynamodb:query, which has no local handler/,
    );
    expect(handler).not.toHaveBeenCalled();
  });

  test("a task nested in the Map is found too", async () => {
    const { [LAMBDA_INVOKE]: _, ...withoutLambda } = integrations();
    await expect(runDefinition({ definition: definition(), integrations: withoutLambda })).rejects.toThrow(
      /state LambdaInvoke \(States.MapState.ItemProcessor.States.LambdaInvoke\)/,
    );
  });

  test("handlers are matched by Resource, so any state using the integration gets it", async () => {
    const d = definition();
    const map = d.States[STATE.map] as { ItemProcessor: { States: Record<string, unknown> } };
    map.ItemProcessor.States[STATE.wait] = {
      Type: "Task",
      Resource: LAMBDA_INVOKE,
      Parameters: { FunctionName: ARN, "Payload.$": "$" },
      OutputPath: "$.Payload",
      Next: STATE.invoke,
    };
    const handler = jest.fn((e: unknown) => e);
    const run = await runDefinition({ definition: d, integrations: integrations(handler) });
    expect(run.outcome.status).toBe("SUCCEEDED");
    expect(handler).toHaveBeenCalledTimes(6);
  });
});

test("an invalid definition is refused with the validator's findings", async () => {
  const d = definition();
  (d.States[STATE.check] as { Default: string }).Default = "Nowhere";
  await expect(runDefinition({ definition: d, integrations: integrations() })).rejects.toThrow(/refused the definition: State machine definition is invalid/);
});

describe("MaxConcurrency above AWS's inline limit", () => {
  test("warns (not fatal): AWS runs at most 40 inline iterations at once", async () => {
    const warn = jest.fn();
    const run = await runDefinition({ definition: definition({ maxConcurrency: 50 }), integrations: integrations(), warn });
    expect(run.outcome.status).toBe("SUCCEEDED");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/MaxConcurrency 50; AWS runs at most 40 inline Map iterations at once/);
  });

  test("no warning at 40", async () => {
    const warn = jest.fn();
    await runDefinition({ definition: definition({ maxConcurrency: 40 }), integrations: integrations(), warn });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("the execution's TimeoutSeconds", () => {
  test("is enforced by the engine: TIMED_OUT with States.Timeout, and the run ends at the deadline", async () => {
    const handler = jest.fn(async (e: unknown) => e);
    const started = Date.now();
    const run = await runDefinition({ definition: definition({ timeoutSeconds: 1, waitSeconds: 5 }), integrations: integrations(handler) });
    expect(run.outcome).toEqual({ status: "TIMED_OUT", error: "States.Timeout" });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(run.events.at(-1)?.type).toBe("ExecutionTimeout");
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("the Lambda integration", () => {
  test("returns what the integration returns: ExecutedVersion, Payload, StatusCode, SDK metadata", async () => {
    const invoke = lambdaInvoke({ handler: (e) => ({ got: e }) });
    const call: TaskCall = { seq: 0, state: "s", resource: LAMBDA_INVOKE, parameters: {}, startedAt: 0 };
    const out = (await invoke({ FunctionName: ARN, Payload: { S: "x" } }, call)) as Record<string, unknown>;
    expect(out).toMatchObject({ ExecutedVersion: "$LATEST", Payload: { got: { S: "x" } }, StatusCode: 200 });
    expect(out.SdkHttpMetadata).toMatchObject({ HttpStatusCode: 200 });
    expect(out.SdkResponseMetadata).toEqual({ RequestId: call.requestId });
  });

  test("the handler gets a JSON copy of the payload and a Lambda context", async () => {
    const payload = { a: [1, 2] };
    let seen: unknown;
    let requestId = "";
    const invoke = lambdaInvoke({ handler: (e, ctx) => ((seen = e), (requestId = ctx.awsRequestId), undefined) });
    const out = (await invoke({ FunctionName: ARN, Payload: payload }, { seq: 0, state: "s", resource: LAMBDA_INVOKE, parameters: {}, startedAt: 0 })) as {
      Payload: unknown;
    };
    expect(seen).toEqual(payload);
    expect(seen).not.toBe(payload);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Payload).toBeNull(); // undefined crosses JSON as null
  });

  test("a thrown error: Error is its name, Cause the runtime's JSON {errorType, errorMessage, trace}", () => {
    const e = Object.assign(new Error("throttled"), { name: "Lambda.TooManyRequestsException" });
    const failure = functionError(e);
    expect(failure).toBeInstanceOf(TaskFailure);
    expect(failure.name).toBe("Lambda.TooManyRequestsException");
    expect(JSON.parse(failure.cause)).toEqual({ errorType: "Lambda.TooManyRequestsException", errorMessage: "throttled", trace: e.stack!.split("\n") });
    expect(functionError(new TypeError("x")).name).toBe("TypeError");
  });

  test("log lines are tied to the invocation that wrote them, even when invocations overlap", async () => {
    const lines: { line: string; requestId?: string }[] = [];
    const invoke = lambdaInvoke({
      handlerFor: (log) => async (e) => {
        await new Promise((r) => setTimeout(r, (e as { delay: number }).delay));
        log(`done ${(e as { delay: number }).delay}`);
      },
      onLog: (line, call) => lines.push({ line, requestId: call.requestId }),
    });
    const calls = [30, 5].map((delay, seq): TaskCall & { delay: number } => ({
      seq,
      state: "s",
      resource: LAMBDA_INVOKE,
      parameters: {},
      startedAt: 0,
      delay,
    }));
    await Promise.all(calls.map((c) => invoke({ FunctionName: ARN, Payload: { delay: c.delay } }, c)));
    expect(lines).toEqual([
      { line: "done 5", requestId: calls[1]!.requestId },
      { line: "done 30", requestId: calls[0]!.requestId },
    ]);
  });
});

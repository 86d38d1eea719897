import aslValidator from "asl-validator";
import { LAMBDA_RETRY, percentBits, SHAPES, shapeKey, STATE, TRANSIENT_LAMBDA_ERRORS } from "../../stacks/definition";
import { looseDefinition } from "./loose-definition";

const concrete = looseDefinition({
  tableName: "stepfunctions-map-list",
  functionArn: "arn:aws:lambda:us-east-1:123456789012:function:stepfunctions-map-process-item",
  maxConcurrency: 3,
  waitSeconds: 2,
  timeoutSeconds: 20,
});

function strings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}

describe("buildDefinition", () => {
  test("passes asl-validator with concrete values", () => {
    const { isValid, errorsText } = aslValidator(structuredClone(concrete));
    expect(errorsText("\n")).toBe("");
    expect(isValid).toBe(true);
  });

  test("the parameters land where they belong, as numbers", () => {
    const map = concrete.States[STATE.map];
    expect(concrete.TimeoutSeconds).toBe(20);
    expect(map.MaxConcurrency).toBe(3);
    expect(map.ItemProcessor.States[STATE.wait].Seconds).toBe(2);
    expect(concrete.States[STATE.read].Parameters.TableName).toBe("stepfunctions-map-list");
  });

  test("GetItem → Map (wait → invoke), no Pass state", () => {
    expect(concrete.StartAt).toBe(STATE.read);
    const all = { ...concrete.States, ...concrete.States[STATE.map].ItemProcessor.States };
    expect(Object.values(all).map((s) => (s as { Type: string }).Type)).not.toContain("Pass");
    expect(concrete.States[STATE.map].ItemProcessor.StartAt).toBe(STATE.wait);
  });

  test("the Lambda result is its payload only, transient errors are retried with backoff", () => {
    const invoke = concrete.States[STATE.map].ItemProcessor.States[STATE.invoke];
    expect(invoke.OutputPath).toBe("$.Payload");
    expect(invoke.Retry[0]!.ErrorEquals).toEqual([...TRANSIENT_LAMBDA_ERRORS]);
    expect(invoke.Retry[0]!.ErrorEquals).toContain("Lambda.TooManyRequestsException");
    expect(invoke.Retry[0]).toMatchObject({ ...LAMBDA_RETRY });
    expect(LAMBDA_RETRY.BackoffRate).toBeGreaterThan(1);
  });

  test("an unseeded table ends in a named Fail state, not a JSONPath error", () => {
    expect(concrete.States[STATE.check].Default).toBe(STATE.missing);
    expect(concrete.States[STATE.missing].Type).toBe("Fail");
  });

  test("no string holds a double quote or backslash (cdktf would not escape it inside Fn.jsonencode)", () => {
    for (const s of strings(concrete)) expect(s).not.toMatch(/["\\]/);
  });

  test("is pure: same parameters, same definition", () => {
    const again = looseDefinition({
      tableName: "stepfunctions-map-list",
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:stepfunctions-map-process-item",
      maxConcurrency: 3,
      waitSeconds: 2,
      timeoutSeconds: 20,
    });
    expect(again).toEqual(concrete);
  });
});

describe("every shape", () => {
  const base = {
    tableName: "stepfunctions-map-list",
    functionArn: "arn:aws:lambda:us-east-1:123456789012:function:stepfunctions-map-process-item",
    maxConcurrency: 10,
    waitSeconds: 0,
    timeoutSeconds: 60,
    pageSize: 50,
    batchSize: 5,
    toleratedFailurePercentage: 10,
  };

  test("there are 7 valid shapes: isolation only inline over a list, batching only distributed", () => {
    expect(SHAPES.map(shapeKey)).toEqual([
      "list/INLINE/fail-fast/unbatched",
      "list/INLINE/isolated/unbatched",
      "list/DISTRIBUTED/fail-fast/unbatched",
      "list/DISTRIBUTED/fail-fast/batched",
      "rows/INLINE/fail-fast/unbatched",
      "rows/DISTRIBUTED/fail-fast/unbatched",
      "rows/DISTRIBUTED/fail-fast/batched",
    ]);
  });

  test.each(SHAPES.map((s) => [shapeKey(s), s] as const))("%s passes asl-validator", (_key, shape) => {
    const { isValid, errorsText } = aslValidator(structuredClone(looseDefinition({ ...base, ...shape })));
    expect(errorsText("\n")).toBe("");
    expect(isValid).toBe(true);
  });

  test.each(SHAPES.map((s) => [shapeKey(s), s] as const))("%s holds no double quote or backslash", (_key, shape) => {
    for (const s of strings(looseDefinition({ ...base, ...shape }))) expect(s).not.toMatch(/["\\]/);
  });

  test("an invalid shape is refused", () => {
    expect(() => looseDefinition({ ...base, mapMode: "DISTRIBUTED", isolateFailures: true })).toThrow(/no definition for shape/);
  });

  test("rows: Query page by page, each page mapped, the next page asked for with LastEvaluatedKey", () => {
    const d = looseDefinition({ ...base, itemSource: "rows" });
    // Inline: a fresh execution begins its chain, then reads the first page (continued ones: stacks/chain.test.ts).
    expect(d.StartAt).toBe(STATE.startOrContinue);
    expect(d.States[STATE.startOrContinue].Default).toBe(STATE.beginChain);
    expect(d.States[STATE.beginChain].Next).toBe(STATE.readVersion);
    expect(looseDefinition({ ...base, itemSource: "rows", mapMode: "DISTRIBUTED" }).StartAt).toBe(STATE.readVersion);
    // The pointer, once (ConsistentRead), then only the version it names.
    expect(d.States[STATE.readVersion].Resource).toBe("arn:aws:states:::dynamodb:getItem");
    expect(d.States[STATE.readVersion].Parameters.Key).toEqual({ mapstatelist: { S: "mapitems" }, position: { S: "rows" } });
    expect(d.States[STATE.readVersion].Parameters.ConsistentRead).toBe(true);
    expect(d.States[STATE.checkVersion].Default).toBe(STATE.missing);
    expect(d.States[STATE.pinVersion].Next).toBe(STATE.readFirstPage);
    expect(d.States[STATE.readFirstPage].Parameters.ExpressionAttributeValues).toEqual({ ":list": { "S.$": "$.version" } });
    expect(d.States[STATE.readFirstPage].Resource).toBe("arn:aws:states:::aws-sdk:dynamodb:query");
    expect(d.States[STATE.readFirstPage].Parameters.Limit).toBe(50);
    expect(d.States[STATE.readNextPage].Parameters["ExclusiveStartKey.$"]).toBe("$.nextKey");
    expect(d.States[STATE.map].ItemsPath).toBe("$.page.Items");
    expect(d.States[STATE.map].ResultPath).toBeNull();
    expect(d.States[STATE.morePages].Choices[0].Next).toBe(STATE.nextPage);
  });

  test("distributed: Express children, batching, tolerated failure percentage", () => {
    const d = looseDefinition({ ...base, mapMode: "DISTRIBUTED", batched: true });
    const map = d.States[STATE.map];
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" });
    expect(map.ItemBatcher).toEqual({ MaxItemsPerBatch: 5 });
    expect(map.ToleratedFailurePercentage).toBe(10);
  });

  test("isolated: each failure is caught inside its iteration", () => {
    const d = looseDefinition({ ...base, isolateFailures: true });
    const invoke = d.States[STATE.map].ItemProcessor.States[STATE.invoke];
    expect(invoke.Catch).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATE.recordFailure }]);
    expect(d.States[STATE.map].Next).toBe(STATE.summarize);
  });

  test("percentBits: binary digits, lowest first", () => {
    expect(percentBits(100)).toEqual([0, 0, 1, 0, 0, 1, 1]);
    expect(percentBits(33)).toEqual([1, 0, 0, 0, 0, 1, 0]);
    expect(percentBits(0)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

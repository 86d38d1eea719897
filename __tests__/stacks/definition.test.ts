import aslValidator from "asl-validator";
import { buildDefinition, LAMBDA_RETRY, STATE, TRANSIENT_LAMBDA_ERRORS } from "../../stacks/definition";

const concrete = buildDefinition({
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
    expect(Object.values(all).map((s) => s.Type)).not.toContain("Pass");
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
    const again = buildDefinition({
      tableName: "stepfunctions-map-list",
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:stepfunctions-map-process-item",
      maxConcurrency: 3,
      waitSeconds: 2,
      timeoutSeconds: 20,
    });
    expect(again).toEqual(concrete);
  });
});

/**
 * patches/aws-local-stepfunctions+3.0.0+010+math-add-rounding.patch: States.MathAdd rounds each argument to the nearest integer before adding, as AWS's recorded executions show (LocalStack
 * tests/aws/services/stepfunctions/v2/intrinsic_functions/; __tests__/intrinsics/sources.ts names each snapshot and key).
 */
import { awsCase, intrinsicRecord, offlineCase } from "../intrinsics/check-record";
import { builds } from "./engine-run";

describe.each("math_add".split(",").map((name) => [name, intrinsicRecord(name)] as const))("%s (patch 010)", (_name, record) => {
  it.each(record.cases.map((c) => [JSON.stringify(c.input), c] as const))("gives AWS's result for %s", async (_input, aws) => {
    expect(await offlineCase(record.definition, aws)).toEqual(awsCase(aws));
  });
});

it("is applied to every build the package ships (patch 010)", () => {
  for (const { build, source } of builds())
    expect({ build, patched: source.includes("Math.round(num1) + Math.round(num2)") }).toEqual({ build, patched: true });
});

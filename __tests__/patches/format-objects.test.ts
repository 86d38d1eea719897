/**
 * patches/aws-local-stepfunctions+3.0.0+011+format-objects.patch: States.Format writes an object argument as {key=value, ...}, as AWS's recorded executions show (LocalStack
 * tests/aws/services/stepfunctions/v2/intrinsic_functions/; __tests__/intrinsics/sources.ts names each snapshot and key).
 */
import { awsCase, intrinsicRecord, offlineCase } from "../intrinsics/check-record";
import { builds } from "./engine-run";

describe.each("format_2".split(",").map((name) => [name, intrinsicRecord(name)] as const))("%s (patch 011)", (_name, record) => {
  it.each(record.cases.map((c) => [JSON.stringify(c.input), c] as const))("gives AWS's result for %s", async (_input, aws) => {
    expect(await offlineCase(record.definition, aws)).toEqual(awsCase(aws));
  });
});

it("is applied to every build the package ships (patch 011)", () => {
  for (const { build, source } of builds()) expect({ build, patched: source.includes("function formatValue(") }).toEqual({ build, patched: true });
});

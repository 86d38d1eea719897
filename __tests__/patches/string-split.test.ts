/**
 * patches/aws-local-stepfunctions+3.0.0+009+string-split.patch: States.StringSplit splits at every character of the separator and keeps no empty string, as AWS's recorded executions show (LocalStack
 * tests/aws/services/stepfunctions/v2/intrinsic_functions/; __tests__/intrinsics/sources.ts names each snapshot and key).
 */
import { awsCase, intrinsicRecord, offlineCase } from "../intrinsics/check-record";
import { builds } from "./engine-run";

describe.each("string_split,string_split_context_object".split(",").map((name) => [name, intrinsicRecord(name)] as const))(
  "%s (patch 009)",
  (_name, record) => {
    it.each(record.cases.map((c) => [JSON.stringify(c.input), c] as const))("gives AWS's result for %s", async (_input, aws) => {
      expect(await offlineCase(record.definition, aws)).toEqual(awsCase(aws));
    });
  },
);

it("is applied to every build the package ships (patch 009)", () => {
  for (const { build, source } of builds())
    expect({ build, patched: source.includes("AWS splits at every character of the separator") }).toEqual({ build, patched: true });
});

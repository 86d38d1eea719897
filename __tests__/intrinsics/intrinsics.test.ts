/**
 * The intrinsic functions the project's definition uses, run on the (patched) engine against every execution AWS recorded for
 * them (sources.ts says where each record comes from). An output must equal AWS's; where AWS failed, the engine must fail with
 * the same error.
 */
import { awsCase, offlineCase } from "./check-record";
import { intrinsicRecords } from "./records";

describe.each(intrinsicRecords().map((r) => [r.name, r] as const))("%s, as AWS recorded it", (_name, record) => {
  it.each(record.cases.map((c, i) => [i, c] as const))(`execution %i (${record.recorded.key.split("::").at(-1)})`, async (_i, aws) => {
    expect(await offlineCase(record.definition, aws)).toEqual(awsCase(aws));
  });
});

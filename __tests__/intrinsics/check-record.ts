/** Runs one AWS-recorded intrinsic-function execution on the engine and gives both results, for a test to compare. */
import { runEngine } from "../patches/engine-run";
import { intrinsicRecords, type IntrinsicCase, type IntrinsicRecord } from "./records";

/** The record extracted for the LocalStack test `test_<name>` (sources.ts). */
export function intrinsicRecord(name: string): IntrinsicRecord {
  const record = intrinsicRecords().find((r) => r.name === name);
  if (!record) throw new Error(`no intrinsic record ${name}`);
  return record;
}

/** What the engine made of one recorded input, in the record's shape: the output, or (where AWS failed) the error's name. */
export async function offlineCase(definition: object, aws: IntrinsicCase): Promise<IntrinsicCase> {
  const { outcome } = await runEngine(definition, aws.input);
  if ("output" in outcome) return { input: aws.input, output: outcome.output };
  const failure = (outcome.error as { cause?: Error }).cause;
  // AWS's causes name its own parser's view of the arguments; the error is what a Catch or Retry matches.
  return "output" in aws ? { input: aws.input, error: failure?.name, cause: failure?.message } : { input: aws.input, error: failure?.name };
}

/** The AWS side as offlineCase gives the engine's: where AWS failed, its error alone. */
export function awsCase(aws: IntrinsicCase): IntrinsicCase {
  return "output" in aws ? aws : { input: aws.input, error: aws.error };
}

/** The AWS-recorded scenarios, as extract-aws.ts wrote them (one JSON file each under aws-records/). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AWS_SOURCES } from "./sources";

export const RECORDS_DIR = join(__dirname, "aws-records");

export interface AwsRecord {
  readonly name: string;
  /** Where AWS's events were recorded: LocalStack's snapshot file and key (the pytest id), at that commit. */
  readonly recorded: { readonly repository: string; readonly commit: string; readonly snapshot: string; readonly key: string; readonly template: string };
  readonly definition: object;
  readonly input: unknown;
  /** LocalStack sorted the events inside each Parallel state (normalise.ts, localStackParallel): the offline ones get the same. */
  readonly parallelTransformer?: true;
  /** get_execution_history's events as the snapshot holds them (LocalStack's placeholders in place). */
  readonly events: readonly Record<string, unknown>[];
}

export function loadRecords(): AwsRecord[] {
  return AWS_SOURCES.map((s) => JSON.parse(readFileSync(join(RECORDS_DIR, `${s.name}.json`), "utf8")) as AwsRecord);
}

/** The AWS-recorded intrinsic-function executions, as extract-intrinsics.ts wrote them. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { INTRINSIC_SOURCES } from "./sources";

export const INTRINSIC_RECORDS_DIR = join(__dirname, "aws-records");

/** One execution: its input, and AWS's output or error and cause. */
export type IntrinsicCase =
  { readonly input: unknown; readonly output: unknown } | { readonly input: unknown; readonly error?: string; readonly cause?: string };

export interface IntrinsicRecord {
  readonly name: string;
  readonly recorded: { readonly repository: string; readonly commit: string; readonly snapshot: string; readonly key: string; readonly template: string };
  readonly definition: object;
  readonly cases: readonly IntrinsicCase[];
}

export function intrinsicRecords(): IntrinsicRecord[] {
  return INTRINSIC_SOURCES.map((s) => JSON.parse(readFileSync(join(INTRINSIC_RECORDS_DIR, `${s.name}.json`), "utf8")) as IntrinsicRecord);
}

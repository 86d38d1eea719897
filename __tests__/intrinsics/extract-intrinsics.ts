/**
 * Writes aws-records/<name>.json for each intrinsic-function test in sources.ts, from a LocalStack checkout (a bare git
 * directory is enough):
 *
 *   npx tsx __tests__/intrinsics/extract-intrinsics.ts LOCALSTACK_GIT_DIR
 *
 * Each record holds the template, and per recorded execution its input and how AWS ended it: the output, or the error and
 * cause. The records are committed, so the test needs no checkout.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseTemplate } from "../conformance/template-json5";
import { INTRINSIC_SOURCES, type IntrinsicSource } from "./sources";
import { INTRINSIC_RECORDS_DIR, type IntrinsicCase, type IntrinsicRecord } from "./records";

const gitDir = process.argv[2];
if (!gitDir) throw new Error("usage: extract-intrinsics.ts LOCALSTACK_GIT_DIR");
const git = (...args: string[]) => execFileSync("git", ["-C", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
const commit = git("rev-parse", "HEAD").trim();

type Event = Record<string, { input?: unknown; output?: unknown; error?: string; cause?: string } | string | number>;
type Snapshot = Record<string, { "recorded-content": Record<string, { events: Event[] }> }>;

function oneCase(events: Event[]): IntrinsicCase {
  const started = events[0]!.executionStartedEventDetails as { input: unknown };
  const last = events.at(-1)!;
  if (last.type === "ExecutionSucceeded") return { input: started.input, output: (last.executionSucceededEventDetails as { output: unknown }).output };
  const failed = last.executionFailedEventDetails as { error?: string; cause?: string };
  return { input: started.input, error: failed.error, cause: failed.cause };
}

function record(source: IntrinsicSource): IntrinsicRecord {
  const entry = (JSON.parse(git("show", `HEAD:${source.snapshot}`)) as Snapshot)[source.key];
  if (!entry) throw new Error(`${source.name}: no key ${source.key} in ${source.snapshot}`);
  const responses = Object.entries(entry["recorded-content"]).filter(([key]) => key.startsWith("exec_hist_resp_"));
  responses.sort(([a], [b]) => Number(a.split("_").at(-1)) - Number(b.split("_").at(-1)));
  return {
    name: source.name,
    recorded: { repository: "localstack/localstack", commit, snapshot: source.snapshot, key: source.key, template: source.template },
    definition: parseTemplate(git("show", `HEAD:tests/aws/services/stepfunctions/templates/${source.template}`)),
    cases: responses.map(([, response]) => oneCase(response.events)),
  };
}

mkdirSync(INTRINSIC_RECORDS_DIR, { recursive: true });
for (const source of INTRINSIC_SOURCES) {
  writeFileSync(join(INTRINSIC_RECORDS_DIR, `${source.name}.json`), `${JSON.stringify(record(source), null, 1)}\n`);
}
process.stdout.write(`${INTRINSIC_SOURCES.length} records written to ${INTRINSIC_RECORDS_DIR} (localstack ${commit})\n`);

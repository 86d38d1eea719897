/**
 * Writes aws-records/<name>.json for each scenario in sources.ts, from a
 * LocalStack checkout (a bare git directory is enough):
 *
 *   npx tsx __tests__/conformance/extract-aws.ts [LOCALSTACK_GIT_DIR]
 *
 * Each record holds the definition (the template, its Lambda placeholder put
 * in as the .py test does), the input, and AWS's events as the snapshot has
 * them, with the snapshot file, key and LocalStack commit they come from.
 * The records are committed, so the suite needs no checkout.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AWS_SOURCES, SNAPSHOTS, type AwsSource } from "./sources";
import { RECORDS_DIR, type AwsRecord } from "./records";
import { parseTemplate } from "./template-json5";

const gitDir = process.argv[2] ?? "/work/.mirror/localstack+localstack/repo";
const git = (...args: string[]) => execFileSync("git", ["-C", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
const commit = git("rev-parse", "HEAD").trim();
const show = (path: string) => git("show", `HEAD:${path}`);

const snapshots = new Map<string, Record<string, { "recorded-content": { get_execution_history?: { events: Record<string, unknown>[] } } }>>();
function snapshot(which: keyof typeof SNAPSHOTS) {
  if (!snapshots.has(which)) snapshots.set(which, JSON.parse(show(SNAPSHOTS[which])));
  return snapshots.get(which)!;
}

function record(source: AwsSource): AwsRecord {
  let text = show(`tests/aws/services/stepfunctions/templates/${source.template}`);
  if (source.lambda) text = text.split(source.lambda.placeholder).join(source.lambda.replacement);
  const entry = snapshot(source.snapshot)[source.key];
  const events = entry?.["recorded-content"].get_execution_history?.events;
  if (!events) throw new Error(`${source.name}: no get_execution_history under ${source.key} in ${SNAPSHOTS[source.snapshot]}`);
  return {
    name: source.name,
    recorded: { repository: "localstack/localstack", commit, snapshot: SNAPSHOTS[source.snapshot], key: source.key, template: source.template },
    definition: parseTemplate(text),
    input: source.input,
    ...(source.parallelTransformer ? { parallelTransformer: true } : {}),
    events,
  };
}

mkdirSync(RECORDS_DIR, { recursive: true });
for (const source of AWS_SOURCES) {
  writeFileSync(join(RECORDS_DIR, `${source.name}.json`), `${JSON.stringify(record(source), null, 1)}\n`);
}
process.stdout.write(`${AWS_SOURCES.length} records written to ${RECORDS_DIR} (localstack ${commit})\n`);

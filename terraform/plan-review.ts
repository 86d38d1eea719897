/**
 * npm run plan:review -- [--for pr|main|drift] PLAN.json
 *
 * Turns `terraform show -json` (or `tofu show -json`) of a saved plan into a
 * Markdown summary: counts of create, update, replace and delete; each changed
 * resource with the attributes that change; and a loud warning when a
 * resource that holds data (the table) or logs (a log group) would be
 * replaced or destroyed. `--for` picks the heading: a pull request's plan
 * (default), the plan on main that waits for approval before it is applied,
 * or the scheduled drift check's.
 *
 * Anything else (the JSON of state, a malformed plan, a bad argument) is
 * refused with one line on stderr and exit 1 (2 for usage), never a trace.
 */
import { readFileSync } from "node:fs";
import { definitionSection } from "./definition-change";
import { UserError } from "../cli/errors";
import { usageErrorText } from "../cli/run";

/** The part of Terraform's JSON plan format this review reads. */
export interface PlanJson {
  format_version?: string;
  resource_changes?: ResourceChange[];
}
export interface ResourceChange {
  address: string;
  type: string;
  change: {
    actions: string[];
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    after_unknown?: Record<string, unknown>;
    replace_paths?: (string | number)[][];
  };
}

/** Bad input: the CLI prints the message as its one line. */
export class PlanError extends UserError {}

/**
 * The parsed JSON as a plan, or a PlanError saying in one line why not.
 *
 * Plan or state: `show -json PLANFILE` always writes `planned_values` (a
 * struct, so never omitted even when nothing changes, in Terraform and
 * OpenTofu alike), and `resource_changes` when anything is planned; `show
 * -json` without a plan file writes the state, with `values` (or, for an
 * empty state, nothing but the versions) and neither key. The fixtures the
 * tier saves keep only `format_version` and `resource_changes`.
 */
export function checkPlan(json: unknown): PlanJson {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new PlanError(`expected a JSON object from terraform show -json PLANFILE, got ${describe(json)}`);
  }
  const o = json as Record<string, unknown>;
  if (!("planned_values" in o) && !("resource_changes" in o)) {
    throw new PlanError(
      "values" in o || "format_version" in o
        ? "this is the JSON of state, not of a plan (it has no planned_values): run terraform show -json PLANFILE on a plan saved with terraform plan -out=PLANFILE"
        : "this is not the JSON of a plan (no planned_values or resource_changes): run terraform show -json PLANFILE",
    );
  }
  const rcs = o.resource_changes;
  if (rcs !== undefined && !Array.isArray(rcs)) throw new PlanError(`malformed plan: resource_changes is ${describe(rcs)}, expected an array`);
  (rcs ?? []).forEach((rc: unknown, i: number) => checkResourceChange(rc, `resource_changes[${i}]`));
  return o;
}

function checkResourceChange(rc: unknown, at: string): void {
  const bad = (what: string, v: unknown, expected: string) => new PlanError(`malformed plan: ${what} is ${describe(v)}, expected ${expected}`);
  if (!isObject(rc)) throw bad(at, rc, "an object");
  if (typeof rc.address !== "string") throw bad(`${at}.address`, rc.address, "a string");
  const where = `${at} (${JSON.stringify(rc.address)})`;
  if (typeof rc.type !== "string") throw bad(`${where}.type`, rc.type, "a string");
  if (!isObject(rc.change)) throw bad(`${where}.change`, rc.change, "an object");
  const { actions, before, after, after_unknown, replace_paths } = rc.change;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === "string")) {
    throw bad(`${where}.change.actions`, actions, "a non-empty array of strings");
  }
  for (const [k, v] of Object.entries({ before, after })) {
    if (v !== undefined && v !== null && !isObject(v)) throw bad(`${where}.change.${k}`, v, "an object or null");
  }
  if (after_unknown !== undefined && !isObject(after_unknown)) throw bad(`${where}.change.after_unknown`, after_unknown, "an object");
  if (replace_paths !== undefined && !(Array.isArray(replace_paths) && replace_paths.every(Array.isArray))) {
    throw bad(`${where}.change.replace_paths`, replace_paths, "an array of paths");
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === undefined) return "missing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v).slice(0, 40)}`;
}

export type Kind = "create" | "update" | "replace" | "delete";

/** Resources whose replacement or destruction loses data. */
export const DATA_RESOURCES = new Set(["aws_dynamodb_table", "aws_dynamodb_table_item"]);

/**
 * Resources whose replacement or destruction loses logs: a log group is
 * deleted with its events, and the new one starts empty.
 */
export const LOG_RESOURCES = new Set(["aws_cloudwatch_log_group"]);

export function kindOf(actions: string[]): Kind | undefined {
  const a = actions.join(",");
  if (a === "create") return "create";
  if (a === "update") return "update";
  if (a === "delete") return "delete";
  if (a === "delete,create" || a === "create,delete") return "replace";
  return undefined; // no-op, read
}

/**
 * Top-level attributes whose value differs. An attribute that becomes known
 * only after apply is absent from `after`; it counts as changing unless
 * `knownOnly`, which a replacement uses to leave out the new ids and ARNs
 * every new resource gets.
 */
export function changedAttributes(change: ResourceChange["change"], knownOnly = false): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const unknown = change.after_unknown ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .filter((k) => !(knownOnly && unknown[k] === true))
    .sort();
}

/** Who reads the review: the heading and the sentence under it. */
export type Audience = "pr" | "main" | "drift";
export const AUDIENCES: readonly Audience[] = ["pr", "main", "drift"];

const HEADINGS: Record<Audience, string[]> = {
  pr: ["## Terraform plan review"],
  main: [
    "## Terraform plan to apply",
    "",
    "This saved plan is exactly what the `apply` job applies after approval in the `production` environment; nothing is planned again.",
  ],
  drift: [
    "## Drift: the account differs from main",
    "",
    "Applying main now would make these changes. Find out who changed what before the next apply reverts it.",
  ],
};

export function reviewPlan(plan: PlanJson, audience: Audience = "pr"): string {
  const changes = (plan.resource_changes ?? [])
    .map((rc) => ({ rc, kind: kindOf(rc.change.actions) }))
    .filter((c): c is { rc: ResourceChange; kind: Kind } => c.kind !== undefined);
  const counts: Record<Kind, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) counts[c.kind]++;

  // A drift check that finds nothing says so rather than announce a drift.
  const heading = audience === "drift" && changes.length === 0 ? ["## No drift: the account matches main"] : HEADINGS[audience];
  const out: string[] = [...heading, ""];
  const losing = (types: Set<string>) => changes.filter((c) => types.has(c.rc.type) && (c.kind === "replace" || c.kind === "delete"));
  for (const c of losing(DATA_RESOURCES)) {
    out.push("> [!CAUTION]", `> **DATA LOSS: ${lossLine(c)}** Its data is deleted with it. Back it up or revert this change.`, "");
  }
  for (const c of losing(LOG_RESOURCES)) {
    out.push("> [!WARNING]", `> **LOG LOSS: ${lossLine(c)}** Its log events are deleted with it. Export them first if they are needed.`, "");
  }
  out.push(
    `| create | update | replace | delete |`,
    `| ---: | ---: | ---: | ---: |`,
    `| ${counts.create} | ${counts.update} | ${counts.replace} | ${counts.delete} |`,
    "",
  );
  if (changes.length === 0) {
    out.push("No changes. The infrastructure matches the configuration.");
    return out.join("\n") + "\n";
  }
  out.push("| action | resource | attributes that change |", "| --- | --- | --- |");
  const order: Kind[] = ["delete", "replace", "update", "create"];
  for (const kind of order) {
    for (const c of changes.filter((x) => x.kind === kind)) {
      const attrs = kind === "create" || kind === "delete" ? "" : describeAttributes(c.rc, kind);
      out.push(`| ${ICON[kind]} ${kind} | ${cellCode(c.rc.address)} | ${attrs} |`);
    }
  }
  for (const c of changes) if (c.rc.type === "aws_sfn_state_machine" && c.kind !== "delete") out.push(...definitionSection(c.rc.address, c.rc.change));
  return out.join("\n") + "\n";
}

const ICON: Record<Kind, string> = { create: "+", update: "~", replace: "-/+", delete: "-" };

function lossLine(c: { rc: ResourceChange; kind: Kind }): string {
  const verb = c.kind === "replace" ? "REPLACED" : "DESTROYED";
  const why = c.kind === "replace" ? ` (forced by: ${forcedBy(c.rc).join(", ") || "see plan"})` : "";
  return `${code(c.rc.address)} would be ${verb}${why}.`;
}

function forcedBy(rc: ResourceChange): string[] {
  return (rc.change.replace_paths ?? []).map((p) => p.join("."));
}

function describeAttributes(rc: ResourceChange, kind: Kind): string {
  const forced = new Set(forcedBy(rc).map((p) => p.split(".")[0]));
  return changedAttributes(rc.change, kind === "replace")
    .map((a) => (forced.has(a) ? `${cellCode(a)} (forces replacement)` : cellCode(a)))
    .join(", ");
}

/**
 * `text` as one Markdown code span. Addresses come from the configuration and
 * may hold anything in a for_each key: a line break would end the line (or
 * the table row), so it shows as \n; a backtick would end the span, so the
 * span is fenced with one more backtick than the longest run inside it.
 */
export function code(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, "\\n");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space inside the fence (stripped when rendered).
  const pad = longest > 0 && (flat.startsWith("`") || flat.endsWith("`")) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** code() for a table cell: GitHub splits cells at every unescaped |, even inside a code span. */
export function cellCode(text: string): string {
  return code(text).replace(/\|/g, "\\|");
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE = "Usage: npm run plan:review -- [--for pr|main|drift] PLAN.json   (from: terraform show -json PLANFILE > PLAN.json)\n";

/** The command line, without process globals, so the tests run it in-process. */
export function cli(args: readonly string[], read: (file: string) => string = (f) => readFileSync(f, "utf8")): CliResult {
  const fail = (code: number, line: string): CliResult => ({ code, stdout: "", stderr: `plan-review: ${line}\n` });
  // The same two lines as every other command's usage error (cli/run.ts).
  const usageError = (line: string): CliResult => ({ code: 2, stdout: "", stderr: usageErrorText({ name: "plan-review", usage: USAGE }, line) });
  if (args.length === 1 && (args[0] === "--help" || args[0] === "-h")) return { code: 0, stdout: "", stderr: USAGE };
  let audience: Audience = "pr";
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--for") {
      const v = args[++i];
      if (!AUDIENCES.includes(v as Audience))
        return usageError(`--for takes one of ${AUDIENCES.join(", ")}, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      audience = v as Audience;
    } else if (a.startsWith("-") && a !== "-") {
      return usageError(`unknown option ${JSON.stringify(a)}`);
    } else files.push(a);
  }
  if (files.length !== 1) return usageError(`expected one PLAN.json (terraform show -json PLANFILE), got ${files.length === 0 ? "none" : files.length}`);
  const file = files[0]!;
  let text: string;
  try {
    text = read(file === "-" ? "/dev/stdin" : file);
  } catch (e) {
    return fail(1, `cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(1, `${file} is not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  try {
    return { code: 0, stdout: reviewPlan(checkPlan(json), audience), stderr: "" };
  } catch (e) {
    if (e instanceof PlanError) return fail(1, `${file}: ${e.message}`);
    throw e;
  }
}

if (require.main === module) {
  const r = cli(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}

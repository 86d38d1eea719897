/**
 * npm run plan:review -- PLAN.json
 *
 * Turns `terraform show -json` (or `tofu show -json`) of a saved plan into a
 * Markdown summary for a pull request: counts of create, update, replace and
 * delete; each changed resource with the attributes that change; and a loud
 * warning when a resource that holds data would be replaced or destroyed.
 */
import { readFileSync } from "node:fs";

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
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    after_unknown?: Record<string, unknown>;
    replace_paths?: (string | number)[][];
  };
}

export type Kind = "create" | "update" | "replace" | "delete";

/** Resources whose replacement or destruction loses data. */
export const DATA_RESOURCES = new Set(["aws_dynamodb_table", "aws_dynamodb_table_item"]);

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

export function reviewPlan(plan: PlanJson): string {
  const changes = (plan.resource_changes ?? [])
    .map((rc) => ({ rc, kind: kindOf(rc.change.actions) }))
    .filter((c): c is { rc: ResourceChange; kind: Kind } => c.kind !== undefined);
  const counts: Record<Kind, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) counts[c.kind]++;

  const out: string[] = ["## Terraform plan review", ""];
  const dataLoss = changes.filter((c) => DATA_RESOURCES.has(c.rc.type) && (c.kind === "replace" || c.kind === "delete"));
  for (const c of dataLoss) {
    const verb = c.kind === "replace" ? "REPLACED" : "DESTROYED";
    const why = c.kind === "replace" ? ` (forced by: ${forcedBy(c.rc).join(", ") || "see plan"})` : "";
    out.push(`> [!CAUTION]`, `> **DATA LOSS: \`${c.rc.address}\` would be ${verb}${why}.** Its data is deleted with it. Back it up or revert this change.`, "");
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
      out.push(`| ${ICON[kind]} ${kind} | \`${c.rc.address}\` | ${attrs} |`);
    }
  }
  return out.join("\n") + "\n";
}

const ICON: Record<Kind, string> = { create: "+", update: "~", replace: "-/+", delete: "-" };

function forcedBy(rc: ResourceChange): string[] {
  return (rc.change.replace_paths ?? []).map((p) => p.join("."));
}

function describeAttributes(rc: ResourceChange, kind: Kind): string {
  const forced = new Set(forcedBy(rc).map((p) => p.split(".")[0]));
  return changedAttributes(rc.change, kind === "replace")
    .map((a) => (forced.has(a) ? `\`${a}\` (forces replacement)` : `\`${a}\``))
    .join(", ");
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file || file === "--help") {
    process.stderr.write("Usage: npm run plan:review -- PLAN.json   (from: terraform show -json plan.out > PLAN.json)\n");
    process.exit(file ? 0 : 2);
  }
  let plan: PlanJson;
  try {
    plan = JSON.parse(readFileSync(file, "utf8")) as PlanJson;
  } catch (e) {
    process.stderr.write(`plan-review: cannot read ${file}: ${(e as Error).message}\n`);
    process.exit(1);
  }
  if (plan === null || typeof plan !== "object" || (!Array.isArray(plan.resource_changes) && plan.format_version === undefined)) {
    process.stderr.write(`plan-review: ${file} is not the JSON of a plan (terraform show -json PLANFILE)\n`);
    process.exit(1);
  }
  process.stdout.write(reviewPlan(plan));
}

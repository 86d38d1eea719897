/**
 * The plan review's view of a state machine whose definition changes: which
 * states were added, removed or changed (and in which fields), and the new
 * workflow as a mermaid diagram, which GitHub renders in the PR comment and
 * the job summary. cdk.tf.json holds the definition as one Terraform
 * expression; the plan holds it evaluated, as JSON text.
 */
import { isDeepStrictEqual } from "node:util";
import { allStates } from "../stacks/definition-walk";
import { mermaidFlowchart } from "../stacks/definition-diagram";

type Json = Record<string, unknown>;

/** The definition in a plan's before/after, or undefined when absent, unknown until apply, or not JSON. */
function parsedDefinition(side: Record<string, unknown> | null | undefined): Json | undefined {
  const text = side?.definition;
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** Each state by where it sits ("MapState.ItemProcessor.LambdaInvoke"), for comparing two definitions. */
function statesByPath(definition: Json | undefined): Map<string, Json> {
  const path = (p: string) => p.replace(/(^|\.)States\./g, "$1").replace(/\.$/, "");
  return new Map(definition ? allStates(definition).map((s) => [path(s.path), s.state] as const) : []);
}

/** A short value shown in full; a long one only named. */
const shown = (v: unknown) => (v === undefined ? "none" : JSON.stringify(v).length <= 60 ? `\`${JSON.stringify(v)}\`` : "…");

const NESTED_MACHINES = ["ItemProcessor", "Iterator"];

/**
 * The fields that differ, each with its old and new value: "`MaxConcurrency` `1` → `3`". A Map's
 * processor is compared field by field ("`ItemProcessor.ProcessorConfig`"), without its states
 * (listed by their own paths); Parallel branches are too.
 */
function changedFields(before: Json, after: Json, skip: readonly string[] = [], prefix = ""): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.includes(k) && k !== "Branches").sort();
  return keys.flatMap((k) => {
    if (NESTED_MACHINES.includes(k)) return changedFields((before[k] ?? {}) as Json, (after[k] ?? {}) as Json, ["States"], `${prefix}${k}.`);
    return isDeepStrictEqual(before[k], after[k]) ? [] : [`\`${prefix}${k}\` ${shown(before[k])} → ${shown(after[k])}`];
  });
}

/** One Markdown line per state added, removed or changed, in the new definition's order. */
export function stateChanges(before: Json | undefined, after: Json | undefined): string[] {
  const was = statesByPath(before);
  const now = statesByPath(after);
  const lines: string[] = [];
  for (const [path, state] of now) {
    const old = was.get(path);
    const fields = old ? changedFields(old, state) : [];
    if (!old) lines.push(`- added \`${path}\` (${String(state.Type)})`);
    else if (fields.length) lines.push(`- changed \`${path}\`: ${fields.join(", ")}`);
  }
  for (const [path, state] of was) if (!now.has(path)) lines.push(`- removed \`${path}\` (${String(state.Type)})`);
  return lines;
}

/** The review section for one state machine change, or nothing when its definition does not change. */
export function definitionSection(address: string, change: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null }): string[] {
  const after = parsedDefinition(change.after);
  if (!after) return [];
  const before = parsedDefinition(change.before);
  if (before && isDeepStrictEqual(before, after)) return [];
  const top = before ? changedFields(before, after, ["States"]) : [];
  const changes = before ? [...(top.length ? [`- changed the definition: ${top.join(", ")}`] : []), ...stateChanges(before, after)] : [];
  return [
    "",
    `### Workflow of \`${address}\``,
    "",
    ...(before ? (changes.length ? changes : ["- only its formatting changes"]) : ["- a new state machine"]),
    "",
    "```mermaid",
    mermaidFlowchart(after).trimEnd(),
    "```",
  ];
}

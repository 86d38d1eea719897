/**
 * Compares two synthesized Terraform JSON documents (cdktf's and cdktn's) as
 * parsed JSON, block by block: which resources, data sources, variables,
 * outputs, locals and providers are the same, and every leaf that differs,
 * each marked expected (with why) or not. Pure: no files, no processes.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Difference {
  /** Path from the document's root, e.g. ["terraform", "required_providers", "aws", "version"]. */
  readonly path: readonly string[];
  /** undefined: the path is missing on that side. */
  readonly cdktf: Json | undefined;
  readonly cdktn: Json | undefined;
  /** Why the difference is expected; undefined when it is not. */
  readonly expected?: string;
}

/** The blocks listed by name, with how deep a block's name goes (resource.TYPE.NAME is 2). */
const BLOCKS = [
  { key: "resource", label: "resources", depth: 2 },
  { key: "data", label: "data sources", depth: 2 },
  { key: "variable", label: "variables", depth: 1 },
  { key: "output", label: "outputs", depth: 1 },
  { key: "locals", label: "locals", depth: 1 },
  { key: "provider", label: "providers", depth: 1 },
  { key: "module", label: "modules", depth: 1 },
  { key: "terraform", label: "terraform settings", depth: 2 },
  { key: "//", label: "metadata", depth: 1 },
] as const;

export interface Comparison {
  /** Per block label, the names that are identical on both sides. */
  readonly same: Readonly<Record<string, readonly string[]>>;
  readonly differences: readonly Difference[];
}

export interface ExpectedRule {
  /** The reason printed beside a difference this rule accepts. */
  explain(path: readonly string[], cdktf: Json | undefined, cdktn: Json | undefined): string | undefined;
}

const isObject = (v: unknown): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** Leaf-level differences between two JSON values (objects by key, arrays by index). */
export function diffJson(
  a: Json | undefined,
  b: Json | undefined,
  path: string[] = [],
): Array<{ path: string[]; cdktf: Json | undefined; cdktn: Json | undefined }> {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffJson(a[k], b[k], [...path, k]));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => diffJson(a[i], b[i], [...path, String(i)])).flat();
  }
  // Same scalar, or both missing; JSON.stringify also equates {} with {} at the leaves.
  if (a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b))) return [];
  return [{ path, cdktf: a, cdktn: b }];
}

/** The named items of each block: [label, name, path] for every item on either side. */
function items(a: { [key: string]: Json }, b: { [key: string]: Json }): Array<{ label: string; name: string; path: string[] }> {
  const out: Array<{ label: string; name: string; path: string[] }> = [];
  const known = new Set<string>(BLOCKS.map((x) => x.key));
  for (const block of BLOCKS) {
    const walk = (x: Json | undefined, y: Json | undefined, path: string[], depth: number) => {
      // A name ends where the depth runs out or either side stops being an object.
      const objects = (x === undefined || isObject(x)) && (y === undefined || isObject(y));
      if (depth === 0 || !objects) {
        out.push({ label: block.label, name: path.slice(1).join("."), path });
        return;
      }
      const keys = [...new Set([...Object.keys(x ?? {}), ...Object.keys(y ?? {})])].sort();
      for (const k of keys) walk(x?.[k], y?.[k], [...path, k], depth - 1);
    };
    if (block.key in a || block.key in b) walk(a[block.key], b[block.key], [block.key], block.depth);
  }
  // Top-level keys no block names still get compared, as one item each.
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!known.has(k)) out.push({ label: "other", name: k, path: [k] });
  }
  return out;
}

function at(doc: Json | undefined, path: readonly string[]): Json | undefined {
  let cur: Json | undefined = doc;
  for (const k of path) cur = isObject(cur) ? cur[k] : Array.isArray(cur) ? cur[Number(k)] : undefined;
  return cur;
}

/** Compares cdktf's document with cdktn's; rules decide which differences are expected. */
export function compareTerraformJson(cdktf: Json, cdktn: Json, rules: readonly ExpectedRule[]): Comparison {
  if (!isObject(cdktf) || !isObject(cdktn)) throw new Error("a synthesized stack is a JSON object");
  const same: Record<string, string[]> = {};
  const differences: Difference[] = [];
  for (const item of items(cdktf, cdktn)) {
    const found = diffJson(at(cdktf, item.path), at(cdktn, item.path), item.path);
    if (found.length === 0) (same[item.label] ??= []).push(item.name);
    for (const d of found) {
      const expected = rules.map((r) => r.explain(d.path, d.cdktf, d.cdktn)).find((e) => e !== undefined);
      differences.push(expected === undefined ? d : { ...d, expected });
    }
  }
  return { same, differences };
}

const pathIs = (path: readonly string[], pattern: ReadonlyArray<string | null>) =>
  path.length === pattern.length && pattern.every((p, i) => p === null || p === path[i]);

/** terraform.required_providers.X.version: each prebuilt provider package pins the provider it was built from. */
const providerVersionRule: ExpectedRule = {
  explain: (path, a, b) =>
    pathIs(path, ["terraform", "required_providers", null, "version"]) && typeof a === "string" && typeof b === "string"
      ? `provider constraint: @cdktf/provider-${path[2]} was built for ${path[2]} ${a}, @cdktn/provider-${path[2]} for ${b}`
      : undefined,
};

/** A bare source "aws" is shorthand for "hashicorp/aws": the same provider address, lock entry and state. */
const providerSourceRule: ExpectedRule = {
  explain: (path, a, b) => {
    if (!pathIs(path, ["terraform", "required_providers", null, "source"]) || typeof a !== "string" || typeof b !== "string") return undefined;
    const full = (s: string) => (s.includes("/") ? s : `hashicorp/${s}`).toLowerCase();
    return full(a) === full(b) ? `same provider address: "${a}" is shorthand for "${full(a)}"` : undefined;
  },
};

/** A version stamp as text: a string as it is, anything else as JSON. */
function versionText(v: Json | undefined): string {
  return typeof v === "string" ? v : String(JSON.stringify(v));
}

/** //.metadata.version stamps the library that synthesized the file. */
const toolVersionRule: ExpectedRule = {
  explain: (path, a, b) =>
    pathIs(path, ["//", "metadata", "version"]) ? `version stamp of the synthesizing library (cdktf ${versionText(a)}, cdktn ${versionText(b)})` : undefined,
};

/** The rules for `cdktf synth` against `cdktn synth` of the same app. */
export const SYNTH_RULES: readonly ExpectedRule[] = [providerVersionRule, providerSourceRule, toolVersionRule];

const ASSET_HASH = /(assets\/[^/"]+\/)[0-9A-F]{32}/g;

/**
 * Only under Testing.app(): cdktn's test app turns on its "future" feature
 * flags, one of which (canonicalAssetHashes) hashes asset folders another way,
 * so an asset path's hash segment differs. `cdktn synth` of an existing
 * project keeps the legacy hash, and the check compares that one exactly.
 */
const testAssetHashRule: ExpectedRule = {
  explain: (_path, a, b) =>
    typeof a === "string" && typeof b === "string" && a !== b && a.replace(ASSET_HASH, "$1HASH") === b.replace(ASSET_HASH, "$1HASH")
      ? "asset hash under Testing.app(): cdktn's test app enables the canonicalAssetHashes future flag (real synth keeps the legacy hash)"
      : undefined,
};

/** The rules for a test snapshot written by cdktf against the one cdktn's run writes. */
export const SNAPSHOT_RULES: readonly ExpectedRule[] = [...SYNTH_RULES, testAssetHashRule];

/** A difference as one line: path, both values, and the verdict. */
function formatDifference(d: Difference): string {
  const show = (v: Json | undefined) => (v === undefined ? "(missing)" : JSON.stringify(v).slice(0, 200));
  const where = d.path.join(".");
  return `${d.expected ? "expected  " : "UNEXPECTED"} ${where}: cdktf ${show(d.cdktf)} -> cdktn ${show(d.cdktn)}${d.expected ? `  (${d.expected})` : ""}`;
}

/** The comparison as printed lines: the same items per block, then each difference. */
export function formatComparison(c: Comparison, indent = "  "): string[] {
  const lines: string[] = [];
  for (const [label, names] of Object.entries(c.same)) lines.push(`${indent}same ${label} (${names.length}): ${names.join(", ")}`);
  if (c.differences.length === 0) lines.push(`${indent}differences: none`);
  else {
    lines.push(`${indent}differences (${c.differences.length}):`);
    for (const d of c.differences) lines.push(`${indent}  ${formatDifference(d)}`);
  }
  return lines;
}

/** True when every difference is an expected one. */
export function onlyExpected(c: Comparison): boolean {
  return c.differences.every((d) => d.expected !== undefined);
}

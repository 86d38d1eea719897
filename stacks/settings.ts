/**
 * The one table of deploy-time settings.
 *
 * Each setting is written once here (name, type, default, description and a
 * validation rule) and read by two consumers:
 *  - the stack, which declares it as a Terraform variable with a `validation`
 *    block rendered from the rule;
 *  - the offline runner, which reads values the way Terraform does
 *    (`TF_VAR_name`, `--var`, `--var-file`) and checks them with the same rule
 *    and the same message.
 *
 * A rule therefore carries both renderings of one check: an HCL condition for
 * Terraform and a predicate for JavaScript. They are built together by the
 * helpers below so they cannot drift apart.
 *
 * This module imports only the AWS limits (aws-limits.ts): no cdktf, no AWS SDK.
 */
import { DISTRIBUTED_MAP_CONCURRENCY_LIMIT, EXPRESS_MAX_SECONDS, INLINE_MAP_CONCURRENCY_LIMIT, STANDARD_MAX_SECONDS } from "./aws-limits";

/** A map(string) value, such as tags. */
export type StringMap = Readonly<Record<string, string>>;

export type SettingValue = number | string | boolean | StringMap;

export interface Rule<T extends SettingValue> {
  /** HCL condition over `var.<name>`, for Terraform's validation block. */
  readonly condition: (ref: string) => string;
  /** The same check in JavaScript, for the offline runner. */
  readonly test: (value: T) => boolean;
  /** The error shown by both Terraform and the offline runner. */
  readonly message: string;
}

interface SettingBase<K extends string, T extends SettingValue> {
  readonly name: K;
  readonly description: string;
  readonly default: T;
  readonly rule: Rule<T>;
}

interface NumberSetting<K extends string = string> extends SettingBase<K, number> {
  readonly type: "number";
}
interface StringSetting<K extends string = string> extends SettingBase<K, string> {
  readonly type: "string";
}
interface BoolSetting<K extends string = string> extends SettingBase<K, boolean> {
  readonly type: "bool";
}
interface StringMapSetting<K extends string = string> extends SettingBase<K, StringMap> {
  readonly type: "map(string)";
}
export type Setting = NumberSetting | StringSetting | BoolSetting | StringMapSetting;

/** Whether a concrete value has the setting's Terraform type (before its rule is checked). */
export function hasSettingType(setting: Setting, v: unknown): boolean {
  switch (setting.type) {
    case "bool":
      return typeof v === "boolean";
    case "map(string)":
      return isStringMap(v);
    default:
      return typeof v === setting.type;
  }
}

function isStringMap(v: unknown): v is StringMap {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");
}

/**
 * A value as Terraform literal syntax would show it, for usage texts and the
 * README: maps as `{}` or `{ Team = "data" }`, scalars as they are.
 */
export function settingText(v: SettingValue): string {
  if (typeof v !== "object") return String(v);
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k));
  return `{ ${entries.map(([k, x]) => `${key(k)} = ${JSON.stringify(x)}`).join(", ")} }`;
}

/** A whole number in [min, max] (max optional). */
function wholeNumber(min: number, max?: number): Rule<number> {
  const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
  return {
    condition: (ref) => `floor(${ref}) == ${ref} && ${ref} >= ${min}` + (max === undefined ? "" : ` && ${ref} <= ${max}`),
    test: (v) => Number.isInteger(v) && v >= min && (max === undefined || v <= max),
    message: `must be a whole number ${range}`,
  };
}

/** One of a fixed list of numbers. */
function oneOfNumbers(values: readonly number[]): Rule<number> {
  return {
    condition: (ref) => `contains([${values.join(", ")}], ${ref})`,
    test: (v) => values.includes(v),
    message: `must be one of ${values.join(", ")}`,
  };
}

/** A rule admitting one of a fixed list of strings; `values` gives the setting its literal type (SettingValues). */
export interface OneOfRule<T extends string> extends Rule<string> {
  readonly values: readonly T[];
}

/** One of a fixed list of strings. */
function oneOfStrings<T extends string>(values: readonly T[]): OneOfRule<T> {
  return {
    values,
    condition: (ref) => `contains([${values.map((v) => JSON.stringify(v)).join(", ")}], ${ref})`,
    test: (v) => (values as readonly string[]).includes(v),
    message: `must be one of ${values.map((v) => `"${v}"`).join(", ")}`,
  };
}

/**
 * A string matching a regular expression. The pattern must use only syntax
 * that RE2 (Terraform) and JavaScript read the same way: anchors, classes,
 * counted repetition.
 */
function matches(pattern: string, meaning: string): Rule<string> {
  const re = new RegExp(`^(?:${pattern})$`);
  return {
    condition: (ref) => `can(regex(${hclString(`^(?:${pattern})$`)}, ${ref}))`,
    test: (v) => re.test(v),
    message: `must be ${meaning}`,
  };
}

/** Any boolean: the type check is the whole validation. */
const anyBool: Rule<boolean> = {
  condition: (ref) => `${ref} == true || ${ref} == false`,
  test: (v) => typeof v === "boolean",
  message: "must be true or false",
};

/**
 * Length as Terraform's length() counts a string: user-perceived characters
 * (grapheme clusters), so that both sides refuse the same keys and values.
 */
function characterCount(s: string): number {
  let n = 0;
  for (const _ of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(s)) n++;
  return n;
}

/**
 * Resource tags, within the limits AWS sets on every taggable resource
 * ("Tag naming limits and requirements", Tagging AWS resources,
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html; e.g.
 * https://docs.aws.amazon.com/batch/latest/userguide/tag-restrictions.html):
 * at most 50 user tags per resource, keys of 1 to 128 characters, values of
 * at most 256, and the aws: prefix (in any case) reserved for AWS. Keys the
 * stack sets itself are refused too, rather than silently overridden.
 * Allowed characters vary by service, so they are left to AWS.
 */
function tagMap(limits: { maxTags: number; maxKey: number; maxValue: number; reservedKeys: readonly string[] }): Rule<StringMap> {
  const reserved = `[${limits.reservedKeys.map((k) => JSON.stringify(k)).join(", ")}]`;
  return {
    condition: (ref) =>
      `length(${ref}) <= ${limits.maxTags} && alltrue([for k, v in ${ref} : ` +
      `length(k) >= 1 && length(k) <= ${limits.maxKey} && length(v) <= ${limits.maxValue} && ` +
      `!startswith(lower(k), "aws:") && !contains(${reserved}, k)])`,
    test: (tags) =>
      Object.keys(tags).length <= limits.maxTags &&
      Object.entries(tags).every(
        ([k, v]) =>
          characterCount(k) >= 1 &&
          characterCount(k) <= limits.maxKey &&
          characterCount(v) <= limits.maxValue &&
          !k.toLowerCase().startsWith("aws:") &&
          !limits.reservedKeys.includes(k),
      ),
    message:
      `must be a map of at most ${limits.maxTags} tags: keys of 1 to ${limits.maxKey} characters, not starting with aws: ` +
      `and other than ${limits.reservedKeys.join(" and ")} (the stack sets those), values of at most ${limits.maxValue} characters`,
  };
}

function hclString(s: string): string {
  // JSON string escaping is valid HCL string escaping for these characters;
  // "${" and "%{" would start a template, so escape them too.
  return JSON.stringify(s).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}

/** The message Terraform prints and the offline runner prints, verbatim. */
export function ruleMessage(setting: Setting): string {
  return `Variable ${setting.name} ${setting.rule.message}.`;
}

/** CloudWatch Logs accepts only these retention periods (days; 0 = never expire). */
const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Tags the stack puts on every resource itself (stacks/aws-provider.ts); user tags may not redefine them. */
export const PROJECT_TAG_KEYS = ["Project", "ManagedBy"] as const;

export const ITEM_SOURCES = ["list", "rows"] as const;
export const MAP_MODES = ["INLINE", "DISTRIBUTED"] as const;
const WORKFLOW_TYPES = ["STANDARD", "EXPRESS"] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];
export type MapMode = (typeof MAP_MODES)[number];
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];

export const settings = {
  max_concurrency: {
    name: "max_concurrency",
    type: "number",
    default: 1,
    description:
      "Upper bound on Map iterations running at once (the Map state's MaxConcurrency). 0 means no limit, as in AWS, where an inline Map runs at most 40 iterations at once. Up to 40 with map_mode INLINE, up to 10000 with DISTRIBUTED.",
    rule: wholeNumber(0, DISTRIBUTED_MAP_CONCURRENCY_LIMIT),
  },
  wait_seconds: {
    name: "wait_seconds",
    type: "number",
    default: 2,
    description: "Seconds each Map iteration waits before invoking the Lambda (a Wait state takes whole seconds).",
    rule: wholeNumber(0, STANDARD_MAX_SECONDS),
  },
  timeout_seconds: {
    name: "timeout_seconds",
    type: "number",
    default: 20,
    description: "TimeoutSeconds of the whole execution; past it the execution ends TIMED_OUT with States.Timeout.",
    rule: wholeNumber(1, STANDARD_MAX_SECONDS),
  },
  name_prefix: {
    name: "name_prefix",
    type: "string",
    default: "stepfunctions-map",
    description: "Prefix of every resource name, so that two copies of the stack can live in one account and region.",
    rule: matches("[a-z][a-z0-9-]{0,38}[a-z0-9]", "2 to 40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen"),
  },
  log_retention_days: {
    name: "log_retention_days",
    type: "number",
    default: 7,
    description: "Retention of the Lambda's and the state machine's CloudWatch log groups, in days (0 = never expire).",
    rule: oneOfNumbers(LOG_RETENTION_DAYS),
  },
  tracing_enabled: {
    name: "tracing_enabled",
    type: "bool",
    default: false,
    description: "Turn on AWS X-Ray tracing of the state machine (its role then may write traces).",
    rule: anyBool,
  },
  deletion_protection: {
    name: "deletion_protection",
    type: "bool",
    default: false,
    description: "Turn on DynamoDB deletion protection for the table; `cdktf destroy` then fails until it is turned off again.",
    rule: anyBool,
  },
  item_source: {
    name: "item_source",
    type: "string",
    default: "list",
    description:
      'Where the work list lives: "list" = one DynamoDB item holding the whole array (the original\'s layout; at most 400 KB and a 256 KiB payload), "rows" = one item per element, read page by page (any length).',
    rule: oneOfStrings(ITEM_SOURCES),
  },
  page_size: {
    name: "page_size",
    type: "number",
    default: 100,
    description: "With item_source rows: elements read per DynamoDB Query page and handed to one Map run. Keep a page under 256 KiB.",
    rule: wholeNumber(1, 1000),
  },
  map_mode: {
    name: "map_mode",
    type: "string",
    default: "INLINE",
    description:
      "INLINE: iterations run inside the execution (at most 40 at once). DISTRIBUTED: each item (or batch) runs as a child Express execution, up to 10000 at once.",
    rule: oneOfStrings(MAP_MODES),
  },
  batch_size: {
    name: "batch_size",
    type: "number",
    default: 0,
    description: "With map_mode DISTRIBUTED: items per child execution (ItemBatcher MaxItemsPerBatch); 0 = no batching, one item per child.",
    rule: wholeNumber(0, 10_000),
  },
  isolate_failures: {
    name: "isolate_failures",
    type: "bool",
    default: false,
    description:
      "With map_mode INLINE and item_source list: catch an item's failure (after its retries) inside its iteration so its siblings finish; the run then ends with a summary and fails only if more than tolerated_failure_percentage of the items failed.",
    rule: anyBool,
  },
  tolerated_failure_percentage: {
    name: "tolerated_failure_percentage",
    type: "number",
    default: 0,
    description:
      "Share of failed items (percent) a run tolerates before it fails, with isolate_failures or map_mode DISTRIBUTED. 0 = any failure fails the run.",
    rule: wholeNumber(0, 100),
  },
  workflow_type: {
    name: "workflow_type",
    type: "string",
    default: "STANDARD",
    description:
      "STANDARD (up to a year, priced per state transition) or EXPRESS (up to 5 minutes, priced per request and duration). Changing it replaces the state machine.",
    rule: oneOfStrings(WORKFLOW_TYPES),
  },
  tags: {
    name: "tags",
    type: "map(string)",
    default: Object.freeze({}),
    description:
      "Tags for every resource, added to the AWS provider's default_tags beside the stack's own Project and ManagedBy (which they may not redefine). At most 50; keys 1 to 128 characters, not starting with aws:; values up to 256 characters.",
    rule: tagMap({ maxTags: 50, maxKey: 128, maxValue: 256, reservedKeys: PROJECT_TAG_KEYS }),
  },
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof settings;

/**
 * A rule over several settings. Terraform cannot check these in a variable's
 * own validation block on every version, so the stack renders them as
 * preconditions of the state machine; the offline runner checks them after
 * each value has passed its own rule. `condition` takes a function that
 * renders a setting's reference (`var.x` in HCL).
 */
export interface CrossRule {
  readonly condition: (ref: (name: SettingName) => string) => string;
  readonly test: (v: SettingValues) => boolean;
  readonly message: string;
}

export const crossRules: readonly CrossRule[] = [
  {
    condition: (r) => `${r("map_mode")} == "DISTRIBUTED" || ${r("max_concurrency")} <= ${INLINE_MAP_CONCURRENCY_LIMIT}`,
    test: (v) => v.map_mode === "DISTRIBUTED" || v.max_concurrency <= INLINE_MAP_CONCURRENCY_LIMIT,
    message: `Variable max_concurrency must be a whole number from 0 to ${INLINE_MAP_CONCURRENCY_LIMIT} when map_mode is INLINE.`,
  },
  {
    condition: (r) => `${r("workflow_type")} == "STANDARD" || ${r("timeout_seconds")} <= ${EXPRESS_MAX_SECONDS}`,
    test: (v) => v.workflow_type === "STANDARD" || v.timeout_seconds <= EXPRESS_MAX_SECONDS,
    message: `Variable timeout_seconds must be at most ${EXPRESS_MAX_SECONDS} when workflow_type is EXPRESS (an Express workflow runs at most 5 minutes).`,
  },
  {
    condition: (r) => `${r("map_mode")} == "INLINE" || ${r("workflow_type")} == "STANDARD"`,
    test: (v) => v.map_mode === "INLINE" || v.workflow_type === "STANDARD",
    message: "Variable map_mode DISTRIBUTED needs workflow_type STANDARD: Express workflows cannot run a Distributed Map.",
  },
  {
    condition: (r) => `${r("batch_size")} == 0 || ${r("map_mode")} == "DISTRIBUTED"`,
    test: (v) => v.batch_size === 0 || v.map_mode === "DISTRIBUTED",
    message: "Variable batch_size must be 0 unless map_mode is DISTRIBUTED (only a Distributed Map batches items).",
  },
  {
    condition: (r) => `!${r("isolate_failures")} || (${r("map_mode")} == "INLINE" && ${r("item_source")} == "list")`,
    test: (v) => !v.isolate_failures || (v.map_mode === "INLINE" && v.item_source === "list"),
    message:
      "Variable isolate_failures works with map_mode INLINE and item_source list; a Distributed Map isolates failures itself through tolerated_failure_percentage.",
  },
];
export const settingList: readonly Setting[] = Object.values(settings);

/**
 * The concrete value of every setting, as the offline runner resolves them.
 * A string setting with a oneOfStrings rule takes the union of its values
 * (map_mode: "INLINE" | "DISTRIBUTED"), so a misspelt value fails to compile.
 */
export type SettingValues = {
  [K in SettingName]: SettingValueOf<(typeof settings)[K]>;
};

type SettingValueOf<S extends Setting> = S["type"] extends "number"
  ? number
  : S["type"] extends "bool"
    ? boolean
    : S["type"] extends "map(string)"
      ? StringMap
      : S["rule"] extends OneOfRule<infer T>
        ? T
        : string;

export function defaultValues(): SettingValues {
  return Object.fromEntries(settingList.map((s) => [s.name, s.default])) as SettingValues;
}

/** Names derived from the prefix, shared by the stack and the seed's fallback. */
export function resourceNames(prefix: string) {
  return {
    table: `${prefix}-list`,
    function: `${prefix}-process-item`,
    stateMachine: `${prefix}-workflow`,
    functionLogGroup: `/aws/lambda/${prefix}-process-item`,
    stateMachineLogGroup: `/aws/vendedlogs/states/${prefix}-workflow`,
  };
}

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
 * This module imports nothing: no cdktf, no AWS SDK.
 */

export type SettingValue = number | string | boolean;

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

export interface NumberSetting<K extends string = string> extends SettingBase<K, number> {
  readonly type: "number";
}
export interface StringSetting<K extends string = string> extends SettingBase<K, string> {
  readonly type: "string";
}
export interface BoolSetting<K extends string = string> extends SettingBase<K, boolean> {
  readonly type: "bool";
}
export type Setting = NumberSetting | StringSetting | BoolSetting;

/** A whole number in [min, max] (max optional). */
export function wholeNumber(min: number, max?: number): Rule<number> {
  const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
  return {
    condition: (ref) =>
      `floor(${ref}) == ${ref} && ${ref} >= ${min}` + (max === undefined ? "" : ` && ${ref} <= ${max}`),
    test: (v) => Number.isInteger(v) && v >= min && (max === undefined || v <= max),
    message: `must be a whole number ${range}`,
  };
}

/** One of a fixed list of numbers. */
export function oneOfNumbers(values: readonly number[]): Rule<number> {
  return {
    condition: (ref) => `contains([${values.join(", ")}], ${ref})`,
    test: (v) => values.includes(v),
    message: `must be one of ${values.join(", ")}`,
  };
}

/**
 * A string matching a regular expression. The pattern must use only syntax
 * that RE2 (Terraform) and JavaScript read the same way: anchors, classes,
 * counted repetition.
 */
export function matches(pattern: string, meaning: string): Rule<string> {
  const re = new RegExp(`^(?:${pattern})$`);
  return {
    condition: (ref) => `can(regex(${hclString(`^(?:${pattern})$`)}, ${ref}))`,
    test: (v) => re.test(v),
    message: `must be ${meaning}`,
  };
}

/** Any boolean: the type check is the whole validation. */
export const anyBool: Rule<boolean> = {
  condition: (ref) => `${ref} == true || ${ref} == false`,
  test: (v) => typeof v === "boolean",
  message: "must be true or false",
};

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
export const LOG_RETENTION_DAYS = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** AWS runs at most 40 inline Map iterations at once, whatever MaxConcurrency says. */
export const INLINE_MAP_CONCURRENCY_LIMIT = 40;

/** A Standard workflow runs at most one year. */
export const STANDARD_MAX_SECONDS = 31_536_000;

export const settings = {
  max_concurrency: {
    name: "max_concurrency",
    type: "number",
    default: 1,
    description:
      "Upper bound on Map iterations running at once (the Map state's MaxConcurrency). 0 means no limit, as in AWS, where an inline Map runs at most 40 iterations at once.",
    rule: wholeNumber(0, INLINE_MAP_CONCURRENCY_LIMIT),
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
    description:
      "TimeoutSeconds of the whole execution; past it the execution ends TIMED_OUT with States.Timeout.",
    rule: wholeNumber(1, STANDARD_MAX_SECONDS),
  },
  name_prefix: {
    name: "name_prefix",
    type: "string",
    default: "stepfunctions-map",
    description:
      "Prefix of every resource name, so that two copies of the stack can live in one account and region.",
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
} as const satisfies Record<string, Setting>;

export type SettingName = keyof typeof settings;
export const settingList: readonly Setting[] = Object.values(settings);

/** The concrete value of every setting, as the offline runner resolves them. */
export type SettingValues = {
  [K in SettingName]: (typeof settings)[K]["default"] extends number
    ? number
    : (typeof settings)[K]["default"] extends boolean
      ? boolean
      : string;
};

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

/**
 * Resolves the settings the way Terraform resolves input variables, from the
 * one settings table (names, types, defaults and rules are never repeated
 * here):
 *
 *   default  <  TF_VAR_<name>  <  --var-file / --var, in command-line order
 *
 * Like Terraform, the last value given wins before any conversion, so a bad
 * TF_VAR_x is no error when --var x=... overrides it. The winner is then
 * converted to the variable's type (with go-cty's rules and messages) and
 * checked with the setting's rule; a failing rule gives exactly
 * `ruleMessage(setting)`, the text of the Terraform validation.
 *
 * Var files are read as Terraform reads them (tfvars.ts: JSON when the name
 * ends in .json, HCL otherwise). Complex-typed variables (tags, a
 * map(string)) given as TF_VAR_ or --var are parsed as HCL expressions, as
 * Terraform does.
 *
 * Async, because the HCL parser is.
 *
 * Not read: terraform.tfvars(.json) and *.auto.tfvars(.json) files. With
 * cdktf, Terraform runs in cdktf.out/stacks/<stack>/, so files in the project
 * root are not auto-loaded by `cdktf deploy` either; pass them with --var-file.
 */
import { readFileSync } from "node:fs";
import {
  crossRules,
  hasSettingType,
  ruleMessage,
  settingList,
  settings,
  type Setting,
  type SettingName,
  type SettingValue,
  type SettingValues,
} from "../../stacks/settings";
import { UsageError } from "../../cli/errors";
import { nearestName } from "../../cli/nearest-name";
import { SettingsError } from "./settings-error";
import { hclExpressionValue, readVarFile } from "./tfvars";

/** One --var or --var-file argument, kept in command-line order. */
export type VarArg = { readonly kind: "var"; readonly text: string } | { readonly kind: "var-file"; readonly path: string };

export interface ResolveOptions {
  /** Where TF_VAR_<name> are read; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly args?: readonly VarArg[];
  /** Reads a --var-file; default fs.readFileSync (injectable for tests). */
  readonly readFile?: (path: string) => string;
}

export interface ResolvedSettings {
  readonly values: SettingValues;
  /** Where each value came from: "default", "TF_VAR_x", "--var", or "--var-file F". */
  readonly sources: Readonly<Record<SettingName, string>>;
  /** Terraform's warnings (undeclared names in a var file); not fatal. */
  readonly warnings: readonly string[];
}

/** A value as given, before conversion: a string from the environment or -var, any JSON from a file. */
interface RawValue {
  readonly value: unknown;
  readonly source: string;
  /** How Terraform names the source in a type error. */
  readonly origin: { kind: "env" } | { kind: "var" } | { kind: "file"; path: string };
}

export async function resolveSettings(opts: ResolveOptions = {}): Promise<ResolvedSettings> {
  const warnings: string[] = [];
  const raw = await givenValues(opts, warnings);
  const values: Record<string, SettingValue> = {};
  const sources: Record<string, string> = {};
  for (const s of settingList) {
    const given = raw.get(s.name as SettingName);
    // Every variable is declared nullable = false: null means "use the default", as in Terraform.
    if (given === undefined || given.value === null) {
      values[s.name] = s.default;
      sources[s.name] = given === undefined ? "default" : `${given.source} (null: default)`;
      continue;
    }
    const converted = convert(s, s.type === "map(string)" ? await complexValue(s, given) : given.value);
    if (converted instanceof Unsuitable) throw new SettingsError(typeError(s, given, converted.error));
    values[s.name] = converted;
    sources[s.name] = given.source;
  }
  checkSettings(values);
  return { values: values as SettingValues, sources: sources as Record<SettingName, string>, warnings };
}

/** The value each setting was given, the last one winning (Terraform's order), before any conversion. */
async function givenValues(opts: ResolveOptions, warnings: string[]): Promise<Map<SettingName, RawValue>> {
  const env = opts.env ?? process.env;
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, "utf8"));
  const raw = new Map<SettingName, RawValue>();
  for (const s of settingList) {
    const v = env[`TF_VAR_${s.name}`];
    // Undeclared TF_VAR_ names are ignored, as Terraform does: the shell may hold them for other configurations.
    if (v !== undefined) raw.set(s.name as SettingName, { value: v, source: `TF_VAR_${s.name}`, origin: { kind: "env" } });
  }
  for (const arg of opts.args ?? []) {
    if (arg.kind === "var") {
      const [name, value] = varOption(arg.text);
      raw.set(name, { value, source: "--var", origin: { kind: "var" } });
      continue;
    }
    const file = await readVarFile(arg.path, readFile);
    for (const [name, value] of Object.entries(file.values)) {
      if (!isSettingName(name)) {
        // Terraform warns here rather than failing (a shared var file may serve several configurations), so the run goes on.
        const line = file.lineOf(name);
        warnings.push(`unknown variable ${name} in ${arg.path}${line === undefined ? "" : `:${line}`}${didYouMean(name)} (ignored, as Terraform does)`);
        continue;
      }
      raw.set(name, { value, source: `--var-file ${arg.path}`, origin: { kind: "file", path: arg.path } });
    }
  }
  return raw;
}

/**
 * --var NAME=VALUE. A malformed one (Terraform's message) or an undeclared
 * name is a mistake in the command line: a usage error, exit 2, whose
 * pointer to --help leads to the variables.
 */
function varOption(text: string): [SettingName, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) {
    throw new UsageError(
      `Invalid -var option: The given -var option "${text}" is not correctly specified. Must be a variable name and value separated by an equals sign, like --var key=value.`,
    );
  }
  const name = text.slice(0, eq);
  if (!isSettingName(name)) throw new UsageError(`unknown variable ${name}${didYouMean(name)}`);
  return [name, text.slice(eq + 1)];
}

/** ", did you mean max_concurrency?" for a name near a declared one; "" when none is near. */
function didYouMean(name: string): string {
  const near = nearestName(
    name,
    settingList.map((s) => s.name),
  );
  return near === undefined ? "" : `, did you mean ${near}?`;
}

/**
 * A complex-typed variable given as text (TF_VAR_, --var) is an HCL
 * expression to Terraform, e.g. TF_VAR_tags='{Team="data"}'; from a file it
 * is a value already.
 */
async function complexValue(s: Setting, given: RawValue): Promise<unknown> {
  if (given.origin.kind === "file" || typeof given.value !== "string") return given.value;
  const where = given.origin.kind === "env" ? `the TF_VAR_${s.name} environment variable` : `-var="${s.name}=..."`;
  return hclExpressionValue(
    given.value,
    (detail) => `Invalid value for input variable: The value of var.${s.name} set using ${where} is not a valid expression: ${detail}`,
    where,
  );
}

/**
 * Checks concrete values against the rules, refusing the first bad one with
 * the Terraform validation's message. Names not in the table are refused too.
 */
export function checkSettings(values: Readonly<Record<string, unknown>>): SettingValues {
  for (const name of Object.keys(values)) {
    if (!isSettingName(name)) {
      throw new SettingsError(`An input variable with the name "${name}" has not been declared. Declared: ${declaredNames()}.`);
    }
  }
  for (const s of settingList) {
    const v = values[s.name];
    if (!hasSettingType(s, v) || !(s.rule.test as (x: SettingValue) => boolean)(v as SettingValue)) {
      throw new SettingsError(ruleMessage(s));
    }
  }
  // Then the rules between settings (preconditions in Terraform), same messages.
  for (const rule of crossRules) {
    if (!rule.test(values as SettingValues)) throw new SettingsError(rule.message);
  }
  return values as SettingValues;
}

/** Defaults overlaid with some values, then checked: the programmatic way in (tests, bench). */
export function settingsWith(overrides: Readonly<Record<string, unknown>> = {}): SettingValues {
  const merged: Record<string, unknown> = Object.fromEntries(settingList.map((s) => [s.name, s.default]));
  Object.assign(merged, overrides);
  return checkSettings(merged);
}

function isSettingName(name: string): name is SettingName {
  return Object.prototype.hasOwnProperty.call(settings, name);
}

function declaredNames(): string {
  return settingList.map((s) => s.name).join(", ");
}

/** Why a value does not convert to the variable's type (go-cty's words). */
class Unsuitable {
  constructor(readonly error: string) {}
}

/** go-cty's conversion of a given value to the variable's type, with its error texts. */
function convert(s: Setting, v: unknown): SettingValue | Unsuitable {
  switch (s.type) {
    case "number":
      if (typeof v === "number") return v;
      if (typeof v === "string") return parseNumber(v) ?? new Unsuitable("a number is required");
      return new Unsuitable("number required");
    case "bool":
      if (typeof v === "boolean") return v;
      if (typeof v === "string") {
        if (v === "true" || v === "1") return true;
        if (v === "false" || v === "0") return false;
        const lower = v.toLowerCase();
        if (lower === "true" || lower === "false") {
          return new Unsuitable(`a bool is required; to convert from string, use lowercase "${lower}"`);
        }
        return new Unsuitable("a bool is required");
      }
      return new Unsuitable("bool required");
    case "string":
      return toStringValue(v) ?? new Unsuitable("string required");
    case "map(string)": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return new Unsuitable("map of string required");
      const out: Record<string, string> = {};
      for (const [k, x] of Object.entries(v)) {
        const converted = toStringValue(x);
        if (converted === undefined) return new Unsuitable(`element ${JSON.stringify(k)}: string required`);
        out[k] = converted;
      }
      return out;
    }
  }
}

/** go-cty's conversion to string: strings as they are, numbers and bools as their text. */
function toStringValue(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** Decimal text as big.Float.Parse(s, 10) reads it: sign, digits, point, exponent, or Inf. */
function parseNumber(text: string): number | undefined {
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^[+-]?[Ii]nf$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  return undefined;
}

/** Terraform's "Invalid value for input variable" text, naming where the value came from. */
function typeError(s: Setting, given: RawValue, error: string): string {
  const addr = `var.${s.name}`;
  switch (given.origin.kind) {
    case "env":
      return `Invalid value for input variable: Unsuitable value for ${addr} set using the TF_VAR_${s.name} environment variable: ${error}.`;
    case "var":
      return `Invalid value for input variable: Unsuitable value for ${addr} set using -var="${s.name}=...": ${error}.`;
    case "file":
      return `Invalid value for input variable: The given value is not suitable for ${addr} (set in ${given.origin.path}): ${error}.`;
  }
}

/**
 * Terraform's variable files and HCL values, offline: a --var-file read as
 * Terraform reads it (JSON when the name ends in .json, HCL otherwise, with
 * @cdktf/hcl2json, the HCL parser cdktf ships), and an HCL expression given
 * as text (a complex-typed TF_VAR_ or --var). Like Terraform, a tfvars file
 * holds literal values only: a variable or a function call is refused.
 */
import { SettingsError } from "./settings-error";

/** A var file read: its variables, and where each is set (for a warning that names the line). */
export interface VarFile {
  readonly values: Record<string, unknown>;
  /** The 1-based line that sets `name` at the top level, when found. */
  readonly lineOf: (name: string) => number | undefined;
}

/** A var file's variables: JSON if the name ends in .json (Terraform's own test), HCL otherwise. */
export async function readVarFile(path: string, readFile: (p: string) => string): Promise<VarFile> {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SettingsError(
      code === "ENOENT"
        ? `Failed to read variables file: Given variables file ${path} does not exist.`
        : `Failed to read variables file: ${path}: ${(e as Error).message}`,
    );
  }
  const json = path.endsWith(".json");
  return { values: json ? readJsonVars(path, text) : await readHclVars(path, text), lineOf: (name) => assignmentLine(text, name, json) };
}

async function readHclVars(path: string, text: string): Promise<Record<string, unknown>> {
  try {
    const parsed = await parseHcl(path, text);
    return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, readHclLiteral(value, `${path}: ${name}`)]));
  } catch (e) {
    if (e instanceof HclError) throw new SettingsError(e.message);
    throw e;
  }
}

function readJsonVars(path: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new SettingsError(`Invalid variables file: ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new SettingsError(`Invalid variables file: ${path} must hold a JSON object of variable names to values.`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * The line of the first `name =` opening a line (HCL) or `"name":` anywhere
 * (JSON, often written on one line). Neither parser gives positions for a
 * value, so the text is searched; a nested key of the same name that comes
 * first could be named instead, which only makes a warning's pointer less exact.
 */
function assignmentLine(text: string, name: string, json: boolean): number | undefined {
  const quoted = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = json ? new RegExp(`"${quoted}"\\s*:`) : new RegExp(`^\\s*${quoted}\\s*=`);
  const index = text.split("\n").findIndex((line) => pattern.test(line));
  return index < 0 ? undefined : index + 1;
}

/**
 * The value of one HCL expression given as text; a refused one throws
 * SettingsError with `message(detail)`. `where` names the source in hcl2json's errors.
 */
export async function hclExpressionValue(text: string, message: (detail: string) => string, where: string): Promise<unknown> {
  try {
    const parsed = await parseHcl(where, `value = ${text}\n`);
    const names = Object.keys(parsed);
    if (names.length !== 1 || names[0] !== "value") throw new HclError("Extra characters after expression: one expression expected");
    return readHclLiteral(parsed.value, "");
  } catch (e) {
    if (!(e instanceof HclError)) throw e;
    // Positions count the "value = " this function added: drop them, the text is short.
    throw new SettingsError(message(e.detail.replace(/^.*?:\d+,\d+(?:-\d+)?: /, "")));
  }
}

// --- HCL values (tfvars files, complex -var and TF_VAR_ values) -------------------

/** An HCL text Terraform would refuse; `message` names the file (or source) and the position. */
class HclError extends Error {
  constructor(
    message: string,
    /** The message without the "Invalid variables file" lead, for other contexts. */
    readonly detail = message,
  ) {
    super(message);
  }
}

/**
 * Parses HCL attributes with @cdktf/hcl2json (loaded only when needed: it
 * starts a Go WebAssembly module). Its errors read "parse config:
 * [f.tfvars:2,1-1: Missing expression; ...]": kept as one line, naming the
 * file and the position.
 */
async function parseHcl(filename: string, text: string): Promise<Record<string, unknown>> {
  const { parse } = await import("@cdktf/hcl2json");
  try {
    return (await parse(filename, text)) as Record<string, unknown>;
  } catch (e) {
    const raw = String((e as Error)?.message ?? e)
      .replace(/\s+/g, " ")
      .trim();
    const detail = raw.replace(/^parse config: \[(.*)\]$/, "$1");
    throw new HclError(`Invalid variables file: ${detail}`, detail);
  }
}

/**
 * A value as hcl2json returns it, checked to be a literal the way Terraform
 * evaluates a tfvars file (no variables, no functions): hcl2json renders any
 * expression as a "${...}" template string, and keeps a literal "$${" or
 * "%%{" escaped, which is undone here.
 */
function readHclLiteral(value: unknown, where: string): unknown {
  if (Array.isArray(value)) return value.map((v) => readHclLiteral(v, where));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readHclLiteral(v, where)]));
  }
  if (typeof value !== "string") return value;
  // An interpolation or directive is "${" or "%{" not preceded by its own escape.
  const template = /(?<![$%])[$%]\{((?:[^}"]|"[^"]*")*)\}/.exec(value.replace(/\$\$\{|%%\{/g, "  "));
  if (template) {
    const expr = template[1]!.trim();
    const at = where ? `${where}: ` : "";
    if (/[A-Za-z_][\w:]*\s*\(/.test(expr)) {
      throw new HclError(`Function calls not allowed: ${at}${expr}: Functions may not be called here.`, `${expr}: Functions may not be called here.`);
    }
    if (/(^|[^\w."])[A-Za-z_][\w-]*(\.|\[|$|\s)/.test(expr) && !/^(true|false|null)$/.test(expr)) {
      throw new HclError(`Variables not allowed: ${at}${expr}: Variables may not be used here.`, `${expr}: Variables may not be used here.`);
    }
    throw new HclError(
      `Invalid variables file: ${at}${expr}: offline, only literal values are read (no operators or templates).`,
      `${expr}: offline, only literal values are read (no operators or templates).`,
    );
  }
  return value.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

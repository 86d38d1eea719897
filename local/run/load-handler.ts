/**
 * `--handler file.ts|file.js[#exportName]`: a module exporting a Lambda
 * handler, as the Node.js runtime names one (the export `handler` unless
 * told). A .ts module loads through tsx, which runs npm start. A missing
 * file, a module that fails to load, and a missing export are each refused
 * in one line that says which.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { UserError } from "../../cli/errors";
import type { LambdaHandler } from "../engine/integrations";

class HandlerLoadError extends UserError {
  override name = "HandlerLoadError";
}

const MODULE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const DEFAULT_EXPORT = "handler";

interface HandlerSpec {
  readonly file: string;
  readonly exportName: string;
}

/** "lib/h.ts#process" -> {file: "lib/h.ts", exportName: "process"}; without "#", the export `handler`. */
function parseHandlerSpec(text: string): HandlerSpec {
  const hash = text.lastIndexOf("#");
  const file = hash < 0 ? text : text.slice(0, hash);
  const exportName = hash < 0 ? DEFAULT_EXPORT : text.slice(hash + 1);
  if (!MODULE_EXTENSIONS.includes(path.extname(file))) {
    throw new HandlerLoadError(`--handler ${text}: expected a .ts or .js module (${MODULE_EXTENSIONS.join(", ")}), optionally #exportName`);
  }
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new HandlerLoadError(`--handler ${text}: "${exportName}" is not an export name`);
  return { file, exportName };
}

export async function loadHandler(text: string, cwd: string = process.cwd()): Promise<LambdaHandler> {
  const spec = parseHandlerSpec(text);
  const file = path.resolve(cwd, spec.file);
  if (!existsSync(file)) throw new HandlerLoadError(`--handler ${text}: no such file`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(file)) as Record<string, unknown>;
  } catch (e) {
    throw new HandlerLoadError(`--handler ${text}: ${spec.file} failed to load: ${firstLine(e)}`);
  }
  return callable(exported(mod, spec.exportName, text));
}

/** The export by name; a CommonJS module's `module.exports.name` reaches an ES import as `default.name`. */
function exported(mod: Record<string, unknown>, name: string, text: string): (...args: unknown[]) => unknown {
  const cjs = mod.default && typeof mod.default === "object" ? (mod.default as Record<string, unknown>) : {};
  const value = mod[name] ?? (name === "default" ? undefined : cjs[name]);
  if (typeof value === "function") return value as (...args: unknown[]) => unknown;
  const names = [...new Set([...Object.keys(mod), ...Object.keys(cjs)])].filter((k) => k !== "__esModule");
  if (value === undefined) throw new HandlerLoadError(`--handler ${text}: the module has no export ${name} (its exports: ${names.join(", ") || "none"})`);
  throw new HandlerLoadError(`--handler ${text}: the export ${name} is ${typeof value}, not a function`);
}

/**
 * The handler as the Lambda integration calls it: (event, context), awaited.
 * One declaring a third parameter is a callback handler: it ends by calling
 * callback(error, result), or by returning a promise.
 */
function callable(fn: (...args: unknown[]) => unknown): LambdaHandler {
  if (fn.length < 3) return (event, context) => fn(event, context);
  return (event, context) =>
    new Promise((resolve, reject) => {
      const callback = (error: unknown, result?: unknown) => (error ? reject(asError(error)) : resolve(result));
      const returned = fn(event, context, callback) as { then?: unknown } | undefined;
      if (returned && typeof returned.then === "function") (returned as Promise<unknown>).then(resolve, reject);
    });
}

/** What callback(error) was given, as the error the integration reports (a string becomes its message). */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(typeof error === "string" ? error : JSON.stringify(error));
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0] ?? "";
}

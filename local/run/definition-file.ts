/**
 * What a user hands `npm start -- --definition` on the command line: the
 * definition file and the execution's input (--input or --input-file). Each
 * is read and parsed here, and refused in one line that names the option,
 * the file and the problem.
 */
import { readFileSync } from "node:fs";
import { UserError } from "../../cli/errors";

/** A definition file or an input the run cannot start with. */
class GivenInputError extends UserError {
  override name = "GivenInputError";
}

/** A JSON file's value, refused in one line that names `option` and the file. */
export function readJsonFile(file: string, option: string): unknown {
  return parseJson(readText(file, option), `${option} ${file}`.trim());
}

export function readDefinitionFile(file: string): object {
  const value = readJsonFile(file, "--definition");
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new GivenInputError(
      `--definition ${file}: a state machine definition is a JSON object, not ${Array.isArray(value) ? "an array" : JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The execution's input; without --input or --input-file, {} (what StartExecution gives an execution started without input). */
export function executionInput(opts: { readonly input?: string | undefined; readonly inputFile?: string | undefined }): unknown {
  if (opts.inputFile !== undefined) return parseJson(readText(opts.inputFile, "--input-file"), `--input-file ${opts.inputFile}`);
  if (opts.input !== undefined) return parseJson(opts.input, "--input");
  return {};
}

/** A file's text; "-" is standard input. */
function readText(file: string, option: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "a directory, not a file"
          : code === "ERR_STRING_TOO_LONG"
            ? "too large to read as one text (V8 holds at most 512 MB in a string)"
            : (e as Error).message;
    throw new GivenInputError(`${option} ${file}`.trim() + `: ${why}`);
  }
}

/** JSON.parse, refused with `what` and the parser's own words (position, line and column). */
function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // V8 quotes a short text in its message: a newline there would break the one line.
    throw new GivenInputError(`${what}: not JSON: ${(e as Error).message.replace(/\r?\n/g, "\\n")}`);
  }
}

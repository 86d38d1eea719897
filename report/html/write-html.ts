/**
 * `--html FILE`: the page written whole or not at all. It goes to a
 * temporary file beside FILE and is renamed over it, so a killed run or a
 * reader opening FILE meanwhile never sees half a page.
 */
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { UserError } from "../../cli/errors";
import { renderHtml, type HtmlInput } from "./render-html";

/** A path --html cannot be written to, refused before the run rather than after it. */
export function checkHtmlTarget(file: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`--html ${file}: ${dir} is not a directory`);
    accessSync(dir, constants.W_OK);
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`--html ${file}: ${code === "ENOENT" ? "no such directory" : code === "EACCES" ? "permission denied" : (e as Error).message}`);
  }
  let target;
  try {
    target = statSync(file);
  } catch {
    return;
  }
  if (target.isDirectory()) throw new UserError(`--html ${file}: is a directory`);
}

export function writeHtmlReport(file: string, input: HtmlInput): void {
  const page = renderHtml(input);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, page);
    renameSync(temporary, file);
  } catch (e) {
    rmSync(temporary, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such directory" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new UserError(`--html ${file}: ${why}`);
  }
}

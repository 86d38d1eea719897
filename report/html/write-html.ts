/**
 * `--html FILE`: the page written whole or not at all. It goes to a
 * temporary file beside FILE and is renamed over it, so a killed run or a
 * reader opening FILE meanwhile never sees half a page.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { UserError } from "../../cli/errors";
import { renderHtml, type HtmlInput } from "./render-html";

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

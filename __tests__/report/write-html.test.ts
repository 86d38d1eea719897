/** --html FILE is written whole or not at all, and a bad path is one line. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { writeHtmlReport } from "../../report/html/write-html";
import { buildReport } from "../../report/report";
import { settingsWith } from "../../local/settings/settings-input";
import { syntheticHistory } from "../fixtures/synthetic-history";

const history = syntheticHistory(3);
const input = {
  report: buildReport(history, settingsWith({})),
  definition: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
  executions: [{ name: "x", history }],
};

test("an existing file is replaced by the whole page, and nothing else is left beside it", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "html-"));
  const file = path.join(dir, "run.html");
  writeFileSync(file, "old");
  writeHtmlReport(file, input);
  expect(readFileSync(file, "utf8")).toMatch(/^<!doctype html>[\s\S]*<\/html>$/);
  expect(readdirSync(dir)).toEqual(["run.html"]);
});

test("a directory that does not exist: one line naming the option and the file, nothing written", () => {
  const file = path.join(tmpdir(), "no-such-dir-for-html", "run.html");
  expect(() => writeHtmlReport(file, input)).toThrow(`--html ${file}: no such directory`);
  expect(existsSync(path.dirname(file))).toBe(false);
});

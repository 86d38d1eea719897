/**
 * `npm run report -- --html FILE [--definition DEF.json] REPORT.json`: the
 * HTML page of a run saved with `--json` (npm start or npm run execute),
 * drawn without running anything again. The report holds the items, the
 * states' counts, the executions and the settings; the graph's definition
 * is the project's for those settings unless --definition names the one the
 * run ran (a run of npm start -- --definition, or a state machine changed
 * since). A saved report holds no events, so the page lists none.
 */
import { UsageError, UserError } from "../../cli/errors";
import { parseCommandLine, runCommand, type CommandIo } from "../../cli/run";
import { checkHtmlTarget, writeHtmlReport } from "../../report/html/write-html";
import type { Report } from "../../report/report";
import { resourceNames } from "../../stacks/settings";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../engine/local-aws";
import { readDefinitionFile, readJsonFile } from "../run/definition-file";
import { projectDefinition } from "../run/project-definition";
import { settingsWith } from "../settings/settings-input";

const USAGE = `Usage: npm run report -- --html FILE [--definition DEF.json] REPORT.json

Writes the HTML page of a saved run: REPORT.json is what npm start -- --json
or npm run execute -- --json printed. The page shows the graph colored by the
report's counts, the timeline, every item and the executions; it lists no
events (a saved report keeps counts, not events).

Options:
  --html FILE          the page to write (whole or not at all)
  --definition FILE    the definition the run ran; default: the project's for
                       the report's settings (what npm run definition prints)
  --help               show this help
`;

const OPTIONS = { html: { type: "string" }, definition: { type: "string" } } as const;

export function run(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand({ name: "report", usage: USAGE }, io, async () => {
    const { values, positionals } = parseCommandLine(argv, OPTIONS, { positionals: true });
    if (values.html === undefined) throw new UsageError("--html FILE is required: the page to write");
    if (positionals.length !== 1)
      throw new UsageError(positionals.length === 0 ? "name the saved report: REPORT.json" : `one report at a time, not ${positionals.length}`);
    const file = positionals[0]!;
    checkHtmlTarget(values.html);
    const saved = savedReport(file);
    const definition = values.definition !== undefined ? readDefinitionFile(values.definition) : definitionOf(saved.report, file);
    writeHtmlReport(values.html, { report: saved.report, definition, ...(saved.logs ? { logs: saved.logs } : {}) });
    io.stderr.write(`report: wrote ${values.html} (${saved.report.items.length.toLocaleString("en-US")} items)\n`);
    return 0;
  });
}

type Logs = readonly { readonly atMs: number; readonly index: number | null; readonly line: string }[];

/** The report in the file, checked for the fields the page reads; execute's `logs`, when it has them. */
function savedReport(file: string): { report: Report; logs?: Logs } {
  const doc = readJsonFile(file, "");
  const fail = (why: string) => new UserError(`${file}: not a report of npm start -- --json or npm run execute -- --json: ${why}`);
  if (!isObject(doc)) throw fail(`a report is a JSON object, not ${Array.isArray(doc) ? "an array" : JSON.stringify(doc)}`);
  const r = doc as Record<string, unknown>;
  if (typeof r.status !== "string") throw fail('no "status"');
  if (!Array.isArray(r.items)) throw fail('no "items" array');
  if (!isObject(r.settings)) throw fail('no "settings" object');
  const report = { ...r, states: isObject(r.states) ? r.states : {} } as unknown as Report;
  return Array.isArray(r.logs) ? { report, logs: r.logs as Logs } : { report };
}

const isObject = (v: unknown): v is object => v !== null && typeof v === "object" && !Array.isArray(v);

/** The project's definition for the report's settings, as the offline run built it. */
function definitionOf(report: Report, file: string): object {
  let settings;
  try {
    settings = settingsWith(report.settings);
  } catch (e) {
    throw new UserError(`${file}: its settings build no definition (${(e as Error).message}); pass --definition FILE`);
  }
  const names = resourceNames(settings.name_prefix);
  return projectDefinition(settings, {
    tableName: names.table,
    functionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${names.function}`,
  });
}

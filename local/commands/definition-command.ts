/**
 * npm start's second form: `--definition FILE [--input JSON | --input-file
 * FILE] [--handler MODULE] [--history] [--json]` runs a definition the user
 * wrote (local/run/run-given-definition.ts) instead of the project's.
 * Options of one form are a usage error in the other (exit 2); a bad file,
 * input or handler is refused in one line (exit 1).
 */
import { UsageError } from "../../cli/errors";
import type { CommandIo } from "../../cli/run";
import { checkHtmlTarget, writeHtmlReport } from "../../report/html/write-html";
import { printReport } from "../../report/print-report";
import { executionInput, readDefinitionFile } from "../run/definition-file";
import { loadHandler } from "../run/load-handler";
import { runGivenDefinition } from "../run/run-given-definition";
import { historyJson } from "./history-json";
import { checkMockCombination, mockedLine, mockOption, type MockValues } from "./mock-options";

/** The parsed options both forms share (cli-main.ts's OPTIONS). */
export interface StartValues extends MockValues {
  readonly definition?: string | undefined;
  readonly input?: string | undefined;
  readonly "input-file"?: string | undefined;
  readonly handler?: string | undefined;
  readonly history?: boolean | undefined;
  readonly json?: boolean | undefined;
  readonly file?: string | undefined;
  readonly var?: string[] | undefined;
  readonly "var-file"?: string[] | undefined;
  readonly "fail-items"?: string | undefined;
  readonly "throttle-items"?: string | undefined;
  readonly html?: string | undefined;
}

/** Options of the project's run: its table, its variables, its items. A given definition is run as it is. */
const PROJECT_ONLY = ["file", "var", "var-file", "fail-items", "throttle-items"] as const;
const GIVEN_ONLY = ["input", "input-file", "handler", "history"] as const;

/** Options that do not go together: a UsageError naming them. */
export function checkCombination(values: StartValues): void {
  checkMockCombination(values);
  const given = (name: keyof StartValues) => values[name] !== undefined;
  if (given("definition")) {
    const clash = PROJECT_ONLY.find(given);
    if (clash)
      throw new UsageError(`--${clash} applies to the project's own definition; --definition runs the given one as it is (no table, no seeding, no variables)`);
    if (given("input") && given("input-file")) throw new UsageError("--input and --input-file both give the execution's input: choose one");
    if (values.history && values.json) throw new UsageError("--history and --json both print on stdout: choose one");
    return;
  }
  const orphan = GIVEN_ONLY.find(given);
  if (orphan) throw new UsageError(`--${orphan} needs --definition FILE (the project's own run reads its items from the table)`);
}

export async function runGivenCommand(values: StartValues, io: CommandIo): Promise<number> {
  const file = values.definition!;
  const definition = readDefinitionFile(file);
  const input = executionInput({ input: values.input, inputFile: values["input-file"] });
  const handler = values.handler === undefined ? undefined : await loadHandler(values.handler);
  const mocks = mockOption(values);
  if (values.html) checkHtmlTarget(values.html);
  const result = await runGivenDefinition({
    definition,
    file,
    input,
    ...(handler ? { handler } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
    warn: (m) => io.stderr.write(`start: ${m}\n`),
    ...(mocks ? { mocks } : {}),
  });
  io.stderr.write(mockedLine(result.testCase, result.report));
  const { report } = result;
  if (values.history) io.stdout.write(historyJson(result.history));
  else printReport({ report, sources: result.sources, logs: result.logs }, { json: Boolean(values.json) }, io.stdout);
  if (values.html) writeHtmlReport(values.html, { report, definition, eventLists: [{ name: file, history: result.history }], logs: result.logs });
  // A quota reached: say so on stderr too (stdout may be JSON for a script).
  if (result.quota) io.stderr.write(`start: ${result.quota.error ?? "FAILED"} (the ${result.quota.quota} quota): ${result.quota.cause}\n`);
  if (report.status === "SUCCEEDED") return 0;
  return report.status === "ABORTED" ? 130 : 1;
}

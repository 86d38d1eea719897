/**
 * The offline run as a command: settings (refused before anything starts) ->
 * local DynamoDB -> seed -> definition -> local engine -> timeline or JSON.
 * Exit code: 0 only for SUCCEEDED; 1 for FAILED, TIMED_OUT and refused
 * input; 130 when Ctrl-C aborted the run; 2 for a usage error.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { SeedInputError } from "../stacks/work-list";
import { SeedTargetError } from "../seed/write-list";
import { settingList } from "../stacks/settings";
import { UnsupportedDefinitionError } from "../stacks/definition-walk";
import { printReport } from "../report/print-report";
import { progressLine } from "../cli/progress";
import { DEFAULT_LIST_FILE, runOffline } from "./run-offline";
import { resolveSettings, SettingsError, type VarArg } from "./settings-input";

const USAGE = `Usage: npm start -- [options]

Runs the state machine offline: a local DynamoDB (dynalite) seeded with the
list, the definition the stack deploys, a real States Language engine
(aws-local-stepfunctions) and the real Lambda handler, in this process.
Prints a timeline of what ran when, or one JSON report with --json.

Options:
  --file FILE               JSON array to seed (default ${path.relative(process.cwd(), DEFAULT_LIST_FILE) || DEFAULT_LIST_FILE})
  --var NAME=VALUE          set a variable, as with cdktf deploy --var (repeatable)
  --var-file FILE.tfvars.json
                            variables from a JSON file (repeatable)
  --json                    print one JSON report instead of the timeline
  --help                    show this help

Variables also come from TF_VAR_NAME. Precedence, as in Terraform:
default < TF_VAR_NAME < --var-file and --var in command-line order.
${settingList.map((s) => `  ${s.name.padEnd(30)}${String(s.default).padEnd(20)}${s.rule.message}`).join("\n")}

Exit code: 0 SUCCEEDED; 1 FAILED, TIMED_OUT or refused input; 130 aborted (Ctrl-C).
`;

/** Stop waiting for stray handles this long after the work is done. */
const EXIT_GRACE_MS = 3000;

export async function main(argv: string[]): Promise<void> {
  const code = await run(argv);
  process.exitCode = code;
  // Everything should be closed by now and the process end by itself; if a
  // handle was left open, say so and end anyway rather than hang.
  setTimeout(() => {
    process.stderr.write("start: something was still open after the run; exiting anyway\n");
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        file: { type: "string" },
        var: { type: "string", multiple: true },
        "var-file": { type: "string", multiple: true },
        json: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (e) {
    process.stderr.write(`start: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // --var and --var-file interleave; the tokens keep their order (later wins).
  const varArgs: VarArg[] = [];
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== "option" || t.value === undefined) continue;
    if (t.name === "var") varArgs.push({ kind: "var", text: t.value });
    if (t.name === "var-file") varArgs.push({ kind: "var-file", path: t.value });
  }

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nstart: aborting the execution (Ctrl-C again to quit at once)\n");
    controller.abort();
  };
  process.on("SIGINT", onSigint);

  const progress = parsed.values.json ? undefined : progressLine(process.stderr);
  try {
    const resolved = resolveSettings({ args: varArgs });
    for (const w of resolved.warnings) process.stderr.write(`start: warning: ${w}\n`);
    const result = await runOffline({
      settings: resolved.values,
      ...(parsed.values.file ? { file: parsed.values.file } : {}),
      signal: controller.signal,
      onProgress: progress ? (p) => progress.update(p) : undefined,
      warn: (m) => process.stderr.write(`start: ${m}\n`),
    });
    progress?.clear();
    const { report } = result;
    printReport(
      { report, sources: resolved.sources, tableName: result.tableName, itemsRead: result.itemsRead, logs: result.logs },
      { json: Boolean(parsed.values.json) },
    );
    if (report.status === "SUCCEEDED") return 0;
    return report.status === "ABORTED" ? 130 : 1;
  } catch (e) {
    progress?.clear();
    if (e instanceof SettingsError || e instanceof SeedInputError || e instanceof SeedTargetError || e instanceof UnsupportedDefinitionError) {
      process.stderr.write(`start: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`start: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/**
 * `npm start -- --definition FILE`: a definition the user wrote, run offline
 * as it is, with no table and no seeding, through the same layers as the
 * project's own run (run-definition.ts: quotas, the Distributed Map, AWS's
 * limits) and the same history sink and report.
 *
 * Only Lambda runs: every arn:aws:states:::lambda:invoke Task calls the
 * user's handler (--handler) or the project's function. Any other Task is
 * refused before anything runs, in one line naming the state and its
 * resource (the engine core's NoLocalHandlerError): offline runs never call
 * AWS, and the project's DynamoDB stand-ins serve the project's own table.
 * With a mock configuration's test case (`mocks`), a Task every state of
 * whose Resource is mocked runs too: a mocked Task never calls its service
 * (local/mocks/layer.ts).
 */
import { randomUUID } from "node:crypto";
import * as path from "node:path";
import { makeHandler } from "../../functions/process-item";
import type { HistoryEvent } from "../../report/history-types";
import type { Report } from "../../report/report";
import { LAMBDA_INVOKE } from "../../stacks/definition/asl";
import { FUNCTION_TIMEOUT_SECONDS } from "../../stacks/project";
import { taskStates } from "../../stacks/definition-walk";
import type { SettingValues } from "../../stacks/settings";
import { checkDefinition } from "../engine/engine";
import type { QuotaFailure } from "../engine/events";
import { lambdaInvoke, type Integrations, type LambdaHandler } from "../engine/integrations";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../engine/local-aws";
import { UnsupportedDefinitionError } from "../engine/support";
import { runChain, type ChainRun } from "./chain";
import { captureConsole, loggingToSink } from "./handler-console";
import { rawLogLine, type LogLine, type RawLogLine } from "./logs";
import type { EngineRunOptions } from "./run-definition";
import type { MockConfig } from "../mocks/mock-config";
import { mockLayer, withMockedResources } from "../mocks/layer";
import { checkMockedStates, selectTestCase, type TestCase } from "../mocks/test-case";

export interface GivenDefinitionOptions {
  readonly definition: object;
  /** The file it came from: every refusal names it. */
  readonly file: string;
  /** The execution's input; default {}. */
  readonly input?: unknown;
  /** The Lambda handler every invocation calls (--handler); default the project's function. */
  readonly handler?: LambdaHandler;
  /** Aborting it aborts the execution: status ABORTED. */
  readonly signal?: AbortSignal;
  readonly warn?: (message: string) => void;
  /** Milliseconds between retries, by state name (tests). */
  readonly retryIntervalOverrides?: EngineRunOptions["retryIntervalOverrides"];
  /** Milliseconds a Wait state waits, by state name (tests). */
  readonly waitTimeOverrides?: EngineRunOptions["waitTimeOverrides"];
  /** A mock configuration's test case; without `stateMachine`, the file's only one, else the one named as this run names the state machine (the file's base name). */
  readonly mocks?: { readonly config: MockConfig; readonly testCase: string; readonly stateMachine?: string | undefined };
}

export interface GivenDefinitionRun {
  readonly report: Report;
  /** Where the report's few settings come from (the timeline prints it beside each). */
  readonly sources: Readonly<Record<string, string>>;
  /** The execution's history, as GetExecutionHistory returns it (a Distributed Map's children have their own). */
  readonly history: readonly HistoryEvent[];
  readonly logs: readonly LogLine[];
  readonly quota?: QuotaFailure;
  /** The mock configuration's test case the run used (`mocks`). */
  readonly testCase?: TestCase;
}

export async function runGivenDefinition(opts: GivenDefinitionOptions): Promise<GivenDefinitionRun> {
  const rawLogs: RawLogLine[] = [];
  const name = stateMachineName(opts.file);
  const testCase = opts.mocks ? selectTestCase(opts.mocks.config, { ...opts.mocks, runName: name }) : undefined;
  if (testCase) checkMockedStates(testCase, opts.definition);
  const lambda = lambdaOnly(opts.handler, rawLogs);
  const integrations = testCase ? withMockedResources(lambda, opts.definition, testCase) : lambda;
  const restoreConsole = opts.handler ? captureConsole() : () => {};
  let chain: ChainRun;
  const { values, sources } = givenSettings(opts.definition);
  try {
    // Refused before anything runs: a Task other than Lambda invoke, or a field the offline run does not build.
    refuseDirectLambda(opts.definition, opts.file);
    naming(opts.file, () => checkDefinition(opts.definition, integrations));
    chain = await naming(opts.file, () =>
      runChain({
        definition: opts.definition,
        stateMachine: { arn: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${name}`, name },
        firstName: randomUUID(),
        input: opts.input ?? {},
        integrations,
        rawLogs,
        settings: values,
        // --history prints the last execution's history, the report needs rows: nothing else is kept.
        keepHistories: false,
        run: {
          signal: opts.signal,
          warn: opts.warn,
          retryIntervalOverrides: opts.retryIntervalOverrides,
          waitTimeOverrides: opts.waitTimeOverrides,
          ...(testCase ? { layers: [mockLayer(testCase, opts.definition)] } : {}),
        },
      }),
    );
  } finally {
    restoreConsole();
  }
  const run = givenRun(chain, sources);
  return testCase ? { ...run, testCase } : run;
}

/** The one integration a given definition gets: Lambda invoke, calling the user's handler or the project's function. */
function lambdaOnly(handler: LambdaHandler | undefined, rawLogs: RawLogLine[]): Integrations {
  return {
    [LAMBDA_INVOKE]: lambdaInvoke({
      handlerFor: (log) => (handler ? loggingToSink(handler, log) : makeHandler(log)),
      onLog: (line, call) => rawLogs.push(rawLogLine(line, call)),
      // A user's function: Lambda's default timeout (3 s), for getRemainingTimeInMillis; the project's: its own.
      ...(handler ? {} : { timeoutSeconds: FUNCTION_TIMEOUT_SECONDS }),
    }),
  };
}

/**
 * A Task whose Resource is a function's ARN calls Lambda directly: AWS logs
 * that as LambdaFunctionScheduled/Started/Succeeded events and hands the
 * function's result over unwrapped. The offline history builds Task events
 * only, so it is refused with what to write instead.
 */
function refuseDirectLambda(definition: object, file: string): void {
  const direct = taskStates(definition).find((t) => t.resource.startsWith("arn:aws:lambda:"));
  if (!direct) return;
  throw new UnsupportedDefinitionError(
    `--definition ${file}: state ${direct.name} (${direct.path}) calls ${direct.resource} directly; offline, a Lambda runs through ${LAMBDA_INVOKE} with Parameters {"FunctionName": ..., "Payload.$": "$"} (a direct call's LambdaFunction* history events are not built offline)`,
  );
}

/**
 * A refusal of the definition, with the file named and on one line: the
 * engine's asl-validator lists its problems one per line.
 */
function naming<T>(file: string, body: () => T): T {
  const rename = (e: unknown): never => {
    if (!(e instanceof UnsupportedDefinitionError)) throw e;
    const oneLine = e.message
      .replace(/,? see error\(s\) below:\s*/, ": ")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .join("; ");
    throw new UnsupportedDefinitionError(`--definition ${file}: ${oneLine}`);
  };
  try {
    const out = body();
    return out instanceof Promise ? (out.catch(rename) as T) : out;
  } catch (e) {
    return rename(e);
  }
}

/** The state machine's name offline: the file's name without its extensions, in the characters a name may hold. */
function stateMachineName(file: string): string {
  const base = path
    .basename(file)
    .replace(/\..*$/, "")
    .replace(/[^A-Za-z0-9_-]/g, "-")
    .slice(0, 80);
  return base || "definition";
}

function givenRun(chain: ChainRun, sources: Record<string, string>): GivenDefinitionRun {
  return {
    report: chain.report,
    sources,
    history: chain.lastHistory,
    logs: chain.logs,
    ...(chain.quota ? { quota: chain.quota } : {}),
  };
}

/**
 * The report's settings: only those that apply to a given definition. The
 * project's variables do not (the definition is not built from them); the
 * run keeps a Standard workflow's quotas, and a top-level TimeoutSeconds is
 * what a TIMED_OUT line names.
 */
function givenSettings(definition: object): { values: SettingValues; sources: Record<string, string> } {
  const timeout = (definition as { TimeoutSeconds?: unknown }).TimeoutSeconds;
  const values: Partial<SettingValues> = { workflow_type: "STANDARD", ...(typeof timeout === "number" ? { timeout_seconds: timeout } : {}) };
  const sources: Record<string, string> = { workflow_type: "a given definition runs with a Standard workflow's quotas" };
  if (typeof timeout === "number") sources.timeout_seconds = "the definition's TimeoutSeconds";
  // Partial by design: the report prints the settings it is given, and the project's others would be untrue here.
  return { values: values as SettingValues, sources };
}

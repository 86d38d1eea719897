/**
 * Continue as new, offline: each execution a ContinueAsNew task starts runs
 * after the one that started it, on the same engine, with a history of its
 * own. Runs the chain from its first execution to its last.
 */
import { executionArnOf } from "../../aws/arn";
import { ChainReportBuilder, EVENTS_LISTED } from "../../report/chain-report";
import type { ChildExecutionHistory, NamedHistory, Report } from "../../report/report";
import type { SettingValues } from "../../stacks/settings";
import { STATES_START_EXECUTION } from "../../stacks/definition/asl";
import type { HistoryEvent } from "../../report/history-types";
import type { ChildFold, ChildRun, EngineRun, MapRunRecord, QuotaFailure } from "../engine/events";
import { statesStartExecution, type Integrations, type StartedExecution } from "../engine/integrations";
import { toHistory } from "../history/history";
import { executionLogs, type LogLine, type RawLogLine } from "./logs";
import { LOCAL_REGION } from "../engine/local-aws";
import { runDefinition, type EngineRunOptions } from "./run-definition";
import { ExecutionSink } from "./execution-sink";

export interface ChainOptions {
  readonly definition: object;
  readonly stateMachine: { readonly arn: string; readonly name: string };
  readonly firstName: string;
  /** The first execution's input; default {}. */
  readonly input?: unknown;
  /** Every integration but StartExecution, which the chain adds. */
  readonly integrations: Integrations;
  /** The Lambda's lines as they come; each execution takes those of its own run. */
  readonly rawLogs: RawLogLine[];
  /** The same for every execution: overrides, quotas, layers, progress. */
  readonly run: Omit<EngineRunOptions, "definition" | "input" | "context" | "integrations">;
  /** The settings the report names. */
  readonly settings: SettingValues;
  /**
   * Keep every execution's whole history, and each child's (--history, tests);
   * false: fold each into the report and keep only the last execution's, and
   * the first events of a few for the HTML report's event lists.
   * @default true
   */
  readonly keepHistories?: boolean;
  /**
   * Without keepHistories: keep the last execution's whole history
   * (ChainRun.lastHistory: --history, the mocks' test cases). false: no
   * execution's history is kept beyond the events the HTML report lists, so
   * a run's memory is its rows (npm start). @default true
   */
  readonly keepLastHistory?: boolean;
}

/** Executions whose events the HTML report lists when histories are not kept: the first ones, and the last. */
const LISTED_EXECUTIONS = 5;

export interface ChainRun {
  /** One report over every execution, folded as they ran. */
  readonly report: Report;
  /** Every execution, in order, each with its own history; empty unless keepHistories. */
  readonly executions: NamedHistory[];
  /** The last execution's history; empty when neither keepHistories nor keepLastHistory. */
  readonly lastHistory: readonly HistoryEvent[];
  /** The histories the HTML report lists events of: every execution's if kept, else the first few and the last, cut to EVENTS_LISTED. */
  readonly eventLists: NamedHistory[];
  /** The Distributed Maps' children, each with its history; empty unless keepHistories. */
  readonly children: ChildExecutionHistory[];
  readonly logs: LogLine[];
  /** The AWS quota the chain reached, if one ended an execution. */
  readonly quota?: QuotaFailure;
}

export async function runChain(opts: ChainOptions): Promise<ChainRun> {
  const usedNames = new Set<string>([opts.firstName]);
  let next: StartedExecution | undefined = {
    name: opts.firstName,
    input: opts.input ?? {},
    executionArn: executionArnOf(opts.stateMachine.arn, opts.firstName),
  };
  const chain = new ChainRecorder(opts);
  // asl-validator compiles its schema anew for every check (about 100 ms): the
  // chain's executions all run one definition, so only the first checks it.
  let validated = opts.run.validated ?? false;
  while (next) {
    const current: StartedExecution = next;
    next = undefined;
    const sink = chain.sink();
    const run = await runDefinition({
      ...opts.run,
      ...chain.childFold(),
      sink: sink.sink,
      definition: opts.definition,
      validated,
      input: current.input,
      context: { Execution: { Id: current.executionArn, Name: current.name }, StateMachine: { Id: opts.stateMachine.arn, Name: opts.stateMachine.name } },
      integrations: {
        ...opts.integrations,
        [STATES_START_EXECUTION]: statesStartExecution({ stateMachineArn: opts.stateMachine.arn, usedNames, onStart: (started) => (next = started) }),
      },
    });
    chain.add(current.name, run, sink);
    validated = true;
    // Stopped by the user: AWS would run the started execution; offline nothing runs on.
    if (opts.run.signal?.aborted) break;
  }
  return chain.result();
}

/** What the chain's executions leave behind, one execution at a time. */
class ChainRecorder {
  private readonly report: ChainReportBuilder;
  private readonly keep: boolean;
  private readonly executions: NamedHistory[] = [];
  private readonly listed: NamedHistory[] = [];
  private lastListed: NamedHistory | undefined;
  private lastHistory: readonly HistoryEvent[] = [];
  private readonly children: ChildExecutionHistory[] = [];
  private readonly logs: LogLine[] = [];
  private itemsBefore = 0;
  private firstStartedAt: number | undefined;
  private quota: QuotaFailure | undefined;

  constructor(private readonly opts: ChainOptions) {
    this.report = new ChainReportBuilder(opts.settings);
    this.keep = opts.keepHistories ?? true;
  }

  /** Where the next execution's events go: its history, written and folded into its report as they come. */
  sink(): ExecutionSink {
    return new ExecutionSink({ definition: this.opts.definition, region: LOCAL_REGION, settings: this.opts.settings, keepHistory: this.wholeHistories });
  }

  /** Each execution's whole history is kept (else only the events the HTML report lists). */
  private get wholeHistories(): boolean {
    return this.keep || (this.opts.keepLastHistory ?? true);
  }

  /** Without kept histories, each child of a Map Run is folded into the report as it ends. */
  childFold(): { foldChild?: ChildFold } {
    if (this.keep) return {};
    return {
      foldChild: (mapRun, child) => {
        this.report.addChildren([childHistory(mapRun, child)]);
      },
    };
  }

  /** An execution has ended: its report (folded in `sink` while it ran) joins the chain's. */
  add(name: string, run: EngineRun, sink: ExecutionSink): void {
    const { report, events, history } = sink.finish();
    // Children a fold took are in the report already; those the Map Runs kept join it here.
    const children = run.mapRuns.flatMap((mapRun) => mapRun.children.map((child) => childHistory(mapRun, child)));
    this.report.addReport(
      name,
      report,
      events,
      run.mapRuns.reduce((n, m) => n + m.totalItems, 0),
    );
    this.report.addChildren(children);
    this.quota ??= run.quota;
    this.keepHistory({ name, history }, children);
    this.firstStartedAt ??= sink.startedAt;
    // Log times count from the first execution's start, as the report's do.
    for (const line of executionLogs(this.opts.rawLogs.splice(0), sink.itemOfRequest, this.itemsBefore, this.firstStartedAt)) this.logs.push(line);
    // The chain's report numbers the next execution's items on after this one's.
    this.itemsBefore += report.items.length;
  }

  private keepHistory(execution: NamedHistory, children: readonly ChildExecutionHistory[]): void {
    if (this.wholeHistories) this.lastHistory = execution.history;
    if (this.keep) {
      this.executions.push(execution);
      for (const child of children) this.children.push(child);
      return;
    }
    const cut = { name: execution.name, history: execution.history.slice(0, EVENTS_LISTED) };
    if (this.listed.length < LISTED_EXECUTIONS) this.listed.push(cut);
    else this.lastListed = cut;
  }

  result(): ChainRun {
    const { executions, children, logs, quota, lastHistory } = this;
    const eventLists = this.keep ? executions : [...this.listed, ...(this.lastListed ? [this.lastListed] : [])];
    return { report: this.report.result(), executions, lastHistory, eventLists, children, logs, ...(quota ? { quota } : {}) };
  }
}

/** A child of a Map Run as its history (AWS keeps one per child execution). */
function childHistory(mapRun: MapRunRecord, child: ChildRun): ChildExecutionHistory {
  return {
    positions: child.indices.map((i) => i + mapRun.itemOffset),
    batched: mapRun.batched,
    history: toHistory({
      events: child.run.events,
      calls: child.run.calls,
      attempts: child.run.attempts,
      definition: mapRun.childDefinition,
      region: LOCAL_REGION,
      quotaCut: child.run.quota?.keep,
    }),
  };
}

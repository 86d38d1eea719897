/**
 * The offline engine's core: runs one definition on aws-local-stepfunctions
 * with local integrations only, journals every integration call, and hands
 * out the engine's events as they happen. It knows no layer: quotas, the
 * Distributed Map and fault injection reach it through the definition, the
 * integrations and the state handlers they give (layer.ts).
 *
 * The engine overrides Task states by state name; the integrations are keyed
 * by Resource, so every Task state (inside Map and Parallel too) is mapped to
 * the integration for its Resource. A Task with none is refused before
 * anything runs: the engine would otherwise call real AWS Lambda.
 */
import { StateMachine, type RunOptions, type StateMachineDefinition } from "aws-local-stepfunctions";
import { taskStates } from "../../stacks/definition-walk";
import { checkSupported, UnsupportedDefinitionError } from "./support";
import { functionError, TaskFailure, type Integrations } from "./integrations";
import type { EngineEvent, Outcome, TaskCall } from "./events";
import type { RunControl, StateHandler } from "./layer";

type Overrides = NonNullable<RunOptions["overrides"]>;
type LocalHandlers = NonNullable<Overrides["taskResourceLocalHandlers"]>;
type JSONValue = Parameters<LocalHandlers[string]>[0];

/**
 * aws-local-stepfunctions 3.0.0 gives a Task with no TimeoutSeconds a timeout
 * of its own (TaskStateAction: DEFAULT_TIMEOUT_SECONDS = 60, then
 * States.Timeout) and has no option to turn it off. AWS sets none: "By
 * default, the Amazon States Language doesn't specify timeouts ... If ... the
 * TimeoutSeconds field isn't specified for an Activity or Task state, an
 * execution is stuck waiting for a response" ("Using timeouts to avoid stuck
 * Step Functions workflow executions"); the Lambda's own timeout applies. The engine
 * sees this instead: the longest setTimeout Node.js keeps (2^31-1 ms; a longer
 * one fires at once), about 24.8 days, beyond any offline run.
 */
export const ENGINE_NO_TASK_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** A Task whose Resource has no local integration: offline runs never call AWS. */
export class NoLocalHandlerError extends UnsupportedDefinitionError {
  override name = "NoLocalHandlerError";
}

/** A Task state of the deployed definition, as the engine's handlers are chosen: by name. */
export interface TaskRef {
  readonly name: string;
  readonly resource: string;
}

/**
 * Refuses, before anything runs, what the engine would run differently than
 * AWS (support.ts) and any Task without a local integration. Returns the Task
 * states, one per name.
 */
export function checkDefinition(definition: object, integrations: Integrations): TaskRef[] {
  checkSupported(definition);
  const resourceOf = new Map<string, string>();
  for (const t of taskStates(definition)) {
    // The engine's overrides are by state name: one name must mean one Resource.
    if (resourceOf.has(t.name) && resourceOf.get(t.name) !== t.resource) {
      throw new UnsupportedDefinitionError(`two Task states are named ${t.name} with different resources; local handlers are chosen by state name`);
    }
    resourceOf.set(t.name, t.resource);
    if (!Object.prototype.hasOwnProperty.call(integrations, t.resource)) {
      throw new NoLocalHandlerError(
        `state ${t.name} (${t.path}) calls ${t.resource}, which has no local handler; offline runs never call AWS (local handlers: ${Object.keys(integrations).join(", ") || "none"})`,
      );
    }
  }
  return [...resourceOf].map(([name, resource]) => ({ name, resource }));
}

export interface EngineStartOptions {
  /** The definition as the engine runs it (the layers' rewrite of the deployed one). */
  readonly definition: object;
  /** The deployed definition's Task states (checkDefinition). */
  readonly tasks: readonly TaskRef[];
  /** Local integrations by Task Resource ARN, as the layers wrapped them. */
  readonly integrations: Integrations;
  /** Handlers by state name that layers run themselves (not journaled). */
  readonly stateHandlers?: Readonly<Record<string, StateHandler>>;
  readonly input?: unknown;
  /** Aborting it aborts the execution (status ABORTED). */
  readonly signal?: AbortSignal;
  /** Milliseconds between retries, by state name (the engine's override: no jitter then). */
  readonly retryIntervalOverrides?: Overrides["retryIntervalOverrides"];
  /** Milliseconds a Wait state waits, by state name. */
  readonly waitTimeOverrides?: Overrides["waitTimeOverrides"];
  /** The context object's Execution and StateMachine fields ($$.Execution.Name, $$.StateMachine.Id). */
  readonly context?: RunOptions["context"];
  /** The definition was validated by the engine before (a Map Run's later children): skip asl-validator. */
  readonly validated?: boolean;
  /** Set on every task call (TaskCall.itemPositions). */
  readonly itemPositions?: readonly number[];
}

export interface EngineExecution {
  /** The engine's log; it closes when the engine does: on success, failure, abort and timeout alike. */
  readonly events: AsyncIterable<EngineEvent>;
  /** How the engine ended; once settled, the run has ended (RunControl.ended). */
  readonly outcome: Promise<Outcome>;
}

const NO_CALLS: readonly TaskCall[] = Object.freeze([]);

/** One run of the engine; the RunControl its layers get. */
export class Engine implements RunControl {
  private journal: TaskCall[] = [];
  /** keepCalls: how many of `journal` takeCalls has handed out. */
  private taken = 0;
  private seq = 0;
  private isEnded = false;
  private execution: ReturnType<StateMachine["run"]> | undefined;

  /**
   * `keepCalls` false: a call is let go once takeCalls has handed it out (to
   * the quota meter, which pairs it), so a run whose events are streamed keeps
   * no journal of its calls' inputs and outputs (a Distributed Map's parent:
   * every page of the list). @default true
   */
  constructor(private readonly keepCalls = true) {}

  /** Every call (keepCalls), else those not taken yet. */
  get calls(): readonly TaskCall[] {
    return this.journal;
  }

  takeCalls(): readonly TaskCall[] {
    if (!this.keepCalls) {
      if (this.journal.length === 0) return NO_CALLS;
      const out = this.journal;
      this.journal = [];
      return out;
    }
    if (this.taken === this.journal.length) return NO_CALLS;
    const out = this.journal.slice(this.taken);
    this.taken = this.journal.length;
    return out;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  end(): void {
    this.isEnded = true;
    this.execution?.abort();
  }

  start(opts: EngineStartOptions): EngineExecution {
    const handlers: LocalHandlers = {};
    for (const t of opts.tasks) handlers[t.name] = this.journaled(t, opts.integrations[t.resource]!, opts.itemPositions);
    for (const [name, handler] of Object.entries(opts.stateHandlers ?? {})) handlers[name] = this.unlessEnded(handler);
    const machine = newMachine(opts.definition, opts.validated);
    const execution = machine.run((opts.input ?? {}) as never, {
      ...(opts.context ? { context: opts.context } : {}),
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: opts.retryIntervalOverrides, waitTimeOverrides: opts.waitTimeOverrides },
    });
    this.execution = execution;
    return { events: execution.eventLogs, outcome: this.settle(execution, opts.signal) };
  }

  private async settle(execution: ReturnType<StateMachine["run"]>, signal: AbortSignal | undefined): Promise<Outcome> {
    const abort = () => execution.abort();
    if (signal?.aborted) abort();
    else signal?.addEventListener("abort", abort, { once: true });
    try {
      return { status: "SUCCEEDED", output: await execution.result };
    } catch (e) {
      this.isEnded = true;
      // Map iterations the engine already started (p-limit starts the next one as a
      // failed one settles) would otherwise sit out their Wait after the run ended.
      // Not after a success, when none runs: an abort makes a DOMException, stack
      // and all, and a Distributed Map's every child execution would pay for one.
      execution.abort();
      return outcomeOf(e);
    } finally {
      this.isEnded = true;
      signal?.removeEventListener("abort", abort);
    }
  }

  /** The engine keeps starting queued Map iterations after an abort or timeout; start no task for them. */
  private unlessEnded(handler: StateHandler) {
    return async (input: JSONValue): Promise<JSONValue> => {
      if (this.isEnded) throw new TaskFailure("States.Runtime", "the execution has already ended");
      return (await handler(input)) as JSONValue;
    };
  }

  /** Called by the engine synchronously right after it logs the attempt; the call starts, and is journaled, here. */
  private journaled(t: TaskRef, integration: Integrations[string], itemPositions: readonly number[] | undefined) {
    return this.unlessEnded(async (input) => {
      const call: TaskCall = { seq: this.seq++, state: t.name, resource: t.resource, parameters: input, startedAt: Date.now() };
      if (itemPositions) call.itemPositions = itemPositions;
      this.journal.push(call);
      try {
        const output = await integration(input, call);
        call.output = output;
        return output;
      } catch (e) {
        const failure = e instanceof TaskFailure ? e : functionError(e);
        call.error = failure.name;
        call.cause = failure.cause;
        throw failure;
      } finally {
        call.endedAt = Date.now();
      }
    });
  }
}

function newMachine(definition: object, validated: boolean | undefined): StateMachine {
  try {
    return new StateMachine(definition as StateMachineDefinition, validated ? { validationOptions: { noValidate: true } } : undefined);
  } catch (e) {
    // The engine validates with asl-validator and throws a plain Error listing the problems.
    throw new UnsupportedDefinitionError(`the local engine refused the definition: ${(e as Error).message}`);
  }
}

/**
 * The engine's errors by name (not instanceof: robust to two copies of the
 * package). Its top-level TimeoutSeconds timer aborts the run and throws
 * ExecutionTimeoutError, which AWS reports as States.Timeout / TIMED_OUT.
 */
function outcomeOf(e: unknown): Outcome {
  const err = e as Error;
  switch (err?.name) {
    case "ExecutionTimeoutError":
      return { status: "TIMED_OUT", error: "States.Timeout" };
    case "ExecutionAbortedError":
      return { status: "ABORTED" };
    case "ExecutionError": {
      const failure = err.cause as Error & { cause?: unknown };
      return {
        status: "FAILED",
        error: failure?.name ?? "Error",
        cause: typeof failure?.cause === "string" ? failure.cause : (failure?.message ?? ""),
      };
    }
    default:
      throw e;
  }
}

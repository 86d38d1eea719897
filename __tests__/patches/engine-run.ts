/**
 * Runs a definition on the bare engine (no project layer) for the patch tests, and names its events the way AWS's histories do,
 * so an expected sequence can be copied from a recorded AWS history.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { StateMachine } from "aws-local-stepfunctions";

type Execution = ReturnType<StateMachine["run"]>;
export type EngineEvent = Execution["eventLogs"] extends AsyncGenerator<infer E> ? E : never;

export interface EngineRun {
  events: EngineEvent[];
  /** The result, or what it rejected with. */
  outcome: { output: unknown } | { error: unknown };
}

type RunOptions = Parameters<StateMachine["run"]>[1];

/** Runs `definition` with `input`, reading its events while it runs (as the project does), and waits for both to end. */
export async function runEngine(definition: object, input: unknown, options?: RunOptions): Promise<EngineRun> {
  const machine = new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0], {
    validationOptions: { noValidate: true },
  });
  const execution = machine.run(input as Parameters<StateMachine["run"]>[0], options);
  const events: EngineEvent[] = [];
  const reading = (async () => {
    for await (const event of execution.eventLogs) events.push(event);
  })();
  const outcome = await execution.result.then(
    (output) => ({ output }),
    (error: unknown) => ({ error }),
  );
  await reading;
  return { events, outcome };
}

/**
 * One event as a line: AWS's event type ("PassStateEntered", "MapIterationStarted"), then the state's name, then the iteration's
 * index for iteration events. The engine's StateFailed, StateRetried and StateCaught have no AWS event and keep their own type.
 */
export function label(event: EngineEvent): string {
  if ("parentState" in event && event.parentState) {
    const index = "index" in event && event.index !== undefined ? ` #${event.index}` : "";
    return `${event.type} ${event.parentState.name}${index}`;
  }
  if (event.type === "StateEntered" || event.type === "StateExited") return `${event.state.type}${event.type} ${event.state.name}`;
  if ("state" in event) return `${event.type} ${event.state.name}`;
  return event.type;
}

/** The labels of the engine's events that AWS has too: StateFailed, StateRetried and StateCaught are the engine's own. */
export function awsShaped(events: EngineEvent[]): string[] {
  return events.filter((event) => !["StateFailed", "StateRetried", "StateCaught"].includes(event.type)).map(label);
}

/** The source of every build the package ships, to check that a patch reached each of them. */
export function builds(): { build: string; source: string }[] {
  const buildDir = dirname(require.resolve("aws-local-stepfunctions"));
  return ["main.node.esm.js", "main.node.cjs", "main.browser.esm.js"].map((build) => ({
    build,
    source: readFileSync(join(buildDir, build), "utf8"),
  }));
}

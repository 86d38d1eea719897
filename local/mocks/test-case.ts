/**
 * The test case a run uses, out of a mock configuration: which state machine
 * (named, the only one, or the run's own), which case, and that every state
 * it mocks is a Task of the definition that runs (Step Functions Local mocks
 * Task states: "the value of each test case is an object specifying a mocked
 * response to use for Task states in the state machine", "Configuration file
 * for mocked service integrations").
 */
import { nearestName } from "../../cli/nearest-name";
import { allStates } from "../../stacks/definition-walk";
import { MockConfigError, type MockConfig, type MockedResponse } from "./mock-config";

export interface TestCase {
  readonly file: string;
  readonly stateMachine: string;
  readonly testCase: string;
  /** How the state machine was chosen, for the run to say. */
  readonly chosen: string;
  /** Mocked response by state name. */
  readonly mocks: ReadonlyMap<string, MockedResponse>;
}

export interface TestCaseChoice {
  readonly testCase: string;
  /** --state-machine; without it, the file's only state machine, or `runName`. */
  readonly stateMachine?: string | undefined;
  /** The state machine the run deploys or runs (the project's name, a given definition's). */
  readonly runName: string;
}

export function selectTestCase(config: MockConfig, choice: TestCaseChoice): TestCase {
  const { file } = config;
  const machines = Object.keys(config.stateMachines);
  const { name, chosen } = machineOf(config, choice);
  if (!(name in config.stateMachines)) {
    throw new MockConfigError(`${file}: StateMachines: no state machine named ${name}${hint(name, machines)}`);
  }
  const cases = config.stateMachines[name]!;
  const testCase = cases[choice.testCase];
  if (!testCase) {
    throw new MockConfigError(`${file}: StateMachines.${name}.TestCases: no test case named ${choice.testCase}${hint(choice.testCase, Object.keys(cases))}`);
  }
  const mocks = new Map(Object.entries(testCase).map(([state, response]) => [state, config.responses[response]!]));
  return { file, stateMachine: name, testCase: choice.testCase, chosen, mocks };
}

function machineOf(config: MockConfig, choice: TestCaseChoice): { name: string; chosen: string } {
  if (choice.stateMachine !== undefined) return { name: choice.stateMachine, chosen: "named by --state-machine" };
  const machines = Object.keys(config.stateMachines);
  if (machines.length === 1) return { name: machines[0]!, chosen: `the only state machine in ${config.file}` };
  if (machines.includes(choice.runName)) return { name: choice.runName, chosen: "the state machine this run runs" };
  const known = machines.length === 0 ? "it has none" : `it has ${machines.join(", ")}`;
  throw new MockConfigError(
    `${config.file}: StateMachines: no state machine named ${choice.runName} (the one this run runs) and ${known}: name one with --state-machine`,
  );
}

/** "(known: a, b)" or ", did you mean a? (known: a, b)". */
function hint(given: string, known: readonly string[]): string {
  const near = nearestName(given, known);
  return `${near ? `, did you mean ${near}?` : ""} (known: ${known.join(", ") || "none"})`;
}

/** Every mocked state is a Task state of the definition (inside Map and Parallel too). */
export function checkMockedStates(testCase: TestCase, definition: object): void {
  const states = allStates(definition);
  const tasks = states.filter((s) => s.state.Type === "Task").map((s) => s.name);
  for (const state of testCase.mocks.keys()) {
    if (tasks.includes(state)) continue;
    const at = `${testCase.file}: StateMachines.${testCase.stateMachine}.TestCases.${testCase.testCase}.${state}`;
    const other = states.find((s) => s.name === state);
    if (other) throw new MockConfigError(`${at}: state ${state} is a ${String(other.state.Type)} state; only Task states are mocked`);
    const near = nearestName(state, tasks);
    throw new MockConfigError(
      `${at}: the definition has no state ${state}${near ? `, did you mean ${near}?` : ""} (its Task states: ${tasks.join(", ") || "none"})`,
    );
  }
}

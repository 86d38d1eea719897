/**
 * npm start's --mock-config FILE --test-case NAME [--state-machine NAME]
 * (both forms): the options checked together, the file read before anything
 * starts, and the line that says which test case of which state machine ran.
 */
import { UsageError } from "../../cli/errors";
import { readMockConfig, type MockConfig } from "../mocks/mock-config";
import type { TestCase } from "../mocks/test-case";
import type { Report } from "../../report/report";

export interface MockValues {
  readonly "mock-config"?: string | undefined;
  readonly "test-case"?: string | undefined;
  readonly "state-machine"?: string | undefined;
}

export interface MockOption {
  readonly config: MockConfig;
  readonly testCase: string;
  readonly stateMachine?: string | undefined;
}

/** --test-case and --mock-config go together; --state-machine needs both. */
export function checkMockCombination(values: MockValues): void {
  const file = values["mock-config"] !== undefined;
  if (file && values["test-case"] === undefined) throw new UsageError("--mock-config needs --test-case NAME (the test case of the file to run)");
  if (!file && values["test-case"] !== undefined) throw new UsageError("--test-case needs --mock-config FILE (the mock configuration that defines it)");
  if (!file && values["state-machine"] !== undefined) throw new UsageError("--state-machine needs --mock-config FILE and --test-case NAME");
}

/** The mock configuration, read and checked (a bad file: one line, exit 1); undefined without --mock-config. */
export function mockOption(values: MockValues): MockOption | undefined {
  const file = values["mock-config"];
  if (file === undefined) return undefined;
  return { config: readMockConfig(file), testCase: values["test-case"]!, stateMachine: values["state-machine"] };
}

/**
 * "start: mock config F: test case T of state machine M (the only state machine in F)"; and, when the
 * run went past a mocked response's last invocation, that cause whole (the timeline shortens causes).
 */
export function mockedLine(testCase: TestCase | undefined, report: Pick<Report, "cause" | "failedItem">): string {
  if (!testCase) return "";
  const line = `start: mock config ${testCase.file}: test case ${testCase.testCase} of state machine ${testCase.stateMachine} (${testCase.chosen}); mocked: ${[...testCase.mocks.keys()].join(", ")}\n`;
  const marker = `${testCase.file}: MockedResponses.`;
  const cause = [report.cause, report.failedItem?.cause].find((c) => c?.includes(marker));
  return cause ? `${line}start: ${cause.slice(cause.indexOf(marker))}\n` : line;
}

/**
 * The mock configuration file's refusals: each one line, the file and the
 * JSON path first ("Configuration file for mocked service integrations",
 * AWS Step Functions Developer Guide, gives the format these follow).
 */
import * as path from "node:path";
import { parseMockConfig, readMockConfig } from "../../local/mocks/mock-config";
import { checkMockedStates, selectTestCase } from "../../local/mocks/test-case";

const FIXTURES = path.join(__dirname, "..", "fixtures", "mocks");
const ok = { "0": { Return: {} } };

/** A configuration with one state machine M, one test case T mocking state S with response R. */
function config(responses: Record<string, unknown>, testCase: Record<string, unknown> = { S: "R" }): unknown {
  return { StateMachines: { M: { TestCases: { T: testCase } } }, MockedResponses: responses };
}

/** The message a parse refuses with, checked to be one line. */
function refusal(value: unknown): string {
  try {
    parseMockConfig(value, "my.json");
  } catch (e) {
    const message = (e as Error).message;
    expect(message).not.toContain("\n");
    expect((e as Error).name).toBe("MockConfigError");
    return message;
  }
  throw new Error("accepted");
}

describe("not JSON, or not the format", () => {
  test("a file that is not JSON: the file and the parser's words", () => {
    const file = path.join(FIXTURES, "not-json.json");
    expect(() => readMockConfig(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not JSON: .+$`));
  });

  test("a missing file", () => {
    expect(() => readMockConfig("no/such.json")).toThrow(/^no\/such\.json: no such file$/);
  });

  test.each([
    [[], "my.json: expected a JSON object with StateMachines and MockedResponses, not an array"],
    [{ StateMachines: {} }, "my.json: MockedResponses: missing: expected an object of mocked responses by name"],
    [
      { StateMachines: {}, MockedResponses: {}, MockedResponse: {} },
      "my.json: MockedResponse: not a field of the mock configuration format (did you mean MockedResponses?)",
    ],
    [
      { StateMachines: { M: { TestCase: {} } }, MockedResponses: {} },
      "my.json: StateMachines.M.TestCase: not a field of the mock configuration format (did you mean TestCases?)",
    ],
    [config({ R: ok }, { S: 3 }), "my.json: StateMachines.M.TestCases.T.S: expected the name of a mocked response, not 3"],
    [config({ R: ok }, { S: "Q" }), 'my.json: StateMachines.M.TestCases.T.S: no mocked response named "Q" in MockedResponses (did you mean R?)'],
    [
      config({ R: { first: { Return: 1 } } }),
      'my.json: MockedResponses.R.first: expected a zero-based invocation number ("0") or an inclusive range ("1-2") as the key',
    ],
    [config({ R: { "2-1": { Return: 1 } } }), 'my.json: MockedResponses.R.2-1: the range ends before it starts (write "1-2")'],
    [config({ R: {} }), 'my.json: MockedResponses.R: no response: a mocked response defines at least invocation "0"'],
  ])("%j", (value, message) => {
    expect(refusal(value)).toBe(message);
  });
});

describe("a response that is neither Return nor Throw", () => {
  test.each([
    [{ "0": { Result: 1 } }, 'my.json: MockedResponses.R.0: a response holds a single field, "Return" or "Throw" (got Result)'],
    [
      { "0": { Return: 1, Throw: { Error: "E", Cause: "C" } } },
      'my.json: MockedResponses.R.0: a response holds a single field, "Return" or "Throw" (got Return, Throw)',
    ],
    [{ "0": {} }, 'my.json: MockedResponses.R.0: a response holds a single field, "Return" or "Throw" (got none)'],
    [{ "0": "ok" }, 'my.json: MockedResponses.R.0: expected an object with a single field, "Return" or "Throw", not "ok"'],
    [{ "0": { Throw: { Error: "E" } } }, "my.json: MockedResponses.R.0.Throw.Cause: expected a string, not nothing"],
    [{ "0": { Throw: { Error: 1, Cause: "C" } } }, "my.json: MockedResponses.R.0.Throw.Error: expected a string, not 1"],
  ])("%j", (response, message) => {
    expect(refusal(config({ R: response }))).toBe(message);
  });

  test("Return may be any JSON value, null included", () => {
    const parsed = parseMockConfig(config({ R: { "0": { Return: null }, "1": { Return: [1] } } }), "my.json");
    expect(parsed.responses.R!.ranges.map((r) => r.answer)).toEqual([{ Return: null }, { Return: [1] }]);
  });
});

describe("ranges: no gap, no overlap", () => {
  test.each([
    [{ "0": { Return: 1 }, "0-1": { Return: 2 } }, 'my.json: MockedResponses.R: ranges "0" and "0-1" overlap'],
    [{ "0-2": { Return: 1 }, "2-3": { Return: 2 } }, 'my.json: MockedResponses.R: ranges "0-2" and "2-3" overlap'],
    [
      { "0": { Return: 1 }, "2": { Return: 2 } },
      'my.json: MockedResponses.R: invocation 1 has no response (a gap before "2"): every invocation up to the last needs one',
    ],
    [
      { "0": { Return: 1 }, "3-4": { Return: 2 } },
      'my.json: MockedResponses.R: invocations 1-2 have no response (a gap before "3-4"): every invocation up to the last needs one',
    ],
    [{ "1": { Return: 1 } }, 'my.json: MockedResponses.R: invocation 0 has no response (a gap before "1"): every invocation up to the last needs one'],
  ])("%j", (response, message) => {
    expect(refusal(config({ R: response }))).toBe(message);
  });

  test("the boundary: ranges that touch (0-2 then 3) are accepted, in any key order", () => {
    const parsed = parseMockConfig(config({ R: { "3": { Return: 2 }, "0-2": { Return: 1 } } }), "my.json");
    expect(parsed.responses.R!.ranges.map((r) => [r.from, r.to])).toEqual([
      [0, 2],
      [3, 3],
    ]);
  });
});

describe("the test case and its state machine", () => {
  const two = parseMockConfig(
    { StateMachines: { Orders: { TestCases: { HappyPath: { S: "R" } } }, Billing: { TestCases: {} } }, MockedResponses: { R: ok } },
    "my.json",
  );

  test("an unknown test case: the known ones and the nearest", () => {
    expect(() => selectTestCase(two, { testCase: "HapyPath", stateMachine: "Orders", runName: "x" })).toThrow(
      /^my\.json: StateMachines\.Orders\.TestCases: no test case named HapyPath, did you mean HappyPath\? \(known: HappyPath\)$/,
    );
  });

  test("an unknown state machine: the known ones", () => {
    expect(() => selectTestCase(two, { testCase: "HappyPath", stateMachine: "Shipping", runName: "x" })).toThrow(
      /^my\.json: StateMachines: no state machine named Shipping \(known: Orders, Billing\)$/,
    );
  });

  test("no --state-machine, several in the file, none the run's: name one", () => {
    expect(() => selectTestCase(two, { testCase: "HappyPath", runName: "stepfunctions-map-workflow" })).toThrow(
      /^my\.json: StateMachines: no state machine named stepfunctions-map-workflow \(the one this run runs\) and it has Orders, Billing: name one with --state-machine$/,
    );
  });

  test("no --state-machine: the file's only one, else the run's own", () => {
    const one = parseMockConfig(config({ R: ok }), "my.json");
    expect(selectTestCase(one, { testCase: "T", runName: "other" })).toMatchObject({ stateMachine: "M", chosen: "the only state machine in my.json" });
    expect(selectTestCase(two, { testCase: "HappyPath", runName: "Orders" })).toMatchObject({
      stateMachine: "Orders",
      chosen: "the state machine this run runs",
    });
  });

  const definition = {
    StartAt: "Read",
    States: {
      Read: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Next: "Map" },
      Map: {
        Type: "Map",
        ItemProcessor: { StartAt: "Invoke", States: { Invoke: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", End: true } } },
        End: true,
      },
    },
  };
  const caseOf = (state: string) => selectTestCase(parseMockConfig(config({ R: ok }, { [state]: "R" }), "my.json"), { testCase: "T", runName: "M" });

  test("a mocked state the definition does not have: the nearest Task", () => {
    expect(() => checkMockedStates(caseOf("Invok"), definition)).toThrow(
      /^my\.json: StateMachines\.M\.TestCases\.T\.Invok: the definition has no state Invok, did you mean Invoke\? \(its Task states: Read, Invoke\)$/,
    );
  });

  test("a mocked state that is not a Task", () => {
    expect(() => checkMockedStates(caseOf("Map"), definition)).toThrow(
      /^my\.json: StateMachines\.M\.TestCases\.T\.Map: state Map is a Map state; only Task states are mocked$/,
    );
  });

  test("a Task inside a Map's ItemProcessor is a state of the definition", () => {
    expect(() => checkMockedStates(caseOf("Invoke"), definition)).not.toThrow();
  });
});

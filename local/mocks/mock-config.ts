/**
 * AWS Step Functions Local's mock configuration file, read and checked:
 *
 *   { "StateMachines": { NAME: { "TestCases": { CASE: { STATE: RESPONSE } } } },
 *     "MockedResponses": { RESPONSE: { "0": {"Return": ...}, "1-2": {"Throw": {"Error", "Cause"}} } } }
 *
 * As the Step Functions Developer Guide describes it ("Configuration file for
 * mocked service integrations",
 * https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html):
 * invocation numbers are zero-based, "0" or an inclusive range "0-1"; "When
 * you mock a Task, you must specify a mocked response for every invocation"
 * (so ranges leave no gap and do not overlap); a response holds a single
 * field, Return or Throw; Throw's Error and Cause are strings.
 *
 * Every refusal is one line naming the file and the JSON path of the fault.
 */
import { readFileSync } from "node:fs";
import { UserError } from "../../cli/errors";
import { nearestName } from "../../cli/nearest-name";

/** A mock configuration the run cannot use: one line, file and JSON path first. */
export class MockConfigError extends UserError {
  override name = "MockConfigError";
}

/** One entry of a mocked response: what invocations `from` to `to` (inclusive) get. */
export type MockedAnswer = { readonly Return: unknown } | { readonly Throw: { readonly Error: string; readonly Cause: string } };

interface MockedRange {
  readonly from: number;
  readonly to: number;
  readonly answer: MockedAnswer;
}

export interface MockedResponse {
  readonly name: string;
  /** Sorted by `from`, contiguous from invocation 0. */
  readonly ranges: readonly MockedRange[];
}

export interface MockConfig {
  /** Where it came from: every message names it. */
  readonly file: string;
  /** State machine -> test case -> state name -> mocked response name. */
  readonly stateMachines: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;
  readonly responses: Readonly<Record<string, MockedResponse>>;
}

type Json = Record<string, unknown>;

/** Reads and checks a mock configuration file. */
export function readMockConfig(file: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new MockConfigError(`${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory, not a file" : (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new MockConfigError(`${file}: not JSON: ${(e as Error).message.replace(/\r?\n/g, "\\n")}`);
  }
  return parseMockConfig(value, file);
}

/** Checks a parsed mock configuration; `file` names it in messages. */
export function parseMockConfig(value: unknown, file: string): MockConfig {
  const fail = (path: string, message: string): never => {
    throw new MockConfigError(`${file}: ${path ? `${path}: ` : ""}${message}`);
  };
  const top = objectAt(value, "", "a JSON object with StateMachines and MockedResponses", fail);
  onlyFields(top, "", ["StateMachines", "MockedResponses"], fail);
  const responses: Record<string, MockedResponse> = {};
  const rawResponses = objectAt(top.MockedResponses, "MockedResponses", "an object of mocked responses by name", fail);
  for (const [name, raw] of Object.entries(rawResponses)) responses[name] = mockedResponse(name, raw, fail);
  const stateMachines: Record<string, Record<string, Record<string, string>>> = {};
  const rawMachines = objectAt(top.StateMachines, "StateMachines", "an object of state machines by name", fail);
  for (const [machine, raw] of Object.entries(rawMachines)) {
    const at = `StateMachines.${machine}`;
    const body = objectAt(raw, at, 'an object with one field, "TestCases"', fail);
    onlyFields(body, at, ["TestCases"], fail);
    const cases = objectAt(body.TestCases, `${at}.TestCases`, "an object of test cases by name", fail);
    stateMachines[machine] = {};
    for (const [testCase, rawCase] of Object.entries(cases)) {
      stateMachines[machine][testCase] = testCaseOf(rawCase, `${at}.TestCases.${testCase}`, Object.keys(responses), fail);
    }
  }
  return { file, stateMachines, responses };
}

type Fail = (path: string, message: string) => never;

function objectAt(value: unknown, path: string, what: string, fail: Fail): Json {
  if (value === undefined) return fail(path, `missing: expected ${what}`);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return fail(path, `expected ${what}, not ${Array.isArray(value) ? "an array" : JSON.stringify(value)}`);
  }
  return value as Json;
}

function onlyFields(value: Json, path: string, allowed: readonly string[], fail: Fail): void {
  const unknown = Object.keys(value).find((k) => !allowed.includes(k));
  if (unknown === undefined) return;
  const near = nearestName(unknown, allowed);
  fail(
    path ? `${path}.${unknown}` : unknown,
    `not a field of the mock configuration format (${near ? `did you mean ${near}?` : `expected ${allowed.join(", ")}`})`,
  );
}

/** { state name: mocked response name }, each response defined. */
function testCaseOf(raw: unknown, path: string, responseNames: readonly string[], fail: Fail): Record<string, string> {
  const body = objectAt(raw, path, "an object of mocked response names by state name", fail);
  const out: Record<string, string> = {};
  for (const [state, response] of Object.entries(body)) {
    if (typeof response !== "string") fail(`${path}.${state}`, `expected the name of a mocked response, not ${JSON.stringify(response)}`);
    if (!responseNames.includes(response)) {
      const near = nearestName(response, responseNames);
      fail(`${path}.${state}`, `no mocked response named ${JSON.stringify(response)} in MockedResponses${near ? ` (did you mean ${near}?)` : ""}`);
    }
    out[state] = response;
  }
  return out;
}

const SINGLE = /^(0|[1-9]\d{0,8})$/;
const RANGE = /^(0|[1-9]\d{0,8})-(0|[1-9]\d{0,8})$/;

/** A mocked response: its ranges parsed, checked for overlaps and gaps, sorted. */
function mockedResponse(name: string, raw: unknown, fail: Fail): MockedResponse {
  const path = `MockedResponses.${name}`;
  const body = objectAt(raw, path, 'an object of responses by invocation number ("0") or range ("1-2")', fail);
  const ranges: (MockedRange & { key: string })[] = [];
  for (const [key, entry] of Object.entries(body)) {
    const single = SINGLE.exec(key);
    const range = RANGE.exec(key);
    if (!single && !range) fail(`${path}.${key}`, 'expected a zero-based invocation number ("0") or an inclusive range ("1-2") as the key');
    const from = Number(single ? single[1] : range![1]);
    const to = Number(single ? single[1] : range![2]);
    if (to < from) fail(`${path}.${key}`, `the range ends before it starts (write "${to}-${from}")`);
    ranges.push({ key, from, to, answer: answerOf(entry, `${path}.${key}`, fail) });
  }
  if (ranges.length === 0) fail(path, 'no response: a mocked response defines at least invocation "0"');
  ranges.sort((a, b) => a.from - b.from || a.to - b.to);
  let next = 0;
  ranges.forEach((r, i) => {
    if (r.from < next) fail(path, `ranges ${JSON.stringify(ranges[i - 1]!.key)} and ${JSON.stringify(r.key)} overlap`);
    if (r.from > next) {
      const gap = r.from - 1 === next ? `invocation ${next}` : `invocations ${next}-${r.from - 1}`;
      fail(
        path,
        `${gap} ${r.from - 1 === next ? "has" : "have"} no response (a gap before ${JSON.stringify(r.key)}): every invocation up to the last needs one`,
      );
    }
    next = r.to + 1;
  });
  return { name, ranges: ranges.map(({ from, to, answer }) => ({ from, to, answer })) };
}

/** {"Return": value} or {"Throw": {"Error": string, "Cause": string}}: a single field. */
function answerOf(raw: unknown, path: string, fail: Fail): MockedAnswer {
  const body = objectAt(raw, path, 'an object with a single field, "Return" or "Throw"', fail);
  const keys = Object.keys(body);
  if (keys.length !== 1 || (keys[0] !== "Return" && keys[0] !== "Throw")) {
    const got = keys.length === 0 ? "none" : keys.join(", ");
    return fail(path, `a response holds a single field, "Return" or "Throw" (got ${got})`);
  }
  if (keys[0] === "Return") return { Return: body.Return };
  const thrown = objectAt(body.Throw, `${path}.Throw`, 'an object with "Error" and "Cause" strings', fail);
  onlyFields(thrown, `${path}.Throw`, ["Error", "Cause"], fail);
  for (const field of ["Error", "Cause"] as const) {
    if (typeof thrown[field] !== "string") fail(`${path}.Throw.${field}`, `expected a string, not ${JSON.stringify(thrown[field]) ?? "nothing"}`);
  }
  return { Throw: { Error: thrown.Error as string, Cause: thrown.Cause as string } };
}

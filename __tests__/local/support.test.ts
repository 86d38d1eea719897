/**
 * What the offline run accepts and refuses around the Distributed Map: each
 * refusal is one UserError line naming the state and the field; each
 * acceptance is something AWS runs (distributed-records.test.ts runs them
 * against AWS's records).
 */
import { UserError } from "../../cli/errors";
import { checkSupported } from "../../local/engine/support";
import { distributedMaps } from "../../local/distributed/distributed-map";
import { isDistributedMap, itemProcessorOf } from "../../stacks/definition/asl";

const DISTRIBUTED = { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" };
const pass = { StartAt: "P", States: { P: { Type: "Pass", End: true } } };
const machine = (map: object) => ({ StartAt: "M", States: { M: { Type: "Map", End: true, ...map } } });

function refusal(definition: object): string {
  try {
    checkSupported(definition);
    distributedMaps(definition);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const message = (e as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("not refused");
}

function accepted(definition: object): void {
  expect(() => {
    checkSupported(definition);
    distributedMaps(definition);
  }).not.toThrow();
}

describe("the legacy Iterator", () => {
  test("with Mode DISTRIBUTED it is a Distributed Map, its processor the Iterator", () => {
    const state = { Type: "Map", Iterator: { ...pass, ProcessorConfig: DISTRIBUTED } };
    expect(isDistributedMap(state)).toBe(true);
    expect(itemProcessorOf(state)).toBe(state.Iterator);
    const spec = distributedMaps(machine({ Iterator: state.Iterator })).get("M")!;
    expect(spec.childDefinition).toEqual(pass);
  });
  test("its distributed-only fields are accepted (they were refused as an inline Map's)", () => {
    accepted(machine({ Iterator: { ...pass, ProcessorConfig: DISTRIBUTED }, ToleratedFailureCount: 1, Label: "L" }));
  });
  test("without ProcessorConfig, or with Mode INLINE, it is inline", () => {
    const inline = [
      { Type: "Map", Iterator: pass },
      { Type: "Map", Iterator: { ...pass, ProcessorConfig: { Mode: "INLINE" } } },
    ];
    for (const state of inline) expect(isDistributedMap(state)).toBe(false);
  });
});

describe("the Path forms on a Distributed Map", () => {
  const distributed = (fields: object) => machine({ ItemProcessor: { ...pass, ProcessorConfig: DISTRIBUTED }, ...fields });
  test.each([{ MaxConcurrencyPath: "$.m" }, { ToleratedFailureCountPath: "$.c" }, { ToleratedFailurePercentagePath: "$.p" }])("%j is accepted", (fields) => {
    accepted(distributed(fields));
  });
  test.each([
    [{ MaxConcurrency: 1, MaxConcurrencyPath: "$.m" }, /States\.M: MaxConcurrency and MaxConcurrencyPath are both given/],
    [{ ToleratedFailureCount: 1, ToleratedFailureCountPath: "$.c" }, /States\.M: ToleratedFailureCount and ToleratedFailureCountPath are both given/],
    [{ ToleratedFailurePercentagePath: 5 }, /States\.M: ToleratedFailurePercentagePath must be a path string/],
  ])("%j is refused in one line", (fields, message) => {
    expect(refusal(distributed(fields))).toMatch(message);
  });
  test("on an inline Map the tolerance Paths stay refused (the engine would ignore them)", () => {
    expect(refusal(machine({ ItemProcessor: pass, ToleratedFailureCountPath: "$.c" }))).toMatch(/States\.M: ToleratedFailureCountPath \(on an inline Map\)/);
  });
});

describe("a Distributed Map inside another state", () => {
  const inner = { Type: "Map", ItemProcessor: { ...pass, ProcessorConfig: DISTRIBUTED }, End: true };
  test("inside a Distributed Map's processor: accepted, and checked before anything runs", () => {
    accepted(machine({ ItemProcessor: { ProcessorConfig: DISTRIBUTED, StartAt: "Inner", States: { Inner: inner } } }));
    const bad = { ...inner, ItemProcessor: { ...pass, ProcessorConfig: { Mode: "DISTRIBUTED" } } };
    expect(refusal(machine({ ItemProcessor: { ProcessorConfig: DISTRIBUTED, StartAt: "Inner", States: { Inner: bad } } }))).toMatch(
      /^States\.M\.ItemProcessor\.States\.Inner: ProcessorConfig\.ExecutionType must be EXPRESS or STANDARD/,
    );
  });
  test("inside an inline Map: refused in one line naming it", () => {
    expect(refusal(machine({ ItemProcessor: { StartAt: "Inner", States: { Inner: inner } } }))).toMatch(
      /States\.M\.ItemProcessor\.States\.Inner: a Distributed Map inside an inline Map or a Parallel is not built offline/,
    );
  });
});

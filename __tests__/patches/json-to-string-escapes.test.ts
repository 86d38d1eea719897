/**
 * patches/aws-local-stepfunctions+3.0.0+007+json-to-string-escapes.patch: intrinsic functions unescape their string literals
 * only, and leave every other backslash alone. Unpatched, the engine removed every backslash from a function's string result, so
 * States.JsonToString of a string holding a quote gave invalid JSON, and a backslash read from the input was lost.
 */
import { builds, runEngine } from "./engine-run";

/** Runs one Pass state whose Parameters evaluate `expression`, and gives what it evaluated to. */
async function evaluate(expression: string, input: unknown): Promise<unknown> {
  const definition = { StartAt: "State_0", States: { State_0: { Type: "Pass", Parameters: { "FunctionResult.$": expression }, End: true } } };
  const { outcome } = await runEngine(definition, input);
  if (!("output" in outcome)) throw outcome.error;
  return (outcome.output as { FunctionResult: unknown }).FunctionResult;
}

const quoted = { c: 'he said "hi"', path: "C:\\dir" };

describe("aws-local-stepfunctions intrinsic function escapes (patch 007)", () => {
  it("gives valid JSON from States.JsonToString when a string holds quotes or backslashes", async () => {
    const text = await evaluate("States.JsonToString($.FunctionInput)", { FunctionInput: quoted });

    // No AWS record of JsonToString on such a string. AWS's JSON text is JSON.stringify's for every recorded input (below), and
    // JSON text must escape `"` and `\` inside a string, so it parses back to the input.
    expect(text).toBe(JSON.stringify(quoted));
    expect(JSON.parse(text as string)).toEqual(quoted);
    await expect(evaluate("States.StringToJson(States.JsonToString($.FunctionInput))", { FunctionInput: quoted })).resolves.toEqual(quoted);
  });

  it.each([
    // AWS: v2/intrinsic_functions/test_json_manipulation.snapshot.json, key "...::TestJsonManipulation::test_json_to_string"
    // (template intrinsicfunctions/statemachines/json_manipulation/json_to_string.json5): each input and its FunctionResult.
    [null, "null"],
    [1.1, "1.1"],
    ["HelloWorld", '"HelloWorld"'],
    [[1, 2, "HelloWorld"], '[1,2,"HelloWorld"]'],
    [{ Arg1: 1, Arg2: [] }, '{"Arg1":1,"Arg2":[]}'],
  ])("gives AWS's text for JsonToString(%j)", async (input, text) => {
    await expect(evaluate("States.JsonToString($.FunctionInput)", { FunctionInput: input })).resolves.toBe(text);
  });

  it("keeps a backslash read from the input in States.Format, and reads the template's escapes", async () => {
    // No AWS record of an escape in a Format template or of a backslash in its arguments. Amazon States Language: in an
    // intrinsic function's string literal, \' \{ \} and \\ stand for the character, and `{}` is Format's placeholder.
    await expect(evaluate("States.Format('it\\'s {} \\{\\} a\\\\b', $.path)", quoted)).resolves.toBe("it's C:\\dir {} a\\b");
    // AWS: v2/intrinsic_functions/test_generic.snapshot.json, key "...::TestGeneric::test_format_2" (template format_2.json5):
    // a value holding braces and quotes goes in as it is.
    const braces = '{"Arg1": 1, "Arg2": []}';
    await expect(
      evaluate("States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", {
        FunctionInput: { fst: braces, snd: braces },
      }),
    ).resolves.toBe(`Formatting arguments fst=${braces} and snd=${braces}.`);
  });

  it("unescapes a string literal for every function, not only in a string result", async () => {
    await expect(evaluate("States.Array('x\\'y', $.c)", quoted)).resolves.toEqual(["x'y", 'he said "hi"']);
    await expect(evaluate("States.StringToJson('\\{\"a\": 1\\}')", {})).resolves.toEqual({ a: 1 });
  });

  it("is applied to every build the package ships", () => {
    for (const { build, source } of builds()) {
      expect({ build, strips: source.includes('result.replaceAll("\\\\", "")') }).toEqual({ build, strips: false });
    }
  });
});

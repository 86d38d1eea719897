/**
 * The intrinsic functions the project's definition uses (stacks/definition/tolerance.ts and chain.ts: States.Array,
 * ArrayGetItem, ArrayLength, Format, JsonToString, MathAdd, StringSplit), each as AWS ran it: LocalStack's parity tests under
 * tests/aws/services/stepfunctions/v2/intrinsic_functions/, whose snapshots hold get_execution_history recorded on real AWS for
 * every input the .py test gives (one execution per input: exec_hist_resp_<i>). Each template is one Pass state whose
 * Parameters evaluate the function into FunctionResult. extract-intrinsics.ts writes aws-records/<name>.json from them.
 */
const DIR = "tests/aws/services/stepfunctions/v2/intrinsic_functions/";
const TEMPLATES = "intrinsicfunctions/statemachines/";

export interface IntrinsicSource {
  readonly name: string;
  /** The snapshot file, under tests/aws/services/stepfunctions/v2/intrinsic_functions/. */
  readonly snapshot: string;
  /** The snapshot key: the pytest id. */
  readonly key: string;
  /** Template path under tests/aws/services/stepfunctions/templates/. */
  readonly template: string;
}

function source(test: string, cls: string, name: string, template: string): IntrinsicSource {
  return { name, snapshot: `${DIR}${test}.snapshot.json`, key: `${DIR}${test}.py::${cls}::test_${name}`, template: `${TEMPLATES}${template}.json5` };
}

export const INTRINSIC_SOURCES: readonly IntrinsicSource[] = [
  source("test_array", "TestArray", "array_0", "array/array_0"),
  source("test_array", "TestArray", "array_2", "array/array_2"),
  source("test_array", "TestArray", "array_get_item", "array/array_get_item"),
  source("test_array", "TestArray", "array_length", "array/array_length"),
  source("test_generic", "TestGeneric", "format_1", "generic/format_1"),
  source("test_generic", "TestGeneric", "format_2", "generic/format_2"),
  source("test_generic", "TestGeneric", "escape_sequence", "generic/escape_sequence"),
  source("test_json_manipulation", "TestJsonManipulation", "json_to_string", "json_manipulation/json_to_string"),
  source("test_math_operations", "TestMathOperations", "math_add", "math_operations/math_add"),
  source("test_string_operations", "TestStringOperations", "string_split", "string_operations/string_split"),
  source("test_string_operations", "TestStringOperations", "string_split_context_object", "string_operations/string_split_context_object"),
];

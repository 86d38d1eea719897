/**
 * JSON.parse that loses no number: a number a JavaScript number cannot hold
 * exactly (more digits than a double keeps, outside a double's range, or an
 * integer beyond Number.MAX_SAFE_INTEGER) becomes a NumberValue holding the
 * file's own text, which the AWS SDK's marshall sends to DynamoDB as
 * {"N": "<that text>"}. Every other number stays a plain number (the same
 * value: DynamoDB keeps values, not spellings; see dynamo-number.ts).
 *
 * The number's text comes from JSON.parse's reviver context (the "JSON.parse
 * source text access" proposal, in V8 since 11.4: Node 21 and later).
 */
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { fitsJsNumber, numberProblem } from "./dynamo-number";

/**
 * Texts in which every number has at most 15 digit-or-point characters and no
 * exponent need no reviver: such a number has at most 15 significant digits
 * (a double holds any of those exactly) and lies between 1E-14 and 1E15 (well
 * inside DynamoDB's range). The test also matches inside strings; a false
 * alarm only costs the slower parse.
 */
const MAY_LOSE_DIGITS = /\d[eE]|\d[\d.]{15}/;

type Reviver = (this: unknown, key: string, value: unknown, context: { source?: string }) => unknown;

const keepNumberText: Reviver = (_key, value, context) => {
  if (typeof value !== "number" || context.source === undefined) return value;
  // A number DynamoDB refuses keeps its text too, so the refusal quotes the file.
  const plain = Math.abs(value) <= Number.MAX_SAFE_INTEGER && numberProblem(context.source) === undefined && fitsJsNumber(context.source);
  return plain ? value : NumberValue.from(context.source);
};

/** Parses one JSON text; throws JSON.parse's SyntaxError on bad input. */
export function parseJsonLossless(text: string): unknown {
  if (!MAY_LOSE_DIGITS.test(text)) return JSON.parse(text);
  return JSON.parse(text, keepNumberText as (this: unknown, key: string, value: unknown) => unknown);
}

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
 * exponent need no second look: such a number has at most 15 significant
 * digits (a double holds any of those exactly) and lies between 1E-14 and
 * 1E15 (well inside DynamoDB's range). The test also matches inside strings;
 * a false alarm only costs the second look.
 */
const MAY_LOSE_DIGITS = /\d[eE]|\d[\d.]{15}/;

/** JSON strings (skipped) and number tokens, in order. */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*/g;

type Reviver = (this: unknown, key: string, value: unknown, context: { source?: string }) => unknown;

/**
 * A number that stays a plain number: DynamoDB stores it as it is, a double
 * holds it exactly, and marshall takes it (no integer beyond
 * MAX_SAFE_INTEGER). A number DynamoDB refuses keeps its text too, so the
 * refusal quotes the file.
 */
function staysPlain(text: string, value: number): boolean {
  // The common case, a double's own shortest text inside DynamoDB's range, costs one String().
  const a = Math.abs(value);
  if (String(value) === text && (a === 0 || (a > 1e-129 && a < 1e125)) && a <= Number.MAX_SAFE_INTEGER) return true;
  return a <= Number.MAX_SAFE_INTEGER && numberProblem(text) === undefined && fitsJsNumber(text);
}

const keepNumberText: Reviver = (_key, value, context) => {
  if (typeof value !== "number" || context.source === undefined) return value;
  return staysPlain(context.source, value) ? value : NumberValue.from(context.source);
};

/** True when every number token in the (valid JSON) text stays plain. */
function everyNumberStaysPlain(text: string): boolean {
  TOKENS.lastIndex = 0;
  for (let m = TOKENS.exec(text); m !== null; m = TOKENS.exec(text)) {
    const token = m[0];
    if (token.charCodeAt(0) !== 0x22 && !staysPlain(token, Number(token))) return false;
  }
  return true;
}

/**
 * Parses one JSON text; throws JSON.parse's SyntaxError on bad input. The
 * reviver (several times slower than a plain parse) runs only for texts with
 * a number that must keep its text.
 */
export function parseJsonLossless(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!MAY_LOSE_DIGITS.test(text) || everyNumberStaysPlain(text)) return value;
  return JSON.parse(text, keepNumberText as (this: unknown, key: string, value: unknown) => unknown);
}

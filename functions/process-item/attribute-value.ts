/**
 * Turns one DynamoDB attribute value ({"S": "x"}, {"M": {...}}, ...) into
 * plain JSON. The state machine hands the Lambda the list elements exactly as
 * GetItem returns them, typed; the function is where they become plain data.
 *
 * Written out rather than imported from @aws-sdk/util-dynamodb so the Lambda
 * bundle stays a few kilobytes with no dependencies.
 *
 * Numbers: DynamoDB keeps up to 38 digits, a JavaScript number about 17, and
 * Step Functions treats numbers in state data as doubles too ("Numbers in JSON
 * text format conform to JavaScript semantics", Step Functions developer
 * guide, State machine data). So a number a double holds exactly becomes a
 * plain number, and any other stays the typed value {"N": "<DynamoDB's
 * digits>"}: a string inside JSON, which no JSON parser on the way (the
 * Lambda runtime's, Step Functions', the report's) can round.
 */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

const TYPE_TAGS = new Set(["S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS"]);

/** True for an object of exactly one DynamoDB type tag, such as {"S": "x"}. */
export function isAttributeValue(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && TYPE_TAGS.has(keys[0]!);
}

export function toPlain(value: unknown): Plain {
  if (!isAttributeValue(value)) return value as Plain;
  const [tag, inner] = Object.entries(value)[0]!;
  switch (tag) {
    case "S":
    case "B":
      return inner as string;
    case "N":
      return plainNumber(inner as string);
    case "BOOL":
      return inner as boolean;
    case "NULL":
      return null;
    case "SS":
    case "BS":
      return inner as string[];
    case "NS":
      return (inner as string[]).map(plainNumber);
    case "L":
      return (inner as unknown[]).map(toPlain);
    case "M":
      return Object.fromEntries(Object.entries(inner as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]));
    default:
      throw new Error(`unknown DynamoDB type ${tag}`);
  }
}

/** A number as a plain number when that is exact, else as its typed value with the digits unchanged. */
export function plainNumber(text: string): number | { N: string } {
  const n = Number(text);
  return Number.isFinite(n) && sameDecimal(text, String(n)) ? n : { N: text };
}

/** True when two decimal texts ("1.50", "1.5", "15e-1") write the same value. */
function sameDecimal(a: string, b: string): boolean {
  const x = decimalParts(a);
  const y = decimalParts(b);
  return x !== undefined && y !== undefined && x.digits === y.digits && (x.digits === "" || (x.negative === y.negative && x.exponent === y.exponent));
}

/** Sign, significant digits (zeros trimmed) and the first digit's power of ten. */
function decimalParts(text: string): { negative: boolean; digits: string; exponent: number } | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === "" && !m[3])) return undefined;
  const all = m[2]! + (m[3] ?? "");
  const lead = all.length - all.replace(/^0+/, "").length;
  const digits = all.slice(lead).replace(/0+$/, "");
  return { negative: m[1] === "-", digits, exponent: m[2]!.length - lead - 1 + Number(m[4] ?? 0) };
}

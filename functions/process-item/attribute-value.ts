/**
 * Turns one DynamoDB attribute value ({"S": "x"}, {"M": {...}}, ...) into
 * plain JSON. The state machine hands the Lambda the list elements exactly as
 * GetItem returns them, typed; the function is where they become plain data.
 *
 * Written out rather than imported from @aws-sdk/util-dynamodb so the Lambda
 * bundle stays a few kilobytes with no dependencies.
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
      return Number(inner);
    case "BOOL":
      return inner as boolean;
    case "NULL":
      return null;
    case "SS":
    case "BS":
      return inner as string[];
    case "NS":
      return (inner as string[]).map(Number);
    case "L":
      return (inner as unknown[]).map(toPlain);
    case "M":
      return Object.fromEntries(Object.entries(inner as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]));
    default:
      throw new Error(`unknown DynamoDB type ${tag}`);
  }
}

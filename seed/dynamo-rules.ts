/**
 * DynamoDB's rules for a value, applied to each list element before anything
 * is written, the same way in both layouts: numbers (dynamo-number.ts) and
 * nesting depth. Sizes are checked on the whole item (list-file.ts).
 *
 * Nesting: "DynamoDB supports nested attributes up to 32 levels deep"
 * (Service, account, and table quotas → Attributes → Nested attribute depth,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 * Levels count from the item's top-level attribute as level 1; a value inside
 * a list or map is one level below it. Measured against DynamoDB by the
 * dynoxide emulator's tests: a scalar inside 31 nested maps (level 32) is
 * stored, inside 32 maps (level 33) refused with "Nesting Levels have exceeded
 * supported limits". An element is level 1 in the rows layout (attribute
 * "value") and level 2 in the list layout (inside the list "values").
 *
 * Strings may be empty (DynamoDB allows empty strings outside keys); JSON
 * has no sets, so the rule against empty sets never applies.
 */
import { NumberValue } from "@aws-sdk/lib-dynamodb";
import { SeedInputError } from "../stacks/work-list";
import { numberProblem } from "./dynamo-number";

const MAX_NESTING_LEVEL = 32;

/** Where an element sits in its item: level 1 as a row's attribute, 2 inside the list item's "values". */
export const ROW_ELEMENT_LEVEL = 1;
export const LIST_ELEMENT_LEVEL = 2;

/** Throws a one-line SeedInputError naming the element and the path to the first value DynamoDB would refuse. */
export function checkElement(element: unknown, index: number, level: number, source: string): void {
  const path: (string | number)[] = [];
  const problem = valueProblem(element, level, path);
  if (problem === undefined) return;
  const at = path.length > 0 ? ` at ${pathText(path)}` : "";
  throw new SeedInputError(`${source}: element ${index}${at}: ${problem}`);
}

/** The first problem in `v` (at `level`), leaving `path` pointing at it; undefined when DynamoDB stores it. */
function valueProblem(v: unknown, level: number, path: (string | number)[]): string | undefined {
  if (level > MAX_NESTING_LEVEL) {
    const layout = level - path.length === LIST_ELEMENT_LEVEL ? ' (in the list layout an element is already level 2, inside "values")' : "";
    return `nested too deep for DynamoDB: this value would be level ${level} of the item, DynamoDB allows ${MAX_NESTING_LEVEL}${layout}`;
  }
  if (typeof v === "number") return jsNumberProblem(v);
  if (v instanceof NumberValue) return numberProblem(v.toString());
  if (v === null || typeof v !== "object") return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      const p = valueProblem(v[i], level + 1, path);
      if (p !== undefined) return p;
      path.pop();
    }
    return undefined;
  }
  for (const key of Object.keys(v)) {
    path.push(key);
    const p = valueProblem((v as Record<string, unknown>)[key], level + 1, path);
    if (p !== undefined) return p;
    path.pop();
  }
  return undefined;
}

function jsNumberProblem(n: number): string | undefined {
  const a = Math.abs(n);
  // A double prints with at most 17 digits: only its magnitude can be refused.
  if (a === 0 || (a > 1e-129 && a < 1e125)) return undefined;
  return Number.isFinite(n) ? numberProblem(String(n)) : `number ${n} cannot be stored in DynamoDB`;
}

/** .name for plain keys, ["odd key"] otherwise, [3] for list positions: `.a.b[2]`. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === "number" ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join("");
}

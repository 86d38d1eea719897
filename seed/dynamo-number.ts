/**
 * A number as DynamoDB sees it, read from its decimal text (a JSON number, or
 * the text of a DynamoDB N value), with DynamoDB's rules for storing it.
 *
 * DynamoDB developer guide, "Supported data types and naming rules" → Number:
 * "Numbers can have up to 38 digits of precision. Exceeding this results in
 * an exception." Positive range 1E-130 to
 * 9.9999999999999999999999999999999999999E+125, negative range likewise;
 * "Leading and trailing zeroes are trimmed."
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
 *
 * What DynamoDB does to the text: it keeps the value, not the spelling.
 * "1.50" is stored and read back as 1.5, "1e2" as 100, "-0" as 0 (the local
 * DynamoDB, dynalite, answers the same: it stores Big(text).toFixed()). The
 * seed sends the file's own text and lets DynamoDB do that; it rounds nothing.
 */

/** A decimal as sign × 0.d1d2d3… × 10^(exponent + 1): digits without leading or trailing zeros. */
export interface Decimal {
  readonly negative: boolean;
  /** Significant digits, leading and trailing zeros trimmed; "" for zero. */
  readonly digits: string;
  /** The power of ten of the first significant digit (scientific notation's exponent); 0 for zero. */
  readonly exponent: number;
}

/** DynamoDB: "up to 38 digits of precision". */
const MAX_SIGNIFICANT_DIGITS = 38;
/** 9.9999999999999999999999999999999999999E+125: with 38 digits, any exponent up to 125 fits. */
const MAX_EXPONENT = 125;
/** 1E-130, the smallest magnitude. */
const MIN_EXPONENT = -130;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The decimal written in `text` (JSON number syntax, or a looser N text such as "+1." or ".5"). */
export function parseDecimal(text: string): Decimal {
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === "" && !m[3])) throw new RangeError(`not a decimal number: ${text}`);
  const intPart = m[2]!;
  const all = intPart + (m[3] ?? "");
  let first = 0;
  while (first < all.length && all.charCodeAt(first) === 0x30) first++;
  let end = all.length;
  while (end > first && all.charCodeAt(end - 1) === 0x30) end--;
  if (first === end) return { negative: false, digits: "", exponent: 0 };
  // A huge written exponent becomes a huge (or infinite) number: still out of range, which is all that matters.
  const written = m[4] === undefined ? 0 : Number(m[4]);
  return { negative: m[1] === "-", digits: all.slice(first, end), exponent: intPart.length - first - 1 + written };
}

/**
 * Why DynamoDB would refuse this number, in its own order (magnitude, then
 * precision); undefined when it stores it. Zero is always stored.
 */
export function numberProblem(text: string): string | undefined {
  const d = parseDecimal(text);
  if (d.digits === "") return undefined;
  if (d.exponent > MAX_EXPONENT) {
    return `number ${shown(text)} is too large for DynamoDB (number overflow): the largest magnitude is 9.9999999999999999999999999999999999999E+125`;
  }
  if (d.exponent < MIN_EXPONENT) {
    return `number ${shown(text)} is too small for DynamoDB (number underflow): the smallest magnitude other than 0 is 1E-130`;
  }
  if (d.digits.length > MAX_SIGNIFICANT_DIGITS) {
    return `number ${shown(text)} has ${d.digits.length} significant digits: DynamoDB stores at most ${MAX_SIGNIFICANT_DIGITS} (use a string for more)`;
  }
  return undefined;
}

/**
 * The bytes DynamoDB counts for a number: "(1 byte per two significant
 * digits) + (1 byte)", leading and trailing zeros trimmed ("DynamoDB item
 * sizes and formats", CapacityUnitCalculations.html). Zero counts 1 byte.
 */
export function numberSize(text: string): number {
  return Math.ceil(parseDecimal(text).digits.length / 2) + 1;
}

/**
 * True when a JavaScript number holds exactly the value written: the
 * shortest text that reads back as Number(text) is the same decimal
 * ("0.1" yes; "0.12345678901234567890123", "12345678901234567890" no).
 */
export function fitsJsNumber(text: string): boolean {
  const n = Number(text);
  if (!Number.isFinite(n)) return false;
  return sameDecimal(parseDecimal(text), parseDecimal(String(n)));
}

function sameDecimal(a: Decimal, b: Decimal): boolean {
  return a.digits === b.digits && (a.digits === "" || (a.negative === b.negative && a.exponent === b.exponent));
}

/** A number in a one-line message: long ones shortened (a 10,000-digit number is still one line). */
function shown(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 40)}…${text.slice(-10)} (${text.length} characters)`;
}

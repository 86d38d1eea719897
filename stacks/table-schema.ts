/**
 * The table's key schema and where work lists live in it. Shared by the
 * stack, the definition, the seed and the offline runner. Imports nothing.
 *
 * One key schema serves both ways of storing a list (see item_source):
 *  - `list` (the original's layout): one item, partition key "mapitems",
 *    sort key "list", holding the whole array in its `values` attribute;
 *  - `rows`: one item per element, partition key "mapitems" (the list's id),
 *    sort key the element's zero-padded position ("0000000000", ...), value
 *    in the `value` attribute. Positions sort in list order, and "list" sorts
 *    after every digit, so a Query for positions between "0000000000" and
 *    "9999999999" reads the rows and never the list item.
 */
export const PARTITION_KEY = "mapstatelist";
export const SORT_KEY = "position";
export const LIST_ITEM_KEY = "mapitems";
export const LIST_ITEM_POSITION = "list";
export const LIST_ATTRIBUTE = "values";
export const ROW_ATTRIBUTE = "value";
export const POSITION_DIGITS = 10;
export const FIRST_POSITION = "0".repeat(POSITION_DIGITS);
export const LAST_POSITION = "9".repeat(POSITION_DIGITS);

/** Both keys are strings. */
export const KEY_TYPE = "S";

/** The key schema, in the shape DynamoDB's CreateTable takes. */
export const KEY_SCHEMA = [
  { AttributeName: PARTITION_KEY, KeyType: "HASH" },
  { AttributeName: SORT_KEY, KeyType: "RANGE" },
] as const;
export const ATTRIBUTE_DEFINITIONS = [
  { AttributeName: PARTITION_KEY, AttributeType: KEY_TYPE },
  { AttributeName: SORT_KEY, AttributeType: KEY_TYPE },
] as const;

/** The key of the list item (plain values). */
export const LIST_ITEM_ID = { [PARTITION_KEY]: LIST_ITEM_KEY, [SORT_KEY]: LIST_ITEM_POSITION } as const;

/** The sort key of the element at `index` in `rows` layout. */
export function rowPosition(index: number): string {
  return String(index).padStart(POSITION_DIGITS, "0");
}

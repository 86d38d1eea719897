/**
 * The table's key schema and where work lists live in it. Shared by the
 * stack, the definition, the seed and the offline runner. Imports nothing.
 *
 * One key schema serves both ways of storing a list (see item_source):
 *  - `list` (the original's layout): one item, partition key "mapitems",
 *    sort key "list", holding the whole array in its `values` attribute and
 *    the `version` that wrote it (compare-and-set: seed/write-list.ts);
 *  - `rows`: versioned snapshots. Each seed writes its list into a partition
 *    of its own, "mapitems#v<ms>-<random>" (the version), one item per
 *    element, sort key the element's zero-padded position ("0000000000",
 *    ...), value in the `value` attribute; then one conditional write on the
 *    pointer item ("mapitems", "rows") makes that version current. Each
 *    version also has a record in the "mapitems" partition, sort key the
 *    version itself, saying whether it is being written, current or
 *    superseded (and when it expires): seed/list-versions.ts.
 *
 *   partition "mapitems"                       partition "mapitems#v1764…-3fa9c2d1"
 *     "list"                 values, version     "0000000000"  value
 *     "rows"  (the pointer)  version ──────────▶ "0000000001"  value
 *     "mapitems#v1764…-3fa9c2d1"  state=current  ...
 *     "mapitems#v1763…-77e0a1b4"  state=superseded, expiresAt (TTL)
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

/** The rows pointer's sort key (partition LIST_ITEM_KEY): its `version` attribute names the current rows version. */
export const ROWS_POINTER_POSITION = "rows";
/** The pointer's attribute naming the current version (a partition key, see rowsPartition). */
export const VERSION_ATTRIBUTE = "version";
/**
 * The table's TTL attribute (epoch seconds): set on superseded versions' rows
 * and records only, never on the current list.
 */
export const EXPIRES_AT_ATTRIBUTE = "expiresAt";
/** What every version's partition key starts with; version records in LIST_ITEM_KEY sort under it too. */
export const VERSION_PREFIX = `${LIST_ITEM_KEY}#`;

/** Both keys are strings. */
const KEY_TYPE = "S";

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

/** The key of the rows pointer (plain values). */
export const ROWS_POINTER_ID = { [PARTITION_KEY]: LIST_ITEM_KEY, [SORT_KEY]: ROWS_POINTER_POSITION } as const;

/** The partition key of one rows version, e.g. "mapitems#v1764100796000-3fa9c2d1": the version's id. */
export function rowsPartition(versionName: string): string {
  return `${VERSION_PREFIX}${versionName}`;
}

/** The sort key of the element at `index` in `rows` layout. */
export function rowPosition(index: number): string {
  return String(index).padStart(POSITION_DIGITS, "0");
}

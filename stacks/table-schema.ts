/**
 * Where the work list lives in DynamoDB, as in the original tutorial: one item
 * whose partition key `mapstatelist` is "mapitems", holding the whole list in
 * its `values` attribute. Shared by the stack, the definition, the seed and
 * the offline runner. Imports nothing.
 */
export const PARTITION_KEY = "mapstatelist";
export const LIST_ITEM_KEY = "mapitems";
export const LIST_ATTRIBUTE = "values";

/** The original's layout: one DynamoDB item holding the whole list. */
import { LIST_ATTRIBUTE, LIST_ITEM_KEY, LIST_ITEM_POSITION, PARTITION_KEY, SORT_KEY } from "../table-schema";
import { DYNAMODB_GET_ITEM, type MapState, type State } from "./asl";
import { listNotSeeded } from "./not-seeded";
import { STATE } from "./names";
import type { DefinitionParams } from "./params";

/** The original's path: GetItem of the one list item, then the Map over its `values`. */
export function readListStates(p: DefinitionParams, map: MapState) {
  return {
    [STATE.read]: {
      Type: "Task",
      Comment: "GetItem through the DynamoDB service integration",
      Resource: DYNAMODB_GET_ITEM,
      Parameters: {
        TableName: p.tableName,
        Key: { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { S: LIST_ITEM_POSITION } },
        ConsistentRead: true,
      },
      // No ResultSelector: selecting $.Item fails with States.Runtime when the
      // item is missing, before CheckListLoaded could say so clearly.
      Next: STATE.check,
    },
    [STATE.check]: {
      Type: "Choice",
      Comment: "Fail with a clear error instead of a JSONPath error when the list was never seeded",
      Choices: [{ Variable: `$.Item.${LIST_ATTRIBUTE}.L`, IsPresent: true, Next: STATE.map }],
      Default: STATE.missing,
    },
    [STATE.missing]: listNotSeeded(`${PARTITION_KEY} = ${LIST_ITEM_KEY}, ${SORT_KEY} = ${LIST_ITEM_POSITION} with a list attribute ${LIST_ATTRIBUTE}`),
    [STATE.map]: map,
  } satisfies Record<string, State>;
}

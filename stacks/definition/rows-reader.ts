/** Lists of any length: one DynamoDB item per element, read a page at a time. */
import { FIRST_POSITION, LAST_POSITION, LIST_ITEM_KEY, PARTITION_KEY, SORT_KEY } from "../table-schema";
import { chainStartStates, chainStates, countedNextPage } from "./chain";
import { listNotSeeded } from "./not-seeded";
import { STATE } from "./names";
import type { DefinitionParams } from "./params";

/**
 * Lists of any length: one row per element, read with DynamoDB Query one page
 * at a time (the AWS SDK integration), each page processed by the Map before
 * the next is read. The Map's results are dropped, so no state ever carries
 * more than one page.
 *
 * `chained` (the inline Map, whose iterations fill the execution's history):
 * the run continues as new every `pagesPerExecution` pages (chain.ts).
 */
export function readRowsStates(p: DefinitionParams, map: object, chained: boolean) {
  const query = (withStartKey: boolean) => ({
    Type: "Task",
    Resource: "arn:aws:states:::aws-sdk:dynamodb:query",
    Parameters: {
      TableName: p.tableName,
      KeyConditionExpression: "#list = :list AND #position BETWEEN :first AND :last",
      ExpressionAttributeNames: { "#list": PARTITION_KEY, "#position": SORT_KEY },
      ExpressionAttributeValues: { ":list": { S: LIST_ITEM_KEY }, ":first": { S: FIRST_POSITION }, ":last": { S: LAST_POSITION } },
      Limit: p.pageSize ?? 100,
      ConsistentRead: true,
      ...(withStartKey ? { "ExclusiveStartKey.$": "$.nextKey" } : {}),
    },
    // The whole response: a ResultSelector naming LastEvaluatedKey would fail on the last page, which has none.
    ResultPath: "$.page",
    Next: withStartKey ? STATE.map : STATE.checkFirstPage,
  });
  return {
    ...(chained ? chainStartStates() : {}),
    [STATE.readFirstPage]: { ...query(false), Comment: "The first page of rows (Query through the AWS SDK integration)" },
    [STATE.checkFirstPage]: {
      Type: "Choice",
      Choices: [{ Variable: "$.page.Count", NumericGreaterThan: 0, Next: STATE.map }],
      Default: STATE.missing,
    },
    [STATE.missing]: listNotSeeded(`${PARTITION_KEY} = ${LIST_ITEM_KEY} rows with positions ${FIRST_POSITION} to ${LAST_POSITION}`),
    [STATE.map]: map,
    [STATE.morePages]: {
      Type: "Choice",
      Comment: "Query says where to go on with LastEvaluatedKey; without it this was the last page",
      Choices: [{ Variable: "$.page.LastEvaluatedKey", IsPresent: true, Next: STATE.nextPage }],
      Default: STATE.done,
    },
    [STATE.nextPage]: chained
      ? countedNextPage(p)
      : { Type: "Pass", Parameters: { "nextKey.$": "$.page.LastEvaluatedKey" }, Next: STATE.readNextPage },
    ...(chained ? chainStates() : {}),
    [STATE.readNextPage]: { ...query(true), Comment: "The next page of rows" },
    [STATE.done]: { Type: "Succeed" },
  };
}


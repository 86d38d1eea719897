/** Lists of any length: one DynamoDB item per element, read a page at a time. */
import { LIST_ITEM_KEY, PARTITION_KEY, ROWS_POINTER_POSITION, SORT_KEY, VERSION_ATTRIBUTE } from "../table-schema";
import { DYNAMODB_GET_ITEM, DYNAMODB_QUERY, type MapState, type State, type TaskState } from "./asl";
import { chainStartStates, chainStates, countedNextPage } from "./chain";
import { listNotSeeded } from "./not-seeded";
import { LIST_VERSION_EXPIRED_ERROR, STATE } from "./names";
import type { DefinitionParams } from "./params";

/**
 * Lists of any length: one row per element, read with DynamoDB Query one page
 * at a time (the AWS SDK integration), each page processed by the Map before
 * the next is read. The Map's results are dropped, so no state ever carries
 * more than one page.
 *
 * `chained` (the inline Map, whose iterations fill the execution's history):
 * the run continues as new every `pagesPerExecution` pages (chain.ts).
 *
 * A pinned snapshot: the run reads the rows pointer once, at its start
 * (GetItem, ConsistentRead), and from then on queries only the version it
 * named, carried in `$.version` from page to page and from one execution of
 * a chain to the next. A reseed during the run makes another version current
 * and leaves this one readable (seed/list-versions.ts), so the run processes
 * exactly one whole list. A chain's next execution first checks that its
 * version has not expired (record `readableUntil`, written when it was
 * superseded): DynamoDB's TTL deletes late, so expiry is checked, not
 * inferred from the rows being gone.
 */
export function readRowsStates(p: DefinitionParams, map: MapState, chained: boolean) {
  return {
    ...(chained ? { ...chainStartStates(), ...pinnedVersionCheck(p) } : {}),
    ...pointerStates(p, chained),
    ...pageStates(p, map, chained),
  } satisfies Record<string, State>;
}

/** One Query page of the pinned version's rows: the first, or the one after `$.nextKey`. */
function queryPage(p: DefinitionParams, withStartKey: boolean) {
  return {
    Type: "Task",
    Resource: DYNAMODB_QUERY,
    Parameters: {
      TableName: p.tableName,
      // The version's partition holds its rows and nothing else.
      KeyConditionExpression: "#list = :list",
      ExpressionAttributeNames: { "#list": PARTITION_KEY },
      ExpressionAttributeValues: { ":list": { "S.$": "$.version" } },
      Limit: p.pageSize ?? 100,
      ConsistentRead: true,
      ...(withStartKey ? { "ExclusiveStartKey.$": "$.nextKey" } : {}),
    },
    // The whole response: a ResultSelector naming LastEvaluatedKey would fail on the last page, which has none.
    ResultPath: "$.page",
    Next: withStartKey ? STATE.map : STATE.checkFirstPage,
  } satisfies TaskState;
}

/** The run's start: read the rows pointer once and pin the version it names. */
function pointerStates(p: DefinitionParams, chained: boolean) {
  const pointerKey = { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { S: ROWS_POINTER_POSITION } };
  return {
    [STATE.readVersion]: {
      Type: "Task",
      Comment: "The current version of the list, once: the run reads only that version to its end",
      Resource: DYNAMODB_GET_ITEM,
      Parameters: { TableName: p.tableName, Key: pointerKey, ConsistentRead: true },
      // The whole result: a missing pointer has no Item, which CheckRowsSeeded says clearly.
      ResultPath: "$.pointer",
      Next: STATE.checkVersion,
    },
    [STATE.checkVersion]: {
      Type: "Choice",
      Choices: [{ Variable: `$.pointer.Item.${VERSION_ATTRIBUTE}.S`, IsPresent: true, Next: STATE.pinVersion }],
      Default: STATE.missing,
    },
    [STATE.pinVersion]: {
      Type: "Pass",
      Comment: "Pin the version; the pointer itself is not carried on",
      Parameters: {
        [`${VERSION_ATTRIBUTE}.$`]: `$.pointer.Item.${VERSION_ATTRIBUTE}.S`,
        ...(chained ? { "chain.$": "$.chain", "pages.$": "$.pages" } : {}),
      },
      Next: STATE.readFirstPage,
    },
  } satisfies Record<string, State>;
}

/** The page loop: the first page (or the list is missing), the Map over it, and the next page until Query has no more. */
function pageStates(p: DefinitionParams, map: MapState, chained: boolean) {
  return {
    [STATE.readFirstPage]: { ...queryPage(p, false), Comment: "The first page of rows (Query through the AWS SDK integration)" },
    [STATE.checkFirstPage]: {
      Type: "Choice",
      Choices: [{ Variable: "$.page.Count", NumericGreaterThan: 0, Next: STATE.map }],
      Default: STATE.missing,
    },
    [STATE.missing]: listNotSeeded(`rows pointer (${PARTITION_KEY} = ${LIST_ITEM_KEY}, ${SORT_KEY} = ${ROWS_POINTER_POSITION}) naming a version of rows`),
    [STATE.map]: map,
    [STATE.morePages]: {
      Type: "Choice",
      Comment: "Query says where to go on with LastEvaluatedKey; without it this was the last page",
      Choices: [{ Variable: "$.page.LastEvaluatedKey", IsPresent: true, Next: STATE.nextPage }],
      Default: STATE.done,
    },
    [STATE.nextPage]: chained
      ? countedNextPage(p)
      : { Type: "Pass", Parameters: { "nextKey.$": "$.page.LastEvaluatedKey", "version.$": "$.version" }, Next: STATE.readNextPage },
    ...(chained ? chainStates() : {}),
    [STATE.readNextPage]: { ...queryPage(p, true), Comment: "The next page of rows" },
    [STATE.done]: { Type: "Succeed" },
  } satisfies Record<string, State>;
}

/**
 * A chain's next execution reads on only while its pinned version is
 * readable: the version's record (partition "mapitems", sort key the version)
 * must exist and, once superseded, its readableUntil must be later than this
 * execution's start. Otherwise it fails with ListVersionExpired rather than
 * read rows that TTL or a seed may be deleting.
 */
function pinnedVersionCheck(p: DefinitionParams) {
  return {
    [STATE.readPinned]: {
      Type: "Task",
      Comment: "The record of the version this chain pinned",
      Resource: DYNAMODB_GET_ITEM,
      Parameters: {
        TableName: p.tableName,
        Key: { [PARTITION_KEY]: { S: LIST_ITEM_KEY }, [SORT_KEY]: { "S.$": "$.version" } },
        ConsistentRead: true,
      },
      ResultSelector: { "item.$": "$", "now.$": "$$.Execution.StartTime" },
      ResultPath: "$.pinned",
      Next: STATE.checkPinned,
    },
    [STATE.checkPinned]: {
      Type: "Choice",
      Choices: [
        { Variable: "$.pinned.item.Item", IsPresent: false, Next: STATE.expired },
        {
          And: [
            { Variable: "$.pinned.item.Item.readableUntil.S", IsPresent: true },
            { Variable: "$.pinned.item.Item.readableUntil.S", TimestampLessThanEqualsPath: "$.pinned.now" },
          ],
          Next: STATE.expired,
        },
      ],
      Default: STATE.readNextPage,
    },
    [STATE.expired]: {
      Type: "Fail",
      Error: LIST_VERSION_EXPIRED_ERROR,
      Cause: "The list version this chain pinned was superseded longer ago than the seed keeps old versions readable: start a new execution.",
    },
  } satisfies Record<string, State>;
}

/**
 * The definition's public face: everything other modules import from
 * "stacks/definition". One concern per file behind it:
 *   shapes.ts       the structural choices and every valid combination
 *   params.ts       what a definition is built from; settings -> parameters
 *   build.ts        buildDefinition, assembling the parts for one shape
 *   list-reader.ts  GetItem of the one list item
 *   rows-reader.ts  Query of one row per element, page by page
 *   chain.ts        continue as new: rows on an inline Map, every few pages
 *   history-budget.ts  how many pages fit one execution's history quota
 *   map.ts          the Map state, its iteration and the Lambda retry
 *   tolerance.ts    the summary and tolerance check after an isolated Map
 *   names.ts        state and error names
 *   asl.ts          the typed States Language model, isDistributedMap, itemProcessorOf
 *                   and every service integration's resource ARN
 */
export { DYNAMODB_GET_ITEM, DYNAMODB_QUERY, isDistributedMap, itemProcessorOf, STATES_START_EXECUTION } from "./asl";
export { buildDefinition } from "./build";
export { STARTED_BY_KEY } from "./chain";
export { chainParams, historyBudget, NUMBER_ARITHMETIC, rowsHistoryBudget, stateEvents, type BudgetArithmetic } from "./history-budget";
export { LAMBDA_RETRY, TRANSIENT_LAMBDA_ERRORS } from "./map";
export { LIST_NOT_SEEDED_ERROR, STATE, TOO_MANY_FAILURES_ERROR } from "./names";
export { tunableParams, type Definition, type DefinitionParams } from "./params";
export { DEFAULT_SHAPE, SHAPES, shapeKey, shapeOf, type Shape } from "./shapes";
export { percentBits } from "./tolerance";

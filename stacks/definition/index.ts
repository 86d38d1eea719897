/**
 * The definition's public face: everything other modules import from
 * "stacks/definition". One concern per file behind it:
 *   shapes.ts       the structural choices and every valid combination
 *   params.ts       what a definition is built from; settings -> parameters
 *   build.ts        buildDefinition, assembling the parts for one shape
 *   list-reader.ts  GetItem of the one list item
 *   rows-reader.ts  Query of one row per element, page by page
 *   map.ts          the Map state, its iteration and the Lambda retry
 *   tolerance.ts    the summary and tolerance check after an isolated Map
 *   names.ts        state and error names
 */
export { buildDefinition } from "./build";
export { LAMBDA_RETRY, TRANSIENT_LAMBDA_ERRORS } from "./map";
export { LIST_NOT_SEEDED_ERROR, STATE, TOO_MANY_FAILURES_ERROR } from "./names";
export { tunableParams, type Definition, type DefinitionParams, type TunableSettings } from "./params";
export { DEFAULT_SHAPE, SHAPES, shapeKey, shapeOf, type ItemSource, type MapMode, type Shape } from "./shapes";
export { percentBits } from "./tolerance";

/**
 * The Lambda invoked once per list element by the Map state.
 *
 * It receives the element as the state machine read it from DynamoDB (typed:
 * {"S": "Economics"} or {"M": {...}}), or plain JSON when invoked by hand,
 * logs it as one structured JSON line, and returns it as plain JSON (a number
 * a double cannot hold exactly stays {"N": "<digits>"}: attribute-value.ts). A batch
 * from a Distributed Map is processed element by element.
 *
 * Imports nothing of the stack or of cdktf: this file is what gets zipped.
 */
import { toPlain, type Plain } from "./attribute-value";

/** The part of the Lambda context this function reads; optional so tests can omit it. */
export interface ContextLike {
  awsRequestId?: string;
}

/** Where log lines go; console.log in Lambda, a collector in the offline runner. */
export type LogSink = (line: string) => void;

/**
 * A Distributed Map with an ItemBatcher hands over {"Items": [...]} (and
 * "BatchInput" when set); with item_source rows each element comes as
 * {"position", "value"}. Both are recognised by their exact keys.
 */
function isBatch(event: unknown): event is { Items: unknown[] } {
  if (event === null || typeof event !== "object" || Array.isArray(event)) return false;
  const keys = Object.keys(event).sort().join(",");
  return (keys === "Items" || keys === "BatchInput,Items") && Array.isArray((event as { Items: unknown }).Items);
}
function unwrapRow(element: unknown): unknown {
  const isRow = element !== null && typeof element === "object" && Object.keys(element).sort().join(",") === "position,value";
  return isRow ? (element as { value: unknown }).value : element;
}

export function makeHandler(log: LogSink) {
  const processOne = (element: unknown, requestId: string | undefined): Plain => {
    const item = toPlain(unwrapRow(element));
    log(JSON.stringify({ level: "INFO", message: "processing item", requestId, item }));
    return item;
  };
  return async function handler(event: unknown, context?: ContextLike): Promise<Plain> {
    if (isBatch(event)) return event.Items.map((e) => processOne(e, context?.awsRequestId));
    return processOne(event, context?.awsRequestId);
  };
}

export const handler = makeHandler((line) => console.log(line));

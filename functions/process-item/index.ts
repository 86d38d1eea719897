/**
 * The Lambda invoked once per list element by the Map state.
 *
 * It receives the element as the state machine read it from DynamoDB (typed:
 * {"S": "Economics"} or {"M": {...}}), or plain JSON when invoked by hand,
 * logs it as one structured JSON line, and returns it as plain JSON.
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

export function makeHandler(log: LogSink) {
  return async function handler(event: unknown, context?: ContextLike): Promise<Plain> {
    const item = toPlain(event);
    log(JSON.stringify({ level: "INFO", message: "processing item", requestId: context?.awsRequestId, item }));
    return item;
  };
}

export const handler = makeHandler((line) => console.log(line));

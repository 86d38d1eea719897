/**
 * Items read back from the table as plain JSON, for people to look at (the
 * offline report's "Items read" list): a number a JavaScript number cannot
 * hold exactly is read as raw JSON text (JSON.rawJSON, Node 21 and later), so
 * JSON.stringify shows DynamoDB's digits rather than a rounded double or a
 * BigInt it cannot print. Not for writing back: marshall would not know it.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall, type unmarshallOptions } from "@aws-sdk/util-dynamodb";
import { fitsJsNumber } from "./dynamo-number";

const rawJSON = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON;

/** A number's text as a plain value: a number when exact, else its digits as raw JSON. */
function plainNumber(text: string): unknown {
  if (fitsJsNumber(text)) return Number(text);
  try {
    return rawJSON(text);
  } catch {
    // Not JSON number syntax (DynamoDB writes none such; an emulator might): the text itself.
    return text;
  }
}

/** A new object each time: lib-dynamodb writes into the options it is given (convertWithoutMapWrapper). */
export function readBackOptions(): unmarshallOptions {
  return { wrapNumbers: plainNumber };
}

export function plainItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  return unmarshall(item, readBackOptions());
}

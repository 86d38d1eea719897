/**
 * What a work list is and the limits it must fit: shared by the stack (the
 * declarative SEED_FILE item), the seed and the offline runner. Knows no
 * cdktf; reading and checking files is the seed's job (seed/list-file.ts).
 */
import { UserError } from "../cli/errors";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { LIST_ATTRIBUTE, LIST_ITEM_ID } from "./table-schema";

/** Room left in the payload for GetItem's SdkHttpMetadata and SdkResponseMetadata (about 1 KiB). */
export const GET_ITEM_METADATA_RESERVE_BYTES = 4 * 1024;

/** A problem with the user's input: printed as one line, exit code 1, nothing written. */
export class SeedInputError extends UserError {
  override name = "SeedInputError";
}

export type WorkList = unknown[];

/** The list as the one DynamoDB item the state machine reads, typed. */
export function listItem(list: WorkList): Record<string, AttributeValue> {
  try {
    return marshall({ ...LIST_ITEM_ID, [LIST_ATTRIBUTE]: list });
  } catch (e) {
    throw new SeedInputError(`the list cannot be stored in DynamoDB: ${(e as Error).message}`);
  }
}

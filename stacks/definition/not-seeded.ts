/** The Fail state both readers end in when the table holds no list. */
import type { FailState } from "./asl";
import { LIST_NOT_SEEDED_ERROR } from "./names";

export function listNotSeeded(what: string): FailState {
  return {
    Type: "Fail",
    Error: LIST_NOT_SEEDED_ERROR,
    // No double quotes in strings here: cdktf does not escape them inside Fn.jsonencode.
    Cause: `The table has no ${what}: run npm run seed first.`,
  } satisfies FailState;
}

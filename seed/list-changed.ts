/** The one error both layouts fail with when another seed changed the list first. */
import { UserError } from "../cli/errors";

/** What a seed that lost a race says: one line, exit 1 (cli/run.ts prints a UserError so). */
export const LIST_CHANGED_MESSAGE = "the list changed while seeding: run it again";

export class ListChangedError extends UserError {
  override name = "ListChangedError";
  constructor() {
    super(LIST_CHANGED_MESSAGE);
  }
}

/**
 * The two kinds of failure a command reports without a stack trace. Every
 * command's own user-fixable errors extend UserError, or are named to the
 * scaffolding (cli/run.ts) when they live where cli/ may not be imported
 * (stacks/: SeedInputError, UnsupportedDefinitionError).
 */

/** Something the user can fix: printed as one line `<command>: message`, exit code 1. */
export class UserError extends Error {
  override name = "UserError";
}

/** A malformed command line: the line, then the usage text, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

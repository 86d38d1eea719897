/**
 * The two kinds of failure a command reports without a stack trace. Every
 * refused input (SeedInputError, SettingsError, UnsupportedDefinitionError,
 * FaultSyntaxError, ...) extends UserError. This module imports nothing, so
 * every folder may use it, stacks/ included (the layout's one exception).
 */

/** Something the user can fix: printed as one line `<command>: message`, exit code 1. */
export class UserError extends Error {
  override name = "UserError";
}

/** A malformed command line: the line, then a pointer to --help (cli/run.ts), exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

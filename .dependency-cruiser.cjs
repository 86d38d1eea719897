/**
 * The layout's import rules (README, "Project layout"), checked by dependency-cruiser
 * (`npm run lint:deps`): data flows one way, settings -> definition -> stack |
 * offline runner, and the shared modules (aws/, cli/, report/) sit under the
 * commands, never on top of them. On top of the folder rules: no import cycle
 * between any two files, and the handler and the stack's definition load no cdktf.
 *
 * Paths are relative to the folder depcruise runs in (the repository root);
 * __tests__/dependency-rules.test.ts runs these same rules on planted trees.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** The top-level folders each folder may import from (its own is always allowed). */
const ALLOWED = {
  stacks: [],
  functions: [],
  // aws/ may use cli/ for UserError: AwsAccessError is one.
  aws: ["stacks", "cli"],
  cli: [],
  report: ["stacks"],
  seed: ["stacks", "aws", "cli"],
  local: ["stacks", "aws", "cli", "report", "seed", "functions"],
  execute: ["stacks", "aws", "cli", "report"],
  terraform: ["stacks", "aws", "cli"],
  // bench/ replays the synthetic histories that the report tests use.
  bench: ["stacks", "aws", "cli", "report", "seed", "local", "functions", "__tests__/fixtures"],
  migration: [],
};

/** cli/errors.ts (UserError) imports nothing, so every folder may use it. */
const EVERYONE_MAY_USE = ["^cli/errors\\.ts$"];

/** The handler and the modules the definition is built from: what they load must run without cdktf. */
// stacks/definition/, definition-walk.ts and the named modules; not constructs such as work-list-table.ts.
const CDKTF_FREE = ["^functions/", "^stacks/(definition[/.-]|(settings|table-schema|work-list|project|aws-limits)\\.ts$)"];

const folderRules = Object.entries(ALLOWED).map(([folder, allowed]) => ({
  name: `folder-${folder}`,
  comment: `${folder}/ imports only from ${allowed.length ? allowed.map((a) => `${a}/`).join(", ") : "itself"} (README, "Layout")`,
  severity: "error",
  from: { path: `^${folder}/` },
  to: {
    // Any project file outside the allowed folders: packages (node_modules) and Node's own modules are not folders.
    dependencyTypes: ["local"],
    pathNot: [`^${folder}/`, ...allowed.map((a) => `^${a}/`), ...EVERYONE_MAY_USE],
  },
}));

module.exports = {
  forbidden: [
    ...folderRules,
    {
      name: "cli-errors-imports-nothing",
      comment: "cli/errors.ts is the one module every folder may import, so it must not bring any other project module along.",
      severity: "error",
      from: { path: "^cli/errors\\.ts$" },
      to: { dependencyTypes: ["local"] },
    },
    {
      name: "engine-knows-no-layer",
      comment: "The offline engine core (local/engine/) imports none of its layers or commands: they build on it, never the reverse (README, local/).",
      severity: "error",
      from: { path: "^local/engine/" },
      to: { path: "^local/(?!engine/)" },
    },
    {
      name: "no-circular",
      comment: "No import cycle between files, type-only imports included: a module that needs a type from its importer wants a shared module both import.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-cdktf-in-handler-or-definition",
      comment: "The Lambda handler and the definition reach no cdktf, not even through another module: the bundle and the offline runner load them without it.",
      severity: "error",
      from: { path: CDKTF_FREE },
      to: { path: "(^|/)node_modules/(cdktf|@cdktf/)", reachable: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "Every relative import resolves: a rule over files that were never found would pass for nothing.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, dependencyTypes: ["local", "unknown", "undetermined"] },
    },
  ],
  options: {
    // Type-only imports count: they are what closes the engine's cycles (issue 18).
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(cdktf\\.out|\\.build|\\.gen|\\.tools|\\.node|\\.cache|coverage)/" },
    enhancedResolveOptions: {
      extensions: [".ts", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
      conditionNames: ["require", "node", "default"],
      exportsFields: ["exports"],
      mainFields: ["main", "types", "typings"],
    },
  },
};

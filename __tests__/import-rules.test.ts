/**
 * The layout's import rules (README, "Layout"): data flows one way,
 * settings -> definition -> stack | offline runner, and the shared modules
 * (aws/, cli/, report/) sit under the commands, never on top of them.
 *
 * Every relative import of every project .ts file is resolved to the folder
 * it lands in and checked against the folders that folder may use.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");

/** The top-level folders each folder may import from (its own is always allowed). */
const ALLOWED: Record<string, readonly string[]> = {
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
  bench: ["stacks", "aws", "cli", "report", "seed", "local", "functions"],
  migration: [],
};

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Every module specifier a file names: import, export ... from, import(), require(). */
export function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

const imports = Object.keys(ALLOWED).flatMap((folder) =>
  tsFiles(folder).flatMap((file) =>
    specifiers(readFileSync(path.join(ROOT, file), "utf8"))
      .filter((s) => s.startsWith("."))
      .map((spec) => ({ file, folder, spec, target: path.relative(ROOT, path.resolve(ROOT, path.dirname(file), spec)).split(path.sep)[0]! })),
  ),
);

describe("import rules", () => {
  it("finds the project's imports (a scan that reads nothing proves nothing)", () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(imports.some((i) => i.folder === "execute" && i.target === "report")).toBe(true);
  });

  it.each(Object.entries(ALLOWED))("%s/ imports only from %p", (folder, allowed) => {
    const bad = imports
      .filter((i) => i.folder === folder && i.target !== folder && !allowed.includes(i.target) && !i.spec.endsWith("cli/errors"))
      .map((i) => `${i.file} imports ${i.target}/`);
    expect(bad).toEqual([]);
  });

  it("the handler and the stack's definition load no cdktf", () => {
    const cdktfUsers = [...tsFiles("functions"), ...tsFiles("stacks").filter((f) => /definition|settings|table-schema|work-list|project/.test(f))]
      .filter((f) => specifiers(readFileSync(path.join(ROOT, f), "utf8")).some((s) => s === "cdktf" || s.startsWith("@cdktf/")));
    expect(cdktfUsers).toEqual([]);
  });

  it("spots a forbidden import (the check can fail)", () => {
    expect(specifiers('import { x } from "../local/run-offline";\nconst y = require("../seed/cli");')).toEqual(["../local/run-offline", "../seed/cli"]);
  });
});

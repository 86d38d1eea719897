/**
 * The layout's import rules live in .dependency-cruiser.cjs and run with
 * `npm run lint:deps`. These tests show that the rules can fail: each plants a
 * small tree in a temporary folder, runs depcruise on it with the project's
 * config, and expects the rule it breaks. The last one checks that the real run
 * reads the project (a scan that reads nothing proves nothing).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const DEPCRUISE = path.join(ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruiser.mjs");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");

interface CruiseResult {
  readonly modules: readonly { readonly source: string; readonly dependencies: readonly { readonly resolved: string }[] }[];
}

/** depcruise with the project's rules over `dir`, with the given reporter. */
function depcruise(dir: string, outputType: "err" | "json") {
  return spawnSync(process.execPath, [DEPCRUISE, "--config", CONFIG, "--output-type", outputType, "."], { cwd: dir, encoding: "utf8" });
}

/** The exit status of `npm run lint:deps` over `dir` and its violations, as "rule: from" (a cycle is reported once, from the file it was found at). */
function check(dir: string): { status: number | null; violations: string[] } {
  const run = depcruise(dir, "err");
  return { status: run.status, violations: [...run.stdout.matchAll(/^\s*error (\S+): (\S+)/gm)].map((m) => `${m[1]}: ${m[2]}`) };
}

/** A temporary project with these files (path -> text); node_modules links to the real one so packages resolve. */
function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "dependency-rules-"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const planted: string[] = [];
afterAll(() => planted.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function violationsIn(files: Record<string, string>): { status: number | null; violations: string[] } {
  const dir = plant(files);
  planted.push(dir);
  return check(dir);
}

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("fails when the engine core imports one of its layers", () => {
    const { status, violations } = violationsIn({
      "local/engine/engine.ts": 'import { quotaLayer } from "../quotas/layer";\nexport const engine = quotaLayer;\n',
      "local/quotas/layer.ts": "export const quotaLayer = 1;\n",
    });
    expect(status).not.toBe(0);
    expect(violations).toEqual(["engine-knows-no-layer: local/engine/engine.ts"]);
  });

  it("fails on an import cycle between two files, type-only imports included", () => {
    const { status, violations } = violationsIn({
      "local/a.ts": 'import type { B } from "./b";\nexport interface A { b?: B }\n',
      "local/b.ts": 'import { type A } from "./a";\nexport interface B { a?: A }\n',
    });
    expect(status).not.toBe(0);
    expect(violations).toEqual(["no-circular: local/a.ts"]);
  });

  it("fails on an import into a folder the importer may not use", () => {
    const { status, violations } = violationsIn({
      "stacks/definition/states.ts": 'export { runOffline } from "../../local/run-offline";\n',
      "local/run-offline.ts": "export const runOffline = 1;\n",
    });
    expect(status).not.toBe(0);
    expect(violations).toEqual(["folder-stacks: stacks/definition/states.ts"]);
  });

  it("lets every folder use cli/errors.ts, and bench/ the test fixtures", () => {
    const { status, violations } = violationsIn({
      "stacks/settings.ts": 'import { UserError } from "../cli/errors";\nexport class SettingsError extends UserError {}\n',
      "cli/errors.ts": "export class UserError extends Error {}\n",
      "bench/run.ts": 'import { history } from "../__tests__/fixtures/synthetic-history";\nexport const h = history;\n',
      "__tests__/fixtures/synthetic-history.ts": "export const history = [];\n",
    });
    expect(violations).toEqual([]);
    expect(status).toBe(0);
  });

  it("fails when cli/errors.ts, which every folder may use, imports anything", () => {
    const { status, violations } = violationsIn({
      "cli/errors.ts": 'import { bar } from "./progress";\nexport class UserError extends Error {}\nexport const b = bar;\n',
      "cli/progress.ts": "export const bar = 1;\n",
    });
    expect(status).not.toBe(0);
    expect(violations).toEqual(["cli-errors-imports-nothing: cli/errors.ts"]);
  });

  it("fails when the handler or the definition reaches cdktf, even through another module", () => {
    const { status, violations } = violationsIn({
      "functions/process-item/index.ts": 'import "cdktf";\n',
      "stacks/definition/index.ts": 'import { output } from "../outputs";\nexport const o = output;\n',
      "stacks/outputs.ts": 'import { TerraformOutput } from "cdktf";\nexport const output = TerraformOutput;\n',
    });
    expect(status).not.toBe(0);
    expect(violations.sort()).toEqual([
      "no-cdktf-in-handler-or-definition: functions/process-item/index.ts",
      "no-cdktf-in-handler-or-definition: stacks/definition/index.ts",
    ]);
  });

  it("reads the project's imports (a scan that reads nothing proves nothing)", () => {
    const result = JSON.parse(depcruise(ROOT, "json").stdout) as CruiseResult;
    const projectModules = result.modules.filter((m) => !m.source.startsWith("node_modules/"));
    expect(projectModules.length).toBeGreaterThan(100);
    const edges = projectModules.flatMap((m) => m.dependencies.map((d) => `${m.source.split("/")[0]} -> ${d.resolved.split("/")[0]}`));
    expect(edges).toContain("execute -> report");
    expect(edges).toContain("stacks -> node_modules");
  });
});

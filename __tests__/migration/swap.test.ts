/** The import rewrite of npm run check:cdktn: only specifiers of the four swapped packages change. */
import { isDeepImport, mapSpecifier, moduleSpecifiers, rewriteImports, rewritePackageJson } from "../../migration/swap";

describe("mapSpecifier", () => {
  it.each([
    ["cdktf", "cdktn"],
    ["cdktf/lib/testing/adapters/jest", "cdktn/lib/testing/adapters/jest"],
    ["cdktf-cli", "cdktn-cli"],
    ["@cdktf/provider-aws/lib/iam-role", "@cdktn/provider-aws/lib/iam-role"],
    ["@cdktf/provider-archive/lib/data-archive-file", "@cdktn/provider-archive/lib/data-archive-file"],
  ])("%s -> %s", (from, to) => expect(mapSpecifier(from)).toBe(to));

  it.each(["constructs", "@cdktf/hcl2json", "cdktf-extra", "@cdktf/provider-awsx/lib/x", "./cdktf", "esbuild"])("leaves %s alone", (s) =>
    expect(mapSpecifier(s)).toBeUndefined(),
  );
});

describe("rewriteImports", () => {
  const source = [
    '// cdktf is archived; "cdktf" in a comment stays',
    'import { App, Fn } from "cdktf";',
    "import type { IResolvable } from 'cdktf';",
    'import { IamRole } from "@cdktf/provider-aws/lib/iam-role";',
    'export { DataArchiveFile } from "@cdktf/provider-archive/lib/data-archive-file";',
    'import "cdktf/lib/testing/adapters/jest";',
    'import { parse } from "@cdktf/hcl2json";',
    'import { Construct } from "constructs";',
    'const lazy = require("cdktf");',
    'const later = () => import("@cdktf/provider-aws/lib/provider");',
    'type T = typeof import("cdktf");',
    'jest.mock("cdktf");',
    'const tags = { ManagedBy: "cdktf" };',
  ].join("\n");

  it("rewrites every kind of specifier and nothing else", () => {
    const out = rewriteImports(source);
    expect(out.text).toBe(
      [
        '// cdktf is archived; "cdktf" in a comment stays',
        'import { App, Fn } from "cdktn";',
        "import type { IResolvable } from 'cdktn';",
        'import { IamRole } from "@cdktn/provider-aws/lib/iam-role";',
        'export { DataArchiveFile } from "@cdktn/provider-archive/lib/data-archive-file";',
        'import "cdktn/lib/testing/adapters/jest";',
        'import { parse } from "@cdktf/hcl2json";',
        'import { Construct } from "constructs";',
        'const lazy = require("cdktn");',
        'const later = () => import("@cdktn/provider-aws/lib/provider");',
        'type T = typeof import("cdktn");',
        'jest.mock("cdktn");',
        'const tags = { ManagedBy: "cdktf" };',
      ].join("\n"),
    );
    expect(out.changes).toHaveLength(9);
  });

  it("is idempotent and leaves a file without CDKTF imports byte for byte", () => {
    const once = rewriteImports(source).text;
    expect(rewriteImports(once)).toEqual({ text: once, changes: [] });
    const plain = 'import * as fs from "node:fs";\r\nconst x = "cdktf";\r\n';
    expect(rewriteImports(plain).text).toBe(plain);
  });

  it("handles JavaScript files (require in jest.config.js and the like)", () => {
    expect(rewriteImports('const { Testing } = require("cdktf");\n', "setup.js").text).toBe('const { Testing } = require("cdktn");\n');
  });

  it("finds specifiers at the right offsets", () => {
    const text = 'import { A } from "cdktf";';
    const [site] = moduleSpecifiers(text);
    expect(text.slice(site!.start, site!.start + site!.text.length)).toBe("cdktf");
  });
});

describe("isDeepImport", () => {
  it.each([
    ["cdktf", false],
    ["@cdktf/provider-aws/lib/iam-role", false],
    ["@cdktn/provider-aws/lib/iam-role", false],
    ["cdktf/lib/testing/adapters/jest", true],
    ["cdktn/lib/terraform-asset", true],
    ["@cdktf/provider-aws/lib/iam-role/index-structs", true],
    ["@cdktf/hcl2json", false],
    ["constructs", false],
  ])("%s: %s", (s, deep) => expect(isDeepImport(s)).toBe(deep));
});

describe("rewritePackageJson", () => {
  it("swaps the packages at their pins, moves constructs into cdktn's peer range and calls the cdktn CLI", () => {
    const pkg = {
      scripts: { synth: "cdktf synth", deploy: "npx cdktf deploy && echo done", other: "tsx cdktf-free.ts", plan: "CHECKPOINT_DISABLE=1 cdktf plan" },
      dependencies: {
        cdktf: "0.21.0",
        "@cdktf/provider-aws": "21.22.1",
        "@cdktf/provider-archive": "11.0.1",
        "@cdktf/hcl2json": "0.21.0",
        constructs: "10.8.1",
      },
      devDependencies: { "cdktf-cli": "0.21.0", jest: "30.5.2" },
    };
    const out = JSON.parse(rewritePackageJson(JSON.stringify(pkg)));
    expect(out.dependencies).toEqual({
      cdktn: "0.24.0",
      "@cdktn/provider-aws": "25.7.0",
      "@cdktn/provider-archive": "14.0.1",
      "@cdktf/hcl2json": "0.21.0",
      constructs: "10.7.2",
    });
    expect(out.devDependencies).toEqual({ "cdktn-cli": "0.24.0", jest: "30.5.2" });
    expect(out.scripts).toEqual({
      synth: "cdktn synth",
      deploy: "npx cdktn deploy && echo done",
      other: "tsx cdktf-free.ts",
      plan: "CHECKPOINT_DISABLE=1 cdktn plan",
    });
  });
});

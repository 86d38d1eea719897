/**
 * The CDKTF -> CDK Terrain swap as pure functions: which packages change,
 * how a module specifier is rewritten, and which imports reach past a
 * package's public entry points. `npm run check:cdktn` applies them to a
 * throwaway copy; a real switch applies the same table by hand.
 */
import * as ts from "typescript";

export interface Swap {
  readonly from: string;
  readonly to: string;
  /** The CDK Terrain version the check installs (a real switch pins the same). */
  readonly version: string;
}

/**
 * The four packages the project takes from CDKTF. @cdktf/hcl2json is not one
 * of them: it only parses HCL tfvars for the offline runner and is not part of
 * synthesis (CDK Terrain publishes @cdktn/hcl2json too, for a later move).
 */
export const SWAPS: readonly Swap[] = [
  { from: "cdktf", to: "cdktn", version: "0.24.0" },
  { from: "cdktf-cli", to: "cdktn-cli", version: "0.24.0" },
  { from: "@cdktf/provider-aws", to: "@cdktn/provider-aws", version: "25.7.0" },
  { from: "@cdktf/provider-archive", to: "@cdktn/provider-archive", version: "14.0.1" },
];

/**
 * cdktn 0.24.0 and its providers declare the peer range constructs >=10.6.0
 * <10.8.0, which the project's constructs 10.8.1 is outside of; 10.7.2 is the
 * newest release inside it. One copy of constructs must serve both the
 * project's code and cdktn, or `instanceof Construct` checks split in two.
 */
export const CONSTRUCTS_VERSION = "10.7.2";

/** The CLI's command name before and after (cdktf.json keeps its name). */
export const CLI_BIN = { from: "cdktf", to: "cdktn" } as const;

/** The package a specifier names: "@scope/name" or "name", without any subpath. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** The CDK Terrain specifier for a CDKTF one, or undefined when it names none of the swapped packages. */
export function mapSpecifier(specifier: string, swaps: readonly Swap[] = SWAPS): string | undefined {
  const pkg = packageOf(specifier);
  const swap = swaps.find((s) => s.from === pkg);
  return swap ? swap.to + specifier.slice(pkg.length) : undefined;
}

/**
 * Imports that reach past what both projects document as their public
 * layout: the package root, and for prebuilt providers `lib/<resource>`.
 * Anything deeper (cdktf/lib/..., lib/<resource>/index-structs/...) is an
 * internal path that the fork may move without notice.
 */
export function isDeepImport(specifier: string, swaps: readonly Swap[] = SWAPS): boolean {
  const pkg = packageOf(specifier);
  const swap = swaps.find((s) => s.from === pkg || s.to === pkg);
  if (!swap) return false;
  const sub = specifier.slice(pkg.length);
  if (sub === "") return false;
  const isProvider = /\/provider-/.test(pkg);
  return !(isProvider && /^\/lib\/[^/]+$/.test(sub));
}

export interface SpecifierSite {
  /** Offset of the string literal's first character inside the quotes. */
  readonly start: number;
  readonly text: string;
}

const JEST_MODULE_CALLS = new Set(["mock", "doMock", "unmock", "requireActual", "requireMock", "createMockFromModule"]);

/**
 * Every module specifier in a file, found on the syntax tree: import/export
 * ... from, import "x", import x = require("x"), require("x"), import("x"),
 * import("x") types, and jest.mock("x") and its kin. Strings that merely
 * mention a package (comments, tag values, messages) are not specifiers.
 */
export function moduleSpecifiers(text: string, fileName = "file.ts"): SpecifierSite[] {
  const kind = /\.(js|cjs|mjs)$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const sites: SpecifierSite[] = [];
  const add = (node: ts.Node | undefined) => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
      sites.push({ start: node.getStart(sf) + 1, text: node.text });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isExternalModuleReference(node)) add(node.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isJest =
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === "jest" &&
        JEST_MODULE_CALLS.has(callee.name.text);
      if (isRequire || isDynamicImport || isJest) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return sites.sort((a, b) => a.start - b.start);
}

export interface Rewrite {
  readonly text: string;
  readonly changes: ReadonlyArray<{ readonly from: string; readonly to: string }>;
}

/** Rewrites the specifiers naming swapped packages; everything else in the file is left byte for byte. */
export function rewriteImports(text: string, fileName = "file.ts", swaps: readonly Swap[] = SWAPS): Rewrite {
  const changes: Array<{ from: string; to: string }> = [];
  let out = "";
  let last = 0;
  for (const site of moduleSpecifiers(text, fileName)) {
    const to = mapSpecifier(site.text, swaps);
    if (to === undefined) continue;
    // The literal's source text equals its value for every specifier here
    // (package names need no escapes); anything else is left alone.
    if (text.slice(site.start, site.start + site.text.length) !== site.text) continue;
    out += text.slice(last, site.start) + to;
    last = site.start + site.text.length;
    changes.push({ from: site.text, to });
  }
  return { text: out + text.slice(last), changes };
}

/**
 * package.json with the swapped packages (and constructs) replaced at their
 * pinned versions, and the scripts calling the cdktf CLI calling cdktn: the
 * manifest a real switch ends with.
 */
export function rewritePackageJson(text: string, swaps: readonly Swap[] = SWAPS): string {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    const deps = pkg[field] as Record<string, string> | undefined;
    if (!deps) continue;
    const next: Record<string, string> = {};
    for (const [name, range] of Object.entries(deps)) {
      const swap = swaps.find((s) => s.from === name);
      if (swap) next[swap.to] = swap.version;
      else if (name === "constructs") next[name] = CONSTRUCTS_VERSION;
      else next[name] = range;
    }
    pkg[field] = next;
  }
  const scripts = pkg.scripts as Record<string, string> | undefined;
  if (scripts) {
    // The CLI as a command: first, after ; & |, after npx, or after an environment assignment (CHECKPOINT_DISABLE=1 cdktf synth).
    const cli = new RegExp(`(^|[;&|]\\s*|\\bnpx\\s+|\\b[A-Z_][A-Z0-9_]*=\\S*\\s+)${CLI_BIN.from}(?=\\s|$)`, "g");
    for (const [name, cmd] of Object.entries(scripts)) scripts[name] = cmd.replace(cli, `$1${CLI_BIN.to}`);
  }
  return JSON.stringify(pkg, null, 2) + "\n";
}

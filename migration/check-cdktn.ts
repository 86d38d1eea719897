/**
 * npm run check:cdktn — proves that leaving archived CDKTF for CDK Terrain is
 * mechanical: in a throwaway copy of this checkout it swaps the four CDKTF
 * packages for their pinned CDK Terrain versions, rewrites the imports, runs
 * the type check, the stack tests and `cdktn synth`, and compares the
 * synthesized JSON with `cdktf synth` of an unchanged copy.
 *
 * The checkout itself is only read: its package.json, lock file and
 * node_modules stay as they are. The CDK Terrain packages are installed once
 * into .cache/cdktn/<versions>/ (git-ignored), the only download it makes.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { compareTerraformJson, formatComparison, onlyExpected, SNAPSHOT_RULES, SYNTH_RULES, type Comparison, type Json } from "./compare";
import { multiLineEmptyBlocks, parseSnapFile, snapshotJson } from "./snapshots";
import { CLI_BIN, CONSTRUCTS_VERSION, isDeepImport, moduleSpecifiers, packageOf, rewriteImports, rewritePackageJson, SWAPS } from "./swap";

const ROOT = path.resolve(__dirname, "..");
const CODE_FILE = /\.(ts|tsx|mts|cts|js|cjs|mjs)$/;
/** Generous: a cold npm install of the providers and a slow shared machine. */
const STEP_TIMEOUT_MS = 10 * 60_000;

class CheckError extends Error {}

const log = (line = "") => process.stdout.write(line + "\n");

// ---------------------------------------------------------------- processes

interface RunResult {
  readonly code: number;
  readonly output: string;
}

/** Runs a command, collecting stdout and stderr together; never rejects (a spawn error is code 127). */
function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", FORCE_COLOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), STEP_TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: 127, output: output + e.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output: signal ? `${output}\n(stopped by ${signal})` : output });
    });
  });
}

/** ANSI colour codes start with ESC (\x1b): matching that control character is the point. */
// eslint-disable-next-line no-control-regex
const ANSI_CODE = /\x1b\[[0-9;]*[A-Za-z]/g;

/** The last lines of a tool's output, to show above the one-line failure. */
function tail(output: string, lines = 40): string {
  return output.replace(ANSI_CODE, "").trimEnd().split("\n").slice(-lines).join("\n");
}

async function step<T>(name: string, fn: () => Promise<T>, timings: Array<[string, number]>): Promise<T> {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([name, (Date.now() - started) / 1000]);
  }
}

// ---------------------------------------------------------------- the cache

/** Where the pinned CDK Terrain packages live; the folder name carries the versions, so a new pin installs anew. */
function cacheDir(): string {
  const slug = [...SWAPS.map((s) => `${s.to.replace("@cdktn/", "")}-${s.version}`), `constructs-${CONSTRUCTS_VERSION}`].join("_");
  return path.join(ROOT, ".cache", "cdktn", slug);
}

/**
 * Installs the pinned packages once. The install goes to a sibling folder and
 * is renamed into place when complete, so an interrupted install is never
 * mistaken for a finished one. Older pins' folders are removed: each holds
 * some 700 MB, almost all of it the AWS provider bindings.
 */
async function ensureCache(): Promise<{ dir: string; installed: boolean }> {
  const dir = cacheDir();
  const nm = path.join(dir, "node_modules");
  const complete = path.join(dir, ".complete");
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  for (const other of fs.readdirSync(parent)) {
    if (other !== path.basename(dir)) fs.rmSync(path.join(parent, other), { recursive: true, force: true });
  }
  if (fs.existsSync(complete)) return { dir: nm, installed: false };

  const staging = `${dir}.installing-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const dependencies: Record<string, string> = Object.fromEntries(SWAPS.map((s) => [s.to, s.version]));
  dependencies.constructs = CONSTRUCTS_VERSION;
  fs.writeFileSync(
    path.join(staging, "package.json"),
    JSON.stringify(
      { name: "cdktn-check-cache", private: true, description: "git-ignored: the pinned CDK Terrain packages for npm run check:cdktn", dependencies },
      null,
      2,
    ) + "\n",
  );
  log(
    `check:cdktn: installing ${Object.entries(dependencies)
      .map(([n, v]) => `${n}@${v}`)
      .join(" ")} into ${path.relative(ROOT, dir)}/ (once)`,
  );
  // npm resolves the peers (jsii, jsii-pacmak for cdktn-cli) as usual; install scripts stay off as npm 11 has them.
  const r = await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], staging);
  if (r.code !== 0) {
    log(tail(r.output));
    fs.rmSync(staging, { recursive: true, force: true });
    throw new CheckError(`npm install of the pinned CDK Terrain packages failed (exit ${r.code}); is each pinned version served?`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(staging, dir);
  fs.writeFileSync(complete, new Date().toISOString() + "\n");
  return { dir: nm, installed: true };
}

// ---------------------------------------------------------------- the copies

/** The checkout's files as git sees them: tracked and untracked-but-not-ignored, so work in progress is checked too. */
function projectFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new CheckError(`git ls-files failed in ${ROOT}: ${(r.stderr || r.error?.message || "").trim()}`);
  return [...new Set(r.stdout.split("\0").filter(Boolean))].sort();
}

function copyProject(files: readonly string[], dest: string): void {
  for (const rel of files) {
    // A node_modules link (as in a git worktree) is not ignored by "node_modules/"; each copy gets its own.
    if (rel.split("/")[0] === "node_modules") continue;
    const src = path.join(ROOT, rel);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(src);
    } catch {
      continue; // tracked but deleted in the working tree: the copy mirrors the working tree
    }
    const dst = path.join(dest, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else if (stat.isFile()) fs.copyFileSync(src, dst);
  }
}

/**
 * The cdktn copy's node_modules: a real folder of links. Each entry of the
 * checkout's node_modules is linked, except the swapped packages and
 * constructs, which link to the cache instead; scopes that hold a swapped
 * package are split member by member, and so is .bin. Node and TypeScript
 * follow links to real paths, so cdktn finds its own dependencies in the
 * cache and everything else resolves in the checkout's tree. A CDKTF import
 * the rewrite missed therefore fails to resolve instead of silently mixing
 * the two.
 */
function overlayNodeModules(checkoutNm: string, cacheNm: string, dest: string): void {
  const removed = new Set<string>([...SWAPS.map((s) => s.from), "constructs"]);
  const added = [...SWAPS.map((s) => s.to), "constructs"];
  fs.mkdirSync(dest, { recursive: true });
  const linkMembers = (from: string, to: string, skip: (name: string) => boolean) => {
    fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(from)) if (!skip(name)) fs.symlinkSync(path.join(from, name), path.join(to, name));
  };
  for (const entry of fs.readdirSync(checkoutNm)) {
    const src = path.join(checkoutNm, entry);
    if (entry === ".bin") linkMembers(src, path.join(dest, ".bin"), (n) => n === CLI_BIN.from);
    else if (entry.startsWith("@") && [...removed].some((r) => r.startsWith(`${entry}/`))) {
      linkMembers(src, path.join(dest, entry), (n) => removed.has(`${entry}/${n}`));
    } else if (!removed.has(entry) && !entry.startsWith(".")) fs.symlinkSync(src, path.join(dest, entry));
  }
  for (const name of added) {
    const target = path.join(dest, name);
    const scope = path.dirname(target);
    // A scope the checkout already has (a later @cdktn/* dependency) is a link: make it a folder of links first.
    if (scope !== dest && fs.existsSync(scope) && fs.lstatSync(scope).isSymbolicLink()) {
      const real = fs.realpathSync(scope);
      fs.unlinkSync(scope);
      linkMembers(real, scope, () => false);
    }
    fs.mkdirSync(scope, { recursive: true });
    fs.rmSync(target, { force: true, recursive: true });
    fs.symlinkSync(path.join(cacheNm, name), target);
  }
  fs.mkdirSync(path.join(dest, ".bin"), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(cacheNm, ".bin", CLI_BIN.to)), path.join(dest, ".bin", CLI_BIN.to));
}

interface RewriteReport {
  readonly files: number;
  readonly specifiers: number;
  readonly deep: string[];
}

/** Rewrites every code file of the copy (not node_modules) and its package.json. */
function rewriteCopy(copy: string, files: readonly string[]): RewriteReport {
  let changedFiles = 0;
  let specifiers = 0;
  const deep: string[] = [];
  const leftovers: string[] = [];
  const swapped = new Set(SWAPS.map((s) => s.from));
  for (const rel of files.filter((f) => CODE_FILE.test(f))) {
    const file = path.join(copy, rel);
    if (!fs.existsSync(file) || fs.lstatSync(file).isSymbolicLink()) continue;
    const text = fs.readFileSync(file, "utf8");
    for (const s of moduleSpecifiers(text, rel)) if (isDeepImport(s.text)) deep.push(`${rel}: "${s.text}"`);
    const out = rewriteImports(text, rel);
    if (out.changes.length > 0) {
      fs.writeFileSync(file, out.text);
      changedFiles += 1;
      specifiers += out.changes.length;
    }
    for (const s of moduleSpecifiers(out.text, rel)) if (swapped.has(packageOf(s.text))) leftovers.push(`${rel}: "${s.text}"`);
  }
  if (leftovers.length > 0) throw new CheckError(`imports of CDKTF left after the rewrite: ${leftovers.join("; ")}`);
  const pkg = path.join(copy, "package.json");
  fs.writeFileSync(pkg, rewritePackageJson(fs.readFileSync(pkg, "utf8")));
  return { files: changedFiles, specifiers, deep };
}

// ---------------------------------------------------------------- the stack tests

function readSnapshots(file: string): Record<string, string> {
  return fs.existsSync(file) ? parseSnapFile(fs.readFileSync(file, "utf8")) : {};
}

function snapFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".snap"))
    .map((e) => path.join(e.parentPath, e.name));
}

interface SnapshotOutcome {
  readonly name: string;
  readonly comparison?: Comparison;
  /** Set when the snapshot could not be compared as JSON, or is on one side only. */
  readonly problem?: string;
  /** The text lays out empty objects differently; the JSON compares equal there. */
  readonly layout: boolean;
}

/**
 * The stack tests under jest, with --ci and --updateSnapshot: every assertion
 * but the snapshots must pass as written, and jest rewrites the copy's
 * snapshots with what cdktn synthesized. Each rewritten snapshot is then
 * compared with the checkout's (cdktf's) as JSON, like the synth output, so a
 * snapshot difference is accepted only when it is one of the expected ones.
 */
async function stackTests(copy: string, work: string): Promise<{ passed: number; failed: string[]; snapshots: SnapshotOutcome[] }> {
  const testDir = path.join(copy, "__tests__", "stacks");
  if (!fs.existsSync(testDir)) throw new CheckError("no __tests__/stacks folder: the stack tests are where the check runs them");
  const before = new Map(snapFiles(testDir).map((f) => [f, readSnapshots(f)]));
  const resultFile = path.join(work, "jest-cdktn.json");
  const env = { TEST_TIER: "", CI: "true" };
  const r = await run(
    process.execPath,
    [path.join(copy, "node_modules", "jest", "bin", "jest.js"), "--ci", "--updateSnapshot", "--json", `--outputFile=${resultFile}`, "__tests__/stacks"],
    copy,
    env,
  );
  if (!fs.existsSync(resultFile)) {
    log(tail(r.output));
    throw new CheckError(`jest did not run the stack tests (exit ${r.code})`);
  }
  const result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as {
    numPassedTests: number;
    numTotalTests: number;
    testResults: Array<{ name: string; message: string; assertionResults: Array<{ status: string; fullName: string; failureMessages: string[] }> }>;
  };
  if (result.numTotalTests === 0) throw new CheckError("jest found no stack tests under __tests__/stacks");
  const failed = result.testResults.flatMap((s) => {
    const a = s.assertionResults.filter((x) => x.status === "failed").map((x) => `${x.fullName}\n${tail(x.failureMessages.join("\n"), 25)}`);
    // A suite that failed to load (a type error, a missing module) has no assertions, only a message.
    return a.length === 0 && s.message ? [`${path.relative(copy, s.name)}\n${tail(s.message, 25)}`] : a;
  });
  if (failed.length === 0 && r.code !== 0) failed.push(`jest exited ${r.code} with every test passing\n${tail(r.output, 25)}`);
  return { passed: result.numPassedTests, failed, snapshots: compareSnapshots(copy, testDir, before) };
}

/** Each snapshot the cdktn run wrote, compared with the checkout's (read before the run). */
function compareSnapshots(copy: string, testDir: string, before: ReadonlyMap<string, Record<string, string>>): SnapshotOutcome[] {
  const snapshots: SnapshotOutcome[] = [];
  // Files the run wrote anew count too: a snapshot the checkout lacks is a difference.
  for (const file of [...new Set([...before.keys(), ...snapFiles(testDir)])].sort()) {
    const old = before.get(file) ?? {};
    const now = readSnapshots(file);
    for (const key of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
      snapshots.push(compareSnapshot(`${path.relative(copy, file)} › ${key}`, old[key], now[key]));
    }
  }
  return snapshots;
}

function compareSnapshot(name: string, a: string | undefined, b: string | undefined): SnapshotOutcome {
  if (a === undefined || b === undefined) {
    return {
      name,
      problem: a === undefined ? "written by the cdktn run only (not in the checkout)" : "not written by the cdktn run (obsolete or skipped)",
      layout: false,
    };
  }
  const ja = snapshotJson(a);
  const jb = snapshotJson(b);
  if (ja === undefined || jb === undefined) {
    return { name, problem: a === b ? undefined : "differs and is not JSON, so it cannot be compared by parts", layout: false };
  }
  return { name, comparison: compareTerraformJson(ja, jb, SNAPSHOT_RULES), layout: multiLineEmptyBlocks(a) !== multiLineEmptyBlocks(b) };
}

// ---------------------------------------------------------------- synth output

interface SynthOut {
  readonly stacks: Record<string, Json>;
  /** Asset files per stack: relative path -> sha256. */
  readonly assets: Record<string, Record<string, string>>;
}

function readSynth(outDir: string): SynthOut {
  const manifestFile = path.join(outDir, "manifest.json");
  if (!fs.existsSync(manifestFile)) throw new CheckError(`no manifest.json in ${outDir}`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as { stacks: Record<string, { synthesizedStackPath: string; workingDirectory: string }> };
  const stacks: Record<string, Json> = {};
  const assets: Record<string, Record<string, string>> = {};
  for (const [name, s] of Object.entries(manifest.stacks)) {
    stacks[name] = JSON.parse(fs.readFileSync(path.join(outDir, s.synthesizedStackPath), "utf8")) as Json;
    const dir = path.join(outDir, s.workingDirectory, "assets");
    assets[name] = {};
    if (!fs.existsSync(dir)) continue;
    for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!e.isFile()) continue;
      const file = path.join(e.parentPath, e.name);
      assets[name][path.relative(dir, file)] = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    }
  }
  return { stacks, assets };
}

async function synth(copy: string, bin: string, outDir: string): Promise<SynthOut> {
  const r = await run(path.join(copy, "node_modules", ".bin", bin), ["synth", "--output", outDir], copy);
  if (r.code !== 0) {
    log(tail(r.output));
    throw new CheckError(`${bin} synth failed (exit ${r.code})`);
  }
  return readSynth(outDir);
}

// ---------------------------------------------------------------- main

function versionOf(nm: string, pkg: string): string {
  return (JSON.parse(fs.readFileSync(path.join(nm, pkg, "package.json"), "utf8")) as { version: string }).version;
}

/** The two copies of the checkout: cdktf's unchanged, cdktn's swapped and rewritten. */
interface Copies {
  readonly work: string;
  readonly tfCopy: string;
  readonly tnCopy: string;
  readonly checkoutNm: string;
  readonly cacheNm: string;
  /** What the copy and rewrite did, logged once the versions are known. */
  readonly copied: number;
  readonly rewrite: RewriteReport;
}

async function prepareCopies(timings: Array<[string, number]>): Promise<Copies> {
  const checkoutNmLink = path.join(ROOT, "node_modules");
  if (!fs.existsSync(path.join(checkoutNmLink, "cdktf", "package.json"))) throw new CheckError("the checkout has no node_modules with cdktf: run npm ci first");
  const checkoutNm = fs.realpathSync(checkoutNmLink);

  const cache = await step("cache", ensureCache, timings);
  log(`check:cdktn: CDK Terrain packages ${cache.installed ? "installed into" : "reused from"} ${path.relative(ROOT, path.dirname(cache.dir))}/`);

  // Outside the checkout on purpose: under it, Node would fall back to the
  // checkout's node_modules for anything missing and hide a missed rewrite.
  // One fixed folder per checkout, so jest's transform cache stays warm.
  const work = path.join(tmpdir(), `check-cdktn-${createHash("sha256").update(ROOT).digest("hex").slice(0, 10)}`);
  const tfCopy = path.join(work, "cdktf");
  const tnCopy = path.join(work, "cdktn");
  fs.rmSync(work, { recursive: true, force: true });
  const files = projectFiles();
  const rewrite = await step(
    "copy and rewrite",
    async () => {
      copyProject(files, tfCopy);
      copyProject(files, tnCopy);
      fs.symlinkSync(checkoutNm, path.join(tfCopy, "node_modules"));
      overlayNodeModules(checkoutNm, cache.dir, path.join(tnCopy, "node_modules"));
      return rewriteCopy(tnCopy, files);
    },
    timings,
  );
  return { work, tfCopy, tnCopy, checkoutNm, cacheNm: cache.dir, copied: files.length, rewrite };
}

interface Versions {
  readonly cdktf: string;
  readonly cdktn: string;
  readonly cli: string;
}

/** The versions on each side; the cdktn CLI must answer --version. */
async function versionsOf({ checkoutNm, cacheNm, tnCopy }: Copies): Promise<Versions> {
  const cdktf = versionOf(checkoutNm, "cdktf");
  const cdktn = versionOf(cacheNm, "cdktn");
  const out = await run(path.join(tnCopy, "node_modules", ".bin", CLI_BIN.to), ["--version"], tnCopy);
  const cli = out.output.match(/^\d+\.\d+\.\d+\S*$/m)?.[0];
  if (out.code !== 0 || !cli) {
    log(tail(out.output));
    throw new CheckError(`${CLI_BIN.to} --version did not answer with a version`);
  }
  return { cdktf, cdktn, cli };
}

function logPrepared(v: Versions, { cacheNm, copied, rewrite, work }: Copies): void {
  const others = SWAPS.slice(2)
    .map((s) => `${s.to} ${versionOf(cacheNm, s.to)}`)
    .join(", ");
  log(`check:cdktn: cdktf ${v.cdktf} (checkout) -> cdktn ${v.cdktn}, cdktn-cli ${v.cli}, ${others}, constructs ${versionOf(cacheNm, "constructs")}`);
  log(`check:cdktn: ${copied} files copied; ${rewrite.specifiers} imports rewritten in ${rewrite.files} files (copy: ${work})`);
  if (rewrite.deep.length > 0)
    log(`check:cdktn: imports past the packages' public entry points (present in both today, but internal): ${rewrite.deep.join("; ")}`);
}

/** tsc --noEmit on the cdktn copy; the problem, if any (a failure is checked on the cdktf copy too, to tell a swap problem from the checkout's own). */
async function typeCheck({ tnCopy, tfCopy }: Copies, timings: Array<[string, number]>): Promise<string[]> {
  const tsc = (copy: string) => run(process.execPath, [path.join(copy, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", copy], copy);
  const out = await step("tsc", () => tsc(tnCopy), timings);
  if (out.code === 0) {
    log("check:cdktn: type check (tsc --noEmit) passed");
    return [];
  }
  log(tail(out.output));
  // Tell a swap problem from a checkout that fails its own type check (npm test fails there too).
  const own = await tsc(tfCopy);
  return [
    own.code === 0
      ? "type check (tsc --noEmit) failed on the cdktn copy only"
      : "type check (tsc --noEmit) failed, and fails on the unchanged checkout too (fix that first: npm test fails the same way)",
  ];
}

/** Logs the stack tests' outcome and each snapshot's comparison; the problems. */
function reportStackTests(tests: Awaited<ReturnType<typeof stackTests>>): string[] {
  const problems: string[] = [];
  for (const f of tests.failed) log(`  FAILED ${f}`);
  if (tests.failed.length > 0) problems.push(`${tests.failed.length} stack test(s) failed`);
  log(`check:cdktn: stack tests: ${tests.passed} passed, ${tests.failed.length} failed (snapshots compared below)`);
  for (const s of tests.snapshots) {
    log(`  snapshot ${s.name}`);
    if (s.layout) log("    expected   text layout: cdktf prints an empty object or list across two lines, cdktn as {} (the text differs, the JSON does not)");
    if (s.problem) {
      log(`    UNEXPECTED ${s.problem}`);
      problems.push(`snapshot ${s.name}: ${s.problem}`);
    }
    if (s.comparison) {
      for (const line of formatComparison(s.comparison, "    ").filter((l) => !l.includes(" same "))) log(line);
      if (!onlyExpected(s.comparison)) problems.push(`snapshot ${s.name} differs unexpectedly`);
    }
  }
  return problems;
}

/** Logs each stack's comparison, cdktf synth against cdktn synth (JSON and asset files); the problems. */
function compareSynths(tf: SynthOut, tn: SynthOut): string[] {
  const problems: string[] = [];
  for (const name of [...new Set([...Object.keys(tf.stacks), ...Object.keys(tn.stacks)])].sort()) {
    log(`check:cdktn: stack ${name}: cdktf synth vs cdktn synth`);
    const a = tf.stacks[name];
    const b = tn.stacks[name];
    if (a === undefined || b === undefined) {
      log(`  UNEXPECTED stack synthesized by ${a === undefined ? "cdktn" : "cdktf"} only`);
      problems.push(`stack ${name} synthesized by one only`);
      continue;
    }
    const c = compareTerraformJson(a, b, SYNTH_RULES);
    for (const line of formatComparison(c)) log(line);
    if (!onlyExpected(c)) problems.push(`stack ${name}: synthesized JSON differs unexpectedly`);
    problems.push(...compareAssets(name, tf.assets[name] ?? {}, tn.assets[name] ?? {}));
  }
  return problems;
}

function compareAssets(name: string, fa: Record<string, string>, fb: Record<string, string>): string[] {
  const assetDiffs = [...new Set([...Object.keys(fa), ...Object.keys(fb)])].sort().filter((k) => fa[k] !== fb[k]);
  if (assetDiffs.length === 0) {
    log(`  same asset files (${Object.keys(fa).length}): ${Object.keys(fa).join(", ")}`);
    return [];
  }
  for (const k of assetDiffs) log(`  UNEXPECTED asset ${k}: ${fa[k] ? "content differs or cdktn lacks it" : "cdktn only"}`);
  return [`stack ${name}: asset files differ`];
}

async function main(): Promise<number> {
  const started = Date.now();
  const timings: Array<[string, number]> = [];
  const copies = await prepareCopies(timings);
  const { work, tfCopy, tnCopy } = copies;
  const versions = await versionsOf(copies);
  logPrepared(versions, copies);

  // cdktf's synth of the unchanged copy runs beside the cdktn steps.
  const baseline = step("cdktf synth", () => synth(tfCopy, CLI_BIN.from, path.join(work, "out-cdktf")), timings);
  baseline.catch(() => undefined); // awaited below; this only keeps an early rejection from being unhandled

  const problems = await typeCheck(copies, timings);
  const tests = await step("stack tests", () => stackTests(tnCopy, work), timings);
  problems.push(...reportStackTests(tests));
  const tn = await step("cdktn synth", () => synth(tnCopy, CLI_BIN.to, path.join(work, "out-cdktn")), timings);
  problems.push(...compareSynths(await baseline, tn));

  const total = (Date.now() - started) / 1000;
  log(`check:cdktn: times ${timings.map(([n, s]) => `${n} ${s.toFixed(1)}s`).join(", ")}; total ${total.toFixed(1)}s`);
  if (problems.length > 0) {
    log(`check:cdktn: the copies are kept for a look: ${work}`);
    throw new CheckError(`FAILED with cdktn ${versions.cdktn}: ${problems.join("; ")}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
  log(
    `check:cdktn: OK with cdktn ${versions.cdktn} (cdktn-cli ${versions.cli}): type check, ${tests.passed} stack tests and synth agree with cdktf ${versions.cdktf} up to the expected differences above`,
  );
  return 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`check:cdktn: ${e instanceof CheckError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );

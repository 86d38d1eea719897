/**
 * The README starts small: its "Start here" fits a screen, and every page it
 * (or a docs/ page) links to exists, so moving a topic to docs/ cannot leave a
 * dead link.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const readme = read("README.md");
const docs = readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));

/** The lines of a `## ` section, heading included, up to the next `## `. */
function section(text: string, heading: string): string[] {
  const lines = text.split("\n");
  const at = lines.indexOf(`## ${heading}`);
  if (at < 0) throw new Error(`no "## ${heading}" section`);
  const next = lines.findIndex((l, k) => k > at && l.startsWith("## "));
  return lines.slice(at, next < 0 ? undefined : next);
}

/** Relative link targets in Markdown text, without their #anchor. */
const links = (text: string) => [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t));

test('"Start here" is the README\'s first section and at most 40 lines', () => {
  expect(readme.split("\n").find((l) => l.startsWith("## "))).toBe("## Start here");
  expect(section(readme, "Start here").length).toBeLessThanOrEqual(40);
});

test("Start here gives install, test (with its duration), the main job, deploy and destroy, and points to help and the Variables table", () => {
  const start = section(readme, "Start here").join("\n");
  for (const cmd of ["npm ci", "npm test", "npm start", "npm run deploy", "npm run seed", "npm run execute", "npm run destroy"]) expect(start).toContain(cmd);
  expect(start).toMatch(/npm test .*minutes/);
  expect(start).toContain("](help)");
  expect(start).toContain("](#variables)");
  expect(readme).toContain("\n## Variables\n");
});

test.each([["README.md"], ...docs.map((d) => [`docs/${d}`])])("every relative link in %s exists", (file) => {
  const dir = path.dirname(path.join(ROOT, file));
  const missing = links(read(file)).filter((target) => !existsSync(path.join(dir, target)));
  expect(missing).toEqual([]);
});

test("every docs/ page is linked from the README", () => {
  const linked = new Set(links(readme).map((t) => path.normalize(t)));
  expect(docs.filter((d) => !linked.has(path.join("docs", d)))).toEqual([]);
});

/** The README's variables table and quick reference follow the settings table. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { settingList, settingText } from "../stacks/settings";

const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const escapeRegExp = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const help = readFileSync(path.join(__dirname, "..", "help"), "utf8");

test.each(settingList.map((s) => [s.name, s] as const))("README documents %s with its type and default", (name, s) => {
  const row = readme.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
  expect(row).toBeDefined();
  expect(row).toContain(`| ${s.type} | \`${settingText(s.default)}\` |`);
  expect(help).toMatch(new RegExp(`^\\s+${name}\\s+${escapeRegExp(settingText(s.default))}`, "m"));
});

test("README gives the install, test and main commands", () => {
  for (const cmd of ["npm ci", "npm test", "npm start"]) expect(readme).toContain(cmd);
});

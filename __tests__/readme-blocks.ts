/**
 * The README's marked command blocks, for the tests that run them as written
 * (readme-commands.test.ts offline, readme-walkthrough.tier.test.ts on the
 * emulator). A block is the first ```sh block after `<!-- MARKER`; comments
 * and blank lines are dropped, and a line's comment may promise its exit code
 * ("exit 1"; else 0).
 */
export function markedCommands(readme: string, marker: string): { line: string; exit: number }[] {
  const at = readme.indexOf(`<!-- ${marker}`);
  if (at < 0) throw new Error(`README.md has no <!-- ${marker} --> block`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no \`\`\`sh block after <!-- ${marker}`);
  return block[1]!
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"))
    .map((l) => ({ line: l.replace(/\s+#.*$/, "").trim(), exit: Number(/#.*\bexit (\d+)/.exec(l)?.[1] ?? 0) }));
}

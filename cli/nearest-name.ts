/**
 * "Did you mean ...?" for a misspelt name: the known name nearest to it by
 * edit distance, when it is near enough. The threshold is Terraform's own
 * (internal/didyoumean NameSuggestion: a Levenshtein distance under 3), so a
 * name at distance 2 gets a hint and one at distance 3 does not.
 */

/** The largest distance that still gets a hint. */
const MAX_HINT_DISTANCE = 2;

/** The nearest of `known` to `given` (the first in `known` on a tie), or undefined when none is near. */
export function nearestName(given: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_HINT_DISTANCE + 1;
  for (const name of known) {
    const d = editDistance(given, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn a into b. */
export function editDistance(a: string, b: string): number {
  // One row of the classic table at a time: row[j] is the distance from a's prefix to b's first j characters.
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

/** The "did you mean" hint: edit distance, and Terraform's threshold (under 3). */
import { editDistance, nearestName } from "../../cli/nearest-name";

test("edit distance counts insertions, deletions and substitutions", () => {
  expect(editDistance("", "")).toBe(0);
  expect(editDistance("abc", "")).toBe(3);
  expect(editDistance("", "abc")).toBe(3);
  expect(editDistance("max_concurency", "max_concurrency")).toBe(1);
  expect(editDistance("kitten", "sitting")).toBe(3);
  expect(editDistance("tags", "tags")).toBe(0);
});

test("a name at distance 2 gets the hint, one at distance 3 does not", () => {
  const known = ["wait_seconds", "max_concurrency"];
  expect(editDistance("wat_secnds", "wait_seconds")).toBe(2);
  expect(nearestName("wat_secnds", known)).toBe("wait_seconds");
  expect(editDistance("wt_secnds", "wait_seconds")).toBe(3);
  expect(nearestName("wt_secnds", known)).toBeUndefined();
  expect(nearestName("region", known)).toBeUndefined();
});

test("the nearest wins; on a tie, the first known", () => {
  expect(nearestName("tag", ["tags", "tab"])).toBe("tags");
  expect(nearestName("abcd", ["abcx", "abcde"])).toBe("abcx");
  expect(nearestName("abcx", ["abcxyz", "abxx"])).toBe("abxx");
});

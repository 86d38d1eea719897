/** The README's runTestCase example is readme-example.test.ts, verbatim: what the README shows is what runs. */
import { readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

test("the README's ts block under the mock configuration heading is __tests__/mocks/readme-example.test.ts", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const at = readme.indexOf("### Test cases in AWS's mock configuration format");
  expect(at).toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at))![1];
  expect(block).toBe(readFileSync(path.join(__dirname, "readme-example.test.ts"), "utf8"));
});

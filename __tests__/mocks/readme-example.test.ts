import { runTestCase } from "../../local/mocks/run-test-case";
const mockConfig = "__tests__/fixtures/mocks/project.json";
const list = ["History", "Economics", "Art"];
test("a throttled Lambda is retried, then succeeds", async () => {
  const { report } = await runTestCase({ mockConfig, testCase: "ThrottledThenSucceeds", list });
  expect(report.status).toBe("SUCCEEDED");
  expect(report.items.map((i) => i.attempts)).toEqual([2, 1, 1]);
});
test("one function error in three is tolerated with isolate_failures", async () => {
  const settings = { isolate_failures: true, tolerated_failure_percentage: 34 };
  const { report, history } = await runTestCase({ mockConfig, testCase: "FunctionErrorIsolated", settings, list });
  expect(report.status).toBe("SUCCEEDED");
  expect(history.filter((e) => e.type === "TaskFailed")).toHaveLength(1);
});

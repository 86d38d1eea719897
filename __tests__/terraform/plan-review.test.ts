/**
 * The plan review on plans OpenTofu produced for real in the Terraform tier
 * (saved there as fixtures): another max_concurrency, and a rename that
 * replaces the table. Plus the pieces on hand-made changes.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { changedAttributes, kindOf, reviewPlan, type PlanJson } from "../../terraform/plan-review";

const fixture = (name: string) => JSON.parse(readFileSync(path.join(__dirname, "..", "fixtures", name), "utf8")) as PlanJson;

describe("plan review on real plans", () => {
  test("max_concurrency 1 -> 3: one in-place update of the state machine's definition, no warning", () => {
    const review = reviewPlan(fixture("plan-max-concurrency.json"));
    expect(review).toContain("| create | update | replace | delete |\n| ---: | ---: | ---: | ---: |\n| 0 | 1 | 0 | 0 |");
    expect(review).toContain("| ~ update | `aws_sfn_state_machine.state_machine` | `definition`");
    expect(review).not.toContain("DATA LOSS");
  });

  test("a rename replaces the table: a loud warning naming the attribute that forces it", () => {
    const review = reviewPlan(fixture("plan-rename.json"));
    expect(review).toMatch(/^> \[!CAUTION\]\n> \*\*DATA LOSS: `aws_dynamodb_table\.table` would be REPLACED \(forced by: name\)\.\*\*/m);
    expect(review).toMatch(/\| -\/\+ replace \| `aws_dynamodb_table\.table` \| .*`name` \(forces replacement\)/);
    // A replacement lists what the config changes, not the ids and ARNs known only after apply.
    const tableRow = review.split("\n").find((l) => l.includes("`aws_dynamodb_table.table`"))!;
    expect(tableRow).not.toContain("`arn`");
  });
});

describe("plan review pieces", () => {
  test("actions map to the four kinds; no-op and read are not changes", () => {
    expect(kindOf(["create"])).toBe("create");
    expect(kindOf(["update"])).toBe("update");
    expect(kindOf(["delete", "create"])).toBe("replace");
    expect(kindOf(["create", "delete"])).toBe("replace");
    expect(kindOf(["delete"])).toBe("delete");
    expect(kindOf(["no-op"])).toBeUndefined();
    expect(kindOf(["read"])).toBeUndefined();
  });

  test("changed attributes: different values, and values known only after apply", () => {
    const change = { actions: ["update"], before: { a: 1, b: 2, c: 3 }, after: { a: 1, b: 5 }, after_unknown: { c: true } };
    expect(changedAttributes(change)).toEqual(["b", "c"]);
    expect(changedAttributes(change, true)).toEqual(["b"]);
  });

  test("deletions come before replacements, which come before updates", () => {
    const rc = (address: string, actions: string[]) => ({ address, type: "aws_x", change: { actions, before: { a: 1 }, after: { a: 2 } } });
    const review = reviewPlan({ resource_changes: [rc("aws_x.u", ["update"]), rc("aws_x.r", ["delete", "create"]), rc("aws_x.d", ["delete"])] });
    expect(review.indexOf("aws_x.d")).toBeLessThan(review.indexOf("aws_x.r"));
    expect(review.indexOf("aws_x.r")).toBeLessThan(review.indexOf("aws_x.u"));
  });

  test("destroying the table warns too; an empty plan says so", () => {
    const destroy: PlanJson = {
      resource_changes: [{ address: "aws_dynamodb_table.table", type: "aws_dynamodb_table", change: { actions: ["delete"], before: {}, after: null } }],
    };
    expect(reviewPlan(destroy)).toContain("DATA LOSS: `aws_dynamodb_table.table` would be DESTROYED.");
    expect(reviewPlan({ resource_changes: [] })).toContain("No changes.");
  });
});

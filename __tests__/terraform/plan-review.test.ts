/**
 * The plan review on plans OpenTofu produced for real in the Terraform tier
 * (saved there as fixtures): another max_concurrency, and a rename that
 * replaces the table. Plus the pieces on hand-made changes, the three
 * headings the GitHub workflow renders (pull request, main, drift), and the
 * command line's refusals of what is not a plan.
 *
 * state-show.json and plan-no-changes.json are what OpenTofu 1.12.6 wrote for
 * `show -json` of a one-resource state and of a plan with nothing to do, with
 * provider addresses left out.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { promisify } from "node:util";
import { cellCode, changedAttributes, checkPlan, cli, code, kindOf, reviewPlan, type PlanJson } from "../../terraform/plan-review";

const FIXTURES = path.join(__dirname, "..", "fixtures");
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as PlanJson;

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

describe("what can lose data or logs", () => {
  const rc = (address: string, type: string, actions: string[], extra: object = {}) => ({
    address,
    type,
    change: { actions, before: { name: "a" }, after: { name: "b" }, ...extra },
  });

  test("the rename's real plan replaces both log groups: a warning for each, after the table's caution", () => {
    const review = reviewPlan(fixture("plan-rename.json"));
    for (const group of ["function_logs", "state_machine_logs"]) {
      expect(review).toMatch(
        new RegExp(
          `^> \\[!WARNING\\]\\n> \\*\\*LOG LOSS: \`aws_cloudwatch_log_group\\.${group}\` would be REPLACED \\(forced by: name\\)\\.\\*\\* Its log events are deleted with it\\.`,
          "m",
        ),
      );
    }
    expect(review.indexOf("DATA LOSS")).toBeLessThan(review.indexOf("LOG LOSS"));
  });

  test("a log group replaced in either order, or destroyed, warns; updated in place, it does not", () => {
    const plan = (actions: string[]) => reviewPlan({ resource_changes: [rc("aws_cloudwatch_log_group.g", "aws_cloudwatch_log_group", actions)] });
    expect(plan(["delete", "create"])).toContain("LOG LOSS: `aws_cloudwatch_log_group.g` would be REPLACED (forced by: see plan).");
    expect(plan(["create", "delete"])).toContain("LOG LOSS: `aws_cloudwatch_log_group.g` would be REPLACED");
    expect(plan(["delete"])).toContain("LOG LOSS: `aws_cloudwatch_log_group.g` would be DESTROYED.");
    expect(plan(["update"])).not.toContain("LOSS");
    // The table keeps its own, louder warning, and other resources none.
    expect(reviewPlan({ resource_changes: [rc("aws_dynamodb_table.t", "aws_dynamodb_table", ["create", "delete"])] })).toContain("DATA LOSS");
    expect(reviewPlan({ resource_changes: [rc("aws_lambda_function.f", "aws_lambda_function", ["delete", "create"])] })).not.toContain("LOSS");
  });
});

describe("Markdown escaping of what the configuration names", () => {
  // Rendered cells, split the way GitHub splits a table row: at each | not escaped by a backslash.
  const cells = (row: string) =>
    row
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());

  test("an address with |, a backtick and a line break stays in its cell, on its row, in one code span", () => {
    const address = 'aws_x.y["a|b`c\nd"]';
    const review = reviewPlan({ resource_changes: [{ address, type: "aws_x", change: { actions: ["update"], before: { "k|v": 1 }, after: { "k|v": 2 } } }] });
    const row = review.split("\n").find((l) => l.startsWith("| ~ update"))!;
    expect(cells(row)).toEqual(["~ update", '``aws_x.y["a\\|b`c\\nd"]``', "`k\\|v`"]);
    expect(review.split("\n").filter((l) => l.includes("aws_x.y"))).toHaveLength(1);
  });

  test("code spans: the fence outgrows any backtick run inside; a backtick at an edge gets a space", () => {
    expect(code("plain")).toBe("`plain`");
    expect(code("a``b")).toBe("```a``b```");
    expect(code("`x")).toBe("`` `x ``");
    expect(code("a\r\nb\nc")).toBe("`a\\nb\\nc`");
    expect(cellCode("a|b")).toBe("`a\\|b`");
  });

  test("outside the table (the warnings) a | is left alone: only cells split at it", () => {
    const review = reviewPlan({
      resource_changes: [{ address: 'aws_dynamodb_table.t["x|y"]', type: "aws_dynamodb_table", change: { actions: ["delete"], before: {}, after: null } }],
    });
    expect(review).toContain('DATA LOSS: `aws_dynamodb_table.t["x|y"]` would be DESTROYED.');
    expect(review).toContain('| - delete | `aws_dynamodb_table.t["x\\|y"]` |  |');
  });
});

describe("the review for each place the workflow renders it", () => {
  // .github/workflows/terraform.yml renders all three with npm run plan:review -- --for ...
  test("pull request (the default), main before approval, and the drift check: same table, own heading", () => {
    const plan = fixture("plan-max-concurrency.json");
    const pr = reviewPlan(plan);
    const main = reviewPlan(plan, "main");
    const drift = reviewPlan(plan, "drift");
    expect(pr.startsWith("## Terraform plan review\n\n| create |")).toBe(true);
    expect(main).toMatch(
      /^## Terraform plan to apply\n\nThis saved plan is exactly what the `apply` job applies after approval in the `production` environment; nothing is planned again\.\n\n\| create/,
    );
    expect(drift).toMatch(/^## Drift: the account differs from main\n\nApplying main now would make these changes\./);
    const body = (r: string) => r.slice(r.indexOf("| create |"));
    expect(body(main)).toBe(body(pr));
    expect(body(drift)).toBe(body(pr));
    expect(body(main)).toContain("| ~ update | `aws_sfn_state_machine.state_machine` | `definition`");
  });

  test("the workflow renders each of these with npm run plan:review, and nothing else", () => {
    const workflow = readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", "terraform.yml"), "utf8");
    const calls = [...workflow.matchAll(/npm run --silent plan:review -- (.*)$/gm)].map((m) => m[1]);
    expect(calls).toEqual([
      '--for pr "$STACK_DIR/plan.json" > plan-review.md',
      '--for main "$STACK_DIR/plan.json" >> "$GITHUB_STEP_SUMMARY"',
      '--for drift "$STACK_DIR/plan.json") >> "$GITHUB_STEP_SUMMARY"',
    ]);
  });

  test("main's review of the rename carries the same warnings a pull request's does", () => {
    const main = reviewPlan(fixture("plan-rename.json"), "main");
    expect(main).toContain("DATA LOSS: `aws_dynamodb_table.table` would be REPLACED (forced by: name).");
    expect(main).toContain("LOG LOSS: `aws_cloudwatch_log_group.function_logs` would be REPLACED");
  });

  test("a real plan with nothing to do (only a no-op) says so", () => {
    const plan = checkPlan(fixture("plan-no-changes.json"));
    expect(reviewPlan(plan, "main")).toContain("| 0 | 0 | 0 | 0 |\n\nNo changes.");
    // A drift review of it does not announce a drift.
    expect(reviewPlan(plan, "drift")).toMatch(/^## No drift: the account matches main\n/);
    expect(reviewPlan(checkPlan(fixture("plan-rename.json")), "drift")).toMatch(/^## Drift: the account differs from main\n/);
  });
});

describe("npm run plan:review refuses what is not a plan, in one line", () => {
  const run = (args: string[], files: Record<string, string> = {}) =>
    cli(args, (f) => {
      if (f in files) return files[f]!;
      throw new Error(`ENOENT: no such file or directory, open '${f}'`);
    });
  const oneLine = (stderr: string) => {
    expect(stderr.endsWith("\n")).toBe(true);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  };

  test("the JSON of state (show -json without a plan file), real or empty: exit 1, says it is state", () => {
    for (const text of [readFileSync(path.join(FIXTURES, "state-show.json"), "utf8"), '{"format_version":"1.0"}']) {
      const r = run(["state.json"], { "state.json": text });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(
        "plan-review: state.json: this is the JSON of state, not of a plan (it has no planned_values): run terraform show -json PLANFILE on a plan saved with terraform plan -out=PLANFILE\n",
      );
    }
  });

  test("real plans pass, the trimmed fixtures too; the review goes to stdout", () => {
    for (const name of ["plan-no-changes.json", "plan-rename.json", "plan-max-concurrency.json"]) {
      const r = run(["--for", "main", name], { [name]: readFileSync(path.join(FIXTURES, name), "utf8") });
      expect(r).toMatchObject({ code: 0, stderr: "" });
      expect(r.stdout.startsWith("## Terraform plan to apply\n")).toBe(true);
    }
  });

  test.each([
    ["resource_changes not an array", { planned_values: {}, resource_changes: {} }, "malformed plan: resource_changes is an object, expected an array"],
    [
      "a change without actions",
      { resource_changes: [{ address: "aws_x.a", type: "aws_x", change: { before: null, after: {} } }] },
      'malformed plan: resource_changes[0] ("aws_x.a").change.actions is missing, expected a non-empty array of strings',
    ],
    [
      "a change that is not an object",
      { resource_changes: [{ address: "aws_x.a", type: "aws_x", change: "update" }] },
      'malformed plan: resource_changes[0] ("aws_x.a").change is string "update", expected an object',
    ],
    ["an entry without an address", { resource_changes: [null] }, "malformed plan: resource_changes[0] is null, expected an object"],
    [
      "before that is not an object",
      { resource_changes: [{ address: "aws_x.a", type: "aws_x", change: { actions: ["update"], before: [1], after: {} } }] },
      'malformed plan: resource_changes[0] ("aws_x.a").change.before is an array, expected an object or null',
    ],
    ["an array", [], "expected a JSON object from terraform show -json PLANFILE, got an array"],
    ["something else altogether", { hello: 1 }, "this is not the JSON of a plan (no planned_values or resource_changes): run terraform show -json PLANFILE"],
  ])("%s: exit 1 with one line", (_what, json, message) => {
    const r = run(["p.json"], { "p.json": JSON.stringify(json) });
    expect(r).toEqual({ code: 1, stdout: "", stderr: `plan-review: p.json: ${message}\n` });
  });

  test("not JSON, a missing file, bad arguments", () => {
    const notJson = run(["p.json"], { "p.json": "Terraform will perform the following actions:" });
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^plan-review: p\.json is not JSON \(/);
    oneLine(notJson.stderr);
    const missing = run(["nope.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("plan-review: cannot read nope.json: ENOENT: no such file or directory, open 'nope.json'\n");
    const badFor = run(["--for", "prod", "p.json"]);
    // A usage error: its line, then the pointer to --help (cli/run.ts), exit 2.
    const see = "see npm run plan:review -- --help\n";
    expect(badFor).toEqual({ code: 2, stdout: "", stderr: `plan-review: --for takes one of pr, main, drift, got "prod"\n${see}` });
    expect(run(["--json", "p.json"])).toEqual({ code: 2, stdout: "", stderr: `plan-review: unknown option "--json"\n${see}` });
    expect(run([])).toEqual({ code: 2, stdout: "", stderr: `plan-review: expected one PLAN.json (terraform show -json PLANFILE), got none\n${see}` });
    expect(run(["--help"]).code).toBe(0);
  });

  test("the real command: state JSON gives exit 1 and one line, a plan its review", async () => {
    // One end-to-end run through tsx, as the workflow calls it (npm run plan:review is tsx terraform/plan-review.ts).
    const dir = mkdtempSync(path.join(tmpdir(), "plan-review-"));
    const state = path.join(dir, "state.json");
    writeFileSync(state, readFileSync(path.join(FIXTURES, "state-show.json")));
    const tsx = path.join(__dirname, "..", "..", "node_modules", ".bin", "tsx");
    const script = path.join(__dirname, "..", "..", "terraform", "plan-review.ts");
    const err = await promisify(execFile)(tsx, [script, state]).then(
      () => undefined,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 1, stdout: "" });
    expect(err!.stderr).toMatch(/^plan-review: .*state\.json: this is the JSON of state, not of a plan/);
    oneLine(err!.stderr);
    const ok = await promisify(execFile)(tsx, [script, "--for", "drift", path.join(FIXTURES, "plan-rename.json")]);
    expect(ok.stdout.startsWith("## Drift: the account differs from main\n")).toBe(true);
  });
});

import { crossRules, defaultValues, ruleMessage, settingList, settings, settingText } from "../../stacks/settings";
import { synthStack } from "./synth";

const { json } = synthStack();

describe("Terraform variables", () => {
  test.each(settingList.map((s) => [s.name, s] as const))("%s: type, default, description and validation from the settings table", (name, s) => {
    const v = json.variable[name];
    expect(v.type).toBe(s.type);
    expect(v.default).toEqual(s.default);
    expect(v.description.length).toBeGreaterThan(20);
    expect(v.validation).toEqual([{ condition: "${" + s.rule.condition(`var.${name}`) + "}", error_message: ruleMessage(s) }]);
  });

  test("the three workflow variables with the issue's names, types and defaults", () => {
    expect(json.variable.max_concurrency).toMatchObject({ type: "number", default: 1 });
    expect(json.variable.wait_seconds).toMatchObject({ type: "number", default: 2 });
    expect(json.variable.timeout_seconds).toMatchObject({ type: "number", default: 20 });
  });

  test("conditions are expressions, not text", () => {
    for (const v of Object.values(json.variable)) expect(v.validation[0].condition).toMatch(/^\$\{.*\}$/);
  });
});

describe("validation rules (the JavaScript side, used by the offline runner)", () => {
  const ok = (name: keyof typeof settings, v: never) => settings[name].rule.test(v);
  test("max_concurrency: whole numbers 0 to 10000, and at most 40 inline", () => {
    expect([0, 1, 40, 10_000].map((v) => ok("max_concurrency", v as never))).toEqual([true, true, true, true]);
    expect([-1, 10_001, 1.5].map((v) => ok("max_concurrency", v as never))).toEqual([false, false, false]);
    expect(ruleMessage(settings.max_concurrency)).toBe("Variable max_concurrency must be a whole number from 0 to 10000.");
    const inline = crossRules[0]!;
    expect(inline.test({ ...defaultValues(), max_concurrency: 41 })).toBe(false);
    expect(inline.test({ ...defaultValues(), max_concurrency: 41, map_mode: "DISTRIBUTED" })).toBe(true);
    expect(inline.message).toBe("Variable max_concurrency must be a whole number from 0 to 40 when map_mode is INLINE.");
  });

  test("cross rules: Express at most 5 minutes, Distributed needs Standard, batching needs Distributed, isolation inline over a list", () => {
    const d = defaultValues();
    const failing = (v: typeof d) => crossRules.filter((r) => !r.test(v)).map((r) => r.message.split(" ").slice(0, 3).join(" "));
    expect(failing(d)).toEqual([]);
    expect(failing({ ...d, workflow_type: "EXPRESS", timeout_seconds: 301 })).toEqual(["Variable timeout_seconds must"]);
    expect(failing({ ...d, workflow_type: "EXPRESS", timeout_seconds: 300 })).toEqual([]);
    expect(failing({ ...d, workflow_type: "EXPRESS", map_mode: "DISTRIBUTED" })).toEqual(["Variable map_mode DISTRIBUTED"]);
    expect(failing({ ...d, batch_size: 10 })).toEqual(["Variable batch_size must"]);
    expect(failing({ ...d, isolate_failures: true, item_source: "rows" })).toEqual(["Variable isolate_failures works"]);
  });
  test("wait_seconds: whole numbers 0 or more", () => {
    expect([0, 2, 25].map((v) => ok("wait_seconds", v as never))).toEqual([true, true, true]);
    expect([-1, 0.5].map((v) => ok("wait_seconds", v as never))).toEqual([false, false]);
  });
  test("timeout_seconds: whole numbers 1 or more", () => {
    expect([1, 20].map((v) => ok("timeout_seconds", v as never))).toEqual([true, true]);
    expect([0, -5, 2.5].map((v) => ok("timeout_seconds", v as never))).toEqual([false, false, false]);
  });
  test("name_prefix: lowercase, starts with a letter, no trailing hyphen", () => {
    expect(["stepfunctions-map", "ab", "team1-demo"].map((v) => ok("name_prefix", v as never))).toEqual([true, true, true]);
    expect(["A", "1abc", "abc-", "has space", "a".repeat(41)].map((v) => ok("name_prefix", v as never))).toEqual([false, false, false, false, false]);
  });
  test("log_retention_days: only values CloudWatch accepts", () => {
    expect([0, 1, 7, 3653].map((v) => ok("log_retention_days", v as never))).toEqual([true, true, true, true]);
    expect([2, 8, -1].map((v) => ok("log_retention_days", v as never))).toEqual([false, false, false]);
  });
  test("the HCL regex is escaped for Terraform templates", () => {
    expect(settings.name_prefix.rule.condition("var.name_prefix")).toBe('can(regex("^(?:[a-z][a-z0-9-]{0,38}[a-z0-9])$", var.name_prefix))');
  });
  test("tags: a map of at most 50, keys 1 to 128 characters without aws: or the stack's own keys, values up to 256", () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
    // The last good key has 256 UTF-16 units but 128 characters (e + combining accent), as Terraform counts.
    const good = [
      {},
      { Team: "data" },
      { "cost-center": "" },
      many(50),
      { ["k".repeat(128)]: "v".repeat(256) },
      { project: "x" },
      { ["é".normalize("NFD").repeat(128)]: "x" },
    ];
    const bad = [
      many(51),
      { "": "x" },
      { ["k".repeat(129)]: "v" },
      { k: "v".repeat(257) },
      { "aws:x": "y" },
      { "AWS:x": "y" },
      { Project: "x" },
      { ManagedBy: "me" },
    ];
    expect(good.map((v) => ok("tags", v as never))).toEqual(good.map(() => true));
    expect(bad.map((v) => ok("tags", v as never))).toEqual(bad.map(() => false));
    expect(ruleMessage(settings.tags)).toBe(
      "Variable tags must be a map of at most 50 tags: keys of 1 to 128 characters, not starting with aws: and other than Project and ManagedBy (the stack sets those), values of at most 256 characters.",
    );
    expect(settings.tags.rule.condition("var.tags")).toBe(
      'length(var.tags) <= 50 && alltrue([for k, v in var.tags : length(k) >= 1 && length(k) <= 128 && length(v) <= 256 && !startswith(lower(k), "aws:") && !contains(["Project", "ManagedBy"], k)])',
    );
    expect(json.variable.tags).toMatchObject({ type: "map(string)", default: {}, nullable: false });
  });

  test("settingText shows maps as Terraform literals, scalars as they are", () => {
    expect(settingText({})).toBe("{}");
    expect(settingText({ Team: "data", "cost center": "42" })).toBe('{ Team = "data", "cost center" = "42" }');
    expect(settingText(3)).toBe("3");
    expect(settingText("STANDARD")).toBe("STANDARD");
  });
});

/**
 * Settings are read as Terraform reads input variables: defaults from the
 * settings table, TF_VAR_, --var-file and --var with Terraform's precedence,
 * go-cty's type conversion, and the validation's own message.
 */
import { ruleMessage, settings } from "../../stacks/settings";
import { checkSettings, resolveSettings, settingsWith, type VarArg } from "../../local/settings/settings-input";
import { SettingsError } from "../../local/settings/settings-error";
import { UsageError } from "../../cli/errors";

const files: Record<string, string> = {};
const readFile = (p: string) => {
  if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
  return files[p]!;
};
const resolve = (env: Record<string, string> = {}, args: VarArg[] = []) => resolveSettings({ env, args, readFile });
const v = (text: string): VarArg => ({ kind: "var", text });
const vf = (path: string): VarArg => ({ kind: "var-file", path });
/** The SettingsError message f throws or rejects with. */
const refusal = async (f: () => unknown) => {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as Error).message;
  }
  throw new Error("expected a SettingsError");
};

describe("precedence, as in Terraform", () => {
  test("defaults come from the settings table", async () => {
    const r = await resolve();
    expect(r.values.max_concurrency).toBe(settings.max_concurrency.default);
    expect(r.values.wait_seconds).toBe(settings.wait_seconds.default);
    expect(r.values.name_prefix).toBe(settings.name_prefix.default);
    expect(r.sources.max_concurrency).toBe("default");
  });

  test("TF_VAR_ < --var-file < --var; among files and vars the later one wins", async () => {
    files["a.tfvars.json"] = JSON.stringify({ max_concurrency: 2, wait_seconds: 4 });
    files["b.tfvars.json"] = JSON.stringify({ wait_seconds: 5 });
    const r = await resolve({ TF_VAR_max_concurrency: "7", TF_VAR_timeout_seconds: "9" }, [
      vf("a.tfvars.json"),
      v("max_concurrency=3"),
      vf("b.tfvars.json"),
      v("max_concurrency=4"),
    ]);
    expect(r.values.timeout_seconds).toBe(9); // only TF_VAR_ sets it
    expect(r.values.wait_seconds).toBe(5); // b.tfvars.json came after a.tfvars.json
    expect(r.values.max_concurrency).toBe(4); // the last --var
    expect(r.sources).toMatchObject({ timeout_seconds: "TF_VAR_timeout_seconds", wait_seconds: "--var-file b.tfvars.json", max_concurrency: "--var" });
  });

  test("a var file after a --var overrides it (command-line order, not kind)", async () => {
    files["c.tfvars.json"] = JSON.stringify({ max_concurrency: 6 });
    expect((await resolve({}, [v("max_concurrency=3"), vf("c.tfvars.json")])).values.max_concurrency).toBe(6);
  });

  test("a bad TF_VAR_ overridden by a good --var is no error (the winner is converted, not every value)", async () => {
    expect((await resolve({ TF_VAR_max_concurrency: "abc" }, [v("max_concurrency=2")])).values.max_concurrency).toBe(2);
  });

  test("null in a var file means the default (the variables are not nullable)", async () => {
    files["n.tfvars.json"] = JSON.stringify({ wait_seconds: null });
    expect((await resolve({ TF_VAR_wait_seconds: "7" }, [vf("n.tfvars.json")])).values.wait_seconds).toBe(settings.wait_seconds.default);
  });
});

describe("type conversion, as go-cty converts", () => {
  test('numbers: "3" -> 3, exponent and sign accepted', async () => {
    expect((await resolve({ TF_VAR_max_concurrency: "3" })).values.max_concurrency).toBe(3);
    expect((await resolve({ TF_VAR_timeout_seconds: "1e2" })).values.timeout_seconds).toBe(100);
    expect((await resolve({ TF_VAR_wait_seconds: "+0" })).values.wait_seconds).toBe(0);
  });

  test('"abc" for a number: Terraform\'s "a number is required", naming the source', async () => {
    expect(await refusal(() => resolve({ TF_VAR_max_concurrency: "abc" }))).toBe(
      "Invalid value for input variable: Unsuitable value for var.max_concurrency set using the TF_VAR_max_concurrency environment variable: a number is required.",
    );
    expect(await refusal(() => resolve({}, [v("wait_seconds=two")]))).toBe(
      'Invalid value for input variable: Unsuitable value for var.wait_seconds set using -var="wait_seconds=...": a number is required.',
    );
    expect(await refusal(() => resolve({ TF_VAR_wait_seconds: "" }))).toContain("a number is required");
    expect(await refusal(() => resolve({ TF_VAR_wait_seconds: " 3" }))).toContain("a number is required");
  });

  test("var-file values: JSON numbers, numeric strings, and the wrong JSON type", async () => {
    files["t.tfvars.json"] = JSON.stringify({ max_concurrency: "5", tracing_enabled: true });
    expect((await resolve({}, [vf("t.tfvars.json")])).values).toMatchObject({ max_concurrency: 5, tracing_enabled: true });
    files["w.tfvars.json"] = JSON.stringify({ max_concurrency: [1] });
    expect(await refusal(() => resolve({}, [vf("w.tfvars.json")]))).toContain("var.max_concurrency (set in w.tfvars.json): number required.");
  });

  test("bools: true/false/1/0; other text refused with go-cty's hint", async () => {
    expect((await resolve({ TF_VAR_tracing_enabled: "true", TF_VAR_deletion_protection: "0" })).values).toMatchObject({
      tracing_enabled: true,
      deletion_protection: false,
    });
    expect(await refusal(() => resolve({ TF_VAR_tracing_enabled: "True" }))).toContain('a bool is required; to convert from string, use lowercase "true"');
    expect(await refusal(() => resolve({ TF_VAR_tracing_enabled: "yes" }))).toContain("a bool is required.");
  });

  test("strings are taken raw, then validated", async () => {
    expect((await resolve({}, [v("name_prefix=demo-2")])).values.name_prefix).toBe("demo-2");
    expect(await refusal(() => resolve({}, [v('name_prefix="demo"')]))).toBe(ruleMessage(settings.name_prefix));
  });
});

describe("validation: exactly the Terraform validation's message", () => {
  test.each([
    ["wait_seconds", "-1"],
    ["max_concurrency", "10001"],
    ["max_concurrency", "1.5"],
    ["timeout_seconds", "0"],
    ["log_retention_days", "2"],
    ["wait_seconds", "Inf"],
  ] as const)("%s = %s is refused", async (name, value) => {
    expect(await refusal(() => resolve({ [`TF_VAR_${name}`]: value }))).toBe(ruleMessage(settings[name]));
  });
});

/** The UsageError (a mistake in the command line, exit 2) f rejects with. */
const usageError = async (f: () => Promise<unknown>) => {
  const e: unknown = await f().then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UsageError);
  return (e as Error).message;
};

describe("undeclared names and malformed arguments", () => {
  test("--var of an undeclared variable is a usage error, with the nearest name when one is within distance 2", async () => {
    // Letters dropped from max_concurrency: one and two get the hint, three do not (Terraform's threshold).
    expect(await usageError(() => resolve({}, [v("max_concurency=3")]))).toBe("unknown variable max_concurency, did you mean max_concurrency?");
    expect(await usageError(() => resolve({}, [v("max_concrrncy=3")]))).toBe("unknown variable max_concrrncy, did you mean max_concurrency?");
    expect(await usageError(() => resolve({}, [v("max_concrncy=3")]))).toBe("unknown variable max_concrncy");
    expect(await usageError(() => resolve({}, [v("concurrency=3")]))).toBe("unknown variable concurrency");
  });

  test("an undeclared name in a var file is a one-line warning naming the line, and the run goes on, as in Terraform", async () => {
    files["u.tfvars.json"] = JSON.stringify({ region: "eu-west-1", wait_seconds: 1 });
    const r = await resolve({}, [vf("u.tfvars.json")]);
    expect(r.values.wait_seconds).toBe(1);
    expect(r.warnings).toEqual(["unknown variable region in u.tfvars.json:1 (ignored, as Terraform does)"]);
  });

  test("a misspelt name in an HCL var file: the line and the hint; the default stands", async () => {
    files["m.tfvars"] = ["# mine", "wait_seconds = 1", "max_concurency = 3", "timout_secs = 9", ""].join("\n");
    const r = await resolve({}, [vf("m.tfvars")]);
    expect(r.values.max_concurrency).toBe(settings.max_concurrency.default);
    expect(r.warnings).toEqual([
      "unknown variable max_concurency in m.tfvars:3, did you mean max_concurrency? (ignored, as Terraform does)",
      "unknown variable timout_secs in m.tfvars:4 (ignored, as Terraform does)",
    ]);
    for (const w of r.warnings) expect(w).not.toContain("\n");
  });

  test("an undeclared TF_VAR_ is ignored, as in Terraform (the shell may serve other configurations)", async () => {
    expect((await resolve({ TF_VAR_region: "x" })).warnings).toEqual([]);
  });

  test("--var without '=' and var files that cannot be read", async () => {
    expect(await usageError(() => resolve({}, [v("max_concurrency")]))).toContain("Invalid -var option");
    expect(await refusal(() => resolve({}, [vf("missing.tfvars.json")]))).toContain("does not exist");
    expect(await refusal(() => resolve({}, [vf("vars.tfvars")]))).toContain("Given variables file vars.tfvars does not exist");
    files["bad.tfvars.json"] = "{";
    expect(await refusal(() => resolve({}, [vf("bad.tfvars.json")]))).toContain("not valid JSON");
    files["arr.tfvars.json"] = "[]";
    expect(await refusal(() => resolve({}, [vf("arr.tfvars.json")]))).toContain("JSON object");
  });
});

describe("HCL var files, read like Terraform (JSON only when the name ends in .json)", () => {
  test("numbers, strings, bools, null, a map and comments", async () => {
    files["h.tfvars"] = [
      "# comment",
      "// another",
      "/* and a block comment */",
      "max_concurrency = 3",
      'name_prefix     = "team-a"',
      "tracing_enabled = true",
      'wait_seconds    = "4" # a numeric string converts, as in JSON files',
      "tags = {",
      '  Team         = "data"',
      '  "cost-center" = 42',
      '  Note         = "literal $${not_a_var}"',
      "}",
      "timeout_seconds = null",
      "",
    ].join("\n");
    const r = await resolve({}, [vf("h.tfvars")]);
    expect(r.values).toMatchObject({ max_concurrency: 3, name_prefix: "team-a", tracing_enabled: true, wait_seconds: 4, timeout_seconds: 20 });
    expect(r.values.tags).toEqual({ Team: "data", "cost-center": "42", Note: "literal ${not_a_var}" });
    expect(r.sources).toMatchObject({ max_concurrency: "--var-file h.tfvars", tags: "--var-file h.tfvars" });
  });

  test("a syntax error: one line naming the file and the position", async () => {
    files["broken.tfvars"] = "max_concurrency = 3\ntags = {\n";
    const message = await refusal(() => resolve({}, [vf("broken.tfvars")]));
    expect(message).toMatch(/^Invalid variables file: broken\.tfvars:3,1-1: .+/);
    expect(message).not.toContain("\n");
  });

  test("a variable or a function call is refused, as Terraform refuses them in a tfvars file", async () => {
    files["var.tfvars"] = "name_prefix = var.other\n";
    expect(await refusal(() => resolve({}, [vf("var.tfvars")]))).toBe(
      "Variables not allowed: var.tfvars: name_prefix: var.other: Variables may not be used here.",
    );
    files["fn.tfvars"] = 'name_prefix = lower("ABC")\n';
    expect(await refusal(() => resolve({}, [vf("fn.tfvars")]))).toBe(
      'Function calls not allowed: fn.tfvars: name_prefix: lower("ABC"): Functions may not be called here.',
    );
    files["tpl.tfvars"] = 'tags = { Team = "a-${local.team}" }\n';
    expect(await refusal(() => resolve({}, [vf("tpl.tfvars")]))).toContain("Variables may not be used here.");
  });

  test("precedence is unchanged: an HCL file and --var in command-line order", async () => {
    files["p.tfvars"] = "max_concurrency = 5\nwait_seconds = 6\n";
    const r = await resolve({ TF_VAR_wait_seconds: "9" }, [v("max_concurrency=2"), vf("p.tfvars"), v("wait_seconds=1")]);
    expect(r.values).toMatchObject({ max_concurrency: 5, wait_seconds: 1 });
    expect(r.sources).toMatchObject({ max_concurrency: "--var-file p.tfvars", wait_seconds: "--var" });
  });
});

describe("tags, a map(string)", () => {
  test("default {}; TF_VAR_ and --var values are HCL expressions, as Terraform reads complex types", async () => {
    expect((await resolve()).values.tags).toEqual({});
    expect((await resolve({ TF_VAR_tags: '{Team="data"}' })).values.tags).toEqual({ Team: "data" });
    const r = await resolve({ TF_VAR_tags: '{Team="data"}' }, [v('tags={ Team = "ml", Env = "dev" }')]);
    expect(r.values.tags).toEqual({ Team: "ml", Env: "dev" });
    expect(r.sources.tags).toBe("--var");
    files["tags.tfvars.json"] = JSON.stringify({ tags: { Owner: "me" } });
    expect((await resolve({}, [vf("tags.tfvars.json")])).values.tags).toEqual({ Owner: "me" });
  });

  test("a bad value: the Terraform validation's message", async () => {
    expect(await refusal(() => resolve({}, [v('tags={"aws:team"="x"}')]))).toBe(ruleMessage(settings.tags));
    expect(await refusal(() => resolve({ TF_VAR_tags: '{Project="other"}' }))).toBe(ruleMessage(settings.tags));
    const many = `{${Array.from({ length: 51 }, (_, i) => `k${i} = "v"`).join(", ")}}`;
    expect(await refusal(() => resolve({}, [v(`tags=${many}`)]))).toBe(ruleMessage(settings.tags));
  });

  test("not a map, or not an expression: one line naming the variable and where it was set", async () => {
    expect(await refusal(() => resolve({}, [v("tags=data")]))).toBe(
      'Invalid value for input variable: The value of var.tags set using -var="tags=..." is not a valid expression: data: Variables may not be used here.',
    );
    expect(await refusal(() => resolve({ TF_VAR_tags: "{" }))).toBe(
      "Invalid value for input variable: The value of var.tags set using the TF_VAR_tags environment variable is not a valid expression: Missing expression; Expected the start of an expression, but found the end of the file.",
    );
    expect(await refusal(() => resolve({ TF_VAR_tags: '"x"' }))).toBe(
      "Invalid value for input variable: Unsuitable value for var.tags set using the TF_VAR_tags environment variable: map of string required.",
    );
    expect(await refusal(() => resolve({}, [v('tags={a={b="c"}}')]))).toContain('element "a": string required.');
  });
});

describe("programmatic values (tests, bench)", () => {
  test("settingsWith fills defaults and checks the rules", async () => {
    expect(settingsWith({ max_concurrency: 3 }).max_concurrency).toBe(3);
    expect(await refusal(() => settingsWith({ max_concurrency: 41 }))).toBe(
      "Variable max_concurrency must be a whole number from 0 to 40 when map_mode is INLINE.",
    );
    expect(settingsWith({ max_concurrency: 41, map_mode: "DISTRIBUTED" }).max_concurrency).toBe(41);
    expect(await refusal(() => settingsWith({ wait_seconds: "2" as unknown as number }))).toBe(ruleMessage(settings.wait_seconds));
  });

  test("an unknown name: the variable has not been declared", async () => {
    expect(await refusal(() => checkSettings({ ...settingsWith(), concurrency: 1 }))).toContain(
      'An input variable with the name "concurrency" has not been declared',
    );
  });
});

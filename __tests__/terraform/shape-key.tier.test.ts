/**
 * The state machine's definition is picked in HCL by the local shape_key,
 * which the stack builds from item_source, map_mode, isolate_failures and
 * batch_size; the offline runner picks it with shapeKey(shapeOf(values)). The
 * two must agree for every valid combination, or a deploy runs another
 * workflow than `npm start` does.
 *
 * So: synthesize the stack (cdk.tf.json, as `cdktf synth` writes it), copy
 * the local's expression and the variable declarations from it into a child
 * module that outputs only that local, call the module once per valid
 * combination (for_each), and let real OpenTofu evaluate them all in one
 * `tofu apply` of a configuration with no providers and no resources.
 * Because the expression is read from the synthesized JSON, a change to the
 * stack that drifts from shapeKey() fails here.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { App } from "cdktf";
import { WorkflowStack } from "../../stacks/workflow-stack";
import { STACK_NAME } from "../../stacks/project";
import { SHAPES, shapeKey, shapeOf } from "../../stacks/definition";
import { ITEM_SOURCES, MAP_MODES, type ItemSource, type MapMode } from "../../stacks/settings";
import { settingsWith } from "../../local/settings/settings-input";
import { TOFU, terraformEnv } from "../../terraform/tools";

// Only OpenTofu itself: the configuration below needs no provider, so not the mirror either.
if (!existsSync(TOFU)) {
  throw new Error(`the Terraform tier needs ${path.relative(process.cwd(), TOFU)}: run npm run setup:terraform first`);
}

const exec = promisify(execFile);
jest.setTimeout(5 * 60_000);

interface Combination {
  item_source: ItemSource;
  map_mode: MapMode;
  isolate_failures: boolean;
  batch_size: number;
}

/** Every combination of the four variables, with batch_size 0, 1 and more than 1. */
const ALL: Combination[] = ITEM_SOURCES.flatMap((item_source) =>
  MAP_MODES.flatMap((map_mode) =>
    [false, true].flatMap((isolate_failures) => [0, 1, 7].map((batch_size) => ({ item_source, map_mode, isolate_failures, batch_size }))),
  ),
);

/** Valid: the defaults overlaid with it pass every rule, the cross-variable ones included (as the stack's preconditions do). */
function isValid(c: Combination): boolean {
  try {
    settingsWith({ ...c });
    return true;
  } catch {
    return false;
  }
}
const VALID = ALL.filter(isValid);

let dir: string;
let synthesized: { locals?: Record<string, string>; variable: Record<string, unknown>; resource: Record<string, Record<string, any>> };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tf-shape-key-"));
  // The same App and stack main.ts builds, written where cdktf synth would write them.
  const app = new App({ outdir: path.join(dir, "cdktf.out") });
  new WorkflowStack(app, STACK_NAME, {});
  app.synth();
  synthesized = JSON.parse(readFileSync(path.join(dir, "cdktf.out", "stacks", STACK_NAME, "cdk.tf.json"), "utf8"));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the shape_key local, evaluated by OpenTofu, is shapeKey(shapeOf(values))", () => {
  test("the valid combinations are the nine the rules allow, and they reach every rendered shape", () => {
    expect(ALL).toHaveLength(24);
    expect(VALID).toHaveLength(9);
    const reached = new Set(VALID.map((c) => shapeKey(shapeOf(c))));
    expect(reached).toEqual(new Set(SHAPES.map(shapeKey)));
  });

  test("every valid combination: OpenTofu's shape_key equals shapeKey(), and names a definition the stack rendered", async () => {
    const expression = synthesized.locals?.shape_key;
    expect(typeof expression).toBe("string");

    // The state machine looks its definition up by local.shape_key in a map
    // with one jsonencode()d definition per rendered shape.
    const definition: string = synthesized.resource.aws_sfn_state_machine?.state_machine?.definition ?? "";
    expect(definition.startsWith("${lookup({")).toBe(true);
    expect(definition).toContain(", local.shape_key, ");
    const rendered = [...definition.matchAll(/"([^"]+)" = jsonencode\(/g)].map((m) => m[1]);
    expect(new Set(rendered)).toEqual(new Set(SHAPES.map(shapeKey)));

    // A child module: the stack's own variable declarations (types, defaults,
    // validations) and the local, copied verbatim; the root calls it per combination.
    mkdirSync(path.join(dir, "eval", "shape"), { recursive: true });
    writeFileSync(
      path.join(dir, "eval", "shape", "main.tf.json"),
      JSON.stringify({ variable: synthesized.variable, locals: { shape_key: expression }, output: { shape_key: { value: "${local.shape_key}" } } }, null, 2),
    );
    const combos = Object.fromEntries(VALID.map((c, i) => [`c${i}`, c]));
    writeFileSync(
      path.join(dir, "eval", "main.tf.json"),
      JSON.stringify(
        {
          module: {
            shape: {
              source: "./shape",
              for_each: combos,
              item_source: "${each.value.item_source}",
              map_mode: "${each.value.map_mode}",
              isolate_failures: "${each.value.isolate_failures}",
              batch_size: "${each.value.batch_size}",
            },
          },
          output: { shape_keys: { value: "${{ for k, m in module.shape : k => m.shape_key }}" } },
        },
        null,
        2,
      ),
    );

    // An empty CLI configuration: with no provider to install, nothing is looked up anywhere.
    writeFileSync(path.join(dir, "tofurc"), "");
    const env = terraformEnv({ TF_CLI_CONFIG_FILE: path.join(dir, "tofurc") });
    const tofu = (args: string[]) =>
      exec(TOFU, args, { cwd: path.join(dir, "eval"), env, maxBuffer: 16 * 1024 * 1024 }).catch((e: Error & { stderr?: string }) => {
        throw new Error(`tofu ${args.join(" ")} failed: ${e.message}\n${e.stderr ?? ""}`);
      });
    const t0 = Date.now();
    await tofu(["init", "-input=false", "-no-color"]);
    await tofu(["apply", "-auto-approve", "-input=false", "-no-color"]);
    const { stdout } = await tofu(["output", "-json", "shape_keys"]);
    process.stdout.write(`shape_key: ${VALID.length} combinations evaluated by tofu init + apply + output in ${Date.now() - t0} ms\n`);

    const fromTofu = JSON.parse(stdout) as Record<string, string>;
    const expected = Object.fromEntries(Object.entries(combos).map(([k, c]) => [k, shapeKey(shapeOf(c))]));
    // Each line names its combination, so a failure shows which one drifted.
    const show = (keys: Record<string, string>) =>
      Object.entries(keys)
        .map(([k, key]) => `${JSON.stringify(combos[k])} -> ${key}`)
        .sort();
    expect(show(fromTofu)).toEqual(show(expected));
    for (const key of Object.values(fromTofu)) expect(rendered).toContain(key);
  });
});

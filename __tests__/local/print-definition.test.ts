/**
 * npm run definition: the definition the variables deploy, as formatted JSON.
 * That it equals the deployed one is checked against real OpenTofu in the
 * Terraform tier (deploy.tier.test.ts, step 4); here, that each way of giving a
 * variable reaches it and that the output is the offline runner's definition.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run } from "../../local/commands/print-definition";
import { projectDefinition } from "../../local/run/project-definition";
import { settingsWith } from "../../local/settings/settings-input";
import { runCaptured } from "../cli/capture";

const print = (argv: readonly string[], env: NodeJS.ProcessEnv = {}) => runCaptured(run, argv, { env });
const arn = "arn:aws:lambda:eu-west-1:123456789012:function:stepfunctions-map-process-item";

test("the defaults print the offline runner's definition, indented, on stdout alone", async () => {
  const out = await print(["--function-arn", arn]);
  expect(out).toMatchObject({ code: 0, stderr: "" });
  const expected = projectDefinition(settingsWith({}), { tableName: "stepfunctions-map-list", functionArn: arn });
  expect(out.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
});

test("--var, --var-file and TF_VAR_ reach the definition, the later on the command line winning", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "definition-"));
  const file = path.join(dir, "x.tfvars");
  writeFileSync(file, 'max_concurrency = 7\nmap_mode = "DISTRIBUTED"\n');
  const out = await print(["--var", "max_concurrency=3", "--var-file", file], { TF_VAR_wait_seconds: "0" });
  expect(out.code).toBe(0);
  const definition = JSON.parse(out.stdout) as {
    States: Record<string, { Type: string; MaxConcurrency?: number; ItemProcessor?: { ProcessorConfig?: object } }>;
  };
  const map = Object.values(definition.States).find((s) => s.Type === "Map")!;
  expect(map.MaxConcurrency).toBe(7);
  expect(map.ItemProcessor!.ProcessorConfig).toMatchObject({ Mode: "DISTRIBUTED" });
});

test("without --function-arn the ARN says what is not known before deploying", async () => {
  const out = await print(["--var", "name_prefix=my-map"]);
  expect(out.stdout).toContain('"arn:aws:lambda:<region>:<account>:function:my-map-process-item"');
  expect(out.stdout).toContain('"TableName": "my-map-list"');
});

test("a variable that breaks its rule: one line naming it, exit 1, nothing on stdout", async () => {
  const out = await print(["--var", "max_concurrency=-1"]);
  expect(out.code).toBe(1);
  expect(out.stdout).toBe("");
  expect(out.stderr.trim().split("\n")).toHaveLength(1);
  expect(out.stderr).toMatch(/^definition: .*max_concurrency/);
});

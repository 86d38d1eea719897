/**
 * The Terraform tier (npm run test:terraform): real OpenTofu with the pinned
 * providers from the local mirror, against moto's AWS emulator. Needs the
 * tools from `npm run setup:terraform`; fails, rather than skips, without them.
 *
 * One sequence, in order: synth → init → validate → plan → cdktf deploy →
 * check resources through the SDK → seed → compare the deployed definition
 * with the offline runner's and run it there → re-plan with another
 * max_concurrency (in-place update only) → plan a rename (table replaced) →
 * cdktf destroy → nothing left.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import * as path from "node:path";
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { GetFunctionCommand, LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeStateMachineCommand, ListStateMachinesCommand, SFNClient } from "@aws-sdk/client-sfn";
import { run as printDefinition } from "../../local/commands/print-definition";
import { runCaptured } from "../cli/capture";
import { KEY_SCHEMA, EXPIRES_AT_ATTRIBUTE } from "../../stacks/table-schema";
import { resourceNames, settings } from "../../stacks/settings";
import { readList } from "../../seed/write-list";
import { stackOutput } from "../../aws/stack-outputs";
import { startMoto, type MotoServer } from "../../terraform/moto-server";
import { missingTools, terraformEnv, ACTIONLINT, CHECKOV, ZIZMOR } from "../../terraform/tools";
import { CHECKOV_SKIPS } from "../../terraform/checkov-skips";
import { makeWorkdir, type Workdir } from "../../terraform/workdir";
import { reviewPlan, type PlanJson } from "../../terraform/plan-review";
import { runOffline } from "../../local/run/run-offline";

const missing = missingTools();
if (missing.length > 0) {
  throw new Error(`the Terraform tier needs ${missing.join(", ")}: run npm run setup:terraform first`);
}

const REGION = "us-east-1";
const FIXTURES = path.join(__dirname, "..", "fixtures");
const names = resourceNames(settings.name_prefix.default);
const WORKFLOW_DIR = path.join(__dirname, "..", "..", ".github", "workflows");
/** Every workflow file users get: actionlint and zizmor check them all. */
const WORKFLOWS = readdirSync(WORKFLOW_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => path.join(WORKFLOW_DIR, f));
jest.setTimeout(20 * 60_000);

let moto: MotoServer;
let wd: Workdir;
let sdk: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };

beforeAll(async () => {
  moto = await startMoto();
  sdk = { region: REGION, endpoint: moto.endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  wd = makeWorkdir({
    CDKTF_EMULATOR_ENDPOINT: moto.endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
  });
});
afterAll(async () => {
  await moto?.stop();
  wd?.remove();
});

/**
 * A saved plan as JSON. After apply it is planned without a refresh: moto does
 * not keep every attribute (a function's LoggingConfig), so a refresh would
 * show the emulator's gaps as drift; the change under review is the config's.
 */
async function planJson(file: string, vars: string[], refresh = true): Promise<PlanJson> {
  await wd.tofu(["plan", "-input=false", "-lock=false", `-refresh=${refresh}`, `-out=${file}`, ...vars.flatMap((v) => ["-var", v])]);
  const { stdout } = await wd.tofu(["show", "-json", file]);
  return JSON.parse(stdout) as PlanJson;
}

/**
 * Keeps a real plan for the plan review's unit tests (__tests__/terraform/plan-review.test.ts),
 * keeping only what the review reads and leaving out the provider addresses,
 * which name a registry host.
 */
function saveFixture(name: string, plan: PlanJson): void {
  const kept = { format_version: plan.format_version, resource_changes: plan.resource_changes };
  const text = JSON.stringify(kept, (key, value: unknown) => (key === "provider_name" ? undefined : value));
  writeFileSync(path.join(FIXTURES, name), text + "\n");
}

/** The plan without the resource changes an unchanged config also plans (the emulator's gaps). */
function withoutChanges(plan: PlanJson, baseline: Record<string, string[]>): PlanJson {
  return { ...plan, resource_changes: (plan.resource_changes ?? []).filter((rc) => !(rc.address in baseline)) };
}

function actionsByType(plan: PlanJson): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions.join(",");
    if (a !== "no-op" && a !== "read") out[rc.address] = rc.change.actions;
  }
  return out;
}

describe("Terraform tier against moto", () => {
  test("1. synth, init from the mirror, validate, plan", async () => {
    await wd.run("npx", ["cdktf", "synth"]);
    const json = readFileSync(path.join(wd.stackDir, "cdk.tf.json"), "utf8");
    expect(json).toContain(moto.endpoint);
    const init = await wd.tofu(["init", "-input=false", "-no-color"]);
    expect(init.stdout).toMatch(/Installing hashicorp\/aws v6\.25\.0/);
    expect(init.stdout).toMatch(/Installing hashicorp\/archive v2\.7\.1/);
    const validate = await wd.tofu(["validate", "-json"]);
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
    const plan = await planJson("initial.plan", []);
    const created = Object.values(actionsByType(plan)).map((a) => a.join(","));
    expect(created.length).toBeGreaterThanOrEqual(8);
    expect(new Set(created)).toEqual(new Set(["create"]));
  });

  test("a variable out of range is refused by Terraform with the shared message", async () => {
    // tofu wraps long messages: match across line breaks.
    await expect(wd.tofu(["plan", "-input=false", "-lock=false", "-no-color", "-var", "max_concurrency=10001"])).rejects.toThrow(
      /Variable max_concurrency must be a whole number from 0 to\s+10000\./,
    );
    await expect(wd.tofu(["plan", "-input=false", "-lock=false", "-no-color", "-var", "max_concurrency=41"])).rejects.toThrow(
      /Resource precondition failed[\s\S]*Variable max_concurrency must be a whole number from 0 to 40 when map_mode\s+is\s+INLINE\./,
    );
    await expect(wd.tofu(["plan", "-input=false", "-lock=false", "-no-color", "-var", "name_prefix=Bad_Name"])).rejects.toThrow(/Variable name_prefix must be/);
  });

  /**
   * checkov 3.3.30's terraform_json parser expects every entry of a top-level
   * block to be an object and gives up on the whole file at the first that is
   * not ("this method receives only dicts"): locals.shape_key and
   * terraform.required_version are plain strings. Neither holds anything
   * checkov checks, so it gets the JSON without such entries.
   */
  function checkovReadable(json: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(json).map(([block, body]) =>
        block === "//" || body === null || typeof body !== "object" || Array.isArray(body)
          ? [block, body]
          : [block, Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([, v]) => v !== null && typeof v === "object"))],
      ),
    );
  }

  test("checkov over the synthesized JSON: every finding is fixed or skipped with a reason", async () => {
    // --skip-check would drop checks from the report altogether; instead run them all
    // and hold each finding against the reasoned list in terraform/checkov-skips.ts.
    const input = path.join(wd.root, "checkov.tf.json");
    writeFileSync(input, JSON.stringify(checkovReadable(JSON.parse(readFileSync(path.join(wd.stackDir, "cdk.tf.json"), "utf8")))));
    const args = ["-f", input, "--framework", "terraform_json", "-o", "json", "--skip-download", "--soft-fail"];
    const { stdout } = await wd.run(CHECKOV, args);
    const report = JSON.parse(stdout) as {
      summary: { passed: number; parsing_errors: number };
      results: { failed_checks: { check_id: string; resource: string }[] };
    };
    // A file checkov cannot parse passes every check vacuously: say so rather than count zero.
    expect(report.summary.parsing_errors).toBe(0);
    const findings = report.results.failed_checks.map((c) => c.check_id);
    const unexplained = report.results.failed_checks.filter((c) => !(c.check_id in CHECKOV_SKIPS)).map((c) => `${c.check_id} on ${c.resource}`);
    process.stdout.write(`checkov: passed ${report.summary.passed}, failed ${unexplained.length}, skipped ${findings.length - unexplained.length}\n`);
    expect(unexplained).toEqual([]);
    expect(report.summary.passed).toBeGreaterThan(100);
    // Every listed skip still matches a finding: the list cannot go stale.
    expect(new Set(findings)).toEqual(new Set(Object.keys(CHECKOV_SKIPS)));
  });

  test("the GitHub workflows for users pass actionlint", async () => {
    expect(WORKFLOWS.map((f) => path.basename(f))).toContain("terraform.yml");
    const { stdout } = await wd.run(ACTIONLINT, ["-no-color", ...WORKFLOWS]);
    expect(stdout).toBe("");
  });

  test("the GitHub workflows for users pass zizmor's offline audits with no findings", async () => {
    // zizmor exits non-zero (10 to 14, by the worst severity) when it finds
    // anything, so read its JSON rather than wd.run's rejection.
    const result = await promisify(execFile)(ZIZMOR, ["--offline", "--no-progress", "--format", "json", ...WORKFLOWS], { env: terraformEnv() }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr }),
    );
    const findings = JSON.parse(result.stdout || "null") as
      | {
          ident: string;
          desc: string;
          ignored?: boolean;
          locations: { concrete: { location: { start_point: { row: number } } }; symbolic: { key: { Local?: { verbatim_path: string } } } }[];
        }[]
      | null;
    expect(findings).not.toBeNull();
    const at = (f: NonNullable<typeof findings>[number]) => {
      const loc = f.locations[0];
      return `${path.basename(loc?.symbolic.key.Local?.verbatim_path ?? "?")}:${(loc?.concrete.location.start_point.row ?? -1) + 1} ${f.ident}: ${f.desc}`;
    };
    expect(findings!.filter((f) => !f.ignored).map(at)).toEqual([]);
    expect(result.code).toBe(0);
    // A suppression (`# zizmor: ignore[audit]`) needs its reason in a comment on the line above.
    for (const file of WORKFLOWS) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (/zizmor:\s*ignore\[/.test(line)) expect(`${path.basename(file)}:${i + 1} ${lines[i - 1]?.trim() ?? ""}`).toMatch(/:\d+ #(?!.*zizmor:).*\w/);
      });
    }
  });

  test("2. cdktf deploy against moto; the resources exist with the right settings", async () => {
    // --skip-provider-lock: the mirror has linux_amd64 only, and a lock for other platforms needs a registry.
    await wd.run("npx", ["cdktf", "deploy", "--auto-approve", "--skip-provider-lock"]);
    expect(stackOutput("table_name", wd.stateFile)).toBe(names.table);
    expect(stackOutput("function_name", wd.stateFile)).toBe(names.function);
    expect(stackOutput("state_machine_name", wd.stateFile)).toBe(names.stateMachine);
    expect(stackOutput("state_machine_arn", wd.stateFile)).toMatch(new RegExp(`:stateMachine:${names.stateMachine}$`));

    const table = (await new DynamoDBClient(sdk).send(new DescribeTableCommand({ TableName: names.table }))).Table!;
    expect(table.KeySchema).toEqual([...KEY_SCHEMA]);
    expect(table.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table.SSEDescription?.Status).toBe("ENABLED");
    // Superseded list versions expire through DynamoDB TTL (README, "How a list is stored").
    const ttl = (await new DynamoDBClient(sdk).send(new DescribeTimeToLiveCommand({ TableName: names.table }))).TimeToLiveDescription;
    expect(ttl).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: EXPIRES_AT_ATTRIBUTE });

    const fn = (await new LambdaClient(sdk).send(new GetFunctionCommand({ FunctionName: names.function }))).Configuration!;
    expect(fn.Runtime).toBe("nodejs22.x");
    expect(fn.Handler).toBe("index.handler");
    // moto 5.2 does not keep a function's LoggingConfig; the synthesis tests check it.

    const iam = new IAMClient(sdk);
    for (const role of [names.function, names.stateMachine]) {
      expect((await iam.send(new GetRoleCommand({ RoleName: role }))).Role?.RoleName).toBe(role);
    }
    const smPolicy = await iam.send(new GetRolePolicyCommand({ RoleName: names.stateMachine, PolicyName: names.stateMachine }));
    const doc = JSON.parse(decodeURIComponent(smPolicy.PolicyDocument!));
    // GetItem is derived from the definitions: every shape reads the list item or the current version's pointer.
    expect(doc.Statement.map((s: { Sid: string }) => s.Sid).sort()).toEqual(["DeliverLogs", "InvokeTheFunction", "ReadTheList"]);
    expect(doc.Statement.find((s: { Sid: string }) => s.Sid === "ReadTheList").Action).toEqual("dynamodb:GetItem");
    // Continue as new is only for rows on an inline Map: the default list shape has no chaining policy.
    const defaultPolicies = (await iam.send(new ListRolePoliciesCommand({ RoleName: names.stateMachine }))).PolicyNames!;
    expect(defaultPolicies).not.toContain(`${names.stateMachine}-ContinueAsNew`);

    const groups = await new CloudWatchLogsClient(sdk).send(new DescribeLogGroupsCommand({}));
    const byName = Object.fromEntries((groups.logGroups ?? []).map((g) => [g.logGroupName, g.retentionInDays]));
    expect(byName).toEqual({ [names.functionLogGroup]: 7, [names.stateMachineLogGroup]: 7 });

    const sfn = new SFNClient(sdk);
    const sm = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: stackOutput("state_machine_arn", wd.stateFile)! }));
    expect(sm.type).toBe("STANDARD");
    expect(sm.loggingConfiguration?.level).toBe("ALL");
  });

  test("3. npm run seed against moto; the item reads back", async () => {
    const { stdout } = await wd.run("npx", ["tsx", "seed/cli.ts", "--file", "seed/simplelist.json", "--endpoint", moto.endpoint, "--region", REGION], {
      env: { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" },
    });
    // The table name came from the deployed stack's output in the state file.
    expect(stdout).toBe(`seeded 3 items from seed/simplelist.json into table ${names.table}\n`);
    expect(await readList(new DynamoDBClient(sdk), names.table)).toEqual(["Computer Science", "Economics", "Mathematics"]);
  });

  test("4. the deployed definition is the offline runner's, and runs offline against the moto table", async () => {
    const arn = stackOutput("state_machine_arn", wd.stateFile)!;
    const sm = await new SFNClient(sdk).send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    const fn = (await new LambdaClient(sdk).send(new GetFunctionCommand({ FunctionName: names.function }))).Configuration!;
    // `npm run definition` prints what these (default) variables deploy: the same, to the byte's meaning.
    const printed = await runCaptured(printDefinition, ["--function-arn", fn.FunctionArn!], { env: {} });
    expect(printed).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(sm.definition!)).toEqual(JSON.parse(printed.stdout));

    const run = await runOffline({
      definition: JSON.parse(sm.definition!),
      dynamo: { client: new DynamoDBClient(sdk), tableName: names.table },
      // The deployed definition waits 2 s per item; skip the waits, not the Wait states.
      waitTimeOverrides: { WaitInMap: 0 },
    });
    expect(run.report.status).toBe("SUCCEEDED");
    expect(run.report.items.map((i) => i.output)).toEqual(["Computer Science", "Economics", "Mathematics"]);
  });

  test("5. another max_concurrency updates the state machine in place and touches nothing else", async () => {
    // moto does not keep the function's LoggingConfig, so even an unchanged
    // config plans an update of the function (and of the role policy that
    // reads its ARN). That baseline is the emulator's gap, not our change.
    const baseline = actionsByType(await planJson("baseline.plan", [], false));
    expect(Object.keys(baseline).sort()).toEqual(["aws_iam_role_policy.state_machine_role_policy_91C073B3", "aws_lambda_function.function"]);
    const plan = withoutChanges(await planJson("concurrency.plan", ["max_concurrency=3"], false), baseline);
    saveFixture("plan-max-concurrency.json", plan);
    expect(actionsByType(plan)).toEqual({ "aws_sfn_state_machine.state_machine": ["update"] });
    const review = reviewPlan(plan);
    expect(review).toContain("| 0 | 1 | 0 | 0 |");
    expect(review).toContain("`aws_sfn_state_machine.state_machine` | `definition`");
    expect(review).not.toContain("DATA LOSS");
  });

  test("renaming the stack replaces the table: the review warns loudly", async () => {
    const plan = await planJson("rename.plan", ["name_prefix=renamed-map"], false);
    // (A rename replaces nearly everything; the emulator's baseline changes hide in that.)
    saveFixture("plan-rename.json", plan);
    expect(actionsByType(plan)["aws_dynamodb_table.table"]).toEqual(["delete", "create"]);
    const review = reviewPlan(plan);
    expect(review).toMatch(/DATA LOSS: `aws_dynamodb_table\.table` would be REPLACED \(forced by: name\)/);
  });

  test("6. cdktf destroy leaves nothing in moto", async () => {
    await wd.run("npx", ["cdktf", "destroy", "--auto-approve", "--skip-provider-lock"]);
    expect((await new DynamoDBClient(sdk).send(new ListTablesCommand({}))).TableNames).toEqual([]);
    expect((await new LambdaClient(sdk).send(new ListFunctionsCommand({}))).Functions).toEqual([]);
    expect((await new SFNClient(sdk).send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    expect((await new IAMClient(sdk).send(new ListRolesCommand({}))).Roles).toEqual([]);
    expect((await new CloudWatchLogsClient(sdk).send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([]);
  });

  test("item_source rows inline on STANDARD may start executions of this state machine only (continue as new); on EXPRESS it may not", async () => {
    const iam = new IAMClient(sdk);
    const arn = () => stackOutput("state_machine_arn", wd.stateFile)!;
    const vars = ["item_source=rows"].flatMap((v) => ["-var", v]);
    await wd.tofu(["apply", "-auto-approve", "-input=false", "-lock=false", ...vars]);
    const definition = JSON.parse((await new SFNClient(sdk).send(new DescribeStateMachineCommand({ stateMachineArn: arn() }))).definition!);
    expect(definition.StartAt).toBe("StartOrContinue");
    // Terraform evaluated the budget to a number: floor(24968 / (15 + 18 × 100)).
    expect(definition.States.PrepareNextPage.Parameters.pagesPerExecution).toBe(13);
    const policies = (await iam.send(new ListRolePoliciesCommand({ RoleName: names.stateMachine }))).PolicyNames!;
    expect(policies.sort()).toEqual([names.stateMachine, ...["ContinueAsNew", "ReadRows"].map((sid) => `${names.stateMachine}-${sid}`)].sort());
    const chain = await iam.send(new GetRolePolicyCommand({ RoleName: names.stateMachine, PolicyName: `${names.stateMachine}-ContinueAsNew` }));
    expect(JSON.parse(decodeURIComponent(chain.PolicyDocument!)).Statement).toEqual([
      expect.objectContaining({ Sid: "ContinueAsNew", Effect: "Allow", Action: "states:StartExecution", Resource: arn() }),
    ]);
    const express = ["item_source=rows", "workflow_type=EXPRESS"].flatMap((v) => ["-var", v]);
    await wd.tofu(["apply", "-auto-approve", "-input=false", "-lock=false", ...express]);
    const expressDefinition = JSON.parse((await new SFNClient(sdk).send(new DescribeStateMachineCommand({ stateMachineArn: arn() }))).definition!);
    expect(expressDefinition.States.PrepareNextPage.Parameters.pagesPerExecution).toBe(0);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: names.stateMachine }))).PolicyNames).not.toContain(`${names.stateMachine}-ContinueAsNew`);
    await wd.tofu(["destroy", "-auto-approve", "-input=false", "-lock=false", ...express]);
  });

  test("item_source rows with map_mode DISTRIBUTED deploys to the emulator with its extra permissions, and destroys", async () => {
    const vars = ["item_source=rows", "map_mode=DISTRIBUTED", "batch_size=10", "max_concurrency=100"].flatMap((v) => ["-var", v]);
    await wd.tofu(["apply", "-auto-approve", "-input=false", "-lock=false", ...vars]);
    const arn = stackOutput("state_machine_arn", wd.stateFile)!;
    const definition = JSON.parse((await new SFNClient(sdk).send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition!);
    // A rows run first pins the current version of the list (seed/list-versions.ts), then reads its pages.
    expect(definition.StartAt).toBe("ReadCurrentVersion");
    expect(definition.States.MapState.ItemProcessor.ProcessorConfig).toEqual({ Mode: "DISTRIBUTED", ExecutionType: "EXPRESS" });
    expect(definition.States.MapState.ItemBatcher).toEqual({ MaxItemsPerBatch: 10 });
    expect(definition.States.MapState.MaxConcurrency).toBe(100);
    const policies = (await new IAMClient(sdk).send(new ListRolePoliciesCommand({ RoleName: names.stateMachine }))).PolicyNames!;
    expect(policies.sort()).toEqual(
      [names.stateMachine, ...["FollowChildExecutions", "ReadRows", "RunChildExecutions"].map((sid) => `${names.stateMachine}-${sid}`)].sort(),
    );
    // Rows on a Distributed Map do not continue as new: no chaining policy.
    expect(policies).not.toContain(`${names.stateMachine}-ContinueAsNew`);
    await wd.tofu(["destroy", "-auto-approve", "-input=false", "-lock=false", ...vars]);
    expect((await new SFNClient(sdk).send(new ListStateMachinesCommand({}))).stateMachines).toEqual([]);
    expect((await new IAMClient(sdk).send(new ListRolesCommand({}))).Roles).toEqual([]);
  });
});

/**
 * A quiet synth (issue 23): offline, cdktf's telemetry call to HashiCorp's
 * checkpoint service fails and cdktf prints a red `[ERROR] ... getaddrinfo
 * ENOTFOUND`, though nothing is wrong. The cdktf CLI skips that call when
 * CHECKPOINT_DISABLE is set in its own environment, read once as it loads
 * (@cdktf/commons environment.ts), so the npm scripts set it: neither
 * cdktf.json nor the app (main.ts, a child of the CLI) can.
 *
 * This machine has no network, so the call would fail here: the synth runs
 * with CHECKPOINT_DISABLE removed from its environment, to prove the script
 * sets it.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const ROOT = path.join(__dirname, "..", "..");
const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

test.each(["synth", "plan", "deploy", "destroy"])("npm run %s sets CHECKPOINT_DISABLE for the cdktf CLI", (name) => {
  expect(scripts[name]).toBe(`CHECKPOINT_DISABLE=1 cdktf ${name}`);
});

test("npm run synth with no network prints no [ERROR] and writes the stack", async () => {
  const out = mkdtempSync(path.join(tmpdir(), "quiet-synth-"));
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false" };
  delete env.CHECKPOINT_DISABLE;
  // A Terraform CLI configuration this machine's environment may name but not hold: Terraform's own
  // complaint about it, also printed as [ERROR] by cdktf, belongs to the machine, not the project.
  delete env.TF_CLI_CONFIG_FILE;
  // --output: the same synth into a folder of its own, leaving cdktf.out to whoever else uses it.
  const { stdout, stderr } = await promisify(execFile)("npm", ["run", "synth", "--", "--output", out], { cwd: ROOT, env });
  expect(`${stdout}${stderr}`).not.toContain("[ERROR]");
  expect(existsSync(path.join(out, "stacks", "stepfunctions-map", "cdk.tf.json"))).toBe(true);
}, 180_000);

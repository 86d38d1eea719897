/** `npm run execute -- --redrive ARN`: what is refused before anything reaches AWS. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { run } from "../../execute/main";
import { parseOptions } from "../../execute/options";
import { runCaptured } from "../cli/capture";

const NO_STATE = path.join(mkdtempSync(path.join(tmpdir(), "redrive-")), "terraform.stepfunctions-map.tfstate");
const EXECUTION = "arn:aws:states:eu-west-1:123456789012:execution:stepfunctions-map-workflow:run-1";

test("--redrive needs no state file: the state machine is the execution's", () => {
  const opts = parseOptions(["--redrive", EXECUTION], NO_STATE);
  expect(opts.redrive).toBe(EXECUTION);
  expect(opts.stateMachineArn).toBe("arn:aws:states:eu-west-1:123456789012:stateMachine:stepfunctions-map-workflow");
});

test.each([
  [
    ["--redrive", "arn:aws:states:eu-west-1:123456789012:express:m/Items:abc:child"],
    /Express execution: RedriveExecution is not supported by EXPRESS state machines/,
  ],
  [["--redrive", "nonsense"], /not an execution ARN: nonsense/],
])("%j: one line, exit 1", async (argv, message) => {
  const { code, stdout, stderr } = await runCaptured(run, argv, { stateFile: NO_STATE, env: {} });
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toMatch(message);
  expect(stderr.trim().split("\n")).toHaveLength(1);
});

test.each([
  [["--redrive", EXECUTION, "--input", "{}"], "--input does not go with --redrive: a redriven execution keeps its input"],
  [["--redrive", EXECUTION, "--no-wait"], "--no-wait does not go with --redrive: it follows the redriven execution"],
])("%j: a usage error, the line and the pointer to --help, exit 2", async (argv, message) => {
  const r = await runCaptured(run, argv, { stateFile: NO_STATE, env: {} });
  expect(r).toEqual({ code: 2, stdout: "", stderr: `execute: ${message}\nsee npm run execute -- --help\n` });
});

/**
 * The command line of `npm run execute`, checked before anything reaches AWS:
 * options, the --input JSON, and the state machine ARN (--arn, or the
 * `state_machine_arn` output in the local Terraform state).
 */
import * as path from "node:path";
import { stackOutput } from "../aws/stack-outputs";
import { stateMachineArnProblem } from "../aws/arn";
import { checkEndpoint, CONNECTION_OPTIONS } from "../aws/clients";
import { PROJECT_ROOT, STACK_NAME, stateFileName } from "../stacks/project";
import { UsageError, UserError } from "../cli/errors";
import { parseCommandLine } from "../cli/run";
import { stateMachineOfExecution } from "./redrive";

const DEFAULT_STATE_FILE = path.join(PROJECT_ROOT, stateFileName(STACK_NAME));

export const USAGE = `Usage: npm run execute -- [options]

Starts an execution of the deployed state machine, prints its ARN and a
console link, follows it until it ends, then prints the same report as
npm start: a timeline of when each item waited and ran, or one JSON report
with --json.

Options:
  --arn ARN           state machine to run (default: the state_machine_arn
                      output in ${path.relative(process.cwd(), DEFAULT_STATE_FILE) || DEFAULT_STATE_FILE})
  --input JSON        execution input (default {})
  --redrive ARN       redrive this failed, timed out or aborted Standard execution
                      (RedriveExecution: only the unsuccessful steps, iterations and
                      Map Run children run again) instead of starting one, then
                      follow it and print the report; the state machine is the
                      execution's. Refused plainly for Express executions, a
                      SUCCEEDED one, and one stopped more than 14 days ago. Needs
                      states:RedriveExecution and states:DescribeExecution.
                      A Distributed Map's Map Run is followed with DescribeMapRun
                      and its failed children listed with ListExecutions and
                      DescribeExecution (IAM: states:DescribeMapRun, states:ListExecutions).
  --region REGION     default: the region in the ARN, then AWS_REGION / the profile's
  --profile NAME      AWS profile for credentials (and region)
  --endpoint URL      a local emulator instead of AWS (test credentials unless
                      AWS_ACCESS_KEY_ID or a profile gives some)
  --no-wait           print the ARN and the link, then return at once
  --json              print one JSON report (the shape npm start --json prints)
  --html FILE         also write the run as one self-contained HTML page (as npm start --html)
  --logs              add the Lambda's log lines for this execution (CloudWatch Logs)
  --log-group NAME    log group for --logs (default: the function_log_group output
                      of the same stack, else /aws/lambda/FUNCTION from the definition)
  --help              show this help

Exit code: 0 SUCCEEDED; 1 FAILED, TIMED_OUT, ABORTED, or an error (one line on
stderr); 2 a usage error; 130 Ctrl-C (stops following; the execution goes on).
`;

export interface ExecuteOptions {
  readonly stateMachineArn: string;
  /** True when the ARN came from the local state file rather than --arn. */
  readonly arnFromStack: boolean;
  /** The input as JSON text, checked to parse. */
  readonly input: string;
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly wait: boolean;
  readonly json: boolean;
  /** --html: where to write the HTML report. */
  readonly html?: string;
  readonly logs: boolean;
  readonly logGroup?: string;
  /** The state file the stack outputs were read from. */
  readonly stateFile: string;
  /** --redrive: the execution to redrive instead of starting one. */
  readonly redrive?: string;
}

const OPTIONS = {
  arn: { type: "string" },
  input: { type: "string" },
  ...CONNECTION_OPTIONS,
  // Its own option rather than allowNegative, which Node.js 22 before 22.4 lacks.
  "no-wait": { type: "boolean" },
  json: { type: "boolean" },
  html: { type: "string" },
  logs: { type: "boolean" },
  "log-group": { type: "string" },
  redrive: { type: "string" },
} as const;

/** The options, checked; --help and a malformed command line are thrown for cli/run.ts to report. */
export function parseOptions(argv: readonly string[], stateFile: string = DEFAULT_STATE_FILE): ExecuteOptions {
  const { values } = parseCommandLine(argv, OPTIONS);

  // In this order: what can be checked without files, then the state file.
  const input = values.input ?? "{}";
  try {
    JSON.parse(input);
  } catch (e) {
    throw new UserError(`--input is not valid JSON (${(e as Error).message}): ${truncate(input, 80)}`);
  }
  if (values.endpoint !== undefined) checkEndpoint(values.endpoint);
  for (const name of ["arn", "region", "profile", "log-group"] as const) {
    if (values[name] !== undefined && values[name].trim() === "") throw new UserError(`--${name} is empty`);
  }
  // Options that do not go together are a usage error (exit 2), as in every command.
  if (values["log-group"] !== undefined && !values.logs) throw new UsageError("--log-group only makes sense with --logs");

  if (values.redrive !== undefined && values.input !== undefined)
    throw new UsageError("--input does not go with --redrive: a redriven execution keeps its input");
  if (values.redrive !== undefined && values["no-wait"]) throw new UsageError("--no-wait does not go with --redrive: it follows the redriven execution");
  const redriven = values.redrive !== undefined ? stateMachineOfExecution(values.redrive) : undefined;
  const fromStack = values.arn === undefined && redriven === undefined ? stackOutput("state_machine_arn", stateFile) : undefined;
  const stateMachineArn = values.arn ?? redriven ?? fromStack;
  if (stateMachineArn === undefined) {
    throw new UserError(
      `no state machine ARN: pass --arn, or deploy the stack first (npm run deploy) so that ${path.relative(process.cwd(), stateFile) || stateFile} has the output state_machine_arn (with a remote state backend, pass the state_machine_arn that npx cdktf output prints)`,
    );
  }
  checkStateMachineArn(stateMachineArn);
  return {
    stateMachineArn,
    arnFromStack: values.arn === undefined && redriven === undefined,
    input,
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
    wait: !values["no-wait"],
    json: Boolean(values.json),
    ...(values.html !== undefined ? { html: values.html } : {}),
    logs: Boolean(values.logs),
    ...(values["log-group"] !== undefined ? { logGroup: values["log-group"] } : {}),
    stateFile,
    ...(values.redrive !== undefined ? { redrive: values.redrive } : {}),
  };
}

/**
 * A shape check, so that a mistyped ARN gets a clear line rather than a
 * region or signature error; Step Functions itself has the last word
 * (InvalidArn, StateMachineDoesNotExist).
 */
function checkStateMachineArn(arn: string): void {
  const problem = stateMachineArnProblem(arn);
  if (problem === undefined) return;
  const hint = problem.startsWith("that is") ? ` (${problem})` : "";
  throw new UserError(`not a state machine ARN: ${arn}${hint}; expected arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`);
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

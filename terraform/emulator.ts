/**
 * `npm run emulator -- [--port 5000]`, as one function of its arguments and
 * streams (terraform/emulator-cli.ts is the process entry).
 *
 * Starts moto (the AWS emulator from `npm run setup:terraform`) with the
 * project's proxy in front (terraform/moto-server.ts) on a fixed loopback
 * port, with state machine executions really run and the Docker-free Lambda
 * backend, prints what to paste into another shell, and runs until Ctrl-C.
 * Without the proxy `cdktf deploy` hangs on the state machine (moto lacks
 * ValidateStateMachineDefinition), and without the execution switch `npm run
 * execute` only ever sees RUNNING: this is the one way the README starts it.
 *
 * Exit codes: 130 Ctrl-C, 143 SIGTERM (both after moto is stopped), 1 moto
 * missing, the port taken, or moto or the proxy dying, 2 a usage error.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../stacks/project";
import { parseCommandLine, runCommand, type CommandIo } from "../cli/run";
import { UsageError, UserError } from "../cli/errors";
import { startMoto, type MotoServer } from "./moto-server";
import { CLI_CONFIG, MOTO_SERVER, TOFU } from "./tools";

const DEFAULT_PORT = 5000;

const USAGE = `Usage: npm run emulator -- [--port PORT]

Starts the moto AWS emulator on 127.0.0.1 with the project's proxy in front
(it answers the Step Functions calls moto lacks), state machine executions
really run, and Lambda's Docker-free backend (an invoke returns its payload).
Prints the lines to paste into another shell; runs until Ctrl-C.
Needs npm run setup:terraform.

Options:
  --port PORT   the loopback port to serve on (default ${DEFAULT_PORT})
  --help        show this help
`;

const OPTIONS = { port: { type: "string" } } as const;

/** What a test may replace. */
export interface EmulatorDeps {
  readonly motoServer?: string;
}

/** The reason the process entry aborts with on SIGTERM (Ctrl-C aborts with the scaffolding's own reason). */
export const SIGTERM_REASON = "SIGTERM";

export function run(argv: readonly string[], io: CommandIo, deps: EmulatorDeps = {}): Promise<number> {
  return runCommand({ name: "emulator", usage: USAGE }, io, async () => {
    const { values } = parseCommandLine(argv, OPTIONS);
    const port = parsePort(values.port);
    const motoServer = deps.motoServer ?? MOTO_SERVER;
    if (!existsSync(motoServer)) {
      throw new UserError(`${path.relative(PROJECT_ROOT, motoServer)} is missing: run npm run setup:terraform first`);
    }
    const moto = await startMoto({ port, executeStateMachines: true, motoServer });
    try {
      printStarted(io, moto);
      const ended = await Promise.race([moto.died.then((why) => ({ died: why })), aborted(io.signal).then((reason) => ({ reason }))]);
      if ("died" in ended) {
        io.stderr.write(`emulator: ${ended.died}; stopping\n`);
        return 1;
      }
      io.stderr.write(`emulator: stopping moto (its resources are gone with it)\n`);
      return ended.reason === SIGTERM_REASON ? 143 : 130;
    } finally {
      await moto.stop();
    }
  });
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new UsageError(`--port must be a port number from 1 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

function printStarted(io: CommandIo, moto: MotoServer): void {
  const toolsMissing = [TOFU, CLI_CONFIG].filter((p) => !existsSync(p)).map((p) => path.relative(PROJECT_ROOT, p));
  io.stdout.write(
    [
      `emulator: moto on ${moto.endpoint}, executions run, Lambda echoes its payload`,
      `          (moto_server pid ${moto.motoPid} on 127.0.0.1:${moto.motoPort}, behind the proxy: use ${moto.endpoint})`,
      ``,
      `In another shell:`,
      ``,
      `  cd ${PROJECT_ROOT}`,
      `  source terraform/env.sh`,
      `  export CDKTF_EMULATOR_ENDPOINT=${moto.endpoint}`,
      `  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1`,
      ``,
      `then npx cdktf deploy --auto-approve --skip-provider-lock, npm run seed -- --endpoint ..., npm run execute -- --endpoint ...`,
      `(docs/terraform-tier.md, "Try the deploy loop on the emulator"). Ctrl-C stops the emulator; what was deployed goes with it.`,
      ``,
    ].join("\n"),
  );
  if (toolsMissing.length > 0) {
    io.stderr.write(`emulator: warning: ${toolsMissing.join(", ")} missing: cdktf deploy needs npm run setup:terraform\n`);
  }
}

/** Settles with the signal's reason when it is aborted (never, without a signal). */
function aborted(signal: AbortSignal | undefined): Promise<unknown> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));
}

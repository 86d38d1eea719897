/**
 * npm run execute -- [--arn ARN] [--input JSON] [--region R] [--profile P]
 *                    [--endpoint URL] [--no-wait] [--json] [--logs [--log-group G]] [--help]
 *
 * Ctrl-C while following stops following (exit 130) and leaves the execution
 * running: stopping it is a decision for StopExecution or the console.
 */
import { run } from "./main";

/** Stop waiting for stray handles this long after the work is done. */
const EXIT_GRACE_MS = 3000;

async function main(argv: string[]): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  const code = await run(argv, { stdout: process.stdout, stderr: process.stderr, signal: controller.signal });
  process.off("SIGINT", onSigint);
  process.exitCode = code;
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}

void main(process.argv.slice(2));

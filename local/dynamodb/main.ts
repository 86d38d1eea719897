/**
 * `npm run dynamodb -- [--port N] [--table NAME]`: a DynamoDB-compatible
 * server (dynalite, in memory) on loopback with the stack's table, so the seed
 * (`--endpoint`, `--show`) can be tried without AWS. Prints the endpoint and
 * commands to try, then runs until Ctrl-C (exit 130, as an interrupted
 * command exits). local/dynamodb/cli.ts is the process entry.
 */
import { parseCommandLine, runCommand, type CommandIo } from "../../cli/run";
import { UsageError, UserError } from "../../cli/errors";
import { resourceNames } from "../../stacks/settings";
import { PARTITION_KEY, SORT_KEY } from "../../stacks/table-schema";
import { startLocalDynamo } from "./server";
import { resolveSettings } from "../settings/settings-input";

/** DynamoDB Local's port, so the commands people know work as they are. */
const DEFAULT_PORT = 8000;

const USAGE = `Usage: npm run dynamodb -- [--port N] [--table NAME]

Starts a DynamoDB-compatible server (dynalite, in memory) on 127.0.0.1 with
the stack's table, prints its endpoint and the seed commands to try against
it, and runs until Ctrl-C. Its data goes when it stops.

Options:
  --port N        port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --table NAME    table to create; default: the stack's table name for
                  TF_VAR_name_prefix (or the default prefix)
  --help          show this help
`;

const OPTIONS = { port: { type: "string" }, table: { type: "string" } } as const;

export function run(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand({ name: "dynamodb", usage: USAGE }, io, async () => {
    const { values } = parseCommandLine(argv, OPTIONS);
    const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port must be a port number (0 to 65535), got ${JSON.stringify(values.port)}`);
    const table = values.table ?? resourceNames((await resolveSettings({ env: io.env })).values.name_prefix).table;
    const server = await startLocalDynamo({ tableName: table, port }).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException)?.code === "EADDRINUSE") throw new UserError(`port ${port} is in use: pass --port N (0 picks a free one)`);
      if ((e as Error)?.name === "ValidationException") throw new UserError(`table ${table}: ${(e as Error).message}`);
      throw e;
    });
    const seed = `npm run seed -- --endpoint ${server.endpoint} --table ${table}`;
    io.stdout.write(
      [
        `DynamoDB-compatible server (dynalite, in memory) at ${server.endpoint}`,
        `table ${table}: partition key ${PARTITION_KEY}, sort key ${SORT_KEY} (the stack's)`,
        "",
        "Try, in another shell:",
        `  ${seed} --file seed/simplelist.json`,
        `  ${seed} --show`,
        `  ${seed} --file seed/listofdicts.json --source rows`,
        `  ${seed} --show --source rows`,
        "",
        "Ctrl-C stops it.",
        "",
      ].join("\n"),
    );
    const stoppedByUser = new Promise<true>((resolve) => {
      if (io.signal?.aborted) return resolve(true);
      io.signal?.addEventListener("abort", () => resolve(true), { once: true });
    });
    // A server that dies on its own has said why on stderr: then there is nothing left to serve.
    if (!(await Promise.race([stoppedByUser, server.stopped.then(() => false)]))) return 1;
    await server.close();
    io.stderr.write("dynamodb: stopped\n");
    return 130;
  });
}

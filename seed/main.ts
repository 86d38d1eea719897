/**
 * `npm run seed`, as one function of its arguments and streams (seed/cli.ts
 * is the process entry).
 *
 * Writes the list in FILE to the table: as the one item the state machine
 * reads (--source list, the default), or as one row per element (--source
 * rows), streamed from the file and written in batches.
 * Every input is checked before anything is written; a problem prints one line
 * on stderr and exits 1.
 */
import { resourceNames, settings } from "../stacks/settings";
import { stackOutput } from "../aws/stack-outputs";
import { CONNECTION_OPTIONS, dynamoClient, type ConnectionOptions } from "../aws/clients";
import { explainAwsError } from "../aws/errors";
import { parseCommandLine, runCommand, type CommandIo } from "../cli/run";
import { UsageError } from "../cli/errors";
import { progressBar, progressLine } from "../cli/progress";
import { readListFile } from "./list-file";
import { writeList } from "./write-list";
import { seedRows } from "./write-rows";
import { DEFAULT_RETENTION_SECONDS } from "./list-versions";
import { showList } from "./show-list";

const USAGE = `Usage: npm run seed -- --file FILE [options]
       npm run seed -- --show [--source LAYOUT] [options]

Writes the JSON array in FILE to the DynamoDB table, laid out as --source says:
  list  one item: mapstatelist = "mapitems", position = "list",
        attribute "values" = the array (the array must fit in one item),
        replaced only if no other seed replaced it first
  rows  a new version: one item per element in partition
        "mapitems#v<time>-<random>", position = the element's index
        zero-padded to 10 digits, attribute "value" = the element; any
        length, streamed from FILE, written 25 per request; then one
        conditional write on the pointer (mapitems, rows) makes it current.
        Runs already going keep reading the version they started on; the
        old version expires after --retention
A seed that loses a race to another fails with "the list changed while
seeding: run it again" and leaves the current list as it was.

Options:
  --file FILE       JSON array to load, - for standard input (required unless
                    --show), e.g. seed/simplelist.json
  --show            print the current list as JSON (what a run would process) and write nothing
  --source LAYOUT   list (default) or rows, as the stack's item_source variable
  --retention SECONDS  rows: how long a replaced version stays readable for the
                    runs that started on it (default ${DEFAULT_RETENTION_SECONDS}, one day; keep it at
                    least timeout_seconds, and longer than your longest chain)
  --table NAME      table to write; default: the deployed stack's table_name
                    output, else ${resourceNames(settings.name_prefix.default).table}
  --region REGION   AWS region; default: AWS_REGION or your profile's region
  --profile NAME    AWS profile from ~/.aws; default: AWS_PROFILE or the default chain
  --endpoint URL    a local DynamoDB (dynalite, moto) instead of AWS
  --help            show this help
`;

const OPTIONS = {
  file: { type: "string" },
  show: { type: "boolean" },
  source: { type: "string" },
  retention: { type: "string" },
  table: { type: "string" },
  ...CONNECTION_OPTIONS,
} as const;

function defaultTable(): string {
  return stackOutput("table_name") ?? resourceNames(settings.name_prefix.default).table;
}

export function run(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand({ name: "seed", usage: USAGE }, io, async () => {
    const { values } = parseCommandLine(argv, OPTIONS);
    if (values.show && values.file) throw new UsageError("--show prints the current list; it takes no --file");
    if (!values.file && !values.show) throw new UsageError("--file is required");
    const source = values.source ?? "list";
    if (source !== "list" && source !== "rows") throw new UsageError(`--source must be list or rows, got ${JSON.stringify(source)}`);
    const retentionSeconds = values.retention === undefined ? undefined : Number(values.retention);
    if (retentionSeconds !== undefined && !(Number.isSafeInteger(retentionSeconds) && retentionSeconds >= 1)) {
      throw new UsageError(`--retention must be a whole number of seconds, 1 or more, got ${JSON.stringify(values.retention)}`);
    }
    const connection: ConnectionOptions = { region: values.region, profile: values.profile, endpoint: values.endpoint, env: io.env };
    if (values.show) return show(connection, values.table ?? defaultTable(), source, io, values.endpoint, values.profile);
    const file = values.file!;
    // The list layout reads the whole file first: bad input is refused before a client is made.
    const list = source === "list" ? readListFile(file) : undefined;
    const table = values.table ?? defaultTable();
    const client = dynamoClient(connection);
    try {
      const count = list ? (await writeList(client, table, list), list.length) : await seedRowsWithProgress(client, table, file, io, retentionSeconds);
      const noun = list ? "item" : "row";
      io.stdout.write(`seeded ${count} ${noun}${count === 1 ? "" : "s"} from ${file} into table ${table}\n`);
      return 0;
    } catch (e) {
      throw explainAwsError(e, { service: "DynamoDB", table, endpoint: values.endpoint, profile: values.profile });
    } finally {
      client.destroy();
    }
  });
}

/** Rows at which a long load shows a progress bar (on a terminal only). */
const PROGRESS_MIN_ROWS = 1000;

async function show(
  connection: ConnectionOptions,
  table: string,
  source: "list" | "rows",
  io: CommandIo,
  endpoint?: string,
  profile?: string,
): Promise<number> {
  const client = dynamoClient(connection);
  try {
    await showList(client, table, source, (text) => io.stdout.write(text));
    return 0;
  } catch (e) {
    throw explainAwsError(e, { service: "DynamoDB", table, endpoint, profile });
  } finally {
    client.destroy();
  }
}

async function seedRowsWithProgress(
  client: Parameters<typeof seedRows>[0],
  table: string,
  file: string,
  io: CommandIo,
  retentionSeconds?: number,
): Promise<number> {
  let bar: ReturnType<typeof progressLine<{ written: number; total: number }>> | undefined;
  try {
    const { written } = await seedRows(client, table, file, {
      retentionSeconds,
      onChecked: (total) => {
        if (total <= PROGRESS_MIN_ROWS) return;
        bar = progressLine(io.stderr, (p: { written: number; total: number }) => progressBar(p.written, p.total), {
          redrawMs: 100,
          final: (p) => p.written === p.total,
        });
        bar.update({ written: 0, total });
      },
      onProgress: (written, total) => bar?.update({ written, total }),
    });
    return written;
  } finally {
    // What follows (the result, or the error's line) starts on a clean line.
    bar?.clear();
  }
}

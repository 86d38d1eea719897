/**
 * npm run seed -- --file seed/simplelist.json [--source list|rows] [--table T] [--region R] [--profile P] [--endpoint URL]
 *
 * Writes the list in FILE to the table: as the one item the state machine
 * reads (--source list, the default), or as one row per element (--source
 * rows), streamed from the file and written in batches.
 * Every input is checked before anything is written; a problem prints one line
 * on stderr and exits 1.
 */
import { parseArgs } from "node:util";
import { resourceNames, settings } from "../stacks/settings";
import { readListFile } from "./list-file";
import { SeedInputError } from "../stacks/work-list";
import { stackOutput } from "../aws/stack-outputs";
import { dynamoClient, SeedTargetError, writeList } from "./write-list";
import { progressBar, seedRows } from "./write-rows";

const USAGE = `Usage: npm run seed -- --file FILE [options]

Writes the JSON array in FILE to the DynamoDB table, laid out as --source says:
  list  one item: mapstatelist = "mapitems", position = "list",
        attribute "values" = the array (the array must fit in one item)
  rows  one item per element: mapstatelist = "mapitems", position = the
        element's index zero-padded to 10 digits, attribute "value" = the
        element; any length, streamed from FILE, written 25 per request;
        rows left from a longer earlier list are deleted

Options:
  --file FILE       JSON array to load (required), e.g. seed/simplelist.json
  --source LAYOUT   list (default) or rows, as the stack's item_source variable
  --table NAME      table to write; default: the deployed stack's table_name
                    output, else ${resourceNames(settings.name_prefix.default).table}
  --region REGION   AWS region; default: AWS_REGION or your profile's region
  --profile NAME    AWS profile from ~/.aws; default: AWS_PROFILE or the default chain
  --endpoint URL    a local DynamoDB (dynalite, moto) instead of AWS
  --help            show this help
`;

export function defaultTable(): string {
  return stackOutput("table_name") ?? resourceNames(settings.name_prefix.default).table;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        file: { type: "string" },
        source: { type: "string" },
        table: { type: "string" },
        region: { type: "string" },
        profile: { type: "string" },
        endpoint: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    process.stderr.write(`seed: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!args.file) {
    process.stderr.write(`seed: --file is required\n\n${USAGE}`);
    return 2;
  }
  const source = args.source ?? "list";
  if (source !== "list" && source !== "rows") {
    process.stderr.write(`seed: --source must be list or rows, got ${JSON.stringify(source)}\n\n${USAGE}`);
    return 2;
  }
  try {
    if (source === "rows") return await seedRowsCommand(args.file, args);
    const list = readListFile(args.file);
    const table = args.table ?? defaultTable();
    const client = dynamoClient({ region: args.region, profile: args.profile, endpoint: args.endpoint });
    try {
      await writeList(client, table, list);
    } finally {
      client.destroy();
    }
    process.stdout.write(`seeded ${list.length} item${list.length === 1 ? "" : "s"} from ${args.file} into table ${table}\n`);
    return 0;
  } catch (e) {
    if (e instanceof SeedInputError || e instanceof SeedTargetError) {
      process.stderr.write(`seed: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Rows at which a long load shows a progress bar (on a terminal only). */
const PROGRESS_MIN_ROWS = 1000;
const REDRAW_MS = 100;

async function seedRowsCommand(file: string, args: { table?: string; region?: string; profile?: string; endpoint?: string }): Promise<number> {
  const table = args.table ?? defaultTable();
  const client = dynamoClient({ region: args.region, profile: args.profile, endpoint: args.endpoint });
  const stderr = process.stderr;
  let drawnAt = 0;
  let shown = false;
  const draw = (written: number, total: number) => {
    stderr.write(`\r\x1b[2K${progressBar(written, total)}`);
    drawnAt = Date.now();
    shown = true;
  };
  try {
    const { written } = await seedRows(client, table, file, {
      onChecked: (total) => {
        if (stderr.isTTY && total > PROGRESS_MIN_ROWS) draw(0, total);
      },
      onProgress: (written, total) => {
        if (shown && (written === total || Date.now() - drawnAt >= REDRAW_MS)) draw(written, total);
      },
    });
    if (shown) stderr.write("\r\x1b[2K");
    process.stdout.write(`seeded ${written} row${written === 1 ? "" : "s"} from ${file} into table ${table}\n`);
    return 0;
  } catch (e) {
    // The error's line starts on a clean line.
    if (shown) stderr.write("\r\x1b[2K");
    throw e;
  } finally {
    client.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`seed: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);

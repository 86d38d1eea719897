/**
 * npm run seed -- --file seed/simplelist.json [--table T] [--region R] [--profile P] [--endpoint URL]
 *
 * Writes the list in FILE to the table as the one item the state machine reads.
 * Every input is checked before anything is written; a problem prints one line
 * on stderr and exits 1.
 */
import { parseArgs } from "node:util";
import { resourceNames, settings } from "../stacks/settings";
import { readListFile, SeedInputError } from "./list-file";
import { stackOutput } from "./stack-outputs";
import { dynamoClient, SeedTargetError, writeList } from "./write-list";

const USAGE = `Usage: npm run seed -- --file FILE [options]

Writes the JSON array in FILE to the DynamoDB table as the item
mapstatelist = "mapitems", attribute "values" = the array.

Options:
  --file FILE       JSON array to load (required), e.g. seed/simplelist.json
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
  try {
    const list = readListFile(args.file);
    const table = args.table ?? defaultTable();
    const client = dynamoClient({ region: args.region, profile: args.profile, endpoint: args.endpoint });
    await writeList(client, table, list);
    client.destroy();
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`seed: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);

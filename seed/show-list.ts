/**
 * `npm run seed -- --show`: the current list as JSON, exactly what a run
 * started now would process, in order. Rows are read from the version the
 * pointer names when the command starts (a snapshot, like an execution's),
 * streamed page by page; numbers keep DynamoDB's digits (read-back.ts).
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ROW_ATTRIBUTE } from "../stacks/table-schema";
import { SeedInputError } from "../stacks/work-list";
import { currentVersion, queryPartition } from "./list-versions";
import { plainItem } from "./read-back";
import { checkTable, readList } from "./write-list";

/** Writes the list as a JSON array, one element per line; returns how many elements. */
export async function showList(client: DynamoDBClient, table: string, source: "list" | "rows", write: (text: string) => void): Promise<number> {
  await checkTable(client, table);
  if (source === "list") {
    const list = await readList(client, table);
    if (!list) throw notSeeded(table, source);
    writeArray(list, write);
    return list.length;
  }
  const version = await currentVersion(client, table);
  if (!version) throw notSeeded(table, source);
  let count = 0;
  for await (const item of queryPartition(client, table, version, false)) {
    write(`${count === 0 ? "[\n" : ",\n"}  ${JSON.stringify(plainItem(item)[ROW_ATTRIBUTE])}`);
    count++;
  }
  write(count === 0 ? "[]\n" : "\n]\n");
  return count;
}

function writeArray(list: readonly unknown[], write: (text: string) => void): void {
  write(list.length === 0 ? "[]\n" : `[\n${list.map((e) => `  ${JSON.stringify(e)}`).join(",\n")}\n]\n`);
}

function notSeeded(table: string, source: string): SeedInputError {
  return new SeedInputError(`table ${table} holds no list in the ${source} layout: seed one first (npm run seed -- --file FILE --source ${source})`);
}

/**
 * `--history`: the execution's history printed as
 * `aws stepfunctions get-execution-history --execution-arn ARN --output json`
 * prints it with AWS CLI v2's defaults, so a script written against one reads
 * the other:
 *
 *  - one document {"events": [...]}, every page joined (the CLI paginates by
 *    itself), events in id order, each with timestamp, type, id,
 *    previousEventId and its ...EventDetails;
 *  - indented by 4 spaces, non-ASCII left as it is, one newline at the end
 *    (awscli/formatter.py, JSONFormatter: json.dump(response, stream,
 *    indent=4, ensure_ascii=False), then "\n");
 *  - timestamps in ISO 8601 in the machine's local time zone, as Python's
 *    datetime.isoformat() writes them: microseconds only when not zero, the
 *    offset as +HH:MM. "By default, AWS CLI version 2 converts all response
 *    DateTime values to ISO 8601 format" (AWS CLI v2 User Guide, "Common
 *    parameter types", Timestamp; cli_timestamp_format = iso8601); the CLI's
 *    own test of that default expects
 *    datetime.fromtimestamp(0).replace(tzinfo=tzlocal()).isoformat()
 *    (aws/aws-cli v2, tests/functional/test_timeformat.py, test_default).
 */
import type { HistoryEvent } from "../../report/history-types";

export function historyJson(events: readonly HistoryEvent[]): string {
  const printed = events.map((e) => ({ ...e, timestamp: e.timestamp === undefined ? undefined : awsCliTimestamp(new Date(e.timestamp)) }));
  return `${JSON.stringify({ events: printed }, null, 4)}\n`;
}

/**
 * "2026-12-02T18:47:16.123000+00:00": Python's isoformat() of the instant in
 * local time. `offsetMinutes` east of UTC; default the local zone's at that
 * instant (Node reads TZ as Python's tzlocal does).
 */
export function awsCliTimestamp(at: Date, offsetMinutes: number = -at.getTimezoneOffset()): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const date = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  const ms = local.getUTCMilliseconds();
  const fraction = ms === 0 ? "" : `.${pad(ms * 1000, 6)}`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${date}T${time}${fraction}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

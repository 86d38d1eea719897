/**
 * One self-contained HTML file showing a run (`--html FILE`): the state
 * machine graph colored by outcome (graph-svg.ts), a canvas timeline of every
 * item with zoom, pan, a concurrency strip and the chain's executions marked,
 * the item table with filter, search and details (client.js), the settings,
 * the summary, each execution's event count against the quota, and the event
 * list. No network when opened: styles, script and data are inline.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { transformSync } from "esbuild";
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import type { NamedHistory, Report } from "../report";
import { EVENTS_LISTED } from "../chain-report";
import { seconds } from "../format";
import { graphSvg } from "./graph-svg";

export interface HtmlInput {
  /** The graph's counts are its `states`, the executions' marks and event counts its `executions`. */
  readonly report: Report;
  readonly definition: unknown;
  /**
   * Executions whose events the page lists (the first EVENTS_LISTED of each):
   * all of them, or those an offline run kept; none from a saved report.
   */
  readonly eventLists?: readonly NamedHistory[];
  readonly logs?: readonly { readonly atMs: number; readonly index: number | null; readonly line: string }[];
}

const STYLE = `
body{font:14px system-ui,sans-serif;margin:20px;color:#1d2430}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.SUCCEEDED{color:#1f7a3a}.FAILED,.TIMED_OUT,.ABORTED{color:#b42318}
#graph .state rect{stroke:#5b6472;fill:#eef1f5}#graph .succeeded rect{fill:#d9f2e1;stroke:#2e8b57}
#graph .caught rect{fill:#fff1d6;stroke:#d18b00}#graph .failed rect{fill:#fbdada;stroke:#c62828}
#graph .stopped rect{fill:#fde4cf;stroke:#b45309}#graph .not-run rect{fill:#f4f5f7;stroke:#b8bec8;stroke-dasharray:4 3}
#graph text{font-size:12px}#graph .name{font-weight:600}#graph .counts{fill:#4a5362}#graph .end{text-anchor:end}
#graph .edge{fill:none;stroke:#7b8494;stroke-width:1.4}#graph .catch{stroke-dasharray:5 4;stroke:#c62828}
canvas{border:1px solid #d0d5dd;display:block;cursor:grab}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e4e7ec;padding:3px 6px;text-align:left;max-width:420px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
tr:hover{background:#f2f6fc;cursor:pointer}#details{background:#f6f8fa;padding:10px;white-space:pre-wrap}
.legend span{display:inline-block;width:12px;height:10px;margin:0 4px 0 12px}
`;

const escape = (t: string) => t.replace(/[&<>"]/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot" }[c]};`);

/** JSON that cannot end the <script> element it sits in. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function clientScript(): string {
  const source = readFileSync(path.join(__dirname, "client.js"), "utf8");
  return transformSync(source, { minify: true, loader: "js" }).code;
}

function summary(input: HtmlInput): string {
  const r = input.report;
  const failed = r.items.filter((i) => i.status === "FAILED").length;
  const line = `${r.status} ${r.items.length.toLocaleString("en-US")} items, ${failed.toLocaleString("en-US")} failed, after ${seconds(r.durationMs ?? 0)}`;
  const why = r.error || r.cause ? `<p id="why">${escape([r.error, r.cause].filter(Boolean).join(": "))}</p>` : "";
  return `<h1 id="summary" class="${r.status}">${escape(line)}</h1>${why}`;
}

function settingsTable(report: Report): string {
  const rows = Object.entries(report.settings).map(([k, v]) => `<tr><td>${escape(k)}</td><td>${escape(JSON.stringify(v))}</td></tr>`);
  return `<h2>Settings</h2><table id="settings">${rows.join("")}</table>`;
}

function executionsSection(report: Report, eventLists: readonly NamedHistory[]): string {
  const rows = (report.executions ?? []).map(
    (x, k) =>
      `<tr><td>${k + 1}</td><td>${escape(x.name)}</td><td class="${x.status}">${x.status}</td><td>${x.events.toLocaleString("en-US")} of ${HISTORY_EVENT_QUOTA.toLocaleString("en-US")} events</td></tr>`,
  );
  const lists = eventLists.map((x) => {
    const shown = x.history.slice(0, EVENTS_LISTED).map((e) => `${e.id} ${e.type ?? ""} (from ${e.previousEventId ?? 0})`);
    const total = report.executions?.find((s) => s.name === x.name)?.events ?? x.history.length;
    const rest = total > shown.length ? [`… and ${(total - shown.length).toLocaleString("en-US")} more`] : [];
    return `<details><summary>events of ${escape(x.name)}</summary><pre>${escape([...shown, ...rest].join("\n"))}</pre></details>`;
  });
  const listedAll = eventLists.length === (report.executions?.length ?? 0);
  const note = listedAll
    ? ""
    : `<p id="events-note">${eventLists.length === 0 ? "No event list here: the report holds counts, not events." : `Events listed for ${eventLists.length} of ${report.executions?.length} executions (the first ones and the last).`}</p>`;
  return `<h2>Executions</h2><table id="executions">${rows.join("")}</table>${note}${lists.join("")}`;
}

const BODY = `
<h2>Timeline</h2>
<div class="legend"><span style="background:#c9d6e8"></span>Wait<span style="background:#2f6fd6"></span>Lambda<span style="background:#f0b54a"></span>retry pause<span style="background:#d64545"></span>failed<span style="background:#7b3fb3"></span>an execution starts
 <button id="reset">reset zoom</button> wheel: zoom time · shift+wheel: row height · drag: pan</div>
<div id="axis"></div><canvas id="timeline" width="1100" height="360"></canvas>
<canvas id="concurrency" width="1100" height="50"></canvas><div id="peak"></div>
<h2>Items</h2>
<label>status <select id="status-filter"><option value="">all</option><option>SUCCEEDED</option><option>FAILED</option><option>ABORTED</option><option>RUNNING</option><option>NOT_STARTED</option></select></label>
<label>search <input id="search" placeholder="input, output, error, cause"></label> <span id="count"></span>
<table><thead><tr><th>item</th><th>status</th><th>attempts</th><th>input</th><th>output / error</th></tr></thead><tbody id="rows"></tbody></table>
<button id="more">more</button><pre id="details">click an item to see its attempts and log lines</pre>`;

/** The page, as one string. */
export function renderHtml(input: HtmlInput): string {
  const counts = new Map(Object.entries(input.report.states));
  const marks = (input.report.executions ?? []).map((x) => ({ name: x.name, startMs: x.startedMs, events: x.events }));
  const data = { report: input.report, logs: input.logs ?? [], executions: marks };
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Step Functions run</title>',
    `<style>${STYLE}</style></head><body>`,
    summary(input),
    `<h2>State machine</h2>${graphSvg(input.definition, counts)}`,
    BODY,
    settingsTable(input.report),
    executionsSection(input.report, input.eventLists ?? []),
    `<script type="application/json" id="data">${scriptJson(data)}</script>`,
    `<script>${clientScript()}</script></body></html>`,
  ].join("\n");
}

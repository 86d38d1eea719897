/** The HTML report's graph and counts, without a browser: no box hides another, and no unfinished state is green. */
import { runOffline } from "../../local/run/run-offline";
import { projectDefinition } from "../../local/run/project-definition";
import { settingsWith } from "../../local/settings/settings-input";
import { graphSvg } from "../../report/html/graph-svg";
import { outcomeOf, stateCounts } from "../../report/state-counts";
import { checkHtmlTarget } from "../../report/html/write-html";

const resources = { tableName: "t", functionArn: "arn:aws:lambda:r:1:function:f" };

/** Each state's rectangle, by name, from the SVG. */
function rects(svg: string): Map<string, { x: number; y: number; w: number; h: number }> {
  const out = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const m of svg.matchAll(/data-state="([^"]+)"[^>]*>.*?\n<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
    out.set(m[1]!, { x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) });
  }
  return out;
}

test.each([
  ["the defaults", {}],
  ["isolate_failures", { isolate_failures: true }],
  ["rows, DISTRIBUTED", { item_source: "rows", map_mode: "DISTRIBUTED" }],
])("%s: every state drawn, no two boxes of one machine overlapping", (_name, vars) => {
  const definition = projectDefinition(settingsWith(vars), resources);
  const boxes = rects(graphSvg(definition, new Map()));
  const all = [...boxes.entries()];
  expect(all.length).toBeGreaterThanOrEqual(6);
  const contains = (a: (typeof all)[number][1], b: (typeof all)[number][1]) => a.x <= b.x && a.y <= b.y && a.x + a.w >= b.x + b.w && a.y + a.h >= b.y + b.h;
  for (const [i, [na, a]] of all.entries()) {
    for (const [nb, b] of all.slice(i + 1)) {
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      // A container holds its iteration's states; anything else overlapping is a state hidden.
      if (overlap && !contains(a, b) && !contains(b, a)) throw new Error(`${na} and ${nb} overlap`);
    }
  }
});

test("a run that times out: the states it was in are 'stopped', never green; the execution's end is no state's failure", async () => {
  const run = await runOffline({ settings: { wait_seconds: 3, timeout_seconds: 2 }, warn: () => {} });
  expect(run.report.status).toBe("TIMED_OUT");
  const counts = stateCounts(run.executions.map((x) => x.history));
  expect(outcomeOf(counts.get("MapState"), "Map")).toBe("stopped");
  expect(outcomeOf(counts.get("WaitInMap"), "Wait")).toBe("stopped");
  expect(outcomeOf(counts.get("ReadDDBTable"), "Task")).toBe("succeeded");
  expect(counts.get("MapState")!.failed).toBe(0);
}, 30_000);

test("--html to a folder that does not exist is refused before anything runs", () => {
  expect(() => checkHtmlTarget("/no-such-folder/run.html")).toThrow("--html /no-such-folder/run.html: no such directory");
  expect(() => checkHtmlTarget(__dirname)).toThrow(`--html ${__dirname}: is a directory`);
  expect(() => checkHtmlTarget(`${__dirname}/new.html`)).not.toThrow();
});

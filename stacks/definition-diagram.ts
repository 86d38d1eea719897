/**
 * A States Language definition drawn as a mermaid flowchart, which GitHub
 * renders in Markdown: the README's diagram (kept current by a test) and the
 * plan review's, so a reviewer sees the graph a change deploys.
 *
 * Drawn as the console's graph view draws it: each state a node, Map and
 * Parallel states as boxes holding their iteration's (or branches') states,
 * Choice rules and Catches as labelled edges.
 */
import { itemProcessorOf } from "./definition/asl";

type Json = Record<string, unknown>;

/** The flowchart's lines, written as the states are visited; ids are unique across nested machines. */
class Flowchart {
  readonly lines: string[] = ["flowchart TD"];
  private count = 0;

  id(): string {
    return `s${++this.count}`;
  }

  add(line: string, depth: number): void {
    this.lines.push(`${"  ".repeat(depth + 1)}${line}`);
  }
}

/** A label mermaid reads as text: quotes and brackets escaped, lines joined with <br/>. */
function label(...lines: string[]): string {
  return `"${lines.map((l) => l.replace(/"/g, "#quot;").replace(/[[\]{}<>]/g, (c) => `#${c.charCodeAt(0)};`)).join("<br/>")}"`;
}

/** What a node says below its name: the type, and for a Task the integration it calls. */
function detail(state: Json): string {
  const resource = typeof state.Resource === "string" ? state.Resource : "";
  if (state.Type === "Task") return resource.replace(/^arn:aws:states:::/, "") || "Task";
  if (state.Type === "Wait") return typeof state.Seconds === "number" ? `Wait ${state.Seconds} s` : "Wait";
  return String(state.Type);
}

/** A Choice rule's edge label: its variable and comparison when it has one, else "rule N". */
function ruleLabel(rule: Json, k: number): string {
  const test = Object.keys(rule).find((key) => key !== "Variable" && key !== "Next");
  if (typeof rule.Variable !== "string" || !test) return `rule ${k + 1}`;
  return `${rule.Variable} ${test} ${JSON.stringify(rule[test])}`;
}

function node(chart: Flowchart, id: string, name: string, state: Json, depth: number): void {
  const text = label(name, detail(state));
  if (state.Type === "Choice") chart.add(`${id}{${text}}`, depth);
  else if (state.Type === "Fail" || state.Type === "Succeed") chart.add(`${id}([${text}])`, depth);
  else chart.add(`${id}[${text}]`, depth);
}

/** A Map's or Parallel's box: its title and the machine(s) inside. */
function container(chart: Flowchart, id: string, name: string, state: Json, depth: number): void {
  const processor = itemProcessorOf(state) as Json | undefined;
  if (processor) {
    const mode = (processor.ProcessorConfig as { Mode?: string } | undefined)?.Mode ?? "INLINE";
    chart.add(`subgraph ${id} [${label(`${name}: Map (${mode})`)}]`, depth);
    machine(chart, processor, depth + 1, false);
  } else {
    chart.add(`subgraph ${id} [${label(`${name}: Parallel`)}]`, depth);
    (state.Branches as Json[]).forEach((branch, k) => {
      chart.add(`subgraph ${chart.id()} [${label(`branch ${k + 1}`)}]`, depth + 1);
      machine(chart, branch, depth + 2, false);
      chart.add("end", depth + 1);
    });
  }
  chart.add("end", depth);
}

/** The edges out of one state: Next or End, Choice rules and Default, Catches. */
function edges(chart: Flowchart, from: string, state: Json, ids: ReadonlyMap<string, string>, endId: string | undefined, depth: number): void {
  const to = (name: unknown) => ids.get(String(name)) ?? String(name);
  if (typeof state.Next === "string") chart.add(`${from} --> ${to(state.Next)}`, depth);
  if (state.End === true && endId) chart.add(`${from} --> ${endId}`, depth);
  (Array.isArray(state.Choices) ? (state.Choices as Json[]) : []).forEach((rule, k) =>
    chart.add(`${from} -- ${label(ruleLabel(rule, k))} --> ${to(rule.Next)}`, depth),
  );
  if (typeof state.Default === "string") chart.add(`${from} -- default --> ${to(state.Default)}`, depth);
  for (const c of Array.isArray(state.Catch) ? (state.Catch as Json[]) : []) {
    chart.add(`${from} -. ${label(`catch ${(c.ErrorEquals as string[]).join(", ")}`)} .-> ${to(c.Next)}`, depth);
  }
}

/** One state machine's states and edges; the top one gets start and end markers. */
function machine(chart: Flowchart, definition: Json, depth: number, top: boolean): void {
  const states = Object.entries(definition.States as Record<string, Json>);
  const ids = new Map(states.map(([name]) => [name, chart.id()]));
  const endId = top ? chart.id() : undefined;
  if (top) chart.add(`start((start)) --> ${ids.get(String(definition.StartAt))}`, depth);
  for (const [name, state] of states) {
    if (state.Type === "Map" || state.Type === "Parallel") container(chart, ids.get(name)!, name, state, depth);
    else node(chart, ids.get(name)!, name, state, depth);
  }
  for (const [name, state] of states) edges(chart, ids.get(name)!, state, ids, endId, depth);
  if (endId) chart.add(`${endId}((end))`, depth);
}

/** The definition as a mermaid flowchart (the text inside a ```mermaid block). */
export function mermaidFlowchart(definition: unknown): string {
  const chart = new Flowchart();
  machine(chart, definition as Json, 0, true);
  return `${chart.lines.join("\n")}\n`;
}

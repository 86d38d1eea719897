/**
 * The state machine graph of the HTML report, laid out from the definition
 * and drawn as SVG, as the console's graph view draws it: each state a box
 * colored by its outcome with its counts; a Map or Parallel a container
 * holding its iteration's (or branches') states; Catches dashed.
 *
 * Layout: each machine's states in layers (a state one layer below the
 * deepest state that leads to it, loops ignored), side by side within a
 * layer; a container is sized by the machine inside it.
 */
import { itemProcessorOf } from "../../stacks/definition/asl";
import { outcomeOf, type StateCounts } from "../state-counts";

type Json = Record<string, unknown>;

const LEAF = { w: 190, h: 58 };
const GAP = { x: 28, y: 46 };
const PAD = { x: 18, top: 34, bottom: 18 };

interface Box {
  readonly name: string;
  readonly state: Json;
  readonly w: number;
  readonly h: number;
  /** The machines inside a container, laid out. */
  readonly inner: Laid[];
  x: number;
  y: number;
}

interface Laid {
  readonly boxes: Map<string, Box>;
  readonly w: number;
  readonly h: number;
  readonly startAt: string;
}

/** Where each state goes: its successors by Next, Choices, Default and Catch. */
function successors(state: Json): { to: string; dashed: boolean }[] {
  const out: { to: string; dashed: boolean }[] = [];
  if (typeof state.Next === "string") out.push({ to: state.Next, dashed: false });
  for (const rule of Array.isArray(state.Choices) ? (state.Choices as Json[]) : []) out.push({ to: String(rule.Next), dashed: false });
  if (typeof state.Default === "string") out.push({ to: state.Default, dashed: false });
  for (const c of Array.isArray(state.Catch) ? (state.Catch as Json[]) : []) out.push({ to: String(c.Next), dashed: true });
  return out;
}

/** Each state's layer: the longest path from StartAt to it, walking without revisiting (loops ignored). */
function layers(states: Record<string, Json>, startAt: string): Map<string, number> {
  const layer = new Map<string, number>();
  const visit = (name: string, depth: number, path: Set<string>) => {
    if (!states[name] || path.has(name) || (layer.get(name) ?? -1) >= depth) return;
    layer.set(name, depth);
    for (const s of successors(states[name])) visit(s.to, depth + 1, new Set([...path, name]));
  };
  visit(startAt, 0, new Set());
  // States nothing reaches still get drawn, below the rest.
  const last = Math.max(0, ...layer.values());
  for (const name of Object.keys(states)) if (!layer.has(name)) layer.set(name, last + 1);
  return layer;
}

function box(name: string, state: Json): Box {
  const processor = itemProcessorOf(state) as Json | undefined;
  const machines = processor ? [processor] : state.Type === "Parallel" ? (state.Branches as Json[]) : [];
  const inner = machines.map(layout);
  if (inner.length === 0) return { name, state, ...LEAF, inner, x: 0, y: 0 };
  const w = inner.reduce((sum, m) => sum + m.w, 0) + GAP.x * (inner.length - 1) + 2 * PAD.x;
  const h = Math.max(...inner.map((m) => m.h)) + PAD.top + PAD.bottom;
  return { name, state, w: Math.max(w, LEAF.w), h, inner, x: 0, y: 0 };
}

function layout(machine: Json): Laid {
  const states = machine.States as Record<string, Json>;
  const startAt = String(machine.StartAt);
  const layerOf = layers(states, startAt);
  const rows: Box[][] = [];
  for (const [name, state] of Object.entries(states)) (rows[layerOf.get(name)!] ??= []).push(box(name, state));
  const filled = rows.filter((r) => r !== undefined);
  const w = Math.max(...filled.map((r) => r.reduce((s, b) => s + b.w, 0) + GAP.x * (r.length - 1)));
  let y = 0;
  for (const row of filled) {
    let x = (w - (row.reduce((s, b) => s + b.w, 0) + GAP.x * (row.length - 1))) / 2;
    for (const b of row) {
      Object.assign(b, { x, y });
      x += b.w + GAP.x;
    }
    y += Math.max(...row.map((b) => b.h)) + GAP.y;
  }
  return { boxes: new Map(filled.flat().map((b) => [b.name, b])), w, h: y - GAP.y, startAt };
}

const escape = (t: string) => t.replace(/[&<>"]/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot" }[c]};`);

function countsLine(c: StateCounts | undefined): string {
  if (!c) return "not run";
  const parts = [`${c.entered} entered`, `${c.succeeded} ok`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.caught) parts.push(`${c.caught} caught`);
  if (c.retried) parts.push(`${c.retried} retried`);
  return parts.join(" · ");
}

function drawBox(b: Box, ox: number, oy: number, counts: ReadonlyMap<string, StateCounts>, out: string[]): void {
  const x = ox + b.x;
  const y = oy + b.y;
  const c = counts.get(b.name);
  const outcome = outcomeOf(c, String(b.state.Type));
  const attrs = `class="state ${outcome}" data-state="${escape(b.name)}" data-outcome="${outcome}" data-type="${escape(String(b.state.Type))}"`;
  out.push(`<g ${attrs}><title>${escape(`${b.name} (${String(b.state.Type)}): ${countsLine(c)}`)}</title>`);
  out.push(`<rect x="${x}" y="${y}" width="${b.w}" height="${b.h}" rx="6"/>`);
  const title = b.inner.length ? `${b.name}: ${String(b.state.Type)}` : b.name;
  out.push(`<text x="${x + 10}" y="${y + 20}" class="name">${escape(title)}</text>`);
  out.push(
    `<text x="${x + 10}" y="${y + (b.inner.length ? 20 : 42)}" dx="${b.inner.length ? b.w - 20 : 0}" class="counts${b.inner.length ? " end" : ""}">${escape(countsLine(c))}</text>`,
  );
  out.push("</g>");
  let ix = x + PAD.x;
  for (const m of b.inner) {
    drawMachine(m, ix, y + PAD.top, counts, out);
    ix += m.w + GAP.x;
  }
}

function drawEdges(m: Laid, ox: number, oy: number, out: string[]): void {
  for (const b of m.boxes.values()) {
    for (const s of successors(b.state)) {
      const t = m.boxes.get(s.to);
      if (!t) continue;
      const [x1, y1, x2, y2] = [ox + b.x + b.w / 2, oy + b.y + b.h, ox + t.x + t.w / 2, oy + t.y];
      const bend = Math.max(20, Math.abs(y2 - y1) / 2);
      const d =
        y2 > y1 ? `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}` : `M${x1},${y1} C${x1 + 80},${y1 + 60} ${x2 + 80},${y2 - 60} ${x2},${y2}`;
      out.push(`<path class="edge${s.dashed ? " catch" : ""}" d="${d}" marker-end="url(#arrow)"/>`);
    }
  }
}

function drawMachine(m: Laid, ox: number, oy: number, counts: ReadonlyMap<string, StateCounts>, out: string[]): void {
  drawEdges(m, ox, oy, out);
  for (const b of m.boxes.values()) drawBox(b, ox, oy, counts, out);
}

/** The whole graph as one <svg> element. */
export function graphSvg(definition: unknown, counts: ReadonlyMap<string, StateCounts>): string {
  const top = layout(definition as Json);
  const margin = 20;
  const out: string[] = [];
  const width = top.w + 2 * margin;
  const height = top.h + 2 * margin;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" id="graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`);
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>',
  );
  drawMachine(top, margin, margin, counts, out);
  out.push("</svg>");
  return out.join("\n");
}

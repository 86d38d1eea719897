/**
 * Compares two normalised histories: agree, or the first event that differs.
 * For a worklist, a difference is also looked at twice more: the first event
 * whose type differs, and the first that differs when previousEventId is left
 * out (so one wrong link does not hide what else differs).
 */
import { isDeepStrictEqual } from "node:util";
import type { NormalEvent } from "./normalise";

interface FirstDifference {
  /** 1-based position in the histories. */
  readonly at: number;
  readonly offline: NormalEvent | undefined;
  readonly aws: NormalEvent | undefined;
}

export type Comparison =
  | { readonly verdict: "agree"; readonly events: number }
  | {
      readonly verdict: "differ";
      readonly first: FirstDifference;
      readonly firstType: FirstDifference | undefined;
      readonly firstUnlinked: FirstDifference | undefined;
      readonly lengths: readonly [number, number];
    }
  | { readonly verdict: "refused"; readonly reason: string };

type Projection = (e: NormalEvent) => unknown;
const whole: Projection = (e) => e;
const typeOnly: Projection = (e) => e.type;
const unlinked: Projection = ({ previousEventId: _p, ...rest }) => rest;

function firstDifference(offline: readonly NormalEvent[], aws: readonly NormalEvent[], project: Projection): FirstDifference | undefined {
  const n = Math.max(offline.length, aws.length);
  for (let k = 0; k < n; k++) {
    const [o, a] = [offline[k], aws[k]];
    if (!o || !a || !isDeepStrictEqual(project(o), project(a))) return { at: k + 1, offline: o, aws: a };
  }
  return undefined;
}

export function compareHistories(offline: readonly NormalEvent[], aws: readonly NormalEvent[]): Comparison {
  const first = firstDifference(offline, aws, whole);
  if (!first) return { verdict: "agree", events: aws.length };
  return {
    verdict: "differ",
    first,
    firstType: firstDifference(offline, aws, typeOnly),
    firstUnlinked: firstDifference(offline, aws, unlinked),
    lengths: [offline.length, aws.length],
  };
}

/** One line per view: what differs first (the fields that differ, offline vs AWS). */
export function describeDifference(c: Extract<Comparison, { verdict: "differ" }>): string[] {
  const out = [`event ${c.first.at} of ${c.lengths[0]} offline / ${c.lengths[1]} AWS: ${fields(c.first)}`];
  if (c.firstUnlinked && c.firstUnlinked.at !== c.first.at) out.push(`apart from previousEventId, event ${c.firstUnlinked.at}: ${fields(c.firstUnlinked)}`);
  if (!c.firstUnlinked) out.push("apart from previousEventId: equal");
  else if (!c.firstType) out.push("event types: equal");
  else if (c.firstType.at !== c.firstUnlinked.at) out.push(`event types, first at ${c.firstType.at}: ${fields(c.firstType)}`);
  return out;
}

function fields(d: FirstDifference): string {
  const { offline: o, aws: a } = d;
  if (!o || !a) return o ? `offline has ${o.type} more` : `offline ended; AWS has ${a!.type}`;
  if (o.type !== a.type) return `offline ${o.type} vs AWS ${a.type}`;
  const keys = [...new Set([...Object.keys(o), ...Object.keys(a)])].filter((k) => !isDeepStrictEqual(o[k], a[k]));
  return `${a.type}: ${keys.map((k) => `${k} offline ${clip(o[k])} vs AWS ${clip(a[k])}`).join("; ")}`;
}

function clip(v: unknown): string {
  const s = JSON.stringify(v) ?? "absent";
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

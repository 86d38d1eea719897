/**
 * What a layer is: the one interface through which the offline run's
 * AWS-fidelity rules (quotas, the Distributed Map) and its test aids (fault
 * injection) reach the engine core. The core (engine.ts) knows no layer; the
 * composer (local/run/run-definition.ts) stacks them.
 */
import type { Integrations } from "./integrations";
import type { RunEvent, TaskCall } from "./events";

/** A handler the engine calls for a Task state by name, run by a layer itself (not journaled as a task call). */
export type StateHandler = (input: unknown) => Promise<unknown>;

/** What a layer may see of, and do to, the run it is part of. */
export interface RunControl {
  /** The integration calls journaled since the last take, in call order: each is handed out once (the quota meter pairs them). */
  takeCalls(): readonly TaskCall[];
  /** Whether the run has ended (settled, aborted, or ended by a layer). */
  readonly ended: boolean;
  /** Ends the run here: the engine is aborted and no task starts after this. */
  end(): void;
}

/**
 * One layer of the offline run. Layers form an onion around the engine:
 * the definition goes in from the outermost layer to the engine, events come
 * out from the engine to the outermost layer. Every member is optional.
 *
 * - `engineDefinition` rewrites the definition before the run (a copy; the
 *   history and the report keep the deployed one): the quota layer lifts the
 *   engine's own Task timeout, the Distributed Map layer puts a placeholder
 *   Task where each Distributed Map is. Fixes of the engine itself go under
 *   the core, as patch-package patches of aws-local-stepfunctions (patches/):
 *   no layer changes for them, and a layer that only worked around an engine
 *   bug can then drop its rewrite.
 * - `integrations` wraps the local integrations by Resource ARN; the core
 *   journals every call around the wrapped one (the quota's payload check,
 *   fault injection). Wrapped from the engine outward, so the outermost
 *   layer's wrapper runs first: the payload check before an injected fault.
 * - `stateHandlers` adds handlers by state name that the layer runs itself
 *   (a Distributed Map's Map Run).
 * - `rewrite` turns one event, as the stream delivers it, into the events
 *   before, itself, after; [] drops it. It is a transducer over a stream, not
 *   a pass over a finished array: it sees each event once, in order, and
 *   keeps only what it needs (counters, the state of open Map Runs), so a run
 *   costs memory by what is open, not by its length (the linear-cost work:
 *   the composer can hand the stream on instead of collecting it). A layer may
 *   hold events back (return []) and release them with a later event or at
 *   `flush`: that is where exact AWS histories fit (Map retry events, events
 *   AWS orders differently than the engine logs them). A layer that must end
 *   the run (a quota reached) calls RunControl.end() and emits the event that
 *   says why (a QuotaExecutionFailed).
 * - `flush` is called once when the engine's log has closed: the events a
 *   layer still holds.
 *
 * The AWS-history mapping (local/history/) is the stack's sink rather than a
 * layer: it turns RunEvents into AWS HistoryEvents, one at a time
 * (HistoryStream), and is the place for previousEventId links and exact
 * event details.
 *
 * `rewrite` is synchronous on purpose: the stream moves no further between
 * the engine logging an event and the last layer seeing it, so a layer that
 * ends the run does so before the engine starts another task.
 */
export interface Layer {
  readonly engineDefinition?: (definition: object) => object;
  readonly integrations?: (integrations: Integrations) => Integrations;
  readonly stateHandlers?: Readonly<Record<string, StateHandler>>;
  readonly rewrite?: (event: RunEvent) => readonly RunEvent[];
  readonly flush?: () => readonly RunEvent[];
}

/** Layers listed from the engine outward: `layers[0]` sees the engine's events first and rewrites the definition last. */
export class LayerStack {
  constructor(private readonly layers: readonly Layer[]) {}

  engineDefinition(deployed: object): object {
    return this.layers.reduceRight((definition, layer) => layer.engineDefinition?.(definition) ?? definition, deployed);
  }

  integrations(base: Integrations): Integrations {
    return this.layers.reduce((integrations, layer) => layer.integrations?.(integrations) ?? integrations, base);
  }

  stateHandlers(): Record<string, StateHandler> {
    return Object.assign({}, ...this.layers.map((layer) => layer.stateHandlers ?? {})) as Record<string, StateHandler>;
  }

  /** One engine event through every layer, innermost first. */
  push(event: RunEvent): readonly RunEvent[] {
    let current: readonly RunEvent[] = [event];
    for (const layer of this.layers) current = through(layer, current);
    return current;
  }

  /** The log has closed: what each layer still holds, passed through the layers outside it. */
  flush(): RunEvent[] {
    let carried: RunEvent[] = [];
    for (const layer of this.layers) carried = [...through(layer, carried), ...(layer.flush?.() ?? [])];
    return carried;
  }
}

/** The events `layer` makes of `events`, in order. A loop, not flatMap: every event of a run passes every layer. */
function through(layer: Layer, events: readonly RunEvent[]): readonly RunEvent[] {
  const rewrite = layer.rewrite;
  if (!rewrite) return events;
  if (events.length === 1) return rewrite(events[0]!);
  const out: RunEvent[] = [];
  for (const e of events) for (const x of rewrite(e)) out.push(x);
  return out;
}

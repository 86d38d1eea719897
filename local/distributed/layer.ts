/**
 * The Distributed Map as a layer of the offline run (distributed-map.ts
 * runs a Map Run, distributed-rules.ts holds AWS's rules and citations):
 *
 * - the engine's definition gets a placeholder Task for each Distributed Map;
 * - the placeholder's handler runs the Map Run, each child on the engine
 *   through `runChild`, and allocates the Map Run's ARN;
 * - the placeholder's events are given back the type Map, with the Map Run's
 *   own events beside them: MapRunStarted after the state is entered (or
 *   retried), MapRunSucceeded/MapRunFailed/MapRunAborted before it exits or
 *   fails. A Map whose items could not be read (ItemsPath) started no Map Run:
 *   none then.
 *
 * The parent's history then reads, as AWS's records of a Map Run do
 * (LocalStack's v2/scenarios/test_base_scenarios.snapshot.json,
 * test_map_state_legacy_config_distributed and, failed,
 * test_map_item_reader_json_no_json_list_object): MapStateEntered,
 * MapStateStarted, MapRunStarted, MapRunSucceeded (or MapRunFailed),
 * MapStateSucceeded (or MapStateFailed), MapStateExited. A States.Runtime
 * before the Map Run (a Path's value AWS cannot use, map-run-paths.ts) logs
 * no MapStateFailed: the records show MapStateStarted, then ExecutionFailed
 * (test_map_state_tolerated_failure_count_path[-1]).
 */
import { randomUUID } from "node:crypto";
import { mapRunEvent, type ChildFold, type EngineRun, type MapRunRecord, type RunEvent } from "../engine/events";
import type { Layer, RunControl, StateHandler } from "../engine/layer";
import { ENGINE_NO_TASK_TIMEOUT_SECONDS } from "../engine/engine";
import { LOCAL_ACCOUNT, LOCAL_REGION } from "../engine/local-aws";
import { distributedMaps, runMapRun, withPlaceholders, type ChildToRun, type DistributedMapSpec } from "./distributed-map";
import { mapRunArn } from "./distributed-rules";

/** The state machine ARN offline when the context names none. */
const LOCAL_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:local`;

export interface DistributedLayerOptions {
  /** The context object ($$) of the run: its StateMachine.Id names the Map Runs; ItemSelector reads it. */
  readonly context?: object;
  readonly warn: (message: string) => void;
  readonly onChild?: (event: "started" | "succeeded" | "failed", items: number) => void;
  /** Runs one child execution; `validated`: its definition already passed asl-validator in this run. */
  readonly runChild: (child: ChildToRun, validated: boolean) => Promise<EngineRun>;
  /** Takes each child as it ends (MapRunRecord.children then stays empty). */
  readonly foldChild?: ChildFold;
}

export interface DistributedLayer extends Layer {
  /** The Map Runs so far, in start order. */
  readonly mapRuns: readonly MapRunRecord[];
}

/** Reads the deployed definition's Distributed Maps now (refusing what is not built offline). */
export function distributedLayer(deployed: object, run: RunControl, opts: DistributedLayerOptions): DistributedLayer {
  const maps = distributedMaps(deployed);
  const mapRuns: MapRunRecord[] = [];
  const arns = new MapRunArns(maps, opts.context);
  // One validation of a child definition is enough: asl-validator costs more than a short child's run.
  const validated = new Set<string>();
  let itemsBefore = 0;

  const handlerOf = (spec: DistributedMapSpec): StateHandler => {
    let started = 0;
    return (input) =>
      runMapRun({
        spec,
        input,
        mapRunArn: arns.of(spec.name, started++),
        itemOffset: itemsBefore,
        ...(opts.context ? { context: opts.context } : {}),
        isEnded: () => run.ended,
        warn: opts.warn,
        ...(opts.onChild ? { onChild: opts.onChild } : {}),
        onStart: (record) => {
          mapRuns.push(record);
          itemsBefore += record.totalItems;
        },
        runChild: (child) => opts.runChild(child, validated.has(spec.name) || (validated.add(spec.name), false)),
        ...(opts.foldChild ? { foldChild: opts.foldChild } : {}),
      });
  };

  return {
    engineDefinition: (definition) => (maps.size > 0 ? withPlaceholders(definition, maps, ENGINE_NO_TASK_TIMEOUT_SECONDS) : definition),
    stateHandlers: Object.fromEntries([...maps.values()].map((spec) => [spec.name, handlerOf(spec)])),
    rewrite: mapRunEvents(maps, mapRuns, arns),
    mapRuns,
  };
}

/** The n-th Map Run of a state has one ARN, whoever asks first: the handler or the event rewrite. */
class MapRunArns {
  private readonly byState = new Map<string, string[]>();
  private readonly stateMachineId: string;

  constructor(
    private readonly maps: ReadonlyMap<string, DistributedMapSpec>,
    context: object | undefined,
  ) {
    this.stateMachineId = String((context as { StateMachine?: { Id?: string } } | undefined)?.StateMachine?.Id ?? LOCAL_STATE_MACHINE_ARN);
  }

  of(state: string, n: number): string {
    const list = this.byState.get(state) ?? [];
    this.byState.set(state, list);
    while (list.length <= n) list.push(mapRunArn(this.stateMachineId, this.maps.get(state)!.label, randomUUID()));
    return list[n]!;
  }
}

/** The placeholder Task's events given back the type Map, with the Map Run's events before the state's end. */
function mapRunEvents(maps: ReadonlyMap<string, DistributedMapSpec>, mapRuns: readonly MapRunRecord[], arns: MapRunArns) {
  const seen = new Map<string, { entered: number; ended: number }>();
  const recordOf = (state: string, n: number) => mapRuns.filter((r) => r.stateName === state)[n];
  return (raw: RunEvent): RunEvent[] => {
    if (!("state" in raw) || raw.index !== undefined || !maps.has(raw.state.name)) return [raw];
    const name = raw.state.name;
    const event = { ...raw, state: { ...raw.state, type: "Map" } } as RunEvent;
    const count = seen.get(name) ?? { entered: 0, ended: 0 };
    seen.set(name, count);
    if (raw.type === "StateEntered" || raw.type === "StateRetried") {
      count.entered++;
      return [event];
    }
    if (raw.type !== "StateExited" && raw.type !== "StateFailed" && raw.type !== "StateCaught") return [event];
    // The handler has settled when the engine logs the state's end: its record is complete.
    const record = recordOf(name, count.ended);
    if (!record || record.mapRunArn !== arns.of(name, count.entered - 1)) {
      return raw.type === "StateFailed" && raw.Error === "States.Runtime" ? [] : [event];
    }
    count.ended++;
    const started = mapRunEvent("MapRunStarted", record.startedAt, { mapRunArn: record.mapRunArn });
    const ended =
      record.status === "SUCCEEDED"
        ? mapRunEvent("MapRunSucceeded", record.endedAt, {})
        : mapRunEvent(record.status === "ABORTED" ? "MapRunAborted" : "MapRunFailed", record.endedAt, { error: record.error, cause: record.cause });
    return [started, ended, event];
  };
}

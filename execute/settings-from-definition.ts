/**
 * The settings a report shows, recovered from the deployed state machine
 * (DescribeStateMachine), because a real execution knows no Terraform
 * variables. Read from AWS:
 *   max_concurrency  the Map state's MaxConcurrency
 *   wait_seconds     Seconds of the Wait state inside the Map
 *   timeout_seconds  the definition's TimeoutSeconds
 *   name_prefix      the state machine's name without "-workflow" (else the
 *                    table's name without "-list")
 *   tracing_enabled  the state machine's tracingConfiguration
 *   map_mode         the Map's ItemProcessor.ProcessorConfig.Mode
 *   workflow_type    the state machine's type
 *   item_source      rows when a Task Queries pages, list when one GetItems
 *   page_size        that Query's Limit
 *   batch_size       the Map's ItemBatcher.MaxItemsPerBatch (0 without one)
 *   isolate_failures whether a state inside the Map has a Catch
 *   tolerated_failure_percentage  the Map's ToleratedFailurePercentage, or
 *                    the binary digits the isolated shape's summary carries
 * Not visible there, so their defaults are shown and marked as such:
 *   log_retention_days (a log group setting), deletion_protection (a table
 *   setting), and a setting the deployed shape does not use (page_size with
 *   a list, tolerated_failure_percentage without isolation). Reading the
 *   first two would need two more calls and permissions for a report that
 *   does not use them.
 *
 * Pure: no SDK calls.
 */
import { allStates, type StateRef } from "../stacks/definition-walk";
import { DYNAMODB_GET_ITEM, DYNAMODB_QUERY, isDistributedMap, itemProcessorOf, STATE } from "../stacks/definition";
import { defaultValues, resourceNames, settings, type SettingName, type SettingValues } from "../stacks/settings";

/** What DescribeStateMachine returns, the part read here. */
export interface StateMachineDescription {
  readonly name?: string | undefined;
  readonly definition?: string | undefined;
  readonly type?: string | undefined;
  readonly tracingConfiguration?: { readonly enabled?: boolean | undefined } | undefined;
}

export interface DerivedSettings {
  readonly values: SettingValues;
  /** Where each value came from, shown next to it in the timeline. */
  readonly sources: Readonly<Record<SettingName, string>>;
  /** The table the definition reads, if it names one. */
  readonly tableName?: string;
  /** The function the definition invokes (name or ARN), if it names one. */
  readonly functionName?: string;
}

export const NOT_READ = "default (not read from AWS)";

type Json = Record<string, unknown>;

/** Records one setting read from AWS, with where it was read. */
type Setter = (name: SettingName, value: unknown, source: string) => void;

export function settingsFromStateMachine(sm: StateMachineDescription): DerivedSettings {
  const values: Record<string, unknown> = { ...defaultValues() };
  const sources: Record<string, string> = Object.fromEntries(Object.keys(values).map((k) => [k, NOT_READ]));
  // Only settings the table declares: the table grows, and a name it lacks is skipped.
  const set: Setter = (name, value, source) => {
    if (!(name in values)) return;
    values[name] = value;
    sources[name] = source;
  };

  const definition = parseDefinition(sm.definition);
  const states = allStates(definition);
  const map = prefer(
    states.filter((s) => s.state.Type === "Map"),
    STATE.map,
  );
  const inner = map ? allStates(itemProcessorOf(map.state)) : [];
  readTimings(definition, map, inner, set);

  const tableName = prefer(
    states.filter((s) => typeof (s.state.Parameters as Json | undefined)?.TableName === "string"),
    STATE.read,
  )?.state.Parameters as Json | undefined;
  const invoke = prefer(
    inner.filter((s) => typeof (s.state.Parameters as Json | undefined)?.FunctionName === "string"),
    STATE.invoke,
  )?.state.Parameters as Json | undefined;

  const prefix = prefixOf(sm.name, "stateMachine") ?? prefixOf(tableName?.TableName as string | undefined, "table");
  if (prefix) set("name_prefix", prefix.value, prefix.source);

  if (map) set("map_mode", isDistributedMap(map.state) ? "DISTRIBUTED" : "INLINE", `${map.name}.ItemProcessor.ProcessorConfig.Mode`);
  if (sm.type === "STANDARD" || sm.type === "EXPRESS") set("workflow_type", sm.type, "state machine type");
  readItemSource(states, set);
  if (map) readMapShape(map, inner, states, set);

  if (typeof sm.tracingConfiguration?.enabled === "boolean") set("tracing_enabled", sm.tracingConfiguration.enabled, "tracingConfiguration");

  return {
    values: values as SettingValues,
    sources: sources as Record<SettingName, string>,
    ...(typeof tableName?.TableName === "string" ? { tableName: tableName.TableName } : {}),
    ...(typeof invoke?.FunctionName === "string" ? { functionName: invoke.FunctionName } : {}),
  };
}

/** The definition as JSON; an unreadable one reads as empty, which leaves the defaults in place. */
function parseDefinition(text: string | undefined): Json {
  try {
    const parsed: unknown = JSON.parse(text ?? "{}");
    if (parsed && typeof parsed === "object") return parsed as Json;
  } catch {
    // Unreadable: the defaults stay.
  }
  return {};
}

/** The state of that name if there is one, else the first. */
function prefer<T extends { name: string }>(list: T[], name: string): T | undefined {
  return list.find((s) => s.name === name) ?? list[0];
}

/** max_concurrency, wait_seconds and timeout_seconds. */
function readTimings(definition: Json, map: StateRef | undefined, inner: StateRef[], set: Setter): void {
  if (map && isWhole(map.state.MaxConcurrency)) set("max_concurrency", map.state.MaxConcurrency, `${map.name}.MaxConcurrency`);
  const wait = prefer(
    inner.filter((s) => s.state.Type === "Wait" && isWhole(s.state.Seconds)),
    STATE.wait,
  );
  if (wait) set("wait_seconds", wait.state.Seconds, `${wait.name}.Seconds`);
  if (isWhole(definition.TimeoutSeconds)) set("timeout_seconds", definition.TimeoutSeconds, "TimeoutSeconds");
}

/** The shape (shapeOf in stacks/definition/shapes.ts), read back from what it builds: where the items come from. */
function readItemSource(states: StateRef[], set: Setter): void {
  const task = (resource: string) => states.find((s) => s.state.Type === "Task" && s.state.Resource === resource);
  const query = task(DYNAMODB_QUERY);
  const getItem = task(DYNAMODB_GET_ITEM);
  if (query) {
    set("item_source", "rows", `${query.name} (Query pages)`);
    const limit = (query.state.Parameters as Json | undefined)?.Limit;
    if (isWhole(limit)) set("page_size", limit, `${query.name}.Parameters.Limit`);
  } else if (getItem) {
    set("item_source", "list", `${getItem.name} (GetItem)`);
  }
}

/** The rest of the shape, off the Map: batching, isolation and the tolerated share of failures. */
function readMapShape(map: StateRef, inner: StateRef[], states: StateRef[], set: Setter): void {
  const perBatch = (map.state.ItemBatcher as Json | undefined)?.MaxItemsPerBatch;
  set("batch_size", isWhole(perBatch) ? perBatch : 0, isWhole(perBatch) ? `${map.name}.ItemBatcher.MaxItemsPerBatch` : `${map.name} (no ItemBatcher)`);
  const catcher = inner.find((s) => Array.isArray(s.state.Catch) && s.state.Catch.length > 0);
  set("isolate_failures", catcher !== undefined, catcher ? `${catcher.name}.Catch` : `${map.name} (no Catch)`);
  // Tolerated share: the Distributed Map's own field, or the binary digits the isolated shape's summary uses.
  const tolerated = map.state.ToleratedFailurePercentage;
  const bitsAt = states.find((s) => ((s.state.Parameters as Json | undefined)?.math as Json | undefined)?.bits !== undefined);
  const bits = ((bitsAt?.state.Parameters as Json | undefined)?.math as Json | undefined)?.bits as Json | undefined;
  if (isWhole(tolerated)) {
    set("tolerated_failure_percentage", tolerated, `${map.name}.ToleratedFailurePercentage`);
  } else if (catcher && bitsAt && bits) {
    const percent = Object.entries(bits).reduce((sum, [k, bit]) => sum + (bit === 1 ? 2 ** Number(k.slice(1)) : 0), 0);
    set("tolerated_failure_percentage", percent, `${bitsAt.name}.Parameters.math.bits`);
  }
}

/** The prefix a resource name was built from (resourceNames), when it was built that way. */
function prefixOf(name: string | undefined, kind: "stateMachine" | "table"): { value: string; source: string } | undefined {
  if (!name) return undefined;
  const suffix = resourceNames("")[kind];
  if (!name.endsWith(suffix)) return undefined;
  const value = name.slice(0, -suffix.length);
  if (!settings.name_prefix.rule.test(value)) return undefined;
  return { value, source: kind === "stateMachine" ? "state machine name" : "table name" };
}

function isWhole(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

/**
 * The Path forms of a Distributed Map's limits (MaxConcurrencyPath,
 * ToleratedFailureCountPath, ToleratedFailurePercentagePath), read from the
 * state's input when the Map Run starts, and AWS's States.Runtime failures
 * for values it cannot use.
 *
 * AWS's texts, recorded in LocalStack's
 * v2/scenarios/test_base_scenarios.snapshot.json (each ExecutionFailed's
 * cause after its "An error occurred while executing the state 'MapState'
 * (entered at the event id #2). " prefix, which holds a history event id and
 * is the history's to write):
 *  - test_map_state_tolerated_failure_count_path[NoNumber] and
 *    [tolerated_failure_count_value0] ({}): The ToleratedFailureCountPath field
 *    refers to value "NoNumber" which is not a valid integer: $.ToleratedFailureCount
 *  - test_map_state_tolerated_failure_count_path[-1]: ToleratedFailureCount cannot be negative.
 *  - test_map_state_tolerated_failure_percentage_path[NoNumber] and [..._value0]:
 *    The ToleratedFailurePercentagePath field refers to value "NoNumber" which is
 *    not a valid float: $.ToleratedFailurePercentage
 *  - test_map_state_tolerated_failure_percentage_path[-1], [-1.1], [100.1]:
 *    ToleratedFailurePercentage must be between 0 and 100.
 *  - test_max_concurrency_path[NoNumber] and [max_concurrency_value0] (an
 *    inline Map; the same field on a Distributed Map is not recorded): The
 *    MaxConcurrencyPath field refers to value "NoNumber" which is not a valid
 *    integer: $.MaxConcurrencyValue
 * In each the history shows MapStateStarted and then ExecutionFailed: no
 * MapRunStarted, no MapStateFailed, and no Catch or Retry applies.
 *
 * Values AWS accepts: numbers, and strings holding one: "1" for both
 * tolerance paths and for MaxConcurrencyPath (LocalStack's
 * v2/assign/test_assign_reference_variables.snapshot.json,
 * test_reference_in_map_state[MAP_STATE_REFERENCE_IN_TOLERATED_FAILURE_PATH] and
 * [MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH]: the runs succeed).
 *
 * Not recorded, so chosen here: a negative MaxConcurrencyPath value (AWS's
 * record test_max_concurrency_path_negative holds only ExecutionStarted)
 * fails with "MaxConcurrency cannot be negative.", after the count's text; a
 * fractional number for an integer field is "not a valid integer".
 */
import { StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import { TaskFailure } from "../engine/integrations";
import type { Tolerance, ToleranceSpec } from "./distributed-rules";

/**
 * AWS's States.Runtime in a Map state: the execution fails at once. The engine
 * reads isRetryable and isCatchable on the errors it sees (its own
 * StatesRuntimeError sets both false), so neither Retry nor Catch applies.
 */
export class MapRuntimeError extends TaskFailure {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(cause: string) {
    super("States.Runtime", cause);
  }
}

/** The limits of one Map Run, the Path forms read. */
export interface MapRunLimits {
  readonly maxConcurrency?: number;
  readonly tolerance: Tolerance;
}

export interface LimitPaths {
  readonly maxConcurrencyPath?: string;
  readonly tolerance: ToleranceSpec;
}

/** Reads the Path forms from the state's input (after InputPath, as the engine hands it to the Map). */
export async function readLimits(spec: LimitPaths, input: unknown, context: object | undefined): Promise<MapRunLimits> {
  const { tolerance: t } = spec;
  const paths = { max: spec.maxConcurrencyPath, count: t.countPath, percentage: t.percentagePath };
  const values = await readPaths(paths, input, context);
  const count = paths.count !== undefined ? integerAt("ToleratedFailureCountPath", values.count, paths.count) : t.count;
  if (count !== undefined && count < 0) throw new MapRuntimeError("ToleratedFailureCount cannot be negative.");
  const percentage = paths.percentage !== undefined ? floatAt("ToleratedFailurePercentagePath", values.percentage, paths.percentage) : t.percentage;
  if (percentage !== undefined && (percentage < 0 || percentage > 100)) throw new MapRuntimeError("ToleratedFailurePercentage must be between 0 and 100.");
  const max = paths.max !== undefined ? integerAt("MaxConcurrencyPath", values.max, paths.max) : undefined;
  if (max !== undefined && max < 0) throw new MapRuntimeError("MaxConcurrency cannot be negative.");
  return {
    ...(max !== undefined ? { maxConcurrency: max } : {}),
    tolerance: { ...(count !== undefined ? { count } : {}), ...(percentage !== undefined ? { percentage } : {}) },
  };
}

/** The text AWS quotes a value by: a string as it is, anything else as JSON ("{}"). */
function quoted(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function numberIn(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function integerAt(field: string, value: unknown, path: string): number {
  const n = numberIn(value);
  if (n === undefined || !Number.isInteger(n))
    throw new MapRuntimeError(`The ${field} field refers to value "${quoted(value)}" which is not a valid integer: ${path}`);
  return n;
}

function floatAt(field: string, value: unknown, path: string): number {
  const n = numberIn(value);
  if (n === undefined) throw new MapRuntimeError(`The ${field} field refers to value "${quoted(value)}" which is not a valid float: ${path}`);
  return n;
}

/**
 * Each given path read by the engine itself (same JSONPath, $$ too, same
 * errors for a path that points nowhere): one Pass state whose Parameters
 * hold the paths.
 */
async function readPaths<K extends string>(paths: Record<K, string | undefined>, input: unknown, context: object | undefined): Promise<Record<K, unknown>> {
  const parameters = Object.fromEntries(Object.entries(paths).flatMap(([k, p]) => (p === undefined ? [] : [[`${k}.$`, p]])));
  if (Object.keys(parameters).length === 0) return {} as Record<K, unknown>;
  const definition = { StartAt: "Read", States: { Read: { Type: "Pass", Parameters: parameters, End: true } } };
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  try {
    return (await machine.run(input as never, context ? { context: context as never } : {}).result) as Record<K, unknown>;
  } catch (e) {
    const failure = (e as Error & { cause?: Error }).cause ?? (e as Error);
    throw new MapRuntimeError(failure.message);
  }
}

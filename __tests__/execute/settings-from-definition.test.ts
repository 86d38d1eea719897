/**
 * The settings a real execution's report shows are read back from the
 * deployed state machine: every shape the stack can deploy gives back the
 * settings it was built from (except the two that live on other resources).
 */
import { NOT_READ, settingsFromStateMachine } from "../../execute/settings-from-definition";
import { buildDefinition, SHAPES, shapeKey, shapeOf, tunableParams } from "../../stacks/definition";
import { defaultValues, resourceNames, type SettingValues } from "../../stacks/settings";

const prefix = "demo-7";
const names = resourceNames(prefix);

/** Settings that select `shape`, every number away from its default where the shape uses it. */
function settingsFor(shape: (typeof SHAPES)[number]): SettingValues {
  return {
    ...defaultValues(),
    name_prefix: prefix,
    max_concurrency: 7,
    wait_seconds: 3,
    timeout_seconds: 45,
    item_source: shape.itemSource,
    map_mode: shape.mapMode,
    isolate_failures: shape.isolateFailures,
    batch_size: shape.batched ? 5 : 0,
    page_size: shape.itemSource === "rows" ? 25 : defaultValues().page_size,
    tolerated_failure_percentage: shape.isolateFailures || shape.mapMode === "DISTRIBUTED" ? 37 : 0,
    tracing_enabled: true,
  };
}

test.each(SHAPES.map((s) => [shapeKey(s), s] as const))("%s: the settings it was built from", (_key, shape) => {
  const values = settingsFor(shape);
  const definition = buildDefinition({
    tableName: names.table,
    functionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${names.function}`,
    ...tunableParams(values),
    ...shapeOf(values),
  });
  const derived = settingsFromStateMachine({
    name: names.stateMachine,
    type: values.workflow_type,
    definition: JSON.stringify(definition),
    tracingConfiguration: { enabled: true },
  });
  expect(derived.values).toEqual(values);
  expect(derived.tableName).toBe(names.table);
  expect(derived.functionName).toMatch(/:function:demo-7-process-item$/);
  expect(derived.sources).toMatchObject({ log_retention_days: NOT_READ, deletion_protection: NOT_READ, name_prefix: "state machine name" });
});

test("an Express state machine's type is read too", () => {
  const definition = buildDefinition({ tableName: names.table, functionArn: "f", maxConcurrency: 1, waitSeconds: 0, timeoutSeconds: 60 });
  expect(settingsFromStateMachine({ name: names.stateMachine, type: "EXPRESS", definition: JSON.stringify(definition) }).values.workflow_type).toBe("EXPRESS");
});

test("names that do not follow the stack's pattern, an unreadable definition: defaults, marked as such", () => {
  const derived = settingsFromStateMachine({ name: "hand-made", definition: "{not json" });
  expect(derived.values).toEqual(defaultValues());
  expect(new Set(Object.values(derived.sources))).toEqual(new Set([NOT_READ]));
});

test("a hand-written definition: its Map and Wait are found whatever their names; the table name gives the prefix", () => {
  const definition = {
    StartAt: "Get",
    TimeoutSeconds: 60,
    States: {
      Get: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Parameters: { TableName: "other-list", Key: {} }, Next: "Fan" },
      Fan: { Type: "Map", MaxConcurrency: 5, ItemProcessor: { StartAt: "Pause", States: { Pause: { Type: "Wait", Seconds: 7, End: true } } }, End: true },
    },
  };
  const derived = settingsFromStateMachine({ name: "x", definition: JSON.stringify(definition) });
  expect(derived.values).toMatchObject({ max_concurrency: 5, wait_seconds: 7, timeout_seconds: 60, name_prefix: "other", item_source: "list" });
  expect(derived.sources).toMatchObject({
    max_concurrency: "Fan.MaxConcurrency",
    wait_seconds: "Pause.Seconds",
    name_prefix: "table name",
    tracing_enabled: NOT_READ,
  });
});

/**
 * patches/aws-local-stepfunctions+3.0.0+015+map-index-path.patch: a state event forwarded out of Map iterations carries every
 * enclosing Map iteration's index, outermost first (`indexPath`). The engine sets `index` at each Map the event is forwarded
 * through, so the outermost Map's index is all that is left: the iterations of a Map nested in one iteration share it, and the
 * offline history could not tell their Task attempts apart (the attempt tracker keyed a state's latest call by name and index,
 * so concurrent inner iterations wrote each other's results). AWS's history tells each iteration's events apart through
 * previousEventId (LocalStack's test_map_state_nested snapshot: each inner iteration's events chain from its own
 * MapIterationStarted); the offline history needs the iteration to build those links and pair the calls.
 */
import { builds, runEngine } from "./engine-run";

const nested = {
  StartAt: "Outer",
  States: {
    Outer: {
      Type: "Map",
      MaxConcurrency: 2,
      ItemProcessor: {
        StartAt: "Inner",
        States: {
          Inner: { Type: "Map", ItemsPath: "$.xs", MaxConcurrency: 2, ItemProcessor: { StartAt: "L", States: { L: { Type: "Pass", End: true } } }, End: true },
        },
      },
      End: true,
    },
  },
};

it("gives each state event of a nested Map every enclosing iteration's index, outermost first (patch 015)", async () => {
  const run = await runEngine(nested, [{ xs: [1, 2] }, { xs: [3, 4, 5] }]);
  const paths = run.events.flatMap((e) => (e.type === "StateEntered" && e.state.name === "L" ? [{ index: e.index, path: e.indexPath }] : []));
  expect(paths.sort((a, b) => String(a.path).localeCompare(String(b.path)))).toEqual([
    { index: 0, path: [0, 0] },
    { index: 0, path: [0, 1] },
    { index: 1, path: [1, 0] },
    { index: 1, path: [1, 1] },
    { index: 1, path: [1, 2] },
  ]);
  // A state of the outer iteration itself: one index.
  expect(run.events.find((e) => e.type === "StateEntered" && e.state.name === "Inner")).toMatchObject({ indexPath: [expect.any(Number)] });
});

it("is applied to every build the package ships (patch 015)", () => {
  for (const { build, source } of builds()) expect({ build, patched: source.includes("event.indexPath = [") }).toEqual({ build, patched: true });
});

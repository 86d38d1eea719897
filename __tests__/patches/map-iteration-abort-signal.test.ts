/**
 * patches/aws-local-stepfunctions+3.0.0+013+map-iteration-abort-signal.patch: each run the engine starts for a Map iteration
 * follows its parent's abort signal with one listener, removed when the iteration ends, instead of composing a signal with
 * AbortSignal.any(). Node.js keeps every composite in the parent's dependant set, and the finalizer of each collected one walks that
 * whole set, so a long Map spent quadratic time in Node's abort_controller (8.9 % of a 40,000-row run's profile).
 */
import { getEventListeners } from "node:events";
import { builds, runEngine } from "./engine-run";

const passMap = {
  StartAt: "M",
  States: { M: { Type: "Map", ItemsPath: "$.items", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } },
};

/** An outer Map whose iterations run an inner Map whose iterations wait an hour: only an abort that reaches them ends the run. */
const nestedWaits = {
  StartAt: "Outer",
  States: {
    Outer: {
      Type: "Map",
      ItemsPath: "$.rows",
      ItemProcessor: {
        StartAt: "Inner",
        States: {
          Inner: { Type: "Map", ItemsPath: "$", ItemProcessor: { StartAt: "W", States: { W: { Type: "Wait", Seconds: 3600, End: true } } }, End: true },
        },
      },
      End: true,
    },
  },
};

afterEach(() => jest.restoreAllMocks());

test("a Map of 200 iterations composes no abort signal, and leaves no abort listener behind (patch 013)", async () => {
  const any = jest.spyOn(AbortSignal, "any");
  const signals = new Set<AbortSignal>();
  jest.spyOn(AbortSignal.prototype, "addEventListener").mockImplementation(function (this: AbortSignal, ...args: Parameters<EventTarget["addEventListener"]>) {
    signals.add(this);
    // EventTarget's own method: the spy sits on AbortSignal.prototype.
    return EventTarget.prototype.addEventListener.apply(this, args);
  });
  const items = Array.from({ length: 200 }, (_, i) => i);
  const run = await runEngine(passMap, { items });
  expect(run.outcome).toEqual({ output: items });
  expect(any).not.toHaveBeenCalled();
  // The execution's own signal and each iteration's: every listener the engine added is gone once the run has ended.
  expect(signals.size).toBeGreaterThan(200);
  expect([...signals].filter((s) => getEventListeners(s, "abort").length > 0)).toEqual([]);
});

test("aborting the execution still reaches the waits of a Map nested in a Map: ABORTED at once (patch 013)", async () => {
  const { StateMachine } = await import("aws-local-stepfunctions");
  const execution = new StateMachine(nestedWaits as never, { validationOptions: { noValidate: true } }).run({ rows: [[1, 2], [3]] });
  const drained = (async () => {
    const types: string[] = [];
    for await (const e of execution.eventLogs) types.push(e.type);
    return types;
  })();
  setTimeout(() => execution.abort(), 50);
  await expect(execution.result).rejects.toMatchObject({ name: "ExecutionAbortedError" });
  expect(await drained).toContain("ExecutionAborted");
});

it("is applied to every build the package ships (patch 013)", () => {
  for (const { build, source } of builds()) {
    expect({ build, patched: source.includes("followAbort(options?._rootAbortSignal, abortController)"), any: source.includes("AbortSignal.any([") }).toEqual({
      build,
      patched: true,
      any: false,
    });
  }
});

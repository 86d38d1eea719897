/**
 * patches/aws-local-stepfunctions+3.0.0+001+event-queue.patch: the engine's EventLogger must hand out a backlog of events without
 * `Array.prototype.shift()` on a long array (O(n) per event, so quadratic for the whole backlog). Asserted by what the drain does,
 * not by how long it takes: without the patch, the first shift is on the full 80,004-event queue.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { StateMachine } from "aws-local-stepfunctions";

const ITEMS = 20_000;
/** Events of one run: ExecutionStarted, the Map's StateEntered and StateExited, ExecutionSucceeded, and four per item. */
const EVENTS = 4 + 4 * ITEMS;
/** A shift on an array this long already costs more than the work it dequeues. */
const LONGEST_SHIFT_ALLOWED = 1_000;

const passMap = {
  StartAt: "Fan",
  States: {
    Fan: {
      Type: "Map",
      ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "Echo", States: { Echo: { Type: "Pass", End: true } } },
      End: true,
    },
  },
};

type Execution = ReturnType<StateMachine["run"]>;
type EngineEvent = Execution["eventLogs"] extends AsyncGenerator<infer E> ? E : never;

function runPassMap(items: number): Execution {
  const machine = new StateMachine(passMap as ConstructorParameters<typeof StateMachine>[0], { validationOptions: { noValidate: true } });
  return machine.run(Array.from({ length: items }, (_, index) => index));
}

/** Runs `drain` with Array.prototype.shift wrapped, and returns what it drained and the length of the longest array shifted. */
async function withShiftsMeasured<T>(drain: () => Promise<T>): Promise<{ drained: T; longestShift: number }> {
  const originalShift = Array.prototype.shift;
  let longestShift = 0;
  Array.prototype.shift = function measuredShift(this: unknown[]) {
    longestShift = Math.max(longestShift, this.length);
    return originalShift.call(this);
  };
  try {
    return { drained: await drain(), longestShift };
  } finally {
    Array.prototype.shift = originalShift;
  }
}

async function collect(events: AsyncGenerator<EngineEvent>): Promise<EngineEvent[]> {
  const collected: EngineEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

describe("aws-local-stepfunctions EventLogger queue (patch 001)", () => {
  it("drains a backlog of every event of a 20,000-item Map without shifting a long array, in order", async () => {
    const execution = runPassMap(ITEMS);
    await execution.result; // nothing read yet: the queue holds the whole run

    const { drained: events, longestShift } = await withShiftsMeasured(() => collect(execution.eventLogs));

    expect(longestShift).toBeLessThanOrEqual(LONGEST_SHIFT_ALLOWED);
    expect(events).toHaveLength(EVENTS);
    expect(events[0]?.type).toBe("ExecutionStarted");
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
    const iterationStarts = events.flatMap((event) => (event.type === "MapIterationStarted" ? [event.index] : []));
    expect(iterationStarts).toEqual(Array.from({ length: ITEMS }, (_, index) => index));
  });

  it("keeps order for events dispatched while an earlier batch is being read", async () => {
    const execution = runPassMap(200);
    const events = await collect(execution.eventLogs);
    await execution.result;

    expect(events).toHaveLength(4 + 4 * 200);
    expect(events[0]?.type).toBe("ExecutionStarted");
    expect(events.at(-1)?.type).toBe("ExecutionSucceeded");
    const started = new Set<number>();
    for (const event of events) {
      if (event.type === "MapIterationStarted") started.add(event.index);
      if (event.type === "MapIterationSucceeded") expect(started.has(event.index)).toBe(true);
    }
  });

  it("ends the event stream for good when the consumer stops mid-way", async () => {
    const execution = runPassMap(200);
    await execution.result;
    let read = 0;
    for await (const _event of execution.eventLogs) if (++read === 10) break;

    expect(read).toBe(10);
    await expect(execution.eventLogs.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it("is applied to every build the package ships (node ESM, node CJS, browser)", () => {
    for (const build of ["main.node.esm.js", "main.node.cjs", "main.browser.esm.js"]) {
      const source = readFileSync(join(dirname(require.resolve("aws-local-stepfunctions")), build), "utf8");
      expect({ build, shifts: source.includes("this.eventQueue.shift()") }).toEqual({ build, shifts: false });
    }
  });
});

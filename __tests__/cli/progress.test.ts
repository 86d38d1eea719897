/** The one progress line: drawn only on a terminal, throttled, cleared. */
import { formatElapsed, formatItems, progressBar, progressLine } from "../../cli/progress";
import { captureStream } from "./capture";

test("off a terminal nothing is drawn", () => {
  const stream = captureStream(false);
  const line = progressLine(stream, (n: number) => `n=${n}`);
  line.update(1);
  line.clear();
  expect(line.shown).toBe(false);
  expect(stream.text).toBe("");
});

test("on a terminal: redrawn in place, at most once per redrawMs but always the final value, then erased", () => {
  const stream = captureStream(true);
  let t = 1000;
  const line = progressLine(stream, (n: number, elapsed) => `n=${n} ${formatElapsed(elapsed)}`, { redrawMs: 100, final: (n) => n === 3, now: () => t });
  line.update(1);
  t += 10;
  line.update(2); // within 100 ms: skipped
  t += 10;
  line.update(3); // final: drawn anyway
  line.clear();
  line.clear();
  expect(stream.text).toBe("\r\x1b[2Kn=1 0.000s\r\x1b[2Kn=3 0.020s\r\x1b[2K");
});

test("the formats", () => {
  expect(formatItems({ total: 3, done: 2, running: 1, failed: 0 })).toBe("items 2/3 done, 1 running");
  expect(formatItems({ total: 3, done: 3, running: 0, failed: 1 })).toBe("items 3/3 done, 0 running, 1 failed");
  expect(formatElapsed(4100)).toBe("4.100s");
  expect(progressBar(4000, 10000)).toBe("[####......] 4,000/10,000 rows");
});

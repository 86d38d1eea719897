/**
 * A handler that takes a few milliseconds and records how many of its calls
 * ran at once, for the tests that bound concurrency. Not a test file.
 */
export function concurrencyProbe(ms = 5): { handler: (e: unknown) => Promise<unknown>; peak: () => number } {
  let running = 0;
  let peak = 0;
  return {
    handler: async (e: unknown) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return e;
    },
    peak: () => peak,
  };
}

/** How the text reports write a duration and a value too long for its line. */

/**
 * The one way the reports write a duration: seconds with three decimals
 * ("0.000s", "2.005s", "20.012s", "125.000s"), whatever its size, so two
 * durations on one screen always read alike and compare digit by digit.
 */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

/** `s` cut to `max` characters (at least 8), an ellipsis marking the cut. */
export function truncate(s: string, max: number): string {
  const room = Math.max(8, max);
  return s.length <= room ? s : `${s.slice(0, room - 1)}…`;
}

export function firstLine(s: string): string {
  return s.split("\n")[0] ?? "";
}

/**
 * The JSON text of a value the run hands around, made once per object: the
 * quota meter measures it (payload bytes), the call pairer searches it, the
 * history stores it. Each of them used to stringify the same input, output
 * and parameters again, a third of a run's JSON.stringify (issue 20's
 * profile). The engine's events and the journal's calls are not changed
 * once logged (the engine clones what it passes on; the Lambda stand-in
 * hands the function a copy; States.JsonMerge, which merged into its first
 * argument, a part of the logged input, makes a new object since patch
 * 014), so an object's text stays its text.
 * Objects only, in a WeakMap: the texts go when the events do.
 */
const texts = new WeakMap<object, string>();

/** JSON.stringify(value), undefined as null (what the history writes for no value). */
export function jsonText(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value === undefined ? null : value) ?? "null";
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

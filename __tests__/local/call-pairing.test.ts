/**
 * The live call pairer (local/history/call-pairing.ts) over a run of many
 * attempts of one Task state: each attempt gets the call whose parameters
 * embed its input, whatever order the iterations log in, also after the
 * pairer has let go of the calls it paired (it drops them once they are half
 * of a state's group), and whether the calls come in one journal or as the
 * engine journals them.
 */
import type { RunEvent, TaskCall } from "../../local/engine/events";
import { CallPairer, pairCalls } from "../../local/history/call-pairing";

const N = 1_000;
const call = (i: number): TaskCall => ({ seq: i, state: "T", resource: "arn:aws:states:::lambda:invoke", parameters: { Payload: { item: i } }, startedAt: 0 });
const attempt = (i: number): RunEvent =>
  ({ type: "StateEntered", timestamp: 0, index: i, state: { name: "T", type: "Task", input: { item: i } } }) as unknown as RunEvent;

/** Iterations logging out of the calls' order: each block of 10 reversed. */
const order = Array.from({ length: N }, (_, k) => k - (k % 10) + (9 - (k % 10)));

test(`${N} attempts logged out of order each get their own call, from one journal`, () => {
  const calls = Array.from({ length: N }, (_, i) => call(i));
  const events = order.map(attempt);
  const pairs = pairCalls(events, calls);
  expect(events.map((e) => pairs.get(e)?.seq)).toEqual(order);
});

test(`${N} attempts each get their own call, the calls handed over as they are journaled`, () => {
  const calls = Array.from({ length: N }, (_, i) => call(i));
  let journaled = 0;
  // The engine journals a block's calls before their attempts reach the log.
  const pairer = new CallPairer(() => calls.slice(journaled, (journaled = Math.min(N, journaled + 10))));
  expect(order.map((i) => pairer.pair(attempt(i))?.seq)).toEqual(order);
});

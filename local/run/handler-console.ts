/**
 * A user's handler (--handler) logs with console.log, as Lambda handlers do.
 * On AWS those lines go to the function's log, not to the caller; offline
 * they would land on npm start's stdout, in the middle of --json or
 * --history. While a run goes on, console output made inside a handler call
 * becomes that call's log lines (the timeline's "Handler log", --json's
 * logs), and every other console call goes where it always went.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import type { LambdaHandler, LogSink } from "../engine/integrations";

const METHODS = ["log", "info", "warn", "error", "debug"] as const;
const sinkOfCall = new AsyncLocalStorage<LogSink>();

/** The handler, its console lines going to `log` while console is captured (captureConsole). */
export function loggingToSink(handler: LambdaHandler, log: LogSink): LambdaHandler {
  return (event, context) => sinkOfCall.run(log, () => handler(event, context));
}

/** Routes console output made inside a handler call to its sink until the returned function restores console. */
export function captureConsole(): () => void {
  // The properties as they are (Node's console methods are bound own properties), put back as they were.
  const saved = METHODS.map((method) => [method, Object.getOwnPropertyDescriptor(console, method)] as const);
  for (const [method, descriptor] of saved) {
    const original = descriptor?.value as ((...args: unknown[]) => void) | undefined;
    console[method] = (...args: unknown[]) => {
      const sink = sinkOfCall.getStore();
      if (sink) sink(format(...args));
      else original?.apply(console, args);
    };
  }
  return () => {
    for (const [method, descriptor] of saved) {
      if (descriptor) Object.defineProperty(console, method, descriptor);
      else delete console[method];
    }
  };
}

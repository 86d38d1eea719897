/**
 * Fault injection as a layer of the offline run (fault-injection.ts holds the
 * plan and the rules): the Lambda invocations for the targeted items fail
 * before the handler runs, and, for an inline Map, the DynamoDB reads teach
 * it each element's position (the invocation itself does not say which item
 * it serves). One layer serves a whole offline run: its throttle counts and
 * learnt positions span every execution of a chain and every child.
 */
import { DYNAMODB_GET_ITEM, DYNAMODB_QUERY, LAMBDA_INVOKE } from "../../stacks/definition/asl";
import { LIST_ATTRIBUTE, ROW_ATTRIBUTE, SORT_KEY } from "../../stacks/table-schema";
import type { Integrations, TaskIntegration } from "../engine/integrations";
import type { Layer } from "../engine/layer";
import { injectFault, PayloadPositions, type FaultPlan } from "./fault-injection";

export function faultLayer(plan: FaultPlan): Layer {
  const throttlesLeft = new Map<number, number>();
  const positions = new PayloadPositions();
  const wrap = (inner: Integrations, resource: string, make: (integration: TaskIntegration) => TaskIntegration): Integrations =>
    inner[resource] ? { ...inner, [resource]: make(inner[resource]) } : inner;
  return {
    integrations: (inner) => {
      let out = wrap(inner, DYNAMODB_GET_ITEM, (i) => learningPositions(i, positions));
      out = wrap(out, DYNAMODB_QUERY, (i) => learningPositions(i, positions));
      return wrap(out, LAMBDA_INVOKE, (invoke) => async (parameters, call) => {
        // The payload as the handler would get it; a thrown non-TaskFailure is a function error (the core's journal says so).
        const payload = (parameters as { Payload?: unknown } | undefined)?.Payload ?? {};
        const items = call.itemPositions ?? positions.of(payload);
        if (items) injectFault(plan, items, throttlesLeft);
        return invoke(parameters, call);
      });
    },
  };
}

/**
 * For faults on an inline Map: what the state machine read, element by
 * element with its position: the list item's elements (GetItem), or each
 * row's value with the position its sort key holds (Query).
 */
function learningPositions(integration: TaskIntegration, positions: PayloadPositions): TaskIntegration {
  return async (parameters, call) => {
    const out = (await integration(parameters, call)) as { Item?: Record<string, { L?: unknown[] }>; Items?: Record<string, { S?: string }>[] };
    out.Item?.[LIST_ATTRIBUTE]?.L?.forEach((element, i) => positions.learn(element, i));
    for (const row of out.Items ?? []) {
      const position = Number(row[SORT_KEY]?.S);
      if (Number.isInteger(position)) positions.learn(row[ROW_ATTRIBUTE], position);
    }
    return out;
  };
}

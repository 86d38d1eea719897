/** Synthesizes the stack once per option set and parses it, for the stack tests. */
import { Testing } from "cdktf";
import { WorkflowStack, type WorkflowStackProps } from "../../stacks/workflow-stack";

export type TfJson = {
  variable: Record<string, any>;
  resource: Record<string, Record<string, any>>;
  data: Record<string, Record<string, any>>;
  output: Record<string, any>;
  locals: Record<string, any>;
  provider: Record<string, any[]>;
  terraform: Record<string, any>;
};

export function synthStack(props: WorkflowStackProps = {}): { text: string; json: TfJson } {
  // No future flags: cdktn turns on canonicalAssetHashes with them, which would
  // change the asset hash between cdktf and cdktn (npm run check:cdktn).
  const app = Testing.app({ enableFutureFlags: false });
  const stack = new WorkflowStack(app, "test", props);
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as TfJson };
}

/** The single resource of a type, failing the test when there are none or several. */
export function only(json: TfJson, type: string): any {
  const found = Object.values(json.resource[type] ?? {});
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

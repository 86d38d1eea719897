/**
 * buildDefinition with its states as `any`, for tests that read deep into
 * one state's fields: the typed union (stacks/definition/asl.ts) would need a
 * narrowing or a cast at every line, and asl-validator checks the whole
 * document anyway.
 */
import { buildDefinition, type Definition, type DefinitionParams } from "../../stacks/definition";

export type LooseDefinition = Omit<Definition, "States"> & { readonly States: Record<string, any> };

export function looseDefinition(p: DefinitionParams): LooseDefinition {
  return buildDefinition(p);
}

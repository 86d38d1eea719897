/**
 * The project's definition for concrete settings: the one the stack deploys
 * for these variables (stacks/rendered-definitions.ts builds the same with
 * Terraform expressions), calling the given table and function.
 * Used by the offline run and by `npm run definition`.
 */
import { HISTORY_EVENT_QUOTA } from "../../stacks/aws-limits";
import { buildDefinition, chainParams, NUMBER_ARITHMETIC, shapeOf, tunableParams, type Definition } from "../../stacks/definition";
import type { SettingValues } from "../../stacks/settings";

export interface DefinitionResources {
  readonly tableName: string;
  readonly functionArn: string;
}

/** `historyQuota`: a smaller quota than AWS's (tests of continue-as-new); the stack always uses AWS's. */
export function projectDefinition(settings: SettingValues, resources: DefinitionResources, historyQuota = HISTORY_EVENT_QUOTA): Definition {
  return buildDefinition({
    ...resources,
    ...tunableParams(settings),
    ...chainParams(settings, NUMBER_ARITHMETIC, historyQuota),
    ...shapeOf(settings),
  });
}

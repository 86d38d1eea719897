/**
 * Declares one Terraform variable per entry of the settings table, with its
 * validation block rendered from the shared rule.
 */
import { TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { ruleMessage, settings, type Setting, type SettingName } from "./settings";

export type Variables = Record<SettingName, TerraformVariable>;

export function declareVariables(scope: Construct): Variables {
  const declared = {} as Variables;
  for (const [name, setting] of Object.entries(settings) as [SettingName, Setting][]) {
    declared[name] = new TerraformVariable(scope, name, {
      type: setting.type,
      default: setting.default,
      description: setting.description,
      nullable: false,
      validation: [
        {
          // A JSON string in a Terraform JSON condition is a template: wrap the
          // expression so Terraform evaluates it rather than reading text.
          condition: "${" + setting.rule.condition(`var.${name}`) + "}",
          errorMessage: ruleMessage(setting),
        },
      ],
    });
  }
  return declared;
}

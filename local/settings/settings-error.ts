/** The settings' refusal, shared by the resolver and the tfvars reader. */
import { UserError } from "../../cli/errors";

/** A value Terraform would refuse: printed as one line, exit 1, nothing started. */
export class SettingsError extends UserError {
  override name = "SettingsError";
}

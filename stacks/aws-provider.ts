/**
 * The AWS provider: region and credentials from the usual configuration
 * (AWS_REGION, AWS_PROFILE, ~/.aws), never hard-coded, and default tags:
 * the user's (var.tags) merged with the project's own.
 *
 * `emulatorEndpoint` points every service this stack uses at a local AWS
 * emulator (moto) with test credentials. It is an explicit option, set only
 * by the Terraform test harness or a user who asks for it; a real
 * `cdktf deploy` never takes this path.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Fn, Token } from "cdktf";
import type { Construct } from "constructs";
import type { PROJECT_TAG_KEYS } from "./settings";

const PROJECT_TAG = "stepfunctions-map-cdktf";

/** Services the stack calls, by their provider endpoint names. */
const EMULATED_SERVICES = ["dynamodb", "iam", "lambda", "sfn", "sts", "cloudwatchlogs"] as const;

/** The tags the stack sets on every resource; their keys are PROJECT_TAG_KEYS, which var.tags may not use. */
const PROJECT_TAGS: Record<(typeof PROJECT_TAG_KEYS)[number], string> = { Project: PROJECT_TAG, ManagedBy: "cdktf" };

/**
 * @param userTags the tags variable (a map(string) token): merged under the
 * project's tags, so even if its validation were bypassed, Project and
 * ManagedBy would keep the stack's values (merge: later arguments win).
 */
export function awsProvider(scope: Construct, userTags: unknown, emulatorEndpoint?: string): AwsProvider {
  const tags = { defaultTags: [{ tags: Token.asStringMap(Fn.merge([userTags, PROJECT_TAGS])) }] };
  if (!emulatorEndpoint) return new AwsProvider(scope, "aws", tags);
  return new AwsProvider(scope, "aws", {
    ...tags,
    region: "us-east-1",
    accessKey: "test",
    secretKey: "test",
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: "true",
    skipRegionValidation: true,
    endpoints: [Object.fromEntries(EMULATED_SERVICES.map((s) => [s, emulatorEndpoint]))],
  });
}

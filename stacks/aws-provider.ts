/**
 * The AWS provider: region and credentials from the usual configuration
 * (AWS_REGION, AWS_PROFILE, ~/.aws), never hard-coded, and default tags
 * naming the project.
 *
 * `emulatorEndpoint` points every service this stack uses at a local AWS
 * emulator (moto) with test credentials. It is an explicit option, set only
 * by the Terraform test harness or a user who asks for it; a real
 * `cdktf deploy` never takes this path.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";

export const PROJECT_TAG = "stepfunctions-map-cdktf";

/** Services the stack calls, by their provider endpoint names. */
const EMULATED_SERVICES = ["dynamodb", "iam", "lambda", "sfn", "sts", "cloudwatchlogs"] as const;

export function awsProvider(scope: Construct, emulatorEndpoint?: string): AwsProvider {
  const tags = { defaultTags: [{ tags: { Project: PROJECT_TAG, ManagedBy: "cdktf" } }] };
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

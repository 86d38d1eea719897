/**
 * The AWS SDK clients of `npm run execute`. Region: --region, else the region
 * the state machine ARN names, else the SDK's own chain (AWS_REGION, the
 * profile). Credentials: always the SDK's chain (--profile selects the
 * profile); nothing is invented for an --endpoint, so an emulator needs
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY like AWS does (any value).
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { SFNClient } from "@aws-sdk/client-sfn";
import { regionOfArn } from "./arn";

export interface ConnectionOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
}

function config(opts: ConnectionOptions, arn: string | undefined) {
  const region = opts.region ?? (arn ? regionOfArn(arn) : undefined);
  return {
    ...(region !== undefined ? { region } : {}),
    ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    maxAttempts: 3,
  };
}

export function sfnClient(opts: ConnectionOptions, stateMachineArn?: string): SFNClient {
  return new SFNClient(config(opts, stateMachineArn));
}

export function logsClient(opts: ConnectionOptions, stateMachineArn?: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient(config(opts, stateMachineArn));
}

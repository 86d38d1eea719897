/**
 * Every AWS SDK client the commands make (DynamoDB for npm run seed and the
 * offline runner's local server; Step Functions and CloudWatch Logs for npm
 * run execute), under one policy:
 *
 * Endpoint: --endpoint, checked up front to be an http(s) URL, so a typo is
 * one line rather than the SDK's TypeError.
 *
 * Credentials: --profile gives them (fromIni, which names the profile when it
 * cannot be read). Without --endpoint, the SDK's own chain, and nothing is
 * ever invented: a request to AWS must carry the user's own credentials.
 * With --endpoint, the credentials AWS_ACCESS_KEY_ID or AWS_PROFILE give when
 * there are any, else "test"/"test": every local emulator (dynalite, moto,
 * LocalStack) accepts any credentials, and without this a user pointing a
 * command at one gets a credentials error that has nothing to do with the
 * emulator.
 *
 * Region: --region; else the region the ARN in use names (execute); else the
 * SDK's chain (AWS_REGION, the profile's); with --endpoint, AWS_REGION or
 * us-east-1, since an emulator serves any region.
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SFNClient } from "@aws-sdk/client-sfn";
import { fromIni } from "@aws-sdk/credential-providers";
import { regionOfArn } from "./arn";
import { AwsAccessError } from "./errors";

/** Static credentials, as the SDK takes them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ConnectionOptions {
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
  /** A local emulator (dynalite, moto, LocalStack) instead of AWS. */
  readonly endpoint?: string | undefined;
  /** Where AWS_* variables are read (default process.env). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** The command-line options of every command that reaches AWS (node:util parseArgs). */
export const CONNECTION_OPTIONS = {
  region: { type: "string" },
  profile: { type: "string" },
  endpoint: { type: "string" },
} as const;

/** The credentials any emulator accepts. */
export const EMULATOR_CREDENTIALS: Credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** Throws a one-line AwsAccessError unless `endpoint` is an http:// or https:// URL with a host. */
export function checkEndpoint(endpoint: string): string {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    throw new AwsAccessError(`--endpoint must be a URL such as http://127.0.0.1:4566 (http or https), not ${JSON.stringify(endpoint)}`);
  }
  return endpoint;
}

/** The client configuration of the policy above; `arn` is the ARN the client works on, if any. */
export function clientConfig(opts: ConnectionOptions, arn?: string) {
  const env = opts.env ?? process.env;
  const endpoint = opts.endpoint === undefined ? undefined : checkEndpoint(opts.endpoint);
  const region = opts.region ?? (arn ? regionOfArn(arn) : undefined) ?? (endpoint ? env.AWS_REGION || "us-east-1" : undefined);
  const credentials = opts.profile ? fromIni({ profile: opts.profile }) : endpoint ? emulatorCredentials(env) : undefined;
  return {
    // A profile gives the region as well (an explicit one still wins).
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    maxAttempts: 3,
  };
}

/**
 * With an emulator: the keys in the environment, else AWS_PROFILE's, else the
 * test ones. The default profile is not read: it may run an SSO login or a
 * credential_process for nothing, since the emulator checks no credentials.
 */
function emulatorCredentials(env: NodeJS.ProcessEnv): () => Promise<Credentials> {
  return async () => {
    if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
      return {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      };
    }
    if (env.AWS_PROFILE) {
      try {
        return await fromIni({ profile: env.AWS_PROFILE })();
      } catch {
        // An unusable profile is no reason to fail against an emulator.
      }
    }
    return EMULATOR_CREDENTIALS;
  };
}

export function dynamoClient(opts: ConnectionOptions): DynamoDBClient {
  return new DynamoDBClient(clientConfig(opts));
}

export function sfnClient(opts: ConnectionOptions, stateMachineArn?: string): SFNClient {
  return new SFNClient(clientConfig(opts, stateMachineArn));
}

export function logsClient(opts: ConnectionOptions, stateMachineArn?: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient(clientConfig(opts, stateMachineArn));
}

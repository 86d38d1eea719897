/** The one endpoint, credentials and region policy of every client the commands make. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { checkEndpoint, clientConfig, dynamoClient, EMULATOR_CREDENTIALS, logsClient, sfnClient } from "../../aws/clients";
import { AwsAccessError } from "../../aws/errors";

const ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:m";
/** Runs `body` with AWS_CONFIG_FILE pointing at a fresh file holding `text`. */
async function withConfigFile(text: string, body: () => Promise<void>): Promise<void> {
  const config = path.join(mkdtempSync(path.join(tmpdir(), "clients-")), "config");
  writeFileSync(config, text);
  const saved = process.env.AWS_CONFIG_FILE;
  process.env.AWS_CONFIG_FILE = config;
  try {
    await body();
  } finally {
    if (saved === undefined) delete process.env.AWS_CONFIG_FILE;
    else process.env.AWS_CONFIG_FILE = saved;
  }
}

const credentialsOf = async (config: ReturnType<typeof clientConfig>) => (typeof config.credentials === "function" ? config.credentials() : config.credentials);

describe("--endpoint", () => {
  test.each(["notaurl", "localhost:4566", "ftp://127.0.0.1:21", "http://", ""])("%j is refused with one line", (endpoint) => {
    expect(() => checkEndpoint(endpoint)).toThrow(AwsAccessError);
    expect(() => clientConfig({ endpoint })).toThrow(/^--endpoint must be a URL such as http:\/\/127\.0\.0\.1:4566 \(http or https\), not /);
  });
  test.each(["http://127.0.0.1:4566", "https://dynamodb.local", "http://[::1]:8000/"])("%j is taken", (endpoint) => {
    expect(checkEndpoint(endpoint)).toBe(endpoint);
  });
});

describe("credentials: invented for an emulator only, and for every client alike", () => {
  test("with --endpoint and nothing in the environment: the test credentials", async () => {
    expect(await credentialsOf(clientConfig({ endpoint: "http://127.0.0.1:1", env: {} }))).toEqual(EMULATOR_CREDENTIALS);
    for (const client of [
      dynamoClient({ endpoint: "http://127.0.0.1:1", env: {} }),
      sfnClient({ endpoint: "http://127.0.0.1:1", env: {} }),
      logsClient({ endpoint: "http://127.0.0.1:1", env: {} }),
    ]) {
      expect(await client.config.credentials()).toMatchObject(EMULATOR_CREDENTIALS);
      client.destroy();
    }
  });

  test("with --endpoint, the environment's keys win", async () => {
    const env = { AWS_ACCESS_KEY_ID: "AKIDENV", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t" };
    expect(await credentialsOf(clientConfig({ endpoint: "http://127.0.0.1:1", env }))).toEqual({
      accessKeyId: "AKIDENV",
      secretAccessKey: "s",
      sessionToken: "t",
    });
  });

  test("with --endpoint and an AWS_PROFILE that cannot be read: still the test credentials", async () => {
    await withConfigFile("", async () => {
      expect(await credentialsOf(clientConfig({ endpoint: "http://127.0.0.1:1", env: { AWS_PROFILE: "nobody-here" } }))).toEqual(EMULATOR_CREDENTIALS);
    });
  });

  test("without --endpoint nothing is invented: the SDK's chain", () => {
    expect(clientConfig({ env: {} })).not.toHaveProperty("credentials");
    expect(clientConfig({ region: "eu-west-1", env: {} })).not.toHaveProperty("credentials");
  });

  // Moved from the seed's tests with dynamoClient.
  test("--profile gives credentials and region (an explicit --region still wins), with or without --endpoint", async () => {
    await withConfigFile("[profile p]\nregion = eu-west-1\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n", async () => {
      for (const client of [
        dynamoClient({ profile: "p" }),
        dynamoClient({ profile: "p", endpoint: "http://127.0.0.1:1", env: {} }),
        sfnClient({ profile: "p" }),
      ]) {
        expect((await client.config.credentials()).accessKeyId).toBe("AKIDEXAMPLE");
        client.destroy();
      }
      const client = dynamoClient({ profile: "p" });
      expect(await client.config.region()).toBe("eu-west-1");
      client.destroy();
      const explicit = sfnClient({ profile: "p", region: "ap-south-1" });
      expect(await explicit.config.region()).toBe("ap-south-1");
      explicit.destroy();
    });
  });
});

describe("region", () => {
  test("--region, else the ARN's, else with --endpoint AWS_REGION or us-east-1, else the SDK's chain", () => {
    expect(clientConfig({ region: "ap-south-1", env: {} }, ARN).region).toBe("ap-south-1");
    expect(clientConfig({ env: {} }, ARN).region).toBe("eu-west-1");
    expect(clientConfig({ endpoint: "http://127.0.0.1:1", env: { AWS_REGION: "sa-east-1" } }).region).toBe("sa-east-1");
    expect(clientConfig({ endpoint: "http://127.0.0.1:1", env: {} }).region).toBe("us-east-1");
    expect(clientConfig({ env: {} })).not.toHaveProperty("region");
  });
});

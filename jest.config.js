/**
 * `npm test` runs every test but the Terraform tier, which needs the tools
 * built by `npm run setup:terraform` and runs with `npm run test:terraform`.
 * @type {import('jest').Config}
 */
const terraformTier = process.env.TEST_TIER === "terraform";

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: terraformTier ? ["**/__tests__/terraform/*.tier.test.ts"] : ["**/*.test.ts"],
  testPathIgnorePatterns: terraformTier ? ["/node_modules/"] : ["/node_modules/", "\\.tier\\.test\\.ts$"],
  transform: { "^.+\\.ts$": "ts-jest" },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
  // Synthesis and local servers take a few seconds; behaviour, not speed, is asserted.
  testTimeout: 60_000,
};

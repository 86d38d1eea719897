/**
 * The cdktf app: builds the stack, nothing else.
 *
 * Synth-time options, all off by default:
 *  - SEED_FILE=path/to/list.json   also manage the work list item with Terraform,
 *                                  so `cdktf deploy` alone loads the data;
 *  - CDKTF_EMULATOR_ENDPOINT=url   point the AWS provider at a local emulator
 *                                  (moto) with test credentials;
 *  - TF_STATE_BUCKET=bucket        keep the state in S3 (CI, teams) instead of
 *                                  the local terraform.<stack>.tfstate.
 */
import { App } from "cdktf";
import { WorkflowStack } from "./stacks/workflow-stack";
import { readListFile } from "./seed/list-file";
import { STACK_NAME } from "./stacks/project";

const app = new App();
new WorkflowStack(app, STACK_NAME, {
  seedList: process.env.SEED_FILE ? readListFile(process.env.SEED_FILE) : undefined,
  emulatorEndpoint: process.env.CDKTF_EMULATOR_ENDPOINT || undefined,
  stateBucket: process.env.TF_STATE_BUCKET || undefined,
});
app.synth();

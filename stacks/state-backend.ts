/**
 * Where Terraform keeps the stack's state: a local file beside the project, or
 * an S3 bucket with S3 native locking (what CI and teams need).
 */
import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import { stateFileName } from "./project";

export interface StateBackendProps {
  /**
   * Keep the state in this S3 bucket, under `<stack id>/terraform.tfstate`,
   * locked with S3 native locking (`use_lockfile`, Terraform 1.10 or later).
   * @default undefined: local state file terraform.<stack>.tfstate in the project root
   */
  readonly stateBucket?: string;
}

/** Declares the stack's backend; a stack has exactly one, so this is a function of the stack, not a construct. */
export function declareStateBackend(stack: TerraformStack, stackId: string, props: StateBackendProps = {}): void {
  if (props.stateBucket) {
    new S3Backend(stack, { bucket: props.stateBucket, key: `${stackId}/terraform.tfstate`, encrypt: true });
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
  } else {
    // State beside the project (not under cdktf.out, which synth rewrites), by a
    // relative path so the synthesized JSON is the same on every machine.
    new LocalBackend(stack, { path: `../../../${stateFileName(stackId)}` });
  }
}

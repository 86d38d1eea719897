/**
 * Bundles a TypeScript Lambda handler with esbuild at synth time, copies the
 * bundle into the stack's output as an asset, and zips it with the archive
 * provider's `archive_file` data source. The zip's hash feeds the function's
 * `source_code_hash`, so a code change redeploys the function and nothing else.
 */
import { mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";
import { AssetType, TerraformAsset } from "cdktf";
import { DataArchiveFile } from "@cdktf/provider-archive/lib/data-archive-file";
import { Construct } from "constructs";

export interface FunctionBundleProps {
  /** The handler's entry file (TypeScript); its export `handler` is the Lambda handler. */
  readonly entry: string;
  /** Node.js version the bundle targets; matches the Lambda runtime. @default "node22" */
  readonly target?: string;
}

export class FunctionBundle extends Construct {
  /** The zipped bundle: `outputPath` and `outputBase64Sha256` go to the function. */
  public readonly archive: DataArchiveFile;
  /** The handler setting for the function: file `index.js`, export `handler`. */
  public readonly handler = "index.handler";

  constructor(scope: Construct, id: string, props: FunctionBundleProps) {
    super(scope, id);
    const outDir = path.join(path.dirname(props.entry), "..", "..", ".build", id);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    buildSync({
      entryPoints: [props.entry],
      outfile: path.join(outDir, "index.js"),
      bundle: true,
      platform: "node",
      format: "cjs",
      target: props.target ?? "node22",
      // No timestamps or absolute paths in the output: the same code gives the same hash.
      legalComments: "none",
      logLevel: "error",
    });
    const asset = new TerraformAsset(this, "code", { path: outDir, type: AssetType.DIRECTORY });
    this.archive = new DataArchiveFile(this, "zip", {
      type: "zip",
      sourceDir: asset.path,
      outputPath: `\${path.module}/dist/${id}.zip`,
    });
  }
}

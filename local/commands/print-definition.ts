/**
 * `npm run definition -- [--var name=value]... [--var-file F]... [--function-arn ARN] [--mermaid]`:
 * prints, as formatted JSON, the exact States Language definition that the
 * stack deploys for these variables (cdk.tf.json holds all shapes as one
 * Terraform expression, which no reviewer can read).
 */
import { parseCommandLine, runCommand, type CommandIo } from "../../cli/run";
import { mermaidFlowchart } from "../../stacks/definition-diagram";
import { resourceNames } from "../../stacks/settings";
import { projectDefinition } from "../run/project-definition";
import { resolveSettings } from "../settings/settings-input";
import { varArgsOf } from "../settings/var-args";

const USAGE = `Usage: npm run definition -- [--var name=value]... [--var-file FILE]... [options]

Prints the state machine definition (Amazon States Language, formatted JSON)
that \`npm run deploy\` deploys with these variables, on stdout. Variables are
read as Terraform reads them: TF_VAR_<name>, then --var and --var-file in
command-line order (the later wins).

Options:
  --var name=value     a variable, as in Terraform (see the README's Variables table)
  --var-file FILE      a .tfvars or .tfvars.json file
  --function-arn ARN   the function the Map calls; default
                       arn:aws:lambda:<region>:<account>:function:<name_prefix>-process-item
                       (the region and account are known only once deployed)
  --mermaid            print the definition as a mermaid flowchart instead (the README's
                       diagram; GitHub renders it in a \`\`\`mermaid block)
  --help               show this help
`;

const OPTIONS = {
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
  "function-arn": { type: "string" },
  mermaid: { type: "boolean" },
} as const;

export function run(argv: readonly string[], io: CommandIo): Promise<number> {
  return runCommand({ name: "definition", usage: USAGE }, io, async () => {
    const parsed = parseCommandLine(argv, OPTIONS);
    const resolved = await resolveSettings({ args: varArgsOf(parsed.tokens), ...(io.env ? { env: io.env } : {}) });
    for (const w of resolved.warnings) io.stderr.write(`definition: warning: ${w}\n`);
    const names = resourceNames(resolved.values.name_prefix);
    const functionArn = parsed.values["function-arn"] ?? `arn:aws:lambda:<region>:<account>:function:${names.function}`;
    const definition = projectDefinition(resolved.values, { tableName: names.table, functionArn });
    io.stdout.write(parsed.values.mermaid ? mermaidFlowchart(definition) : `${JSON.stringify(definition, null, 2)}\n`);
    return 0;
  });
}

/** --var and --var-file in command-line order (the later wins, as in Terraform), from parseArgs' tokens. */
import type { VarArg } from "./settings-input";

interface Token {
  readonly kind: string;
  readonly name?: string;
  readonly value?: string | undefined;
}

export function varArgsOf(tokens: readonly Token[]): VarArg[] {
  const args: VarArg[] = [];
  for (const t of tokens) {
    if (t.kind !== "option" || t.value === undefined) continue;
    if (t.name === "var") args.push({ kind: "var", text: t.value });
    if (t.name === "var-file") args.push({ kind: "var-file", path: t.value });
  }
  return args;
}

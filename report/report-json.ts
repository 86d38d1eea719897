/**
 * `--json`: the report as JSON.stringify(report, null, 2) writes it, handed
 * out in pieces, so a report of a million items never becomes one string
 * (V8 refuses a string past about 512 MB; a million items pretty-printed
 * come near that) and stdout receives it as it is made.
 */

/** Pieces of about this many characters go to the stream at once. */
const PIECE_CHARS = 1 << 20;

/**
 * The text of JSON.stringify(doc, null, 2) + "\n", in pieces: each top-level
 * value whole, but the `items` array one element at a time. Top-level values
 * JSON leaves out (undefined) are left out here too.
 */
export function* reportJsonPieces(doc: Readonly<Record<string, unknown>>): Generator<string> {
  const keys = Object.keys(doc).filter((k) => doc[k] !== undefined && typeof doc[k] !== "function");
  let piece = "{\n";
  for (const [k, key] of keys.entries()) {
    const after = k < keys.length - 1 ? ",\n" : "\n";
    const value = doc[key];
    if (key === "items" && Array.isArray(value) && value.length > 0) {
      piece += `  ${JSON.stringify(key)}: [\n`;
      for (let i = 0; i < value.length; i++) {
        piece += `    ${indented(value[i], "    ")}${i < value.length - 1 ? ",\n" : "\n"}`;
        if (piece.length >= PIECE_CHARS) {
          yield piece;
          piece = "";
        }
      }
      piece += `  ]${after}`;
    } else {
      piece += `  ${JSON.stringify(key)}: ${indented(value, "  ")}${after}`;
    }
  }
  yield `${piece}}\n`;
}

/** A value as JSON.stringify(value, null, 2) writes it at this depth (newlines inside strings are escaped, so every newline is structure). */
function indented(value: unknown, indent: string): string {
  return (JSON.stringify(value, null, 2) ?? "null").replace(/\n/g, `\n${indent}`);
}

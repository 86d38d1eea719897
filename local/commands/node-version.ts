/**
 * aws-local-stepfunctions 3 calls Promise.withResolvers (Node.js 22+); on an
 * older Node it would fail mid-run with a TypeError. Checked first instead.
 */
const MIN_NODE_MAJOR = 22;

/** A one-line refusal for an older Node.js, or undefined when this one will do. */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  const major = Number(version.split(".")[0]);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return undefined;
  return `npm start needs Node.js ${MIN_NODE_MAJOR} or newer (the local engine calls Promise.withResolvers); this is Node.js ${version}. Run \`source .ci/node22.sh\` to put Node.js 22 first on PATH.`;
}

/** The synth comparison of npm run check:cdktn: a broken comparer must fail npm test. */
import { compareTerraformJson, diffJson, formatComparison, onlyExpected, SNAPSHOT_RULES, SYNTH_RULES, type Json } from "../../migration/compare";
import { multiLineEmptyBlocks, parseSnapFile, snapshotJson } from "../../migration/snapshots";

const base = (): { [key: string]: Json } => ({
  "//": { metadata: { version: "0.21.0", stackName: "s" }, outputs: {} },
  terraform: {
    required_providers: { aws: { source: "aws", version: "6.25.0" }, archive: { source: "hashicorp/archive", version: "2.7.1" } },
    backend: { local: { path: "terraform.s.tfstate" } },
  },
  provider: { aws: [{ region: "us-east-1" }], archive: [{}] },
  resource: {
    aws_dynamodb_table: { table: { name: "t", attribute: [{ name: "a", type: "S" }] } },
    aws_iam_role: { role: { name: "r", tags: { ManagedBy: "cdktf" } } },
  },
  data: {
    archive_file: { zip: { source_dir: "assets/code_56EAE68B/F3350595DEED3B4A5112E61475582A7C", type: "zip" } },
    aws_region: { region: {} },
  },
  variable: { max_concurrency: { type: "number", default: 1 } },
  output: { table_name: { value: "${aws_dynamodb_table.table.name}" } },
  locals: { shape_key: "${var.map_mode}" },
});

/** What cdktn's synth of the same app gives: only the expected differences. */
const cdktnOf = (doc: { [key: string]: Json }): { [key: string]: Json } => {
  const d = JSON.parse(JSON.stringify(doc));
  d["//"].metadata.version = "0.24.0";
  d.terraform.required_providers.aws = { source: "hashicorp/aws", version: "6.66.0" };
  d.terraform.required_providers.archive.version = "2.8.1";
  return d;
};

describe("diffJson", () => {
  it("finds leaves by path, in objects and arrays, including one-sided ones", () => {
    expect(diffJson({ a: [1, { b: 2 }], c: 1 }, { a: [1, { b: 3 }, 4], c: 1 })).toEqual([
      { path: ["a", "1", "b"], cdktf: 2, cdktn: 3 },
      { path: ["a", "2"], cdktf: undefined, cdktn: 4 },
    ]);
    expect(diffJson({ x: {} }, { x: {} })).toEqual([]);
    expect(diffJson({ x: null }, { x: 0 })).toEqual([{ path: ["x"], cdktf: null, cdktn: 0 }]);
  });
});

describe("compareTerraformJson", () => {
  it("lists every block item as the same and only the provider constraints and the version stamp as expected differences", () => {
    const c = compareTerraformJson(base(), cdktnOf(base()), SYNTH_RULES);
    expect(c.same).toEqual({
      resources: ["aws_dynamodb_table.table", "aws_iam_role.role"],
      "data sources": ["archive_file.zip", "aws_region.region"],
      variables: ["max_concurrency"],
      outputs: ["table_name"],
      locals: ["shape_key"],
      providers: ["archive", "aws"],
      "terraform settings": ["backend.local"],
      metadata: ["outputs"],
    });
    expect(c.differences.map((d) => [d.path.join("."), d.expected !== undefined])).toEqual([
      ["terraform.required_providers.archive.version", true],
      ["terraform.required_providers.aws.source", true],
      ["terraform.required_providers.aws.version", true],
      ["//.metadata.version", true],
    ]);
    expect(onlyExpected(c)).toBe(true);
  });

  it("flags any other change as unexpected: a resource attribute, a missing output, an extra resource, another provider source", () => {
    const b = cdktnOf(base());
    (b.resource as any).aws_dynamodb_table.table.attribute[0].type = "N";
    delete (b.output as any).table_name;
    (b.resource as any).aws_iam_role.extra = { name: "x" };
    (b.terraform as any).required_providers.archive.source = "someone/archive";
    const c = compareTerraformJson(base(), b, SYNTH_RULES);
    const unexpected = c.differences.filter((d) => !d.expected).map((d) => d.path.join("."));
    expect(unexpected).toEqual([
      "resource.aws_dynamodb_table.table.attribute.0.type",
      "resource.aws_iam_role.extra",
      "output.table_name",
      "terraform.required_providers.archive.source",
    ]);
    expect(onlyExpected(c)).toBe(false);
    expect(c.same.resources).toEqual(["aws_iam_role.role"]);
    expect(formatComparison(c).filter((l) => l.includes("UNEXPECTED"))).toHaveLength(4);
  });

  it("a version in a resource is no provider constraint", () => {
    const a = base();
    const b = cdktnOf(base());
    (a.resource as any).aws_iam_role.role.version = "1";
    (b.resource as any).aws_iam_role.role.version = "2";
    expect(onlyExpected(compareTerraformJson(a, b, SYNTH_RULES))).toBe(false);
  });

  it("accepts the asset hash of Testing.app() in snapshots only", () => {
    const b = cdktnOf(base());
    (b.data as any).archive_file.zip.source_dir = "assets/code_56EAE68B/9FD02AE4D71EBD350E0353D91EFAD242";
    expect(onlyExpected(compareTerraformJson(base(), b, SNAPSHOT_RULES))).toBe(true);
    expect(onlyExpected(compareTerraformJson(base(), b, SYNTH_RULES))).toBe(false);
    (b.data as any).archive_file.zip.source_dir = "assets/other_11111111/9FD02AE4D71EBD350E0353D91EFAD242";
    expect(onlyExpected(compareTerraformJson(base(), b, SNAPSHOT_RULES))).toBe(false);
  });

  it("refuses a document that is not an object", () => {
    expect(() => compareTerraformJson([], {}, SYNTH_RULES)).toThrow("JSON object");
  });
});

describe("snapshots", () => {
  // What jest writes for expect(text).toMatchSnapshot() of a synthesized stack.
  const snap = [
    "// Jest Snapshot v1, https://jestjs.io/docs/snapshot-testing",
    "",
    "exports[`stack 1`] = `",
    '"{',
    '  "output": {',
    '    "x": {',
    '      "value": "\\${var.a} \\\\" \\` q"',
    "    }",
    "  },",
    '  "provider": {',
    '    "archive": [',
    "      {",
    "      }",
    "    ]",
    "  }",
    '}"',
    "`;",
    "",
    'exports[`plain 1`] = `"not json"`;',
    "",
  ].join("\n");

  it("reads a .snap file as jest does and parses a stack snapshot as JSON", () => {
    const all = parseSnapFile(snap);
    expect(Object.keys(all)).toEqual(["stack 1", "plain 1"]);
    expect(snapshotJson(all["stack 1"]!)).toEqual({ output: { x: { value: '${var.a} " ` q' } }, provider: { archive: [{}] } });
    expect(snapshotJson(all["plain 1"]!)).toBeUndefined();
  });

  it("counts empty blocks printed across lines (cdktf) but not {} (cdktn)", () => {
    expect(multiLineEmptyBlocks('{\n  "a": {\n  },\n  "b": [\n  ]\n}')).toBe(2);
    expect(multiLineEmptyBlocks('{\n  "a": {},\n  "b": []\n}')).toBe(0);
  });
});

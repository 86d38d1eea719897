package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func pathOf(name string) path.Path { return path.Root(name) }

type archiveFileDataSource struct{}

var (
	_ datasource.DataSource                   = &archiveFileDataSource{}
	_ datasource.DataSourceWithValidateConfig = &archiveFileDataSource{}
)

func (d *archiveFileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (d *archiveFileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Generates an archive from content, a file, or directory of files.",
		Blocks: map[string]schema.Block{
			"source": schema.SetNestedBlock{
				Description: "Specifies attributes of a single source file to include into the archive. " + oneSourceMsg,
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"content":  schema.StringAttribute{Required: true, Description: "Add this content to the archive with `filename` as the filename."},
					"filename": schema.StringAttribute{Required: true, Description: "Set this as the filename when declaring a `source`."},
				}},
			},
		},
		Attributes: map[string]schema.Attribute{
			"id":                          schema.StringAttribute{Computed: true, Description: "The sha1 checksum hash of the output."},
			"type":                        schema.StringAttribute{Required: true, Description: "The type of archive to generate. NOTE: `zip` is supported."},
			"output_path":                 schema.StringAttribute{Required: true, Description: "The output of the archive file."},
			"output_file_mode":            schema.StringAttribute{Optional: true, Description: "Octal file mode for all archived files, e.g. \"0666\"."},
			"source_content":              schema.StringAttribute{Optional: true, Description: "Add only this content to the archive with `source_content_filename` as the filename. " + oneSourceMsg},
			"source_content_filename":     schema.StringAttribute{Optional: true, Description: "Set this as the filename when using `source_content`. " + oneSourceMsg},
			"source_file":                 schema.StringAttribute{Optional: true, Description: "Package this file into the archive. " + oneSourceMsg},
			"source_dir":                  schema.StringAttribute{Optional: true, Description: "Package entire contents of this directory into the archive. " + oneSourceMsg},
			"excludes":                    schema.SetAttribute{Optional: true, ElementType: types.StringType, Description: "Specify files/directories to ignore when reading the `source_dir`. Supports glob file matching patterns."},
			"exclude_symlink_directories": schema.BoolAttribute{Optional: true, Description: "Boolean flag indicating whether symbolically linked directories should be excluded during the creation of the archive. Defaults to false."},
			"output_size":                 schema.Int64Attribute{Computed: true, Description: "The byte size of the output archive file."},
			"output_sha":                  schema.StringAttribute{Computed: true, Description: "SHA1 checksum of output file"},
			"output_sha256":               schema.StringAttribute{Computed: true, Description: "SHA256 checksum of output file"},
			"output_base64sha256":         schema.StringAttribute{Computed: true, Description: "Base64 Encoded SHA256 checksum of output file"},
			"output_sha512":               schema.StringAttribute{Computed: true, Description: "SHA512 checksum of output file"},
			"output_base64sha512":         schema.StringAttribute{Computed: true, Description: "Base64 Encoded SHA512 checksum of output file"},
			"output_md5":                  schema.StringAttribute{Computed: true, Description: "MD5 of output file"},
		},
	}
}

func (d *archiveFileDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m archiveFileModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !allKnown(&m) {
		return
	}
	resp.Diagnostics.Append(m.validateSources()...)
}

func (d *archiveFileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m archiveFileModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.checkAndBuild(ctx)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// allKnown reports whether every source selector is known, so that the
// "exactly one source" rule can be checked at validate time.
func allKnown(m *archiveFileModel) bool {
	for _, v := range []types.String{m.SourceContent, m.SourceContentFilename, m.SourceFile, m.SourceDir} {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

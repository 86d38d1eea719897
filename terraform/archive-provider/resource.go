package main

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// archiveFileResource is the (deprecated upstream) resource form of archive_file.
type archiveFileResource struct{}

var (
	_ resource.Resource                   = &archiveFileResource{}
	_ resource.ResourceWithValidateConfig = &archiveFileResource{}
)

func (r *archiveFileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_file"
}

func (r *archiveFileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceStr := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	str := func(required bool, desc string) schema.StringAttribute {
		return schema.StringAttribute{Required: required, Optional: !required, Description: desc, PlanModifiers: replaceStr}
	}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		Description:        "Generates an archive from content, a file, or directory of files.",
		DeprecationMessage: "Use the archive_file data source instead.",
		Blocks: map[string]schema.Block{
			"source": schema.SetNestedBlock{
				Description:   "Specifies attributes of a single source file to include into the archive. " + oneSourceMsg,
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()},
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"content":  str(true, "Add this content to the archive with `filename` as the filename."),
					"filename": str(true, "Set this as the filename when declaring a `source`."),
				}},
			},
		},
		Attributes: map[string]schema.Attribute{
			"id":                      computed("The sha1 checksum hash of the output."),
			"type":                    str(true, "The type of archive to generate. NOTE: `zip` is supported."),
			"output_path":             str(true, "The output of the archive file."),
			"output_file_mode":        str(false, "Octal file mode for all archived files, e.g. \"0666\"."),
			"source_content":          str(false, "Add only this content to the archive with `source_content_filename` as the filename. "+oneSourceMsg),
			"source_content_filename": str(false, "Set this as the filename when using `source_content`. "+oneSourceMsg),
			"source_file":             str(false, "Package this file into the archive. "+oneSourceMsg),
			"source_dir":              str(false, "Package entire contents of this directory into the archive. "+oneSourceMsg),
			"excludes": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				Description:   "Specify files/directories to ignore when reading the `source_dir`. Supports glob file matching patterns.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.RequiresReplace()}},
			"exclude_symlink_directories": schema.BoolAttribute{Optional: true,
				Description:   "Boolean flag indicating whether symbolically linked directories should be excluded during the creation of the archive. Defaults to false.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()}},
			"output_size":         schema.Int64Attribute{Computed: true, Description: "The byte size of the output archive file."},
			"output_sha":          computed("SHA1 checksum of output file"),
			"output_sha256":       computed("SHA256 checksum of output file"),
			"output_base64sha256": computed("Base64 Encoded SHA256 checksum of output file"),
			"output_sha512":       computed("SHA512 checksum of output file"),
			"output_base64sha512": computed("Base64 Encoded SHA512 checksum of output file"),
			"output_md5":          computed("MD5 of output file"),
		},
	}
}

func (r *archiveFileResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m archiveFileModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !allKnown(&m) {
		return
	}
	resp.Diagnostics.Append(m.validateSources()...)
}

func (r *archiveFileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m archiveFileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.checkAndBuild(ctx)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read drops the resource from state when the archive is gone or changed, so
// the next plan recreates it.
func (r *archiveFileResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m archiveFileModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	out := m.OutputPath.ValueString()
	if _, err := os.Stat(out); err != nil {
		resp.State.RemoveResource(ctx)
		return
	}
	sums, err := checksums(out)
	if err != nil || sums.sha1 != m.OutputSha.ValueString() {
		resp.State.RemoveResource(ctx)
	}
}

func (r *archiveFileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	// Every argument forces replacement, so there is nothing to update in place.
	var m archiveFileModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *archiveFileResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// Like upstream, the archive file is left on disk.
}

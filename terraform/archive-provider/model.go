package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// archiveFileModel is shared by the data source and the resource: both have
// the same attributes in archive 2.7.1.
type archiveFileModel struct {
	ID                        types.String  `tfsdk:"id"`
	Type                      types.String  `tfsdk:"type"`
	OutputPath                types.String  `tfsdk:"output_path"`
	OutputFileMode            types.String  `tfsdk:"output_file_mode"`
	SourceContent             types.String  `tfsdk:"source_content"`
	SourceContentFilename     types.String  `tfsdk:"source_content_filename"`
	SourceFile                types.String  `tfsdk:"source_file"`
	SourceDir                 types.String  `tfsdk:"source_dir"`
	Excludes                  types.Set     `tfsdk:"excludes"`
	ExcludeSymlinkDirectories types.Bool    `tfsdk:"exclude_symlink_directories"`
	Source                    []sourceModel `tfsdk:"source"`
	OutputSize                types.Int64   `tfsdk:"output_size"`
	OutputSha                 types.String  `tfsdk:"output_sha"`
	OutputSha256              types.String  `tfsdk:"output_sha256"`
	OutputBase64Sha256        types.String  `tfsdk:"output_base64sha256"`
	OutputSha512              types.String  `tfsdk:"output_sha512"`
	OutputBase64Sha512        types.String  `tfsdk:"output_base64sha512"`
	OutputMd5                 types.String  `tfsdk:"output_md5"`
}

type sourceModel struct {
	Content  types.String `tfsdk:"content"`
	Filename types.String `tfsdk:"filename"`
}

const oneSourceMsg = "One and only one of source, source_content_filename (with source_content), source_file, or source_dir must be specified."

// validateSources checks the "exactly one kind of source" rule on known values.
func (m *archiveFileModel) validateSources() diag.Diagnostics {
	var diags diag.Diagnostics
	n := 0
	if len(m.Source) > 0 {
		n++
	}
	if !m.SourceContent.IsNull() || !m.SourceContentFilename.IsNull() {
		n++
		if m.SourceContent.IsNull() != m.SourceContentFilename.IsNull() {
			diags.AddError("Invalid source_content", "source_content and source_content_filename must be set together.")
		}
	}
	if !m.SourceFile.IsNull() {
		n++
	}
	if !m.SourceDir.IsNull() {
		n++
	}
	if n != 1 {
		diags.AddError("Invalid archive source", oneSourceMsg)
	}
	if !m.Type.IsNull() && !m.Type.IsUnknown() {
		switch m.Type.ValueString() {
		case "zip", "tar.gz":
		default:
			diags.AddAttributeError(pathOf("type"), "Unsupported archive type",
				fmt.Sprintf("archive type %q is not supported (zip or tar.gz)", m.Type.ValueString()))
		}
	}
	if !m.OutputFileMode.IsNull() && !m.OutputFileMode.IsUnknown() {
		if _, err := strconv.ParseUint(m.OutputFileMode.ValueString(), 8, 32); err != nil {
			diags.AddAttributeError(pathOf("output_file_mode"), "Invalid output_file_mode",
				fmt.Sprintf("%q is not an octal file mode", m.OutputFileMode.ValueString()))
		}
	}
	return diags
}

// checkAndBuild validates the sources and, when they are valid, writes the
// archive and fills in the computed attributes: what both the data source's
// Read and the resource's Create do.
func (m *archiveFileModel) checkAndBuild(ctx context.Context) diag.Diagnostics {
	diags := m.validateSources()
	if diags.HasError() {
		return diags
	}
	return append(diags, m.build(ctx)...)
}

// build writes the archive described by m and fills in the computed outputs.
func (m *archiveFileModel) build(ctx context.Context) diag.Diagnostics {
	var diags diag.Diagnostics
	opts := archiveOptions{
		Kind:          m.Type.ValueString(),
		OutputPath:    m.OutputPath.ValueString(),
		ExcludeSymDir: m.ExcludeSymlinkDirectories.ValueBool(),
	}
	if !m.OutputFileMode.IsNull() {
		v, _ := strconv.ParseUint(m.OutputFileMode.ValueString(), 8, 32)
		mode := uint32(v)
		opts.FileMode = &mode
	}
	if !m.Excludes.IsNull() && !m.Excludes.IsUnknown() {
		diags.Append(m.Excludes.ElementsAs(ctx, &opts.Excludes, false)...)
		if diags.HasError() {
			return diags
		}
	}
	var entries []entry
	var err error
	switch {
	case len(m.Source) > 0:
		for _, s := range m.Source {
			entries = append(entries, contentEntry(s.Filename.ValueString(), s.Content.ValueString()))
		}
	case !m.SourceContentFilename.IsNull():
		entries = append(entries, contentEntry(m.SourceContentFilename.ValueString(), m.SourceContent.ValueString()))
	case !m.SourceFile.IsNull():
		entries, err = fileEntries(m.SourceFile.ValueString())
	case !m.SourceDir.IsNull():
		entries, err = dirEntries(m.SourceDir.ValueString(), opts)
	}
	if err != nil {
		diags.AddError("Archive creation error", err.Error())
		return diags
	}
	if err := writeArchive(entries, opts); err != nil {
		diags.AddError("Archive creation error", err.Error())
		return diags
	}
	sums, err := checksums(filepath.Clean(opts.OutputPath))
	if err != nil {
		diags.AddError("Archive output error", err.Error())
		return diags
	}
	m.ID = types.StringValue(sums.sha1)
	m.OutputSize = types.Int64Value(sums.size)
	m.OutputSha = types.StringValue(sums.sha1)
	m.OutputSha256 = types.StringValue(sums.sha256)
	m.OutputBase64Sha256 = types.StringValue(sums.b64sha256)
	m.OutputSha512 = types.StringValue(sums.sha512)
	m.OutputBase64Sha512 = types.StringValue(sums.b64sha512)
	m.OutputMd5 = types.StringValue(sums.md5)
	return diags
}

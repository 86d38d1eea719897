package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

func TestZipIsDeterministicAndHonoursExcludes(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range map[string]string{"a.js": "a", "sub/b.js": "b", "skip.log": "x", "node_modules/m.js": "m"} {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	opts := archiveOptions{Kind: "zip", Excludes: []string{"*.log", "node_modules"}}
	var hashes []string
	for i := 0; i < 2; i++ {
		opts.OutputPath = filepath.Join(dir, "out", "f.zip")
		entries, err := dirEntries(src, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := writeArchive(entries, opts); err != nil {
			t.Fatal(err)
		}
		s, err := checksums(opts.OutputPath)
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, s.b64sha256)
	}
	if hashes[0] != hashes[1] {
		t.Fatalf("archive not deterministic: %v", hashes)
	}
	zr, err := zip.OpenReader(opts.OutputPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(names) != 2 || names[0] != "a.js" || names[1] != "sub/b.js" {
		t.Fatalf("unexpected entries %v", names)
	}
}

func TestContentEntryWithFileMode(t *testing.T) {
	dir := t.TempDir()
	mode := uint32(0o666)
	opts := archiveOptions{Kind: "zip", OutputPath: filepath.Join(dir, "c.zip"), FileMode: &mode}
	if err := writeArchive([]entry{contentEntry("hello.txt", "hello")}, opts); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(opts.OutputPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 1 || zr.File[0].Mode().Perm() != 0o666 {
		t.Fatalf("unexpected archive: %d files", len(zr.File))
	}
}

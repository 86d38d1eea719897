package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Fixed timestamp for every entry so that the same inputs give the same bytes
// (and therefore stable output_base64sha256 values between runs).
var entryTime = time.Date(2049, time.January, 1, 0, 0, 0, 0, time.UTC)

type archiveOptions struct {
	Kind          string
	OutputPath    string
	FileMode      *uint32
	Excludes      []string
	ExcludeSymDir bool
}

// entry is one file of the archive: its name inside the archive, its mode and
// a way to read its bytes.
type entry struct {
	name string
	mode fs.FileMode
	open func() (io.ReadCloser, error)
}

func contentEntry(name, content string) entry {
	return entry{name: filepath.ToSlash(name), mode: 0o644, open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(content)), nil
	}}
}

func openFile(p string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return os.Open(p) }
}

func fileEntries(p string) ([]entry, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("could not archive missing file: %s", p)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("source_file %s is a directory; use source_dir", p)
	}
	return []entry{{name: fi.Name(), mode: fi.Mode().Perm(), open: openFile(p)}}, nil
}

// excluded reports whether rel (slash-separated, relative to the source dir)
// matches an exclude: an exact relative path, the same path given with the
// source dir in front, or a glob pattern (path.Match, also tried per path
// prefix so that excluding a directory excludes its contents).
func excluded(root, rel string, excludes []string) bool {
	full := filepath.Clean(filepath.Join(root, filepath.FromSlash(rel)))
	for _, ex := range excludes {
		exSlash := filepath.ToSlash(filepath.Clean(ex))
		if exSlash == rel || filepath.Clean(ex) == full {
			return true
		}
		if ok, _ := path.Match(exSlash, rel); ok {
			return true
		}
		if ok, _ := filepath.Match(filepath.Clean(ex), full); ok {
			return true
		}
		if strings.HasPrefix(rel, exSlash+"/") {
			return true
		}
	}
	return false
}

func dirEntries(root string, opts archiveOptions) ([]entry, error) {
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("could not archive missing directory: %s", root)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("source_dir %s is not a directory", root)
	}
	var out []entry
	var walk func(dir, rel string, depth int) error
	walk = func(dir, rel string, depth int) error {
		if depth > 64 {
			return fmt.Errorf("too many levels of symbolic links under %s", root)
		}
		des, err := os.ReadDir(dir)
		if err != nil {
			return err
		}
		for _, de := range des {
			name := de.Name()
			childRel := name
			if rel != "" {
				childRel = rel + "/" + name
			}
			if excluded(root, childRel, opts.Excludes) {
				continue
			}
			p := filepath.Join(dir, name)
			info, err := os.Stat(p) // follows symbolic links
			if err != nil {
				return fmt.Errorf("error reading %s: %w", p, err)
			}
			if info.IsDir() {
				if de.Type()&fs.ModeSymlink != 0 && opts.ExcludeSymDir {
					continue
				}
				if err := walk(p, childRel, depth+1); err != nil {
					return err
				}
				continue
			}
			out = append(out, entry{name: childRel, mode: info.Mode().Perm(), open: openFile(p)})
		}
		return nil
	}
	if err := walk(root, "", 0); err != nil {
		return nil, err
	}
	return out, nil
}

func writeArchive(entries []entry, opts archiveOptions) error {
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	if err := os.MkdirAll(filepath.Dir(opts.OutputPath), 0o755); err != nil {
		return fmt.Errorf("could not create directory for %s: %w", opts.OutputPath, err)
	}
	tmp := opts.OutputPath + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	werr := func() error {
		switch opts.Kind {
		case "tar.gz":
			return writeTarGz(f, entries, opts)
		default:
			return writeZip(f, entries, opts)
		}
	}()
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(tmp)
		return werr
	}
	return os.Rename(tmp, opts.OutputPath)
}

func modeOf(e entry, opts archiveOptions) fs.FileMode {
	if opts.FileMode != nil {
		return fs.FileMode(*opts.FileMode)
	}
	return e.mode
}

func copyEntry(w io.Writer, e entry) error {
	r, err := e.open()
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = io.Copy(w, r)
	return err
}

func writeZip(f io.Writer, entries []entry, opts archiveOptions) error {
	zw := zip.NewWriter(f)
	for _, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: entryTime}
		fh.SetMode(modeOf(e, opts))
		w, err := zw.CreateHeader(fh)
		if err != nil {
			return err
		}
		if err := copyEntry(w, e); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writeTarGz(f io.Writer, entries []entry, opts archiveOptions) error {
	gw := gzip.NewWriter(f)
	tw := tar.NewWriter(gw)
	for _, e := range entries {
		r, err := e.open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			return err
		}
		hdr := &tar.Header{Name: e.name, Mode: int64(modeOf(e, opts)), Size: int64(len(data)), ModTime: entryTime, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gw.Close()
}

type sums struct {
	size                                            int64
	sha1, sha256, b64sha256, sha512, b64sha512, md5 string
}

func checksums(p string) (sums, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return sums{}, err
	}
	s1 := sha1.Sum(data)
	s256 := sha256.Sum256(data)
	s512 := sha512.Sum512(data)
	m5 := md5.Sum(data)
	return sums{
		size:      int64(len(data)),
		sha1:      hex.EncodeToString(s1[:]),
		sha256:    hex.EncodeToString(s256[:]),
		b64sha256: base64.StdEncoding.EncodeToString(s256[:]),
		sha512:    hex.EncodeToString(s512[:]),
		b64sha512: base64.StdEncoding.EncodeToString(s512[:]),
		md5:       hex.EncodeToString(m5[:]),
	}, nil
}

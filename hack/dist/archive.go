package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// File is one file to archive: Name inside the archive, Source on disk.
type File struct {
	Name       string
	Source     string
	Executable bool
}

// mode is the permission recorded for a file. Only the executable bit is
// kept from intent; the umask and the source file's own mode never reach
// the archive.
func (f File) mode() int64 {
	if f.Executable {
		return 0o755
	}
	return 0o644
}

// writeArchive writes files into a .tar.gz or .zip (by path's extension) and
// returns its SHA-256. Entries are sorted by name and carry mtime, root
// ownership and fixed modes, so the bytes depend on the files' contents alone.
func writeArchive(path string, files []File, mtime time.Time) (string, error) {
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })

	out, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer out.Close()

	sum := sha256.New()
	w := io.MultiWriter(out, sum)
	if strings.HasSuffix(path, ".zip") {
		err = writeZip(w, sorted, mtime)
	} else {
		err = writeTarGz(w, sorted, mtime)
	}
	if err != nil {
		return "", err
	}
	if err := out.Close(); err != nil {
		return "", err
	}

	return hex.EncodeToString(sum.Sum(nil)), nil
}

func writeTarGz(w io.Writer, files []File, mtime time.Time) error {
	// A zero gzip header: no file name, no time stamp.
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)

	for _, f := range files {
		data, err := os.ReadFile(f.Source)
		if err != nil {
			return err
		}
		header := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     f.Name,
			Mode:     f.mode(),
			Size:     int64(len(data)),
			ModTime:  mtime,
			Format:   tar.FormatUSTAR,
		}
		if err := tw.WriteHeader(header); err != nil {
			return fmt.Errorf("archiving %s: %w", f.Name, err)
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}

	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, files []File, mtime time.Time) error {
	zw := zip.NewWriter(w)

	for _, f := range files {
		data, err := os.ReadFile(f.Source)
		if err != nil {
			return err
		}
		// Modified in UTC: zip stores local wall-clock time, so any other
		// zone would make the bytes depend on the builder's TZ.
		header := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: mtime.UTC()}
		header.SetMode(os.FileMode(f.mode()))
		entry, err := zw.CreateHeader(header)
		if err != nil {
			return fmt.Errorf("archiving %s: %w", f.Name, err)
		}
		if _, err := entry.Write(data); err != nil {
			return err
		}
	}

	return zw.Close()
}

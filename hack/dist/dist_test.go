package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"
)

type entry struct {
	Name    string
	Mode    int64
	ModTime time.Time
	Body    string
}

// testFiles writes two source files with the given permission bits, so a test
// can show that the archive ignores them.
func testFiles(t *testing.T, perm os.FileMode) []File {
	t.Helper()
	dir := t.TempDir()
	bin, readme := filepath.Join(dir, "bin"), filepath.Join(dir, "readme")
	for path, body := range map[string]string{bin: "\x7fELF binary", readme: "# read me\n"} {
		if err := os.WriteFile(path, []byte(body), perm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, perm); err != nil {
			t.Fatal(err)
		}
	}
	// Deliberately not in name order.
	return []File{
		{Name: "kubectl-binderhubui", Source: bin, Executable: true},
		{Name: "README.md", Source: readme},
	}
}

func TestArchivesAreReproducible(t *testing.T) {
	mtime := time.Unix(1_700_000_000, 0)

	for _, ext := range []string{".tar.gz", ".zip"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			first, second := filepath.Join(dir, "a"+ext), filepath.Join(dir, "b"+ext)
			sumA, err := writeArchive(first, testFiles(t, 0o600), mtime)
			if err != nil {
				t.Fatal(err)
			}
			// Other source permissions and a later clock must not matter.
			time.Sleep(1100 * time.Millisecond)
			sumB, err := writeArchive(second, testFiles(t, 0o777), mtime)
			if err != nil {
				t.Fatal(err)
			}

			a, _ := os.ReadFile(first)
			b, _ := os.ReadFile(second)
			if sumA != sumB || !bytes.Equal(a, b) {
				t.Errorf("two archives of the same files differ: %s vs %s", sumA, sumB)
			}
		})
	}
}

func TestArchiveEntries(t *testing.T) {
	mtime := time.Unix(1_700_000_000, 0).UTC()
	want := []entry{
		{Name: "README.md", Mode: 0o644, ModTime: mtime, Body: "# read me\n"},
		{Name: "kubectl-binderhubui", Mode: 0o755, ModTime: mtime, Body: "\x7fELF binary"},
	}

	for ext, read := range map[string]func(*testing.T, string) []entry{".tar.gz": readTarGz, ".zip": readZip} {
		t.Run(ext, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x"+ext)
			if _, err := writeArchive(path, testFiles(t, 0o600), mtime); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, read(t, path)); diff != "" {
				t.Errorf("archive entries mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func readTarGz(t *testing.T, path string) []entry {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	if !gz.ModTime.IsZero() || gz.Name != "" {
		t.Errorf("gzip header carries time %v and name %q, want neither", gz.ModTime, gz.Name)
	}

	var entries []entry
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return entries
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Gname != "" {
			t.Errorf("%s is owned by %d:%d (%s:%s), want 0:0 with no names", h.Name, h.Uid, h.Gid, h.Uname, h.Gname)
		}
		body, _ := io.ReadAll(tr)
		entries = append(entries, entry{Name: h.Name, Mode: h.Mode, ModTime: h.ModTime.UTC(), Body: string(body)})
	}
}

func readZip(t *testing.T, path string) []entry {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()

	var entries []entry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		entries = append(entries, entry{Name: f.Name, Mode: int64(f.Mode().Perm()), ModTime: f.Modified.UTC(), Body: string(body)})
	}
	return entries
}

func TestKrewVersion(t *testing.T) {
	tests := []struct{ version, commit, want string }{
		{"v0.3.0", "abc1234", "v0.3.0"},
		{"v0.3.0-rc.1", "abc1234", "v0.3.0-rc.1"},
		{"v0.3.0-4-gabc1234-dirty", "abc1234", "v0.3.0-4-gabc1234-dirty"},
		{"abc1234", "abc1234", "v0.0.0-dev.gabc1234"},
		{"0123456-dirty", "0123456", "v0.0.0-dev.g0123456"},
		{"0.3.0", "abc1234", "v0.0.0-dev.gabc1234"},
	}
	for _, tt := range tests {
		if got := krewVersion(tt.version, tt.commit); got != tt.want {
			t.Errorf("krewVersion(%q, %q) = %q, want %q", tt.version, tt.commit, got, tt.want)
		}
	}
}

// TestKrewManifestTemplate renders the repository's template and checks the
// fields krew reads, per platform.
func TestKrewManifestTemplate(t *testing.T) {
	platforms, err := parsePlatforms(strings.Join(defaultPlatforms, ","))
	if err != nil {
		t.Fatal(err)
	}
	for i := range platforms {
		p := &platforms[i]
		p.SHA256 = strings.Repeat("ab", 32)
		p.URI = "https://example.com/" + p.ArchiveName("v1.2.3")
		for _, f := range p.Files("unused") {
			p.Contents = append(p.Contents, f.Name)
		}
	}

	out := filepath.Join(t.TempDir(), "binderhubui.yaml")
	if err := writeKrewManifest("../../.krew.yaml", out, "v1.2.3", platforms); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}

	var manifest struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct{ Name string }
		Spec       struct {
			Version   string
			Platforms []struct {
				Selector struct{ MatchLabels map[string]string } `json:"selector"`
				URI      string                                  `json:"uri"`
				SHA256   string                                  `json:"sha256"`
				Bin      string                                  `json:"bin"`
				Files    []struct{ From, To string }             `json:"files"`
			}
		}
	}
	if err := yaml.Unmarshal(data, &manifest); err != nil {
		t.Fatalf("the rendered manifest is not YAML: %v\n%s", err, data)
	}
	if manifest.APIVersion != "krew.googlecontainertools.github.com/v1alpha2" || manifest.Kind != "Plugin" ||
		manifest.Metadata.Name != "binderhubui" || manifest.Spec.Version != "v1.2.3" {
		t.Errorf("header = %s %s %s %s", manifest.APIVersion, manifest.Kind, manifest.Metadata.Name, manifest.Spec.Version)
	}
	if len(manifest.Spec.Platforms) != len(platforms) {
		t.Fatalf("got %d platforms, want %d", len(manifest.Spec.Platforms), len(platforms))
	}
	for i, got := range manifest.Spec.Platforms {
		p := platforms[i]
		if got.Selector.MatchLabels["os"] != p.OS || got.Selector.MatchLabels["arch"] != p.Arch {
			t.Errorf("platform %d selects %v, want %s/%s", i, got.Selector.MatchLabels, p.OS, p.Arch)
		}
		if got.URI != p.URI || got.SHA256 != p.SHA256 || got.Bin != p.Binary() {
			t.Errorf("platform %s/%s: uri %q sha256 %q bin %q", p.OS, p.Arch, got.URI, got.SHA256, got.Bin)
		}
		if len(got.Files) != len(p.Contents) {
			t.Errorf("platform %s/%s copies %d files, want %d", p.OS, p.Arch, len(got.Files), len(p.Contents))
		}
	}
}

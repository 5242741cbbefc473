// Command dist builds the release archives of kubectl-binderhubui and the krew
// manifest that points at them. `make dist` runs it; see mk/dist.mk.
//
// The archives are reproducible: the same commit, Go toolchain and flags give
// the same bytes, so that anyone can rebuild a release and compare checksums.
// That is why the archives are written here rather than by tar and zip, whose
// output depends on their version, the umask, the time zone and the order in
// which the file system lists a folder.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Options are the command's flags.
type Options struct {
	Go         string
	OutDir     string
	Version    string
	Commit     string
	LDFlags    string
	Platforms  string
	SourceDate int64
	URLBase    string
	Template   string
}

func main() {
	var o Options
	flag.StringVar(&o.Go, "go", "go", "the go command")
	flag.StringVar(&o.OutDir, "out", "dist", "folder to write the archives and manifest to")
	flag.StringVar(&o.Version, "version", "dev", "version stamped into the binary and named in the archives")
	flag.StringVar(&o.Commit, "commit", "unknown", "commit, used in the krew version when -version is not semver")
	flag.StringVar(&o.LDFlags, "ldflags", "", "extra -ldflags for go build (the version variables)")
	flag.StringVar(&o.Platforms, "platforms", strings.Join(defaultPlatforms, ","), "os/arch pairs to build")
	flag.Int64Var(&o.SourceDate, "source-date", 0, "Unix time stamped on every archived file (SOURCE_DATE_EPOCH)")
	flag.StringVar(&o.URLBase, "url-base", "", "where the archives will be downloadable from, for the krew manifest")
	flag.StringVar(&o.Template, "krew-template", ".krew.yaml", "krew manifest template")
	flag.Parse()

	if err := run(o); err != nil {
		fmt.Fprintf(os.Stderr, "dist: %v\n", err)
		os.Exit(1)
	}
}

// defaultPlatforms are the platforms krew users are on.
var defaultPlatforms = []string{
	"linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64", "windows/arm64",
}

func run(o Options) error {
	platforms, err := parsePlatforms(o.Platforms)
	if err != nil {
		return err
	}
	if o.URLBase == "" {
		return fmt.Errorf("-url-base is required: the krew manifest must say where archives are downloaded from")
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return err
	}
	buildDir, err := os.MkdirTemp("", "kubectl-binderhubui-dist-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(buildDir)

	mtime := time.Unix(o.SourceDate, 0).UTC()
	var built []Platform
	for _, p := range platforms {
		start := time.Now()
		binary := filepath.Join(buildDir, p.OS+"_"+p.Arch, p.Binary())
		if err := buildBinary(o, p, binary); err != nil {
			return err
		}

		archive := filepath.Join(o.OutDir, p.ArchiveName(o.Version))
		files := p.Files(binary)
		sum, err := writeArchive(archive, files, mtime)
		if err != nil {
			return fmt.Errorf("writing %s: %w", archive, err)
		}
		if err := writeChecksum(archive, sum); err != nil {
			return err
		}
		p.Archive, p.SHA256 = filepath.Base(archive), sum
		p.URI = strings.TrimSuffix(o.URLBase, "/") + "/" + p.Archive
		for _, f := range files {
			p.Contents = append(p.Contents, f.Name)
		}
		built = append(built, p)

		info, _ := os.Stat(archive)
		fmt.Printf("%s  %s  %d bytes  %s\n", sum, p.Archive, info.Size(), time.Since(start).Round(100*time.Millisecond))
	}

	manifest := filepath.Join(o.OutDir, "kubectl-binderhubui.krew.yaml")
	if err := writeKrewManifest(o.Template, manifest, krewVersion(o.Version, o.Commit), built); err != nil {
		return err
	}
	fmt.Println("wrote", manifest)

	return nil
}

// buildBinary cross-compiles the plugin. -trimpath and -buildvcs=false keep
// the checkout's path and state out of the binary; cgo off makes the build
// independent of the host's C toolchain; -s -w drop the symbol tables,
// which only a debugger needs (the build info `version` reads stays).
func buildBinary(o Options, p Platform, out string) error {
	cmd := exec.Command(o.Go, "build", "-trimpath", "-buildvcs=false",
		"-ldflags", strings.TrimSpace(o.LDFlags+" -s -w"), "-o", out, "./cmd/kubectl-binderhubui")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.OS, "GOARCH="+p.Arch)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building for %s/%s: %w", p.OS, p.Arch, err)
	}
	return nil
}

func writeChecksum(archive, sum string) error {
	// The layout of sha256sum's output, so `sha256sum -c` checks it.
	line := fmt.Sprintf("%s  %s\n", sum, filepath.Base(archive))
	return os.WriteFile(archive+".sha256", []byte(line), 0o644)
}

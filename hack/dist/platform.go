package main

import (
	"fmt"
	"strings"
)

const binaryName = "kubectl-binderhubui"

// Platform is one os/arch the plugin is released for, and what was built
// for it.
type Platform struct {
	OS   string
	Arch string

	// Filled in once the archive is written.
	Archive  string
	SHA256   string
	URI      string
	Contents []string
}

func parsePlatforms(list string) ([]Platform, error) {
	var platforms []Platform
	for _, item := range strings.Split(list, ",") {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(item), "/")
		if !ok || goos == "" || goarch == "" {
			return nil, fmt.Errorf("platform %q is not os/arch", item)
		}
		platforms = append(platforms, Platform{OS: goos, Arch: goarch})
	}
	return platforms, nil
}

func (p Platform) windows() bool { return p.OS == "windows" }

// Binary is the executable's name on this platform.
func (p Platform) Binary() string {
	if p.windows() {
		return binaryName + ".exe"
	}
	return binaryName
}

// ArchiveName follows the usual name_version_os_arch layout; Windows users
// get a zip, which their desktop opens without extra tools.
func (p Platform) ArchiveName(version string) string {
	ext := ".tar.gz"
	if p.windows() {
		ext = ".zip"
	}
	return fmt.Sprintf("%s_%s_%s_%s%s", binaryName, version, p.OS, p.Arch, ext)
}

// Files lists what goes into the archive, all at its top level. The kubectl
// completion helper is a shell script, of no use on Windows.
func (p Platform) Files(binary string) []File {
	files := []File{
		{Name: p.Binary(), Source: binary, Executable: true},
		{Name: "README.md", Source: "README.md"},
	}
	if !p.windows() {
		files = append(files, File{Name: "kubectl_complete-binderhubui",
			Source: "scripts/kubectl_complete-binderhubui", Executable: true})
	}
	return files
}

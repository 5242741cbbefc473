package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"text/template"
)

// semverTag is the version form krew accepts: v, then major.minor.patch,
// then optional pre-release and build parts.
var semverTag = regexp.MustCompile(`^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// krewVersion is version when it is a semver tag. Between tags `git
// describe` gives a bare commit, which krew rejects; that becomes a
// pre-release of v0.0.0 naming the commit ("g" keeps an all-digit hash
// from being read as a number).
func krewVersion(version, commit string) string {
	if semverTag.MatchString(version) {
		return version
	}
	return "v0.0.0-dev.g" + commit
}

// manifestData is what the krew manifest template sees.
type manifestData struct {
	Version   string
	Platforms []Platform
}

func writeKrewManifest(templatePath, out, version string, platforms []Platform) error {
	text, err := os.ReadFile(templatePath)
	if err != nil {
		return err
	}
	tmpl, err := template.New(templatePath).Option("missingkey=error").Parse(string(text))
	if err != nil {
		return fmt.Errorf("parsing the krew manifest template: %w", err)
	}

	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, manifestData{Version: version, Platforms: platforms}); err != nil {
		return fmt.Errorf("rendering %s: %w", templatePath, err)
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

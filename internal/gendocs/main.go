// Command gendocs writes docs/checks.md, the reference of the check
// catalogue, from the checks' own documentation. Run it from the repository
// root: go run ./internal/gendocs
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

func main() {
	out := flag.String("out", "docs/checks.md", "file to write")
	flag.Parse()

	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	var buf bytes.Buffer
	if err := drift.WriteMarkdown(&buf, drift.Catalogue()); err != nil {
		return fmt.Errorf("rendering the check reference: %w", err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return nil
}

package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"
	yaml "go.yaml.in/yaml/v3"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// realValuesFiles lists the production hub files: under
// <repo>/../shared/real-configs unless BINDERHUBUI_REAL_CONFIGS says.
func realValuesFiles(t *testing.T) []string {
	t.Helper()
	dir := os.Getenv("BINDERHUBUI_REAL_CONFIGS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "real-configs")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.values.yaml"))
	defaults := filepath.Join(dir, "basehub-defaults.values.yaml")
	if len(files) == 0 {
		t.Fatalf("real hub configs not found under %s (set BINDERHUBUI_REAL_CONFIGS)", dir)
	}
	return append(files, defaults)
}

// entryPath is a map entry of a file, found by walking its nodes.
type entryPath struct {
	path  string
	value *yaml.Node
	// alone is set for the only key of its map.
	alone bool
}

// entries lists every map entry reachable through block maps, skipping keys
// a dotted path cannot name and anything reached through an alias.
func entries(t *testing.T, data []byte) []entryPath {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []entryPath
	var walk func(prefix string, m *yaml.Node)
	walk = func(prefix string, m *yaml.Node) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			key, value := m.Content[i], m.Content[i+1]
			if key.Tag == "!!merge" || strings.ContainsAny(key.Value, ".[]") || key.Value == "" {
				continue
			}
			path := key.Value
			if prefix != "" {
				path = prefix + "." + key.Value
			}
			out = append(out, entryPath{path: path, value: value, alone: len(m.Content) == 2})
			if value.Kind == yaml.MappingNode {
				walk(path, value)
			}
		}
	}
	if len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode {
		walk("", doc.Content[0])
	}
	return out
}

// changedLines counts the lines a line diff removes and adds.
func changedLines(before, after string) (removed, added, places int) {
	for _, e := range udiff.Lines(before, after) {
		removed += strings.Count(before[e.Start:e.End], "\n")
		added += strings.Count(e.New, "\n")
		places++
	}
	return removed, added, places
}

// TestRealFilesEdits edits every entry of every production hub file, one
// at a time, and checks that each edit succeeds (ApplyPatches verifies the
// parsed result itself) or is refused for an alias, and touches only the
// lines it must: one line for a one-line value, one new line for a key or
// list item added.
func TestRealFilesEdits(t *testing.T) {
	for _, file := range realValuesFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(file)) + "/" + filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			for _, e := range entries(t, data) {
				checkEdits(t, data, e)
			}
		})
	}
}

func checkEdits(t *testing.T, data []byte, e entryPath) {
	t.Helper()
	before := string(data)
	oneLine := e.value.Kind == yaml.ScalarNode && e.value.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 &&
		!strings.Contains(e.value.Value, "\n")

	edits := []struct {
		what             string
		patch            drift.Patch
		removed, added   int
		onlyWhenOneLine  bool
		onlyWhenMap      bool
		onlyWhenScalarsL bool
	}{
		{what: "set", patch: set(e.path, "changed-by-test"), removed: 1, added: 1, onlyWhenOneLine: true},
		{what: "delete", patch: drift.Patch{Path: e.path, Delete: true}, removed: 1, onlyWhenOneLine: true},
		{what: "add a key", patch: set(e.path+".zzAddedByTest", 1), added: 1, onlyWhenMap: true},
		{what: "append an item", patch: set(e.path, appendItem(e.value)), added: 1, onlyWhenScalarsL: true},
	}
	for _, edit := range edits {
		switch {
		case edit.onlyWhenOneLine && !oneLine,
			edit.onlyWhenMap && !isBlock(e.value, yaml.MappingNode),
			edit.onlyWhenScalarsL && !isScalarList(e.value):
			continue
		}
		after, err := ApplyPatches(data, []drift.Patch{edit.patch})
		var refused *RefusedError
		if errors.As(err, &refused) && strings.Contains(err.Error(), "alias") {
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", edit.what, e.path, err)
			continue
		}
		removed, added, places := changedLines(before, string(after))
		if edit.what == "delete" && e.alone {
			// The map's only key: the map becomes {} on its key's line.
			if places != 1 || added != 1 || !strings.Contains(string(after), ": {}") {
				t.Errorf("delete %s, the only key of its map, does not leave {}:\n%s", e.path, Diff("file", data, after))
			}
			continue
		}
		if places != 1 || removed != edit.removed || added != edit.added {
			t.Errorf("%s %s: %d place(s), -%d +%d lines; want one place, -%d +%d:\n%s", edit.what, e.path,
				places, removed, added, edit.removed, edit.added, Diff("file", data, after))
		}
	}
}

func isScalarList(n *yaml.Node) bool {
	if !isBlock(n, yaml.SequenceNode) {
		return false
	}
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return false
		}
	}
	return true
}

func appendItem(n *yaml.Node) []any {
	var items []any
	_ = n.Decode(&items)
	return append(items, "added-by-test")
}

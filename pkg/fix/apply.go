package fix

import (
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// ApplyToValuesFile reads the values file at path and returns it before and
// after the patches. Only the lines of the changed values differ: comments,
// anchors, key order and everything else stay byte for byte. It writes
// nothing; see WriteFile.
func ApplyToValuesFile(path string, patches []drift.Patch) (before, after []byte, err error) {
	before, err = os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("reading values file: %w", err)
	}
	after, err = ApplyPatches(before, patches)
	if err != nil {
		return nil, nil, fmt.Errorf("values file %s: %w", path, err)
	}
	return before, after, nil
}

// ApplyPatches edits the YAML text of a values file. Each patch's value is
// located with the parser's node positions and rewritten at the indentation
// it had; a key the file lacks is added under its nearest existing parent,
// with any missing parent maps. A patch that would rewrite an alias, or a
// value an alias refers to, is refused with a *RefusedError rather than
// breaking the link. The result is parsed again and must hold exactly the
// patched values, or ApplyPatches fails.
func ApplyPatches(data []byte, patches []drift.Patch) ([]byte, error) {
	ordered := append([]drift.Patch(nil), patches...)
	sort.SliceStable(ordered, func(i, j int) bool {
		di, dj := strings.Count(ordered[i].Path, "."), strings.Count(ordered[j].Path, ".")
		if di != dj {
			return di < dj
		}
		return ordered[i].Path < ordered[j].Path
	})

	out := data
	for _, p := range ordered {
		var err error
		if out, err = applyPatch(out, p); err != nil {
			return nil, err
		}
	}

	if err := verify(data, out, ordered); err != nil {
		return nil, err
	}
	return out, nil
}

// applyPatch plans and writes one patch against a fresh parse of data.
func applyPatch(data []byte, p drift.Patch) ([]byte, error) {
	root, err := inspect.ParseValuesNode(data)
	if err != nil {
		return nil, fmt.Errorf("parsing: %w", err)
	}
	keys, err := patchKeys(p.Path)
	if err != nil {
		return nil, err
	}

	ed := &editor{src: newSource(data), root: root, path: p.Path}
	if root != nil {
		ed.style = detectStyle(root)
	} else {
		ed.style = style{indent: 2}
	}

	if err := ed.patch(keys, p); err != nil {
		return nil, err
	}
	ed.apply()
	return ed.src.bytes(), nil
}

// patchKeys splits a patch path. Patches set whole lists, so their paths
// end at a map key and never select a list item.
func patchKeys(path string) ([]string, error) {
	var keys []string
	for _, seg := range inspect.SplitValuesPath(path) {
		if seg.Item != "" || seg.Key == "" {
			return nil, fmt.Errorf("patch path %q must name map keys only", path)
		}
		keys = append(keys, seg.Key)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("empty patch path")
	}
	return keys, nil
}

// patch plans the edits of one patch.
func (ed *editor) patch(keys []string, p drift.Patch) error {
	if ed.root == nil {
		if p.Delete {
			return nil
		}
		return ed.insertIntoEmpty(keys, p.Value)
	}

	segments := make([]inspect.PathSegment, len(keys))
	for i, k := range keys {
		segments[i] = inspect.PathSegment{Key: k}
	}
	match := inspect.FindValuesPath(ed.root, segments)
	depth := match.Depth()
	complete := depth == len(keys)

	// Every map the path passes through must be the file's own: editing a
	// map reached through an alias or a merge would edit the anchor.
	through := depth
	if complete {
		through = depth - 1
	}
	for _, step := range match.Steps[:through] {
		if err := ed.checkPassable(step); err != nil {
			return err
		}
	}

	if !complete {
		if p.Delete {
			return nil
		}
		return ed.insertMissing(match, keys[depth:], p.Value)
	}

	last := match.Steps[depth-1]
	if last.Merged {
		if p.Delete {
			return ed.refuse(last.Key.Line, "the key comes from a map merged in with <<, so it cannot be removed here")
		}
		return ed.insertInto(parentMap(match, depth-1), keys[depth-1:], p.Value)
	}
	e := entry{key: last.Key, value: last.Value}
	if p.Delete {
		return ed.delete(match, e)
	}
	return ed.setEntry(e, p.Value)
}

// checkPassable refuses a path through an alias, a merged key, or a map
// that aliases refer to.
func (ed *editor) checkPassable(step inspect.Step) error {
	switch {
	case step.Merged:
		return ed.refuse(step.Key.Line, "the path goes through %q, which comes from a map merged in with <<; a change there would change every map that merges it", step.Key.Value)
	case step.Value.Kind == yaml.AliasNode:
		return ed.refuse(step.Value.Line, "the path goes through the alias *%s, and a change there would change the anchored value at line %d too", step.Value.Value, step.Value.Alias.Line)
	case step.Value.Anchor != "" && isAliased(ed.root, step.Value):
		return ed.refuse(step.Value.Line, "the path goes through the anchor &%s, which aliases elsewhere in the file refer to", step.Value.Anchor)
	}
	return nil
}

// parentMap is the map that holds the key of step i.
func parentMap(match inspect.Match, i int) *yaml.Node {
	if i == 0 {
		return match.Root
	}
	return match.Steps[i-1].Value
}

// insertMissing adds the keys the file lacks under the deepest existing one.
func (ed *editor) insertMissing(match inspect.Match, missing []string, value any) error {
	owner := match.Last()
	depth := match.Depth()
	if depth == 0 {
		if owner.Style&yaml.FlowStyle != 0 {
			return ed.refuse(owner.Line, "the file is a flow-style map")
		}
		return ed.insertInto(owner, missing, value)
	}

	step := match.Steps[depth-1]
	switch {
	case isBlock(owner, yaml.MappingNode):
		return ed.insertInto(owner, missing, value)
	case owner.Kind == yaml.MappingNode, owner.Kind == yaml.ScalarNode && owner.Tag == "!!null":
		// An empty, null or flow map is rewritten whole with the new keys.
		var current map[string]any
		if err := owner.Decode(&current); err != nil {
			return fmt.Errorf("reading %s: %w", ed.path, err)
		}
		merged := withPath(current, missing, value)
		return ed.setEntry(entry{key: step.Key, value: step.Value}, merged)
	}
	return ed.refuse(owner.Line, "%q holds a %s, not a map", step.Key.Value, kindName(owner))
}

// insertIntoEmpty writes the first keys of a file with no values in it.
func (ed *editor) insertIntoEmpty(keys []string, value any) error {
	for i := range ed.src.lines {
		if !isBlankOrComment(ed.src.text(i)) && strings.TrimSpace(ed.src.text(i)) != "---" {
			return ed.refuse(i+1, "the file holds a single null value, not a map")
		}
	}
	lines, err := ed.style.render(withPath(nil, keys, value))
	if err != nil {
		return err
	}
	at := len(ed.src.lines)
	if at > 0 && ed.src.lines[at-1] == "" {
		at--
	}
	if at == 0 {
		ed.src.lines = []string{""}
	}
	ed.add(at, at, lines)
	return nil
}

// delete removes an entry. A map left empty is written as {}, never as an
// empty key: Helm reads an empty key as null, which removes the chart's
// defaults, while an empty map keeps them.
func (ed *editor) delete(match inspect.Match, e entry) error {
	depth := match.Depth()
	m := parentMap(match, depth-1)
	if len(m.Content) == 2 && depth > 1 {
		parent := match.Steps[depth-2]
		return ed.setEntry(entry{key: parent.Key, value: parent.Value}, map[string]any{})
	}
	if err := ed.checkReplaceable(e.value); err != nil {
		return err
	}
	ext := ed.entryExtent(e)
	ed.add(ext.first, ext.last+1, nil)
	return nil
}

// withPath returns a copy of m with value set at keys, creating maps.
func withPath(m map[string]any, keys []string, value any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	if len(keys) == 1 {
		out[keys[0]] = value
		return out
	}
	child, _ := out[keys[0]].(map[string]any)
	out[keys[0]] = withPath(child, keys[1:], value)
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "map"
	case yaml.ScalarNode:
		return "value (" + strings.TrimPrefix(n.Tag, "!!") + ")"
	}
	return "node"
}

// verify parses both versions and checks that the edit changed exactly what
// the patches say, so that a wrong splice never reaches the user's file.
func verify(before, after []byte, patches []drift.Patch) error {
	var want, got map[string]any
	if err := yaml.Unmarshal(before, &want); err != nil {
		return fmt.Errorf("parsing: %w", err)
	}
	if err := yaml.Unmarshal(after, &got); err != nil {
		return fmt.Errorf("the edited file does not parse (%v); nothing was changed: please report this as a bug", err)
	}
	for _, p := range patches {
		keys, _ := patchKeys(p.Path)
		if p.Delete {
			want = withoutPath(want, keys)
			continue
		}
		want = withPath(want, keys, p.Value)
	}
	if !reflect.DeepEqual(normalize(want), normalize(got)) {
		return fmt.Errorf("the edited file does not hold the patched values; nothing was changed: please report this as a bug")
	}
	return nil
}

// withoutPath returns a copy of m without the key at keys.
func withoutPath(m map[string]any, keys []string) map[string]any {
	child, ok := m[keys[0]]
	if !ok {
		return m
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	if len(keys) == 1 {
		delete(out, keys[0])
		return out
	}
	if cm, ok := child.(map[string]any); ok {
		out[keys[0]] = withoutPath(cm, keys[1:])
	}
	return out
}

package inspect

import (
	"fmt"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// Position is where a values path is set in one values file. Lines and
// columns count from 1; columns count characters (Unicode code points), as
// the YAML parser does, not bytes.
type Position struct {
	File string
	// Line and Column are those of the key that sets the path: where a reader
	// should look, and where the value starts for a value on the key's line.
	Line   int
	Column int
	// ValueLine and ValueColumn are those of the value itself, which for a
	// block map or list is the line below the key.
	ValueLine   int
	ValueColumn int
	// Path is the part of the asked path that the file sets: the whole path
	// when Exact, else its deepest parent the file has.
	Path  string
	Exact bool
}

// Locate finds the values path in files, which are in the order Helm merges
// them, and answers in a file the user edits when it can: defaults files
// (like a chart's values.yaml) are searched only when no other file has even
// the path's first key. Among the user's files the last one that sets the
// path wins, as it does in Helm's merge; when none sets it, Locate returns
// the deepest parent key one of them has (a later file wins a tie), so that a
// finding about a missing key points at the map the fix belongs in. It
// returns false when no file has the path's first key.
func Locate(files []ValuesFile, path string) (Position, bool) {
	var own, defaults []ValuesFile
	for _, file := range files {
		if file.Defaults {
			defaults = append(defaults, file)
		} else {
			own = append(own, file)
		}
	}

	if pos, ok := locateIn(own, SplitValuesPath(path)); ok {
		return pos, true
	}
	return locateIn(defaults, SplitValuesPath(path))
}

// locateIn is Locate over one group of files.
func locateIn(files []ValuesFile, segments []PathSegment) (Position, bool) {
	var best Position
	bestDepth, bestExact := 0, false

	for _, file := range files {
		doc, err := ParseValuesNode(file.Data)
		if err != nil || doc == nil {
			continue
		}
		match := FindValuesPath(doc, segments)
		exact := match.Complete(segments)
		if match.Depth() == 0 || (bestExact && !exact) || (!exact && match.Depth() < bestDepth) {
			continue
		}
		bestDepth, bestExact = match.Depth(), exact
		best = match.position(file.Path, segments)
	}

	return best, bestDepth > 0
}

// PathSegment is one step of a values path: a map key, optionally followed
// by a list item, chosen by index ("extraEnv[0]") or by the item's name field
// ("extraEnv[JUPYTERHUB_API_URL]").
type PathSegment struct {
	Key string
	// Item selects a list element; "" when the segment ends at the key.
	Item string
}

// String renders the segment as it appears in a path.
func (s PathSegment) String() string {
	if s.Item == "" {
		return s.Key
	}
	return s.Key + "[" + s.Item + "]"
}

// SplitValuesPath splits a dotted values path, as findings and patches name
// them, into its segments. A dot inside brackets does not split.
func SplitValuesPath(path string) []PathSegment {
	var segments []PathSegment
	depth, start := 0, 0
	for i, r := range path {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case r == '.' && depth == 0:
			segments = append(segments, parseSegment(path[start:i]))
			start = i + 1
		}
	}
	if path != "" {
		segments = append(segments, parseSegment(path[start:]))
	}
	return segments
}

func parseSegment(s string) PathSegment {
	open := strings.IndexByte(s, '[')
	if open < 0 || !strings.HasSuffix(s, "]") {
		return PathSegment{Key: s}
	}
	return PathSegment{Key: s[:open], Item: s[open+1 : len(s)-1]}
}

// ParseValuesNode parses a values file into its document's root node: a
// mapping, or nil for an empty file.
func ParseValuesNode(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a YAML mapping of keys to values")
	}
	return root, nil
}

// Step is one matched segment of a values path in a parsed file.
type Step struct {
	// Mapping is the map the key was found in (after following an alias).
	Mapping *yaml.Node
	// Key is the key node; Value the node it maps to, as written (it may be
	// an alias node). Item is the list element the segment selected, if any.
	Key   *yaml.Node
	Value *yaml.Node
	Item  *yaml.Node
	// Merged is true when the key came from a `<<` merge of another map
	// rather than being written in Mapping itself.
	Merged bool
}

// Match is how far a values path reaches into a parsed file.
type Match struct {
	Root  *yaml.Node
	Steps []Step
	// missingItem is set when the last step's key exists but not the list
	// item the segment asked for.
	missingItem bool
}

// Complete reports whether the file has the whole path.
func (m Match) Complete(segments []PathSegment) bool {
	return len(m.Steps) == len(segments) && !m.missingItem
}

// Depth is the number of path segments the file has.
func (m Match) Depth() int { return len(m.Steps) }

// Last returns the node the deepest matched segment points at: the list item
// if the segment selected one, else the key's value, with aliases followed.
func (m Match) Last() *yaml.Node {
	if len(m.Steps) == 0 {
		return m.Root
	}
	s := m.Steps[len(m.Steps)-1]
	if s.Item != nil {
		return resolveAlias(s.Item)
	}
	return resolveAlias(s.Value)
}

// FindValuesPath walks segments down from root, following aliases and merge
// keys as YAML does, and stops at the first segment the file lacks.
func FindValuesPath(root *yaml.Node, segments []PathSegment) Match {
	match := Match{Root: root}
	current := root
	for _, seg := range segments {
		step, ok := findKey(resolveAlias(current), seg.Key)
		if !ok {
			break
		}
		current = step.Value
		if seg.Item != "" {
			step.Item = findItem(resolveAlias(step.Value), seg.Item)
			if step.Item == nil {
				// The list is there but not the item: point at the list.
				match.Steps = append(match.Steps, step)
				match.missingItem = true
				break
			}
			current = step.Item
		}
		match.Steps = append(match.Steps, step)
	}
	return match
}

// findKey looks key up in a mapping: keys written in it first, then those of
// maps merged in with `<<`, which written keys override.
func findKey(mapping *yaml.Node, key string) (Step, bool) {
	if mapping == nil || mapping.Kind != yaml.MappingNode {
		return Step{}, false
	}
	for i := 0; i+1 < len(mapping.Content); i += 2 {
		k := mapping.Content[i]
		if k.Value == key && k.Tag != "!!merge" {
			return Step{Mapping: mapping, Key: k, Value: mapping.Content[i+1]}, true
		}
	}

	for i := 0; i+1 < len(mapping.Content); i += 2 {
		if mapping.Content[i].Tag != "!!merge" {
			continue
		}
		for _, source := range mergeSources(mapping.Content[i+1]) {
			if step, ok := findKey(source, key); ok {
				step.Merged = true
				return step, true
			}
		}
	}
	return Step{}, false
}

// mergeSources lists the maps a `<<` value merges in: one map, or a list of
// them, the earlier winning.
func mergeSources(value *yaml.Node) []*yaml.Node {
	value = resolveAlias(value)
	if value.Kind != yaml.SequenceNode {
		return []*yaml.Node{value}
	}
	sources := make([]*yaml.Node, 0, len(value.Content))
	for _, item := range value.Content {
		sources = append(sources, resolveAlias(item))
	}
	return sources
}

// findItem picks a list element by index or by its name field.
func findItem(list *yaml.Node, selector string) *yaml.Node {
	if list == nil || list.Kind != yaml.SequenceNode {
		return nil
	}
	if i, err := strconv.Atoi(selector); err == nil {
		if i >= 0 && i < len(list.Content) {
			return list.Content[i]
		}
		return nil
	}
	for _, item := range list.Content {
		if step, ok := findKey(resolveAlias(item), "name"); ok && resolveAlias(step.Value).Value == selector {
			return item
		}
	}
	return nil
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// position reports where the deepest matched segment is written.
func (m Match) position(file string, segments []PathSegment) Position {
	step := m.Steps[len(m.Steps)-1]
	at, value := step.Key, step.Value
	if step.Item != nil {
		at, value = step.Item, step.Item
	}

	parts := make([]string, 0, len(m.Steps))
	for _, seg := range segments[:len(m.Steps)] {
		parts = append(parts, seg.String())
	}
	if m.missingItem {
		parts[len(parts)-1] = step.Key.Value
	}

	return Position{
		File:        file,
		Line:        at.Line,
		Column:      at.Column,
		ValueLine:   value.Line,
		ValueColumn: value.Column,
		Path:        strings.Join(parts, "."),
		Exact:       m.Complete(segments),
	}
}

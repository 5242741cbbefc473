package fix

import (
	"bytes"
	"fmt"
	"strings"

	yaml "go.yaml.in/yaml/v3"
)

// style is how a values file lays out nested YAML, so that inserted lines
// look like their neighbours.
type style struct {
	// indent is the number of spaces a nested map is indented by.
	indent int
	// compactSeq is set when list items start at their key's column
	// ("key:\n- a") rather than indented under it.
	compactSeq bool
}

// detectStyle reads the file's layout from the first nested map and the
// first block list under a key; yaml.v3's own defaults fill in the rest.
func detectStyle(root *yaml.Node) style {
	st := style{indent: 2}
	foundIndent, foundSeq := false, false

	var walk func(m *yaml.Node)
	walk = func(m *yaml.Node) {
		if m == nil || m.Kind != yaml.MappingNode || m.Style&yaml.FlowStyle != 0 {
			return
		}
		for i := 0; i+1 < len(m.Content) && !(foundIndent && foundSeq); i += 2 {
			key, value := m.Content[i], m.Content[i+1]
			switch {
			case value.Kind == yaml.MappingNode && value.Style&yaml.FlowStyle == 0 && len(value.Content) > 0:
				if !foundIndent && value.Content[0].Column > key.Column {
					st.indent, foundIndent = value.Content[0].Column-key.Column, true
				}
				walk(value)
			case value.Kind == yaml.SequenceNode && value.Style&yaml.FlowStyle == 0 && len(value.Content) > 0:
				if !foundSeq {
					// An item's node starts after its "- ", two columns on.
					st.compactSeq, foundSeq = value.Content[0].Column-2 == key.Column, true
				}
				for _, item := range value.Content {
					walk(item)
				}
			}
		}
	}
	walk(root)

	return st
}

// renderEntry renders "key: value" for a key at column 0 and returns what
// follows the colon on the key's line (without the leading space; "" for a
// block map or list) and the lines below it, indented as children of a key
// at column 0.
func (st style) renderEntry(value any) (head string, body []string, err error) {
	lines, err := st.render(map[string]any{"k": value})
	if err != nil {
		return "", nil, err
	}
	head = strings.TrimSpace(strings.TrimPrefix(lines[0], "k:"))
	return head, lines[1:], nil
}

// render encodes v as YAML lines at column 0, in the file's style.
func (st style) render(v any) ([]string, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(st.indent)
	if st.compactSeq {
		enc.CompactSeqIndent()
	}
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("rendering a value as YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("rendering a value as YAML: %w", err)
	}
	return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n"), nil
}

// styled wraps value in a node that keeps the look of the node it replaces:
// a flow list stays a flow list, a quoted string stays quoted. An empty flow
// collection ("{}", "[]") being filled becomes a block one, which reads
// better than a long flow line.
func styled(value any, old *yaml.Node) (any, error) {
	if old == nil {
		return value, nil
	}
	var n yaml.Node
	if err := n.Encode(value); err != nil {
		return nil, fmt.Errorf("rendering a value as YAML: %w", err)
	}
	switch {
	case n.Kind == yaml.ScalarNode && old.Kind == yaml.ScalarNode && n.Tag == "!!str" && !strings.Contains(n.Value, "\n"):
		if old.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			n.Style = old.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle)
		}
	case (n.Kind == yaml.SequenceNode || n.Kind == yaml.MappingNode) && old.Kind == n.Kind &&
		old.Style&yaml.FlowStyle != 0 && len(old.Content) > 0 && flowable(&n):
		n.Style = yaml.FlowStyle
	}
	return &n, nil
}

// flowable reports whether a collection can be written on one line: only
// scalars without line breaks, and no nested collections.
func flowable(n *yaml.Node) bool {
	for _, child := range n.Content {
		if child.Kind != yaml.ScalarNode || strings.Contains(child.Value, "\n") {
			return false
		}
	}
	return true
}

// indentLines prefixes each non-empty line with n spaces.
func indentLines(lines []string, n int) []string {
	pad := strings.Repeat(" ", n)
	out := make([]string, len(lines))
	for i, line := range lines {
		if line != "" {
			line = pad + line
		}
		out[i] = line
	}
	return out
}

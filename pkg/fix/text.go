package fix

import (
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// source is a values file split into lines, without their "\n". A file that
// ends in a newline has an empty last element, so joining with "\n" gives the
// file back byte for byte; a "\r" of a CRLF file stays on its line.
type source struct {
	lines []string
	// eol is what new lines end with: "\r" when the file uses CRLF.
	eol string
}

func newSource(data []byte) *source {
	s := &source{lines: strings.Split(string(data), "\n")}
	if len(s.lines) > 0 && strings.HasSuffix(s.lines[0], "\r") {
		s.eol = "\r"
	}
	return s
}

func (s *source) bytes() []byte {
	return []byte(strings.Join(s.lines, "\n"))
}

// text is line i (0-based) without a trailing "\r".
func (s *source) text(i int) string {
	if i < 0 || i >= len(s.lines) {
		return ""
	}
	return strings.TrimSuffix(s.lines[i], "\r")
}

// indentOf counts the spaces that start a line.
func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " "))
}

// isBlankOrComment reports whether a line holds no YAML content.
func isBlankOrComment(line string) bool {
	trimmed := strings.TrimSpace(line)
	return trimmed == "" || strings.HasPrefix(trimmed, "#")
}

// byteOffset converts a 1-based character column, as the YAML parser counts
// them, into a byte offset in line.
func byteOffset(line string, column int) int {
	offset := 0
	for i := 1; i < column && offset < len(line); i++ {
		_, size := utf8.DecodeRuneInString(line[offset:])
		offset += size
	}
	return offset
}

// extent is the lines a node occupies, 0-based and inclusive.
type extent struct {
	first int
	// last is the last line with the node's content.
	last int
	// trailing is last, extended over the comment lines after it that are
	// indented at least as far as the extent's trailCol: they read as part
	// of the node, so new content goes after them.
	trailing int
}

// extentOf finds the lines of a block node that starts on line first and
// whose content is indented deeper than column col (0-based). A sequence
// written at its key's own indentation ("key:\n- a") continues over lines
// at col that start with "-", when seqAtCol is set. The value's own nodes
// bound it from below, so that a literal block ending in lines that look
// like comments is not cut short. Comments after the content that are
// indented at least trailCol count as trailing it.
func (s *source) extentOf(first, col, trailCol int, seqAtCol bool, value *yaml.Node) extent {
	e := extent{first: first, last: first, trailing: first}
	if end := lastLine(value) - 1; end > e.last {
		e.last, e.trailing = end, end
	}

	for i := first + 1; i < len(s.lines); i++ {
		line := s.text(i)
		trimmed := strings.TrimSpace(line)
		indent := indentOf(line)
		switch {
		case trimmed == "":
			continue
		case strings.HasPrefix(trimmed, "#"):
			if indent >= trailCol && i > e.last {
				e.trailing = i
			}
			continue
		case indent > col, seqAtCol && indent == col && (trimmed == "-" || strings.HasPrefix(trimmed, "- ")):
			if i > e.last {
				e.last, e.trailing = i, i
			}
			continue
		}
		if i > e.last {
			break
		}
	}

	if e.trailing < e.last {
		e.trailing = e.last
	}
	return e
}

// lastLine is the last 1-based line a node's parsed content reaches: its
// deepest last descendant, or the end of a literal block scalar.
func lastLine(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	last := n.Line
	if n.Kind == yaml.ScalarNode && n.Style&yaml.LiteralStyle != 0 {
		body := strings.TrimRight(n.Value, "\n")
		last = n.Line + strings.Count(body, "\n") + 1
	}
	for _, child := range n.Content {
		if l := lastLine(child); l > last {
			last = l
		}
	}
	return last
}

// keyLine splits the line of a mapping entry around its value: prefix is
// everything up to and including the key's colon; value is the inline value
// text (empty for a value on the next lines); rest is what follows it, such
// as spaces and a comment.
type keyLine struct {
	prefix string
	// gap is the spaces between the colon and an inline value.
	gap   string
	value string
	rest  string
}

func splitKeyLine(line string, key *yaml.Node) (keyLine, bool) {
	start := byteOffset(line, key.Column)
	colon := findColon(line, start)
	if colon < 0 {
		return keyLine{}, false
	}
	valueStart := colon + 1
	for valueStart < len(line) && line[valueStart] == ' ' {
		valueStart++
	}
	valueEnd := scanValueEnd(line, valueStart)
	if valueStart >= valueEnd {
		// No inline value: keep spaces and a comment after the colon as rest.
		return keyLine{prefix: line[:colon+1], rest: line[colon+1:]}, true
	}
	return keyLine{
		prefix: line[:colon+1],
		gap:    line[colon+1 : valueStart],
		value:  line[valueStart:valueEnd],
		rest:   line[valueEnd:],
	}, true
}

// findColon finds the colon that ends a key starting at start: the first ':'
// outside quotes followed by a space or the end of the line.
func findColon(line string, start int) int {
	for i := start; i < len(line); i++ {
		switch line[i] {
		case '"', '\'':
			i = skipQuoted(line, i)
		case ':':
			if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' {
				return i
			}
		}
	}
	return -1
}

// scanValueEnd finds where an inline value starting at start ends: before a
// comment (a '#' after a space, outside quotes) or the end of the line, with
// trailing spaces left out.
func scanValueEnd(line string, start int) int {
	end := len(line)
	for i := start; i < len(line); i++ {
		switch line[i] {
		case '"', '\'':
			i = skipQuoted(line, i)
		case '#':
			if i == start || line[i-1] == ' ' || line[i-1] == '\t' {
				end = i
				i = len(line)
			}
		}
	}
	for end > start && (line[end-1] == ' ' || line[end-1] == '\t') {
		end--
	}
	return end
}

// skipQuoted returns the index of the quote that closes the quoted scalar
// opening at i, or the last index when it does not close on this line.
func skipQuoted(line string, i int) int {
	quote := line[i]
	for j := i + 1; j < len(line); j++ {
		switch {
		case quote == '"' && line[j] == '\\':
			j++
		case line[j] == quote && quote == '\'' && j+1 < len(line) && line[j+1] == '\'':
			j++
		case line[j] == quote:
			return j
		}
	}
	return len(line) - 1
}

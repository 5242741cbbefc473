package fix

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	yaml "go.yaml.in/yaml/v3"
)

// RefusedError says why a patch cannot be written into a values file
// without changing more than its own value.
type RefusedError struct {
	Path   string
	Line   int
	Reason string
}

func (e *RefusedError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("cannot change %s: %s (line %d); edit it by hand", e.Path, e.Reason, e.Line)
	}
	return fmt.Sprintf("cannot change %s: %s; edit it by hand", e.Path, e.Reason)
}

// errCoarse tells a fine-grained edit to give way to replacing the whole
// value, when only that keeps the YAML valid.
var errCoarse = errors.New("replace the whole value")

// lineEdit replaces lines [start, end) of the source with lines; start ==
// end inserts before line start.
type lineEdit struct {
	start, end int
	lines      []string
	seq        int
}

// editor plans the line edits of one patch against one parse of a file.
// All edits refer to the lines as parsed, and never overlap: each touches
// the lines of a different entry.
type editor struct {
	src   *source
	root  *yaml.Node
	style style
	path  string
	edits []lineEdit
}

func (ed *editor) add(start, end int, lines []string) {
	for i := range lines {
		lines[i] += ed.src.eol
	}
	ed.edits = append(ed.edits, lineEdit{start: start, end: end, lines: lines, seq: len(ed.edits)})
}

// apply writes the edits into the source, bottom up so that line numbers
// stay valid; at one line, replacements go before insertions, and
// insertions keep the order they were planned in.
func (ed *editor) apply() {
	sort.SliceStable(ed.edits, func(i, j int) bool {
		a, b := ed.edits[i], ed.edits[j]
		if a.start != b.start {
			return a.start > b.start
		}
		if (a.end > a.start) != (b.end > b.start) {
			return a.end > a.start
		}
		return a.seq > b.seq
	})
	for _, e := range ed.edits {
		tail := append(append([]string{}, e.lines...), ed.src.lines[e.end:]...)
		ed.src.lines = append(ed.src.lines[:e.start], tail...)
	}
}

func (ed *editor) refuse(line int, format string, args ...any) error {
	return &RefusedError{Path: ed.path, Line: line, Reason: fmt.Sprintf(format, args...)}
}

// entry is one key of a block map as written in the file.
type entry struct {
	key, value *yaml.Node
}

// keyLineOf splits an entry's key line; it fails only on YAML the editor
// does not understand, such as a complex "? key".
func (ed *editor) keyLineOf(e entry) (keyLine, error) {
	kl, ok := splitKeyLine(ed.src.text(e.key.Line-1), e.key)
	if !ok {
		return keyLine{}, ed.refuse(e.key.Line, "the key %q is not written as \"key: value\"", e.key.Value)
	}
	return kl, nil
}

// entryExtent is the lines an entry occupies, key line included. Comments
// after it at its key's column or deeper trail it: after the last entry of a
// map they are the map's, such as a key commented out.
func (ed *editor) entryExtent(e entry) extent {
	col := e.key.Column - 1
	value := e.value
	seqAtCol := value.Kind == yaml.SequenceNode && value.Style&yaml.FlowStyle == 0
	return ed.src.extentOf(e.key.Line-1, col, col, seqAtCol, value)
}

// setEntry changes the value of an existing entry to value, as finely as
// it can: unchanged parts of maps and lists keep their lines, comments
// included.
func (ed *editor) setEntry(e entry, value any) error {
	if sameValue(e.value, value) {
		return nil
	}
	if err := ed.checkReplaceable(e.value); err != nil {
		return err
	}

	mark := len(ed.edits)
	switch {
	case isBlock(e.value, yaml.MappingNode) && isNonEmptyMap(value):
		if err := ed.setMap(e.value, value.(map[string]any)); !errors.Is(err, errCoarse) {
			return err
		}
	case isBlock(e.value, yaml.SequenceNode) && isNonEmptyList(value):
		if err := ed.setList(e.value, value.([]any)); !errors.Is(err, errCoarse) {
			return err
		}
	}
	// The fine-grained edits planned before giving way would overlap the
	// whole value's.
	ed.edits = ed.edits[:mark]
	return ed.replaceEntry(e, value)
}

// replaceEntry writes a whole new value for an entry, keeping its key line's
// prefix (indent, "- ", the key as written) and any comment after the value.
func (ed *editor) replaceEntry(e entry, value any) error {
	kl, err := ed.keyLineOf(e)
	if err != nil {
		return err
	}
	rendered, err := styled(value, e.value)
	if err != nil {
		return err
	}
	head, body, err := ed.style.renderEntry(rendered)
	if err != nil {
		return err
	}

	ext := ed.entryExtent(e)
	keyIdx := e.key.Line - 1
	var first string
	switch {
	case ext.last == keyIdx && len(body) == 0 && kl.value != "":
		// A one-line value stays on its line; only its text changes.
		first = kl.prefix + kl.gap + head + kl.rest
	case len(body) == 0:
		first = kl.prefix + " " + head + kl.rest
	default:
		first = kl.prefix
		if head != "" {
			first += " " + head
		}
		if strings.HasPrefix(strings.TrimSpace(kl.rest), "#") {
			first += kl.rest
		}
	}

	lines := append([]string{first}, indentLines(body, e.key.Column-1)...)
	ed.add(keyIdx, ext.last+1, lines)
	return nil
}

// setMap changes a block map's entries one by one: changed keys are set,
// keys the new map lacks are removed, new keys are added after the last.
func (ed *editor) setMap(m *yaml.Node, want map[string]any) error {
	if hasMergeKey(m) {
		return errCoarse
	}
	present := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		e := entry{key: m.Content[i], value: m.Content[i+1]}
		present[e.key.Value] = true
		v, keep := want[e.key.Value]
		switch {
		case !keep:
			if err := ed.deleteEntry(m, e); err != nil {
				return err
			}
		default:
			if err := ed.setEntry(e, v); err != nil {
				return err
			}
		}
	}

	var added []string
	for key := range want {
		if !present[key] {
			added = append(added, key)
		}
	}
	sort.Strings(added)
	for _, key := range added {
		if err := ed.insertInto(m, []string{key}, want[key]); err != nil {
			return err
		}
	}
	return nil
}

// deleteEntry removes an entry's lines. The first key of a list item
// shares its line with the item's "-", so removing it needs a rewrite of
// the item.
func (ed *editor) deleteEntry(m *yaml.Node, e entry) error {
	if err := ed.checkReplaceable(e.value); err != nil {
		return err
	}
	kl, err := ed.keyLineOf(e)
	if err != nil {
		return err
	}
	if strings.TrimSpace(kl.prefix[:byteOffset(kl.prefix, e.key.Column)]) != "" {
		return errCoarse
	}
	if len(m.Content) == 2 {
		return errCoarse
	}
	ext := ed.entryExtent(e)
	ed.add(ext.first, ext.last+1, nil)
	return nil
}

// setList changes a block list item by item. Which items stay, go or come
// is worked out by a line diff of the items' canonical JSON, so that kept
// items, and the comments between them, keep their lines. An item replaced
// by one of the same kind is edited in place.
func (ed *editor) setList(seq *yaml.Node, want []any) error {
	items := seq.Content
	old := make([]string, len(items))
	for i, item := range items {
		if item.Kind == yaml.AliasNode || item.Anchor != "" {
			return errCoarse
		}
		var v any
		if err := item.Decode(&v); err != nil {
			return errCoarse
		}
		old[i] = canonical(v)
	}
	wanted := make([]string, len(want))
	for i, v := range want {
		wanted[i] = canonical(v)
	}

	edits := udiff.Lines(joinLines(old), joinLines(wanted))
	oldIdx, newIdx := 0, 0
	offsets := lineStarts(old)
	for _, edit := range edits {
		from, to := lineAt(offsets, edit.Start), lineAt(offsets, edit.End)
		newIdx += from - oldIdx
		oldIdx = from
		inserted := strings.Count(edit.New, "\n")
		if err := ed.spliceItems(seq, from, to, want[newIdx:newIdx+inserted]); err != nil {
			return err
		}
		oldIdx, newIdx = to, newIdx+inserted
	}
	return nil
}

// spliceItems replaces the items [from, to) of seq with the new items:
// paired items are edited, extra old ones removed, extra new ones added
// after the last item kept before them.
func (ed *editor) spliceItems(seq *yaml.Node, from, to int, added []any) error {
	items := seq.Content
	paired := min(to-from, len(added))
	for i := 0; i < paired; i++ {
		if err := ed.setItem(seq, items[from+i], added[i]); err != nil {
			return err
		}
	}
	for i := from + paired; i < to; i++ {
		if err := ed.checkReplaceable(items[i]); err != nil {
			return err
		}
		ext := ed.itemExtent(items[i])
		ed.add(ext.first, ext.last+1, nil)
	}
	if paired == len(added) {
		return nil
	}

	at, dash := ed.insertionPoint(seq, from+paired)
	var lines []string
	for _, v := range added[paired:] {
		rendered, err := ed.style.render([]any{v})
		if err != nil {
			return err
		}
		lines = append(lines, indentLines(rendered, dash)...)
	}
	ed.add(at, at, lines)
	return nil
}

// insertionPoint is where an item placed before old item i goes: after the
// previous item and the comments that trail it, or at the top of the list.
// It also returns the column of the list's dashes.
func (ed *editor) insertionPoint(seq *yaml.Node, i int) (line, dash int) {
	dash = seq.Content[0].Column - 3
	if i == 0 {
		return seq.Content[0].Line - 1, dash
	}
	return ed.itemExtent(seq.Content[i-1]).trailing + 1, dash
}

// itemExtent is the lines of a list item, its "-" line included. Only
// comments deeper than its dash trail it; one at the dash may well
// introduce the next item.
func (ed *editor) itemExtent(item *yaml.Node) extent {
	dash := item.Column - 3
	return ed.src.extentOf(item.Line-1, dash, dash+1, false, item)
}

// setItem edits one list item in place when old and new are maps; anything
// else is rewritten whole.
func (ed *editor) setItem(seq, item *yaml.Node, value any) error {
	if sameValue(item, value) {
		return nil
	}
	if err := ed.checkReplaceable(item); err != nil {
		return err
	}
	if isBlock(item, yaml.MappingNode) && isNonEmptyMap(value) {
		mark := len(ed.edits)
		if err := ed.setMap(item, value.(map[string]any)); !errors.Is(err, errCoarse) {
			return err
		}
		ed.edits = ed.edits[:mark]
	}
	line := ed.src.text(item.Line - 1)
	dashAt := byteOffset(line, item.Column) - 2
	if dashAt < 0 || !strings.HasPrefix(line[dashAt:], "- ") || strings.TrimSpace(line[:dashAt]) != "" {
		return ed.refuse(item.Line, "the list item is not written as \"- value\" on its own line")
	}
	rendered, err := ed.style.render([]any{value})
	if err != nil {
		return err
	}
	ext := ed.itemExtent(item)
	ed.add(ext.first, ext.last+1, indentLines(rendered, dashAt))
	return nil
}

// insertInto adds keys (a chain of new nested maps ending in value) as the
// last entry of the block map m.
func (ed *editor) insertInto(m *yaml.Node, keys []string, value any) error {
	nested := value
	for i := len(keys) - 1; i >= 0; i-- {
		nested = map[string]any{keys[i]: nested}
	}
	lines, err := ed.style.render(nested)
	if err != nil {
		return err
	}

	last := entry{key: m.Content[len(m.Content)-2], value: m.Content[len(m.Content)-1]}
	at := ed.entryExtent(last).trailing + 1
	ed.add(at, at, indentLines(lines, m.Content[0].Column-1))
	return nil
}

// checkReplaceable refuses to rewrite a node that other places of the file
// refer to, or that stands for another node: changing it would change them.
func (ed *editor) checkReplaceable(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		return ed.refuse(n.Line, "its value is the alias *%s of the value at line %d, and changing it here would cut the link (change the anchored value, or replace the alias with a value first)", n.Value, n.Alias.Line)
	}
	if n.Anchor != "" && isAliased(ed.root, n) {
		return ed.refuse(n.Line, "its value carries the anchor &%s that aliases elsewhere in the file refer to, and rewriting it would change or break them", n.Anchor)
	}
	for _, child := range n.Content {
		if child.Anchor != "" && isAliased(ed.root, child) {
			return ed.refuse(child.Line, "its value holds the anchor &%s that aliases elsewhere in the file refer to", child.Anchor)
		}
	}
	return nil
}

// isAliased reports whether an alias anywhere under root points at target.
func isAliased(root, target *yaml.Node) bool {
	if root == nil {
		return false
	}
	if root.Kind == yaml.AliasNode && root.Alias == target {
		return true
	}
	for _, child := range root.Content {
		if isAliased(child, target) {
			return true
		}
	}
	return false
}

func hasMergeKey(m *yaml.Node) bool {
	for i := 0; i < len(m.Content); i += 2 {
		if m.Content[i].Tag == "!!merge" {
			return true
		}
	}
	return false
}

func isBlock(n *yaml.Node, kind yaml.Kind) bool {
	return n.Kind == kind && n.Style&yaml.FlowStyle == 0 && len(n.Content) > 0
}

func isNonEmptyMap(v any) bool {
	m, ok := v.(map[string]any)
	return ok && len(m) > 0
}

func isNonEmptyList(v any) bool {
	l, ok := v.([]any)
	return ok && len(l) > 0
}

// sameValue reports whether node already holds value, compared as JSON
// would see them (numbers as numbers, whatever their Go type).
func sameValue(node *yaml.Node, value any) bool {
	var current any
	if err := node.Decode(&current); err != nil {
		return false
	}
	return reflect.DeepEqual(normalize(current), normalize(value))
}

// normalize turns a value into its plain JSON form, so that values decoded
// from YAML and values built by checks compare equal when they are.
func normalize(v any) any {
	data, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		return v
	}
	return out
}

// canonical is a value's one-line JSON, with map keys sorted.
func canonical(v any) string {
	data, err := json.Marshal(normalize(v))
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(data)
}

func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// lineStarts are the byte offsets at which each line of joinLines(lines)
// starts, plus the total length.
func lineStarts(lines []string) []int {
	offsets := make([]int, 0, len(lines)+1)
	at := 0
	for _, line := range lines {
		offsets = append(offsets, at)
		at += len(line) + 1
	}
	return append(offsets, at)
}

// lineAt converts a byte offset at a line start into the line's index.
func lineAt(offsets []int, offset int) int {
	return sort.SearchInts(offsets, offset)
}

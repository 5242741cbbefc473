package drift

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// Check families, in the order the catalogue lists them.
const (
	familyRelease  = "release"
	familyHub      = "hub"
	familyBinder   = "binder"
	familyEnv      = "binder-env"
	familyLive     = "live"
	familyRegistry = "registry"
)

// valuesFail is a failing Result about the values at path.
func valuesFail(path, expected, found, fix string, patches ...Patch) Result {
	return Result{
		Status:   StatusFail,
		Object:   ObjectValues,
		Path:     path,
		Expected: expected,
		Found:    found,
		Fix:      fix,
		Patches:  patches,
	}
}

// setTo is the failing Result whose fix sets path to want.
func setTo(path string, want any, found string) Result {
	return valuesFail(path, describe(want), found, setFix(path, want), Patch{Path: path, Value: want})
}

// setFix is the Fix text of a patch that sets path to value.
func setFix(path string, value any) string {
	if value == nil {
		return "set " + path + " to null, which removes the chart's default"
	}
	return "set " + path + " to " + describe(value)
}

// expectValue fails when the value at path is not want. unset is the value
// that applies when the path is not set (the default of the software that
// reads it), or nil when an unset path is simply wrong.
func expectValue(c *Context, path string, want, unset any) []Result {
	v, ok := c.Value(path)
	if !ok {
		if reflect.DeepEqual(unset, want) {
			return nil
		}
		found := "unset"
		if unset != nil {
			found = "unset (default " + describe(unset) + ")"
		}
		return []Result{setTo(path, want, found)}
	}
	if reflect.DeepEqual(v, want) {
		return nil
	}
	return []Result{setTo(path, want, describe(v))}
}

// expectURL fails when the URL at path is not want, ignoring a trailing
// slash. A want of "" means the right URL is not known: the check is then
// not evaluated, for unknown says why.
func expectURL(c *Context, path, want, unknown string) []Result {
	if want == "" {
		return NotEvaluated(ObjectValues, path, unknown)
	}
	got, _ := c.String(path)
	if got != "" && sameURL(got, want) {
		return nil
	}
	found := describe(got)
	if got == "" {
		found = "unset"
	}
	return []Result{setTo(path, want, found)}
}

// describeEntries names the entries of a list or map without their content,
// for values such as volume mounts.
func describeEntries(v any) string {
	var names []string
	switch t := v.(type) {
	case map[string]any:
		for name := range t {
			names = append(names, name)
		}
		sort.Strings(names)
	case []any:
		for i, item := range t {
			name := fmt.Sprintf("#%d", i)
			if m, ok := item.(map[string]any); ok {
				if s, ok := m["name"].(string); ok && s != "" {
					name = s
				}
			}
			names = append(names, name)
		}
	default:
		return describe(v)
	}
	return fmt.Sprintf("%d entries: %s", len(names), strings.Join(names, ", "))
}

// entryCount is the number of entries of a list or map, 0 for anything else.
func entryCount(v any) int {
	switch t := v.(type) {
	case map[string]any:
		return len(t)
	case []any:
		return len(t)
	}
	return 0
}

// toAnyList converts strings to the []any form that values hold.
func toAnyList(items []string) []any {
	out := make([]any, 0, len(items))
	for _, item := range items {
		out = append(out, item)
	}
	return out
}

// quoteList renders strings as a bracketed, quoted list.
func quoteList(items []string) string {
	quoted := make([]string, 0, len(items))
	for _, item := range items {
		quoted = append(quoted, fmt.Sprintf("%q", item))
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// kindSecret and the other kinds name live objects in Unreadable.
const kindSecret = inspect.KindSecret

// liveFail is a failing Result about a live object.
func liveFail(object, path, expected, found, fix string) Result {
	return Result{Status: StatusFail, Object: object, Path: path, Expected: expected, Found: found, Fix: fix}
}

// recreateFix is the hint for a live object that the values already ask
// for but that is missing or differs from what the chart renders: an
// upgrade with unchanged values makes Helm write it again. Advice to change
// the values would be wrong, as they are right.
func recreateFix(object string) string {
	return "upgrade the release (helm upgrade with the same values) so the chart recreates " + object
}

package drift

import (
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"
)

// reasonNoDefaults is why a check is not evaluated offline when a key that
// only the chart's defaults normally set is absent from the values given.
const reasonNoDefaults = "chart defaults not given: pass --chart or --defaults"

// defaultsMissing says why the absence of path from the values cannot be
// judged, or "" when it can. Some keys a hub's own files never set, because
// basehub's defaults do (the binder service entry, base_url, the storage
// mounts): offline without those defaults an absent key says nothing about
// the release. A key set to null is present: that is how a user removes a
// default, and it is judged.
func (c *Context) defaultsMissing(path string) string {
	if hasKey(c.Hub.Values, path) {
		return ""
	}
	if !c.Hub.HasDefaults {
		return reasonNoDefaults
	}
	return c.defaultsFilesMissing(path)
}

// defaultsFilesMissing says why path cannot be judged when the defaults
// were given offline as --defaults files, none of which sets it: such a
// file may summarise the chart's defaults and leave the key out. A live
// hub's values and a --chart's defaults are the chart's own and complete.
//
// TODO: inspect.Hub does not say whether --chart was given as well as
// --defaults files; with both, a key only the chart sets is not evaluated
// here. Remove this gap once Hub records which defaults it holds.
func (c *Context) defaultsFilesMissing(path string) string {
	if c.Live() || c.Hub.Release != nil {
		return ""
	}
	var names []string
	for _, f := range c.Hub.ValuesFiles {
		if !f.Defaults {
			continue
		}
		var values map[string]any
		if err := yaml.Unmarshal(f.Data, &values); err == nil && hasKey(values, path) {
			return ""
		}
		names = append(names, filepath.Base(f.Path))
	}
	if len(names) == 0 {
		return ""
	}
	return "the defaults given (" + strings.Join(names, ", ") + ") do not set " + path + ": pass --chart"
}

// hasKey reports whether the key at a dotted path exists in values, even
// with a null value.
func hasKey(values map[string]any, path string) bool {
	keys := strings.Split(path, ".")
	parent, ok := values, true
	for _, key := range keys[:len(keys)-1] {
		if parent, ok = parent[key].(map[string]any); !ok {
			return false
		}
	}
	_, ok = parent[keys[len(keys)-1]]
	return ok
}

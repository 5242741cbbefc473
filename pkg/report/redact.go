package report

import (
	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// redacted stands in for a secret value inside a patch shown in output.
const redacted = "<redacted>"

// redactFindings returns findings whose patch values are safe to print. A
// patch must carry real values for fix to write (a corrected extraEnv list
// holds every entry, a literal token among them), so it is the output, not
// the finding, that hides them.
func redactFindings(findings []drift.Finding) []drift.Finding {
	out := make([]drift.Finding, len(findings))
	for i, f := range findings {
		out[i] = f
		if len(f.Patches) == 0 {
			continue
		}
		out[i].Patches = make([]drift.Patch, len(f.Patches))
		for j, p := range f.Patches {
			p.Value = redactValue(lastKey(p.Path), p.Value)
			out[i].Patches[j] = p
		}
	}
	return out
}

// redactValue copies v with every credential replaced: the value of a key
// named like a credential, and the value of an env entry ({name, value})
// whose name is one. key is the map key v sits under.
func redactValue(key string, v any) any {
	switch t := v.(type) {
	case map[string]any:
		copied := make(map[string]any, len(t))
		for k, item := range t {
			copied[k] = redactValue(k, item)
		}
		if name, ok := t["name"].(string); ok && drift.IsCredentialEnv(name) {
			if _, ok := t["value"]; ok {
				copied["value"] = redacted
			}
		}
		return copied
	case []any:
		copied := make([]any, len(t))
		for i, item := range t {
			copied[i] = redactValue(key, item)
		}
		return copied
	case string:
		if drift.IsCredentialKey(key) {
			return redacted
		}
		return drift.RedactURLs(t)
	default:
		return v
	}
}

// lastKey is the last key of a dotted values path.
func lastKey(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[i+1:]
		}
	}
	return path
}

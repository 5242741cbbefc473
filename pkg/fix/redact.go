package fix

import (
	"regexp"
	"strings"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// Redacted stands in for a secret value in a printed diff.
const Redacted = "<redacted>"

// diffEntry splits a diff line of YAML: diff marker, indent and list dash,
// key, colon and spacing, value.
var diffEntry = regexp.MustCompile(`^([ +-])(\s*(?:- )*)("[^"]*"|'[^']*'|[^\s:#][^:#]*?)(:\s*)(.*)$`)

// RedactDiff hides secret values in a unified diff of a values file before
// it is printed, so that no credential reaches a terminal or a CI log: the
// value of a key named like a credential (password, token, apiToken, …), the
// lines of a block scalar under such a key, and the value of an environment
// entry whose name is a credential (JUPYTERHUB_API_TOKEN). Keys that only
// name a secret (secretName, secretKeyRef, key) keep their values. The file
// itself is written with the real content.
func RedactDiff(diff string) string {
	lines := strings.Split(diff, "\n")
	blockIndent := -1
	envIndent := -1
	for i, line := range lines {
		if strings.HasPrefix(line, "---") || strings.HasPrefix(line, "+++") || strings.HasPrefix(line, "@@") || line == "" {
			continue
		}
		content := line[1:]
		indent := len(content) - len(strings.TrimLeft(content, " -"))

		if blockIndent >= 0 {
			if strings.TrimSpace(content) == "" || indent > blockIndent {
				if strings.TrimSpace(content) != "" {
					lines[i] = line[:1] + content[:indent] + Redacted
				}
				continue
			}
			blockIndent = -1
		}

		m := diffEntry.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		marker, lead, key, sep, value := m[1], m[2], strings.Trim(m[3], `"'`), m[4], m[5]
		keyIndent := len(lead)
		if keyIndent < envIndent || (keyIndent == envIndent && strings.HasSuffix(lead, "- ")) {
			envIndent = -1
		}

		switch {
		case key == "name" && drift.IsCredentialEnv(value):
			envIndent = keyIndent
		case key == "value" && keyIndent == envIndent && strings.TrimSpace(value) != "":
			lines[i] = marker + lead + m[3] + sep + Redacted
		case drift.IsCredentialKey(key):
			switch v := strings.TrimSpace(value); {
			case v == "" || strings.HasPrefix(v, "*") || strings.HasPrefix(v, "#"):
			case strings.HasPrefix(v, "|") || strings.HasPrefix(v, ">"):
				blockIndent = keyIndent
			default:
				lines[i] = marker + lead + m[3] + sep + Redacted
			}
		}
	}
	return strings.Join(lines, "\n")
}

package drift

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// Values paths the checks read, from the umbrella chart's root.
const (
	pathJupyterHub = "jupyterhub"
	pathBinder     = "binderhub-service"
	pathBinderHub  = "binderhub-service.config.BinderHub"
	pathExtraEnv   = "binderhub-service.extraEnv"
)

// ObjectValues is the Object of findings about Helm values.
const ObjectValues = "values"

// Context gives checks read-only access to one hub, with helpers for the
// values paths and derived facts that several checks share.
type Context struct {
	Hub *inspect.Hub
}

// NewContext wraps hub for the checks.
func NewContext(hub *inspect.Hub) *Context {
	return &Context{Hub: hub}
}

// Live reports whether live objects were read (the hub came from a cluster).
func (c *Context) Live() bool {
	return c.Hub.Objects != nil
}

// Value returns the effective value at a dotted path, and whether it is set
// (a key present with a null value counts as not set, as Helm drops it).
func (c *Context) Value(path string) (any, bool) {
	return lookup(c.Hub.Values, path)
}

// String returns the value at path when it is a string.
func (c *Context) String(path string) (string, bool) {
	v, ok := c.Value(path)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	return s, ok
}

// Bool returns the value at path when it is a boolean.
func (c *Context) Bool(path string) (value, set bool) {
	v, ok := c.Value(path)
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	return b, ok
}

// Map returns the value at path when it is a map.
func (c *Context) Map(path string) (map[string]any, bool) {
	v, ok := c.Value(path)
	if !ok {
		return nil, false
	}
	m, ok := v.(map[string]any)
	return m, ok
}

// List returns the value at path when it is a list.
func (c *Context) List(path string) ([]any, bool) {
	v, ok := c.Value(path)
	if !ok {
		return nil, false
	}
	l, ok := v.([]any)
	return l, ok
}

// MissingValues reports whether values that could hold path were not
// readable (offline, in an encrypted file), with the reason.
func (c *Context) MissingValues() (string, bool) {
	if len(c.Hub.MissingValues) == 0 {
		return "", false
	}
	return "values in " + strings.Join(c.Hub.MissingValues, ", ") + " could not be read", true
}

// Unreadable says why live objects of kind could not be read, or "" when they
// were. Offline there are no live objects at all.
func (c *Context) Unreadable(kind string) string {
	if c.Hub.Objects == nil {
		return "offline: no cluster was read"
	}
	return c.Hub.Objects.ReadErrors[kind]
}

// Secret returns the live Secret called name, or nil. Call Unreadable first:
// nil means "does not exist" only when Secrets were readable.
func (c *Context) Secret(name string) *corev1.Secret {
	if c.Hub.Objects == nil {
		return nil
	}
	return c.Hub.Objects.Secrets[name]
}

// lookup walks a dotted path through nested maps.
func lookup(values map[string]any, path string) (any, bool) {
	var current any = values
	for _, key := range strings.Split(path, ".") {
		m, ok := current.(map[string]any)
		if !ok {
			return nil, false
		}
		current, ok = m[key]
		if !ok {
			return nil, false
		}
	}
	if current == nil {
		return nil, false
	}
	return current, true
}

// describe renders a value for a finding's Found or Expected field. Checks
// must never pass a secret value here.
func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "unset"
	case string:
		return fmt.Sprintf("%q", t)
	case []any:
		parts := make([]string, 0, len(t))
		for _, item := range t {
			parts = append(parts, fmt.Sprint(item))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		return fmt.Sprint(t)
	}
}

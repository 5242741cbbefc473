package drift

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"

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
		return reasonOffline
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

// lookup walks a dotted path through nested maps; a null value counts as
// not set, as Helm drops it.
func lookup(values map[string]any, path string) (any, bool) {
	current, ok := inspect.LookupValue(values, strings.Split(path, ".")...)
	if !ok || current == nil {
		return nil, false
	}
	return current, true
}

// describe renders a value for a finding's Found or Expected field. Checks
// must never pass a secret value here; a URL's password is redacted.
func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "unset"
	case string:
		return fmt.Sprintf("%q", RedactURLs(t))
	case []any:
		parts := make([]string, 0, len(t))
		for _, item := range t {
			parts = append(parts, RedactURLs(fmt.Sprint(item)))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		return RedactURLs(fmt.Sprint(t))
	}
}

// Object names and values paths that several checks share.
const (
	pathHub           = "jupyterhub.hub"
	pathBinderService = "jupyterhub.hub.services.binder"
	pathLoadRoles     = "jupyterhub.hub.loadRoles"
	pathImagePrefix   = pathBinderHub + ".image_prefix"
	pathBinderAuth    = pathBinderHub + ".auth_enabled"

	// binderDeployment, binderContainer, hubIngress and binderIngress are the
	// live object names with basehub's empty fullnameOverride.
	binderDeployment = "binderhub"
	binderContainer  = "binderhub"
	hubIngress       = "jupyterhub"
	binderIngress    = "binderhub"

	defaultBinderClientID = "service-binder"
)

// Namespace is the hub's namespace, or "" when it is not known: offline
// values files alone do not say where the hub runs (inspect sets it from
// --hub, -n or a cluster folder, as 2i2c deploys each hub into a namespace
// named after it).
func (c *Context) Namespace() string {
	return c.Hub.Namespace
}

// HubHost is the hub's public host: the first host of the jupyterhub
// ingress values, else the first rule host of the live Ingress "jupyterhub".
// It is "" when neither says.
func (c *Context) HubHost() string {
	if host := c.firstString(pathJupyterHub + ".ingress.hosts"); host != "" {
		return strings.ToLower(host)
	}
	return ingressHost(c.Ingress(hubIngress))
}

// BinderHost is binder's public host: the first host of the
// binderhub-service ingress values, else the first rule host of the live
// Ingress "binderhub". It is "" when neither says.
func (c *Context) BinderHost() string {
	if host := c.firstString(pathBinder + ".ingress.hosts"); host != "" {
		return strings.ToLower(host)
	}
	return ingressHost(c.Ingress(binderIngress))
}

// BinderAuth reports whether binder authenticates users
// (BinderHub.auth_enabled; BinderHub's own default is false).
func (c *Context) BinderAuth() bool {
	auth, _ := c.Bool(pathBinderAuth)
	return auth
}

// BinderClientID is the OAuth client id of the hub's binder service,
// "service-binder" unless the service sets another.
func (c *Context) BinderClientID() string {
	if id, ok := c.String(pathBinderService + ".oauth_client_id"); ok && id != "" {
		return id
	}
	return defaultBinderClientID
}

// BinderCallbackURL is where the hub should send users back to binder after
// login: https://<binder host>/oauth_callback, or, when binder's host is
// unknown, the binder service's oauth_redirect_uri. It is "" when neither is
// known. Deriving it from the host first keeps the env checks from
// proposing a wrong oauth_redirect_uri that BHU209 reports.
func (c *Context) BinderCallbackURL() string {
	if host := c.BinderHost(); host != "" {
		return "https://" + host + "/oauth_callback"
	}
	uri, _ := c.String(pathBinderService + ".oauth_redirect_uri")
	return uri
}

// ImagePrefixHost is the registry host binder pushes to, from
// BinderHub.image_prefix; "" when image_prefix is unset.
func (c *Context) ImagePrefixHost() string {
	prefix, _ := c.String(pathImagePrefix)
	if prefix == "" {
		return ""
	}
	return imagePrefixHost(prefix)
}

// Deployment returns the live Deployment called name, or nil. As with
// Secret, nil means "does not exist" only when Unreadable is "".
func (c *Context) Deployment(name string) *appsv1.Deployment {
	if c.Hub.Objects == nil {
		return nil
	}
	return c.Hub.Objects.Deployments[name]
}

// Ingress returns the live Ingress called name, or nil.
func (c *Context) Ingress(name string) *networkingv1.Ingress {
	if c.Hub.Objects == nil {
		return nil
	}
	return c.Hub.Objects.Ingresses[name]
}

// Service returns the live Service called name, or nil.
func (c *Context) Service(name string) *corev1.Service {
	if c.Hub.Objects == nil {
		return nil
	}
	return c.Hub.Objects.Services[name]
}

// Strings returns the value at path as a list of strings, skipping items
// that are not strings, and whether a list was set there.
func (c *Context) Strings(path string) ([]string, bool) {
	list, ok := c.List(path)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out, true
}

// firstString is the first string of the list at path, or "".
func (c *Context) firstString(path string) string {
	list, _ := c.Strings(path)
	if len(list) == 0 {
		return ""
	}
	return list[0]
}

// ingressHost is the first rule host of ing, or "" for a nil Ingress.
func ingressHost(ing *networkingv1.Ingress) string {
	if ing == nil {
		return ""
	}
	for _, rule := range ing.Spec.Rules {
		if rule.Host != "" {
			return strings.ToLower(rule.Host)
		}
	}
	return ""
}

package drift

import (
	"fmt"
	"regexp"
	"sort"

	corev1 "k8s.io/api/core/v1"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// EnvVar is one environment variable of the binderhub container.
type EnvVar struct {
	Name  string
	Value string
	// FromRef is true when the value comes from a valueFrom source; SecretName
	// and SecretKey are set when that source is a Secret key.
	FromRef    bool
	SecretName string
	SecretKey  string
	// Index is the variable's position in the list it was read from.
	Index int
}

// BinderEnv is the binderhub container's environment as the checks judge
// it: the live Deployment's when one was read (what runs, after the chart's
// tpl), else binderhub-service.extraEnv from the values. Values stand in
// only offline and when the live Deployment or its container is missing,
// which BHU505 reports; never when Deployments could not be read, as the
// values may be right while what runs is not.
type BinderEnv struct {
	// Object is "values" or "Deployment/binderhub".
	Object string
	Live   bool
	Vars   []EnvVar
}

// Find returns the variable called name, or nil.
func (e BinderEnv) Find(name string) *EnvVar {
	return findEnv(e.Vars, name)
}

// PathOf is the path of variable name (v, when it is set) inside Object:
// the live container env entry by name, or the values list entry by index,
// or the whole values list when it is not set.
func (e BinderEnv) PathOf(name string, v *EnvVar) string {
	switch {
	case e.Live:
		// A live container's env is addressed by name, present or not, so
		// that the path says which variable is meant.
		return "spec.template.spec.containers[" + binderContainer + "].env[" + name + "]"
	case v == nil:
		return pathExtraEnv
	}
	return fmt.Sprintf("%s[%d]", pathExtraEnv, v.Index)
}

// BinderEnv returns the environment to judge; see the type. When the hub
// is live and its Deployments could not be read, the environment is empty
// and unreadable says why: every check that needs it is then not evaluated.
func (c *Context) BinderEnv() (env BinderEnv, unreadable string) {
	if !c.Live() {
		return BinderEnv{Object: ObjectValues, Vars: c.valuesEnv()}, ""
	}
	object := "Deployment/" + binderDeployment
	if reason := c.Unreadable(inspect.KindDeployment); reason != "" {
		return BinderEnv{Object: object, Live: true}, reason
	}
	container := c.binderContainer()
	if container == nil {
		return BinderEnv{Object: ObjectValues, Vars: c.valuesEnv()}, ""
	}

	env = BinderEnv{Object: object, Live: true}
	for i, e := range container.Env {
		v := EnvVar{Name: e.Name, Value: e.Value, Index: i, FromRef: e.ValueFrom != nil}
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
			v.SecretName = e.ValueFrom.SecretKeyRef.Name
			v.SecretKey = e.ValueFrom.SecretKeyRef.Key
		}
		env.Vars = append(env.Vars, v)
	}
	return env, ""
}

// binderContainer is container binderhub of the live Deployment binderhub,
// or nil when either is missing or Deployments were not read.
func (c *Context) binderContainer() *corev1.Container {
	deploy := c.Deployment(binderDeployment)
	if deploy == nil {
		return nil
	}
	containers := deploy.Spec.Template.Spec.Containers
	for i := range containers {
		if containers[i].Name == binderContainer {
			return &containers[i]
		}
	}
	return nil
}

// valuesEnv parses binderhub-service.extraEnv.
func (c *Context) valuesEnv() []EnvVar {
	return parseEnvList(c.extraEnvList(), c.resolveHubFullname)
}

// parseEnvList parses an env list from values. resolve turns a Secret name
// written as a template into the name the chart's tpl would render.
func parseEnvList(list []any, resolve func(string) string) []EnvVar {
	var vars []EnvVar
	for i, item := range list {
		m, _ := item.(map[string]any)
		name, _ := m["name"].(string)
		v := EnvVar{Name: name, Index: i}
		v.Value, _ = m["value"].(string)
		if from, ok := m["valueFrom"].(map[string]any); ok {
			v.FromRef = true
			if ref, ok := from["secretKeyRef"].(map[string]any); ok {
				secret, _ := ref["name"].(string)
				v.SecretName = resolve(secret)
				v.SecretKey, _ = ref["key"].(string)
			}
		}
		vars = append(vars, v)
	}
	return vars
}

// findEnv returns the variable called name in vars, or nil.
func findEnv(vars []EnvVar, name string) *EnvVar {
	for i := range vars {
		if vars[i].Name == name {
			return &vars[i]
		}
	}
	return nil
}

// extraEnvList is binderhub-service.extraEnv as a list; a map of name to
// value or to an env entry is read as a list in key order.
func (c *Context) extraEnvList() []any {
	v, _ := c.Value(pathExtraEnv)
	switch t := v.(type) {
	case []any:
		return t
	case map[string]any:
		names := make([]string, 0, len(t))
		for name := range t {
			names = append(names, name)
		}
		sort.Strings(names)
		list := make([]any, 0, len(t))
		for _, name := range names {
			entry := map[string]any{"name": name}
			if m, ok := t[name].(map[string]any); ok {
				for k, val := range m {
					entry[k] = val
				}
				entry["name"] = name
			} else {
				entry["value"] = fmt.Sprint(t[name])
			}
			list = append(list, entry)
		}
		return list
	}
	return nil
}

// hubFullnameTemplate matches the template 2i2c writes for the hub Secret's
// name in extraEnv. The chart renders it in the binderhub-service context,
// whose fullnameOverride basehub also leaves empty.
var hubFullnameTemplate = regexp.MustCompile(`\{\{-?\s*include\s+"jupyterhub\.hub\.fullname"\s+\.\s*-?\}\}`)

func (c *Context) resolveHubFullname(name string) string {
	return hubFullnameTemplate.ReplaceAllLiteralString(name, c.HubObjectName())
}

// HubObjectName is the name of the hub's Deployment, Service and Secret.
func (c *Context) HubObjectName() string {
	return c.JupyterHubObjectName("hub")
}

// JupyterHubObjectName is the name the jupyterhub chart gives the object
// called base: base itself with the chart's default empty fullnameOverride,
// which basehub keeps, and "<override>-<base>" with another.
func (c *Context) JupyterHubObjectName(base string) string {
	override, _ := c.String(pathJupyterHub + ".fullnameOverride")
	if override == "" {
		return base
	}
	return override + "-" + base
}

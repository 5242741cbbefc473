package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// wiringNode is a box of the hub's wiring diagram.
type wiringNode struct {
	id    string
	label string
	// shape wraps the label: "([", "])" for a person, "[(", ")]" for a store.
	open, close string
}

// wiringEdge is a link of the diagram and the findings that break it.
type wiringEdge struct {
	from, to string
	label    string
	// checks are the catalogue's checks that judge this link.
	checks []string
	// paths and objects catch checks the list above does not know yet: a
	// finding on a values path under one of paths, or on one of objects,
	// breaks the link too.
	paths   []string
	objects []string
}

// wiring is the hub's diagram: who talks to whom, and through what.
type wiring struct {
	nodes []wiringNode
	edges []wiringEdge
}

// newWiring lays out one hub, naming hosts and secrets from its values
// where they are known.
func newWiring(hub *inspect.Hub) wiring {
	hubHost, binderHost, registry := "hub host unknown", "binder host unknown", "registry unknown"
	hubTLS, binderTLS := "https-auto-tls", "binder-https-auto-tls"
	apiURL, tokenSecret := "JUPYTERHUB_API_URL unset", "hub"
	if hub != nil {
		c := drift.NewContext(hub)
		hubHost = orText(c.HubHost(), hubHost)
		binderHost = orText(c.BinderHost(), binderHost)
		registry = orText(c.ImagePrefixHost(), registry)
		hubTLS = orText(firstTLSSecret(c, "jupyterhub"), hubTLS)
		binderTLS = orText(firstTLSSecret(c, "binderhub-service"), binderTLS)
		tokenSecret = orText(c.HubObjectName(), tokenSecret)
		env, unreadable := c.BinderEnv()
		if v := env.Find("JUPYTERHUB_API_URL"); v != nil && v.Value != "" {
			apiURL = v.Value
		} else if unreadable != "" {
			apiURL = "JUPYTERHUB_API_URL unknown: Deployments could not be read"
		}
	}

	return wiring{
		nodes: []wiringNode{
			{id: "user", label: "User", open: "([", close: "])"},
			{id: "hub", label: hubHost + "\nIngress jupyterhub\nTLS Secret " + hubTLS, open: "[", close: "]"},
			{id: "binder", label: binderHost + "\nIngress binderhub\nTLS Secret " + binderTLS, open: "[", close: "]"},
			{id: "hubapi", label: "hub API\n" + apiURL, open: "[", close: "]"},
			{id: "token", label: "Secret " + tokenSecret + "\nkey hub.services.binder.apiToken", open: "[(", close: ")]"},
			{id: "push", label: "Secret build-pods-docker-config", open: "[(", close: ")]"},
			{id: "registry", label: registry, open: "[(", close: ")]"},
			{id: "pods", label: "user pods", open: "[", close: "]"},
			{id: "pull", label: "Secret image-pull-secret", open: "[(", close: ")]"},
		},
		edges: []wiringEdge{
			{from: "user", to: "hub", label: "logs in",
				checks:  []string{"BHU203", "BHU206", "BHU211", "BHU501"},
				paths:   []string{"jupyterhub.ingress"},
				objects: []string{"Ingress/jupyterhub", "Secret/" + hubTLS}},
			{from: "user", to: "binder", label: "builds and launches",
				checks: []string{"BHU208", "BHU209", "BHU210", "BHU213", "BHU301", "BHU302", "BHU303",
					"BHU304", "BHU305", "BHU307", "BHU405", "BHU502", "BHU504", "BHU505"},
				paths:   []string{"binderhub-service.ingress", "binderhub-service.enabled"},
				objects: []string{"Ingress/binderhub", "Service/binderhub", "Secret/" + binderTLS}},
			{from: "binder", to: "hub", label: "redirects users",
				checks: []string{"BHU306", "BHU404"}},
			{from: "binder", to: "hubapi", label: "JUPYTERHUB_API_URL",
				checks: []string{"BHU207", "BHU212", "BHU402", "BHU403"},
				paths: []string{"binderhub-service.extraEnv", "jupyterhub.hub.services.binder",
					"jupyterhub.hub.loadRoles.binder"},
				objects: []string{"Deployment/binderhub"}},
			{from: "binder", to: "token", label: "JUPYTERHUB_API_TOKEN",
				checks: []string{"BHU401", "BHU406"}, objects: []string{"Secret/" + tokenSecret}},
			{from: "binder", to: "push", label: "pushes images",
				checks: []string{"BHU308", "BHU601", "BHU602", "BHU604"},
				paths: []string{"binderhub-service.buildPodsRegistryCredentials",
					"binderhub-service.config.DockerRegistry", "binderhub-service.config.BinderHub.image_prefix"},
				objects: []string{"Secret/build-pods-docker-config"}},
			{from: "push", to: "registry", label: "credentials for",
				checks: []string{"BHU603"}},
			{from: "hub", to: "pods", label: "spawns",
				checks: []string{"BHU201", "BHU202", "BHU204", "BHU205"},
				paths:  []string{"jupyterhub.singleuser", "jupyterhub.custom.binderhubUI"}},
			{from: "pods", to: "pull", label: "pull images",
				checks:  []string{"BHU605", "BHU606", "BHU607"},
				paths:   []string{"jupyterhub.imagePullSecret", "jupyterhub.imagePullSecrets"},
				objects: []string{"Secret/image-pull-secret"}},
			{from: "pull", to: "registry", label: "credentials for"},
		},
	}
}

// firstTLSSecret is the secret of the first TLS entry of a chart's ingress.
func firstTLSSecret(c *drift.Context, chart string) string {
	tls, _ := c.List(chart + ".ingress.tls")
	if len(tls) == 0 {
		return ""
	}
	entry, _ := tls[0].(map[string]any)
	name, _ := entry["secretName"].(string)
	return name
}

// known reports whether any edge lists the check by ID.
func (w wiring) known(id string) bool {
	for _, e := range w.edges {
		if slices.Contains(e.checks, id) {
			return true
		}
	}
	return false
}

// breaks reports whether a failing finding breaks the edge: by its check's
// ID, or, for a check no edge lists, by its path or object.
func (w wiring) breaks(e wiringEdge, f drift.Finding) bool {
	if f.Status != drift.StatusFail {
		return false
	}
	if w.known(f.CheckID) {
		return slices.Contains(e.checks, f.CheckID)
	}
	if slices.Contains(e.objects, f.Object) {
		return true
	}
	if f.Object != drift.ObjectValues {
		return false
	}
	for _, prefix := range e.paths {
		if f.Path == prefix || strings.HasPrefix(f.Path, prefix+".") || strings.HasPrefix(f.Path, prefix+"[") {
			return true
		}
	}
	return false
}

// writeMermaid draws the wiring as a Mermaid flowchart. A broken link is
// dashed, red, and labelled with the checks that failed on it.
func (w wiring) writeMermaid(out io.Writer, findings []drift.Finding) error {
	var b strings.Builder
	b.WriteString("```mermaid\nflowchart LR\n")
	for _, n := range w.nodes {
		// Labels carry hosts and URLs from values, which may hold a password.
		fmt.Fprintf(&b, "  %s%s\"%s\"%s\n", n.id, n.open, mermaidText(drift.RedactURLs(n.label)), n.close)
	}

	var broken []int
	for i, e := range w.edges {
		var ids []string
		for _, f := range findings {
			if w.breaks(e, f) && !slices.Contains(ids, f.CheckID) {
				ids = append(ids, f.CheckID)
			}
		}
		if len(ids) == 0 {
			fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", e.from, mermaidText(e.label), e.to)
			continue
		}
		broken = append(broken, i)
		label := e.label + "\nFAIL " + strings.Join(ids, ", ")
		fmt.Fprintf(&b, "  %s -.->|\"%s\"| %s\n", e.from, mermaidText(label), e.to)
	}

	if len(broken) > 0 {
		b.WriteString("  classDef fail stroke:#d00,stroke-width:2px\n")
		var failNodes []string
		for _, i := range broken {
			fmt.Fprintf(&b, "  linkStyle %d stroke:#d00,stroke-width:2px,color:#d00\n", i)
			failNodes = appendMissing(failNodes, w.edges[i].to)
		}
		fmt.Fprintf(&b, "  class %s fail\n", strings.Join(failNodes, ","))
	}
	b.WriteString("```\n")

	_, err := io.WriteString(out, b.String())
	return err
}

// mermaidText escapes a label for a quoted Mermaid string: characters that
// end the string or that Mermaid would read as markup become numeric entity
// codes, and line breaks become <br/>.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '#', '"', '<', '>', '&', '`', '|', '[', ']', '{', '}', '(', ')':
			fmt.Fprintf(&b, "#%d;", r)
		case '\n':
			b.WriteString("<br/>")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func orText(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

func appendMissing(list []string, item string) []string {
	if slices.Contains(list, item) {
		return list
	}
	return append(list, item)
}

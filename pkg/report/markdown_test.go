package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func TestWriteMarkdownGolden(t *testing.T) {
	hubs, doc, _ := fixture()
	var out bytes.Buffer
	if err := WriteMarkdown(&out, doc, MarkdownOptions{Hubs: hubs}); err != nil {
		t.Fatal(err)
	}
	golden(t, "doctor.md.golden", out.Bytes())
}

func TestWriteMarkdownWithoutHubs(t *testing.T) {
	_, doc, _ := fixture()
	var out bytes.Buffer
	if err := WriteMarkdown(&out, doc, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `hub["hub host unknown<br/>`) {
		t.Errorf("without hubs the diagram should say the hosts are unknown:\n%s", out.String())
	}
}

// TestWiringBreaks pins which link each kind of finding breaks.
func TestWiringBreaks(t *testing.T) {
	w := newWiring(nil)
	edge := func(from, to string) wiringEdge {
		for _, e := range w.edges {
			if e.from == from && e.to == to {
				return e
			}
		}
		t.Fatalf("no edge %s -> %s", from, to)
		return wiringEdge{}
	}
	fail := func(id, object, path string) drift.Finding {
		return drift.Finding{CheckID: id, Status: drift.StatusFail, Object: object, Path: path}
	}

	tests := []struct {
		name     string
		finding  drift.Finding
		from, to string
		breaks   bool
	}{
		{"a listed check", fail("BHU305", "values", "binderhub-service.config.BinderHub.enable_api_only_mode"), "user", "binder", true},
		{"a listed check breaks only its own links", fail("BHU305", "values", "x"), "user", "hub", false},
		{"an unlisted check by object", fail("BHU503", "Ingress/jupyterhub", "spec.tls[0].secretName"), "user", "hub", true},
		{"an unlisted check by path", fail("BHU999", "values", "binderhub-service.extraEnv[2]"), "binder", "hubapi", true},
		{"a path prefix is a whole key", fail("BHU999", "values", "jupyterhub.singleuserX"), "hub", "pods", false},
		{"not evaluated breaks nothing",
			drift.Finding{CheckID: "BHU305", Status: drift.StatusNotEvaluated}, "user", "binder", false},
	}
	for _, tt := range tests {
		if got := w.breaks(edge(tt.from, tt.to), tt.finding); got != tt.breaks {
			t.Errorf("%s: breaks(%s -> %s) = %v, want %v", tt.name, tt.from, tt.to, got, tt.breaks)
		}
	}
}

func TestMermaidText(t *testing.T) {
	got := mermaidText("a \"b\" <c> #d |e|\n[f]")
	want := "a #34;b#34; #60;c#62; #35;d #124;e#124;<br/>#91;f#93;"
	if got != want {
		t.Errorf("mermaidText = %q, want %q", got, want)
	}
}

func TestMarkdownEscapes(t *testing.T) {
	if got := mdInline("a|b *c* <host>\nd"); got != `a\|b \*c\* &lt;host&gt; d` {
		t.Errorf("mdInline = %q", got)
	}
	if got := mdCode("a`b|c"); got != "``a`b\\|c``" {
		t.Errorf("mdCode = %q", got)
	}
}

// TestMermaidRedactsURLPasswords plants a password in a URL the diagram
// shows from the values (binder's hub API URL); neither the diagram nor the
// findings below it may show it.
func TestMermaidRedactsURLPasswords(t *testing.T) {
	const password = "PLANTEDurlPASSWORD"
	hub := &inspect.Hub{Name: "binder", Namespace: "binder", Source: inspect.SourceValues, Values: map[string]any{
		"jupyterhub": map[string]any{"ingress": map[string]any{"hosts": []any{"hub.example.org"}}},
		"binderhub-service": map[string]any{
			"ingress": map[string]any{"hosts": []any{"binder.example.org"}},
			"extraEnv": []any{map[string]any{"name": "JUPYTERHUB_API_URL",
				"value": "https://robot:" + password + "@hub.example.org/hub/api"}},
		},
	}}
	doc := NewDocument([]drift.Report{drift.Evaluate(hub, drift.Catalogue())}, nil)

	var out bytes.Buffer
	if err := WriteMarkdown(&out, doc, MarkdownOptions{Hubs: []*inspect.Hub{hub}}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), password) {
		t.Errorf("the Markdown report shows a URL's password:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "hub API<br/>https://robot:REDACTED@hub.example.org/hub/api") {
		t.Errorf("the diagram should show the API URL with its password redacted:\n%s", out.String())
	}
}

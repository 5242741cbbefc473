package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// TestPatchesHideCredentials plants credentials in a patch the way a
// corrected extraEnv list or a credentials map carries them, and expects none
// in JSON or YAML output, while the caller's finding keeps the real values.
func TestPatchesHideCredentials(t *testing.T) {
	const token, password = "PLANTEDtokenVALUE", "PLANTEDpassword"
	env := []any{
		map[string]any{"name": "JUPYTERHUB_API_TOKEN", "value": token},
		map[string]any{"name": "JUPYTERHUB_API_URL", "value": "https://user:" + password + "@hub.example.org/hub/api"},
		map[string]any{"name": "JUPYTERHUB_CLIENT_ID", "value": "service-binder"},
		map[string]any{"name": "FROM_SECRET", "valueFrom": map[string]any{"secretKeyRef": map[string]any{"name": "hub", "key": "hub.services.binder.apiToken"}}},
	}
	finding := drift.Finding{CheckID: "BHU403", Status: drift.StatusFail, Patches: []drift.Patch{
		{Path: "binderhub-service.extraEnv", Value: env},
		{Path: "binderhub-service.buildPodsRegistryCredentials", Value: map[string]any{"server": "https://quay.io", "password": password}},
	}}
	doc := NewDocument([]drift.Report{{Hub: "demo", Findings: []drift.Finding{finding}}}, nil)

	var out bytes.Buffer
	if err := WriteJSON(&out, doc); err != nil {
		t.Fatal(err)
	}
	if err := WriteYAML(&out, doc); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{token, password} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("output carries a planted credential")
		}
	}
	for _, kept := range []string{"service-binder", "hub.services.binder.apiToken", "https://quay.io"} {
		if !strings.Contains(out.String(), kept) {
			t.Errorf("output lost the non-secret %q", kept)
		}
	}

	if diff := cmp.Diff(token, env[0].(map[string]any)["value"]); diff != "" {
		t.Errorf("the caller's patch was changed: %s", diff)
	}
}

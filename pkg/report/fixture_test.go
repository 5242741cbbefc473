package report

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got; go test -update rewrites it):\n%s", path, diff)
	}
}

// fixtureBase is where the fixture's values files live; URIs are relative
// to it.
const fixtureBase = "/work/hubs"

const fixtureDefaults = `binderhub-service:
  config:
    BinderHub:
      enable_api_only_mode: true
`

const fixtureHubValues = `jupyterhub:
  ingress:
    hosts: [hub.example.org]
    tls:
    - hosts: [hub.example.org]
      secretName: https-auto-tls
  hub:
    loadRoles:
      user:
        scopes:
        - self
binderhub-service:
  ingress:
    hosts: [binder.example.org]
  config:
    BinderHub:
      enable_api_only_mode: true  # "the UI" | <off>
      image_prefix: quay.io/example/binder-
`

// fixture returns an offline hub, a live hub, their reports and checks.
func fixture() ([]*inspect.Hub, Document, []drift.Check) {
	offline := &inspect.Hub{
		Name: "binder", Namespace: "binder", Source: inspect.SourceValues,
		ValuesFiles: []inspect.ValuesFile{
			{Path: fixtureBase + "/defaults.values.yaml", Data: []byte(fixtureDefaults)},
			{Path: fixtureBase + "/cluster/binder.values.yaml", Data: []byte(fixtureHubValues)},
		},
		Values: map[string]any{
			"jupyterhub": map[string]any{"ingress": map[string]any{
				"hosts": []any{"hub.example.org"},
				"tls":   []any{map[string]any{"hosts": []any{"hub.example.org"}, "secretName": "https-auto-tls"}},
			}},
			"binderhub-service": map[string]any{
				"ingress": map[string]any{"hosts": []any{"binder.example.org"}},
				"config": map[string]any{"BinderHub": map[string]any{
					"enable_api_only_mode": true, "image_prefix": "quay.io/example/binder-"}},
			},
		},
	}
	live := &inspect.Hub{Name: "staging", Namespace: "staging", Source: inspect.SourceCluster,
		Values: map[string]any{}, Objects: &inspect.Objects{}}

	offlineReport := drift.Report{Hub: "binder", Namespace: "binder", Source: "values",
		Passed: []string{"BHU201"},
		Findings: []drift.Finding{
			{CheckID: "BHU305", Check: "binder-ui-on", Title: "Binder serves its UI", Severity: drift.SeverityError,
				Status: drift.StatusFail, Hub: "binder", Namespace: "binder", Object: drift.ObjectValues,
				Path: "binderhub-service.config.BinderHub.enable_api_only_mode", Expected: "false", Found: "true",
				Fix: "set binderhub-service.config.BinderHub.enable_api_only_mode to false", Fixable: true,
				Patches: []drift.Patch{{Path: "binderhub-service.config.BinderHub.enable_api_only_mode", Value: false}}},
			{CheckID: "BHU210", Check: "user-role-binder-access", Title: "Users may access the binder service",
				Severity: drift.SeverityError, Status: drift.StatusFail, Hub: "binder", Namespace: "binder",
				Object: drift.ObjectValues, Path: "jupyterhub.hub.loadRoles.user.scopes",
				Expected: "scopes granting access:services!service=binder", Found: `["self"]`,
				Fix: "set jupyterhub.hub.loadRoles.user.scopes to [\"self\", \"access:services!service=binder\"]", Fixable: true},
			{CheckID: "BHU206", Check: "redirect-to-server-off", Title: "The hub does not send users straight to a server",
				Severity: drift.SeverityWarning, Status: drift.StatusFail, Hub: "binder", Namespace: "binder",
				Object: drift.ObjectValues, Path: "jupyterhub.hub.redirectToServer", Expected: "false",
				Found: "unset (default true)", Fix: "set jupyterhub.hub.redirectToServer to false", Fixable: true},
			{CheckID: "BHU999", Check: "future-check", Title: "A check this build's table does not list",
				Severity: drift.SeverityInfo, Status: drift.StatusFail, Hub: "binder", Namespace: "binder",
				Object: drift.ObjectValues, Path: "jupyterhub.imagePullSecret.create", Expected: "true", Found: "false"},
			{CheckID: "BHU607", Check: "pull-secret-live", Title: "The pull secret exists", Severity: drift.SeverityError,
				Status: drift.StatusNotEvaluated, Hub: "binder", Namespace: "binder", Object: "Secret/image-pull-secret",
				Path: ".dockerconfigjson", Reason: "offline: no cluster was read"},
		},
	}
	liveReport := drift.Report{Hub: "staging", Namespace: "staging", Source: "cluster",
		Release: &drift.Release{Name: "staging", Revision: 7, Status: "deployed", Chart: "basehub-0.1.0"},
		Findings: []drift.Finding{
			{CheckID: "BHU604", Check: "push-secret", Title: "Binder's push secret exists", Severity: drift.SeverityError,
				Status: drift.StatusFail, Hub: "staging", Namespace: "staging", Object: "Secret/build-pods-docker-config",
				Path: "config.json", Expected: "a key config.json", Found: "missing",
				Fix: "upgrade the release so that the chart writes the Secret"},
		},
		Passed: []string{},
	}
	doc := NewDocument([]drift.Report{offlineReport, liveReport},
		[]HubError{{Hub: "prod", Namespace: "prod", Error: "forbidden: secrets is forbidden"}})

	checks := []drift.Check{
		{ID: "BHU206", Name: "redirect-to-server-off", Title: "The hub does not send users straight to a server",
			Severity: drift.SeverityWarning, Family: "hub", Fixable: true,
			Doc: "Logging in starts a server instead of showing binder.\n\n**Fix:** set `jupyterhub.hub.redirectToServer: false`."},
		{ID: "BHU210", Name: "user-role-binder-access", Title: "Users may access the binder service",
			Severity: drift.SeverityError, Family: "hub", Fixable: true, Doc: "Users need `access:services!service=binder`."},
		{ID: "BHU305", Name: "binder-ui-on", Title: "Binder serves its UI", Severity: drift.SeverityError,
			Family: "binder", Fixable: true, Doc: "With `enable_api_only_mode` binder serves no pages."},
		{ID: "BHU604", Name: "push-secret", Title: "Binder's push secret exists", Severity: drift.SeverityError,
			Family: "registry", Doc: "Build pods mount it to push."},
		{ID: "BHU607", Name: "pull-secret-live", Title: "The pull secret exists", Severity: drift.SeverityInfo,
			Family: "registry", Doc: "User pods pull with it."},
	}
	return []*inspect.Hub{offline, live}, doc, checks
}

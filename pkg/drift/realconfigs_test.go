package drift

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// realConfigsDir is where the eight production hubs' values live:
// <repo>/../shared/real-configs unless BINDERHUBUI_REAL_CONFIGS says.
func realConfigsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("BINDERHUBUI_REAL_CONFIGS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "real-configs")
	}
	if _, err := os.Stat(filepath.Join(dir, "basehub-defaults.values.yaml")); err != nil {
		t.Fatalf("real hub configs not found (set BINDERHUBUI_REAL_CONFIGS): %v", err)
	}
	return dir
}

// loadRealHub reads one hub of a cluster folder through the product's own
// offline reader, as `doctor --defaults basehub-defaults.values.yaml
// --cluster-dir DIR --hub NAME` does: the chart defaults, the layer generated
// from cluster.yaml, then the hub's files in order, merged by Helm; encrypted
// files become MissingValues.
func loadRealHub(t *testing.T, dir, cluster, name string) *inspect.Hub {
	t.Helper()
	hub, err := inspect.ReadOffline(inspect.OfflineOptions{
		DefaultsFiles: []string{filepath.Join(dir, "basehub-defaults.values.yaml")},
		ClusterDir:    filepath.Join(dir, cluster),
		HubName:       name,
	})
	if err != nil {
		t.Fatalf("reading hub %s/%s: %v", cluster, name, err)
	}
	return hub
}

// findingLine is a finding in one comparable line.
func findingLine(f Finding) string {
	return fmt.Sprintf("%s %s %s %s %s", f.CheckID, f.Severity, f.Status, f.Object, f.Path)
}

// TestRealHubs runs the catalogue on the eight production hubs offline. None
// may get an error-level failure; every other finding is written out so that
// a change of behaviour shows.
func TestRealHubs(t *testing.T) {
	dir := realConfigsDir(t)

	// Offline, every hub gets the same not-evaluated findings: no release
	// record, no live objects, the registry password in an encrypted file.
	offline := []string{
		"BHU101 error not-evaluated release ",
		"BHU102 error not-evaluated release ",
		"BHU103 error not-evaluated release ",
		"BHU406 error not-evaluated Secret/hub hub.services.binder.apiToken",
		"BHU501 error not-evaluated Ingress/jupyterhub spec.rules",
		"BHU502 error not-evaluated Ingress/binderhub spec.rules",
		"BHU503 warning not-evaluated Ingress spec.tls",
		"BHU504 error not-evaluated Service/binderhub spec.ports",
		"BHU505 error not-evaluated Deployment/binderhub spec.template.spec.containers",
		"BHU602 error not-evaluated values binderhub-service.buildPodsRegistryCredentials.password",
		"BHU604 error not-evaluated Secret/build-pods-docker-config config.json",
		"BHU607 warning not-evaluated Secret/image-pull-secret .dockerconfigjson",
		"BHU608 error not-evaluated values binderhub-service.extraConfig",
	}
	homepage := "BHU203 info fail values jupyterhub.custom.homepage.gitRepoBranch"
	// Hubs that push to quay.io and set no pull secret in their plain files
	// may set one in the encrypted file, which offline is not read.
	quay := append(slices.Clone(offline), "BHU605 warning not-evaluated values jupyterhub.imagePullSecret.create")

	tests := []struct {
		cluster, hub string
		// failures are the warning and info failures, in report order.
		failures []string
		// notEvaluated are the not-evaluated findings.
		notEvaluated []string
	}{
		{cluster: "earthscope", hub: "binder", failures: []string{homepage}, notEvaluated: quay},
		{cluster: "hhmi", hub: "binder", failures: []string{homepage}, notEvaluated: quay},
		{cluster: "nasa-ghg-hub", hub: "binder", failures: []string{homepage}, notEvaluated: quay},
		{cluster: "nasa-veda", hub: "binder", failures: []string{homepage}, notEvaluated: quay},
		{cluster: "opensci", hub: "small-binder", failures: []string{homepage}, notEvaluated: quay},
		{cluster: "opensci", hub: "big-binder", notEvaluated: quay},
		{cluster: "projectpythia", hub: "pythia-binder", failures: []string{homepage},
			notEvaluated: withoutPrefix(offline, "BHU602")},
		{cluster: "projectpythia-binder", hub: "binderhub", failures: []string{homepage}, notEvaluated: quay},
	}

	for _, tt := range tests {
		t.Run(tt.cluster+"/"+tt.hub, func(t *testing.T) {
			hub := loadRealHub(t, dir, tt.cluster, tt.hub)
			report := Evaluate(hub, Catalogue())

			var failures, notEvaluated []string
			for _, f := range report.Findings {
				switch {
				case f.Status == StatusFail && f.Severity == SeverityError:
					t.Errorf("error on a production hub: %s: found %s, expected %s", findingLine(f), f.Found, f.Expected)
				case f.Status == StatusFail:
					failures = append(failures, findingLine(f))
				default:
					notEvaluated = append(notEvaluated, findingLine(f))
				}
			}

			if diff := cmp.Diff(tt.failures, failures); diff != "" {
				t.Errorf("warning and info findings (-want +got):\n%s", diff)
			}
			wantNE := tt.notEvaluated
			if diff := cmp.Diff(wantNE, notEvaluated, sortStrings); diff != "" {
				t.Errorf("not-evaluated findings (-want +got):\n%s", diff)
			}
		})
	}
}

// sortStrings compares string lists as sets of lines.
var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

// withoutPrefix is lines without those starting with prefix.
func withoutPrefix(lines []string, prefix string) []string {
	return slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return strings.HasPrefix(l, prefix) })
}

// TestRealHubsWithoutDefaults reads each production hub from its cluster
// folder alone, without the chart defaults: keys that only the defaults set
// (the binder service entry, the default push-secret snippet) are absent,
// which must make their checks not evaluated, never an error.
func TestRealHubsWithoutDefaults(t *testing.T) {
	dir := realConfigsDir(t)
	hubs := []struct{ cluster, hub string }{
		{"earthscope", "binder"}, {"hhmi", "binder"}, {"nasa-ghg-hub", "binder"}, {"nasa-veda", "binder"},
		{"opensci", "small-binder"}, {"opensci", "big-binder"}, {"projectpythia", "pythia-binder"},
		{"projectpythia-binder", "binderhub"},
	}
	for _, h := range hubs {
		t.Run(h.cluster+"/"+h.hub, func(t *testing.T) {
			hub, err := inspect.ReadOffline(inspect.OfflineOptions{ClusterDir: filepath.Join(dir, h.cluster), HubName: h.hub})
			if err != nil {
				t.Fatal(err)
			}
			if hub.HasDefaults {
				t.Error("HasDefaults is true without --chart or --defaults")
			}
			report := Evaluate(hub, Catalogue())
			for _, f := range report.Findings {
				if f.Status == StatusFail && f.Severity != SeverityInfo {
					t.Errorf("%s without defaults: found %s, expected %s", findingLine(f), f.Found, f.Expected)
				}
			}
			wiring := Finding{}
			for _, f := range report.Findings {
				if f.CheckID == "BHU608" {
					wiring = f
				}
			}
			if wiring.Status != StatusNotEvaluated || wiring.Reason != reasonNoDefaults {
				t.Errorf("BHU608 = %s %q, want not evaluated: %s", wiring.Status, wiring.Reason, reasonNoDefaults)
			}
		})
	}
}

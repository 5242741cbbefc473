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
		"BHU602 error not-evaluated values binderhub-service.buildPodsRegistryCredentials.password",
		"BHU604 error not-evaluated Secret/build-pods-docker-config config.json",
		"BHU608 error not-evaluated values binderhub-service.extraConfig",
	}
	homepage := "BHU203 info fail values jupyterhub.custom.homepage.gitRepoBranch"
	quay := "BHU605 warning fail values jupyterhub.imagePullSecret.create"

	tests := []struct {
		cluster, hub string
		// failures are the warning and info failures, in report order.
		failures []string
		// notEvaluated replaces offline when the hub differs.
		notEvaluated []string
		// pullSecretLive is true where the hub creates an image pull secret,
		// whose live check is then not evaluated offline.
		pullSecretLive bool
	}{
		{cluster: "earthscope", hub: "binder", failures: []string{quay, homepage}},
		{cluster: "hhmi", hub: "binder", failures: []string{quay, homepage}},
		{cluster: "nasa-ghg-hub", hub: "binder", failures: []string{quay, homepage}},
		{cluster: "nasa-veda", hub: "binder", failures: []string{quay, homepage}},
		{cluster: "opensci", hub: "small-binder", failures: []string{quay, homepage}},
		{cluster: "opensci", hub: "big-binder", failures: []string{quay}},
		{cluster: "projectpythia", hub: "pythia-binder", failures: []string{homepage},
			notEvaluated: withoutPrefix(offline, "BHU602"), pullSecretLive: true},
		{cluster: "projectpythia-binder", hub: "binderhub", failures: []string{quay, homepage}},
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
			wantNE := offline
			if tt.notEvaluated != nil {
				wantNE = tt.notEvaluated
			}
			if tt.pullSecretLive {
				wantNE = append(slices.Clone(wantNE), "BHU607 warning not-evaluated Secret/image-pull-secret .dockerconfigjson")
			}
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

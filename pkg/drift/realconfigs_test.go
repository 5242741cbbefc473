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
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/getter"
	"sigs.k8s.io/yaml"

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
		t.Skipf("real hub configs not found (set BINDERHUBUI_REAL_CONFIGS): %v", err)
	}
	return dir
}

// clusterFile is the part of a 2i2c cluster.yaml that lists hubs.
type clusterFile struct {
	Hubs []struct {
		Name        string   `json:"name"`
		Domain      string   `json:"domain"`
		ValuesFiles []string `json:"helm_chart_values_files"`
	} `json:"hubs"`
}

// loadRealHub reads one hub of a cluster folder the way 2i2c's deployer
// layers it: the chart defaults, the generated layer (the hub's ingress host
// from its domain), then the hub's values files in order. Encrypted files
// cannot be read; they become MissingValues. Merging is Helm's own.
func loadRealHub(t *testing.T, dir, cluster, name string) *inspect.Hub {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, cluster, "cluster.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cf clusterFile
	if err := yaml.Unmarshal(data, &cf); err != nil {
		t.Fatalf("parsing %s/cluster.yaml: %v", cluster, err)
	}

	for _, h := range cf.Hubs {
		if h.Name != name {
			continue
		}
		generated := filepath.Join(t.TempDir(), "generated.values.yaml")
		layer := fmt.Sprintf("jupyterhub:\n  ingress:\n    hosts: [%s]\n    tls:\n    - hosts: [%s]\n      secretName: https-auto-tls\n", h.Domain, h.Domain)
		if err := os.WriteFile(generated, []byte(layer), 0o600); err != nil {
			t.Fatal(err)
		}

		hub := &inspect.Hub{Name: name, Source: inspect.SourceValues}
		userFiles := []string{generated}
		for _, f := range h.ValuesFiles {
			if strings.HasPrefix(f, "enc-") {
				hub.MissingValues = append(hub.MissingValues, f)
				continue
			}
			userFiles = append(userFiles, filepath.Join(dir, cluster, f))
		}
		hub.UserValues = mergeValueFiles(t, userFiles...)
		hub.Values = mergeValueFiles(t, append([]string{filepath.Join(dir, "basehub-defaults.values.yaml")}, userFiles...)...)
		return hub
	}
	t.Fatalf("no hub %s in %s/cluster.yaml", name, cluster)
	return nil
}

func mergeValueFiles(t *testing.T, files ...string) map[string]any {
	t.Helper()
	opts := values.Options{ValueFiles: files}
	merged, err := opts.MergeValues(getter.Providers{})
	if err != nil {
		t.Fatalf("merging %v: %v", files, err)
	}
	return merged
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

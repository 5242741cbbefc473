package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"
	"github.com/owenrumney/go-sarif/v2/sarif"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/report"
)

// realConfigs is where the production hubs' values live:
// <repo>/../shared/real-configs unless BINDERHUBUI_REAL_CONFIGS says.
func realConfigs(t *testing.T) string {
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

// hubCopy is a copy of hhmi's binder hub in a temporary directory: its
// cluster.yaml, its values file and the chart defaults summary.
type hubCopy struct {
	dir, defaults, file string
	hub                 string
	original            string
}

func copyHub(t *testing.T) hubCopy {
	t.Helper()
	return copyRealHub(t, "hhmi", "binder", "binder.values.yaml")
}

// copyRealHub copies the cluster.yaml of cluster, the values file of its hub
// and the chart defaults summary into a temporary directory.
func copyRealHub(t *testing.T, cluster, hub, valuesFile string) hubCopy {
	t.Helper()
	src := realConfigs(t)
	dir := t.TempDir()
	h := hubCopy{
		dir:      filepath.Join(dir, cluster),
		defaults: filepath.Join(dir, "basehub-defaults.values.yaml"),
		file:     filepath.Join(dir, cluster, valuesFile),
		hub:      hub,
	}
	if err := os.MkdirAll(h.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for from, to := range map[string]string{
		filepath.Join(src, "basehub-defaults.values.yaml"): h.defaults,
		filepath.Join(src, cluster, "cluster.yaml"):        filepath.Join(h.dir, "cluster.yaml"),
		filepath.Join(src, cluster, valuesFile):            h.file,
	} {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, _ := os.ReadFile(h.file)
	h.original = string(data)
	return h
}

// editCluster replaces old with new in the hub copy's cluster.yaml; old must
// occur once.
func (h hubCopy) editCluster(t *testing.T, old, new string) {
	t.Helper()
	path := filepath.Join(h.dir, "cluster.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), old) != 1 {
		t.Fatalf("cluster.yaml: %q is not in it exactly once", old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// inject replaces old with new in the hub file; old must occur once.
func (h hubCopy) inject(t *testing.T, old, new string) {
	t.Helper()
	data, _ := os.ReadFile(h.file)
	content := string(data)
	if strings.Count(content, old) != 1 {
		t.Fatalf("fault %q: the text to replace is not in the file exactly once", old)
	}
	content = strings.Replace(content, old, new, 1)
	if err := os.WriteFile(h.file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (h hubCopy) read(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(h.file)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func (h hubCopy) offlineArgs() []string {
	return []string{"--defaults", h.defaults, "--cluster-dir", h.dir, "--hub", h.hub}
}

// runCLI runs the command line and returns its exit code, stdout and stderr.
func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := Main(args, genericiooptions.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut})
	return code, out.String(), errOut.String()
}

// findings runs the offline doctor and returns the hub's findings.
func (h hubCopy) findings(t *testing.T) []drift.Finding {
	t.Helper()
	code, out, errOut := runCLI(append([]string{"doctor", "-o", "json"}, h.offlineArgs()...)...)
	if code == ExitToolError {
		t.Fatalf("doctor failed: %s", errOut)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("doctor -o json: %v", err)
	}
	return doc.Hubs[0].Findings
}

// failing runs the offline doctor and returns its failing findings by ID.
func (h hubCopy) failing(t *testing.T) map[string]drift.Finding {
	t.Helper()
	found := map[string]drift.Finding{}
	for _, f := range h.findings(t) {
		if f.Status == drift.StatusFail {
			found[f.CheckID] = f
		}
	}
	return found
}

// sarifLines runs doctor -o sarif and returns, per rule, the file and line
// its first result points at.
func (h hubCopy) sarifLines(t *testing.T) map[string]string {
	t.Helper()
	_, out, errOut := runCLI(append([]string{"doctor", "-o", "sarif"}, h.offlineArgs()...)...)
	parsed, err := sarif.FromString(out)
	if err != nil || len(parsed.Runs) != 1 {
		t.Fatalf("doctor -o sarif did not give one SARIF run: %v\n%s", err, errOut)
	}
	wd, _ := os.Getwd()
	where := map[string]string{}
	for _, r := range parsed.Runs[0].Results {
		pl := r.Locations[0].PhysicalLocation
		if pl == nil || pl.Region == nil || pl.Region.StartLine == nil {
			continue
		}
		file := filepath.Join(wd, filepath.FromSlash(*pl.ArtifactLocation.URI))
		where[*r.RuleID] = file + ":" + strconv.Itoa(*pl.Region.StartLine)
	}
	return where
}

// TestFixRoundTrip injects faults into a copy of a real hub file, checks
// that doctor finds each one where it was made, fixes the file, and checks
// that only the faulty lines changed and the findings are gone.
func TestFixRoundTrip(t *testing.T) {
	type fault struct {
		old, new string
		check    string
		// at starts the line, in the faulty file, that the SARIF result must
		// point at: the value, or the nearest parent the file still has.
		at string
	}
	apiOnly := fault{old: "enable_api_only_mode: false", new: "enable_api_only_mode: true",
		check: "BHU305", at: "      enable_api_only_mode: true"}
	// Without the item the finding is on the scopes list of the user role.
	userAccess := fault{old: "        - access:services!service=binder\n", new: "",
		check: "BHU210", at: "        scopes:\n        - self\n"}
	storage := fault{old: "      type: none\n", new: "      type: static\n", check: "BHU204", at: "      type: static"}

	tests := []struct {
		name   string
		faults []fault
		// restores says the fix gives back the original file byte for byte.
		restores bool
	}{{
		name:     "the UI is switched off",
		faults:   []fault{apiOnly},
		restores: true,
	}, {
		name:     "users lose access to the binder service",
		faults:   []fault{userAccess},
		restores: true,
	}, {
		name:     "storage comes back",
		faults:   []fault{storage},
		restores: true,
	}, {
		// The finding is on the list item, whose line names the variable.
		name: "binder calls another hub's API",
		faults: []fault{{old: "value: http://hub.binder.svc.cluster.local:8081/hub/api",
			new: "value: http://hub.staging.svc.cluster.local:8081/hub/api", check: "BHU403",
			at: "  - name: JUPYTERHUB_API_URL"}},
		restores: true,
	}, {
		name:     "all at once",
		faults:   []fault{apiOnly, userAccess, storage},
		restores: true,
	}, {
		// Unset, the finding points at the hub map; the fix adds the key at
		// the end of that map, so the file differs from the original only
		// in where the line sits.
		name: "redirectToServer is dropped",
		faults: []fault{{old: "    redirectToServer: false\n", new: "", check: "BHU206",
			at: "  hub:\n    config:\n"}},
	}}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := copyHub(t)
			if found := h.failing(t); !hasOnlyAdvice(found) {
				t.Fatalf("the real hub already fails: %v", ids(found))
			}

			for _, f := range tt.faults {
				h.inject(t, f.old, f.new)
			}
			injected := h.read(t)

			found := h.failing(t)
			where := h.sarifLines(t)
			for _, f := range tt.faults {
				if _, ok := found[f.check]; !ok {
					t.Errorf("doctor did not find %s after the fault; found %v", f.check, ids(found))
				}
				line := lineOf(t, injected, f.at)
				if got, want := where[f.check], h.file+":"+strconv.Itoa(line); got != want {
					t.Errorf("SARIF puts %s at %s, want %s", f.check, got, want)
				}
			}

			code, diff, errOut := runCLI(append([]string{"fix", "--values-file", h.file}, h.offlineArgs()...)...)
			if code != ExitOK {
				t.Fatalf("fix exited %d:\n%s", code, errOut)
			}
			fixed := h.read(t)
			if !strings.Contains(diff, "+++ b/") {
				t.Errorf("fix printed no diff:\n%s", diff)
			}
			if tt.restores && fixed != h.original {
				t.Errorf("the fix did not give back the original file:\n%s", udiff.Unified("original", "fixed", h.original, fixed))
			}
			assertOnlyFaultLinesChanged(t, injected, fixed, len(tt.faults))

			after := h.failing(t)
			for _, f := range tt.faults {
				if _, ok := after[f.check]; ok {
					t.Errorf("%s still fails after fix", f.check)
				}
			}
		})
	}
}

// lineOf is the 1-based line at which text starts in content; it must
// occur exactly once.
func lineOf(t *testing.T, content, text string) int {
	t.Helper()
	if strings.Count(content, text) != 1 {
		t.Fatalf("%q is not in the file exactly once", text)
	}
	return strings.Count(content[:strings.Index(content, text)], "\n") + 1
}

// assertOnlyFaultLinesChanged checks, with a line diff, that the fix
// touched at most one place per fault and removed no line it did not
// rewrite: every other line is byte-identical.
func assertOnlyFaultLinesChanged(t *testing.T, before, after string, faults int) {
	t.Helper()
	edits := udiff.Lines(before, after)
	if len(edits) > faults {
		t.Errorf("the fix changed %d places for %d faults:\n%s", len(edits), faults, udiff.Unified("before", "after", before, after))
	}
	for _, e := range edits {
		removed := strings.Count(before[e.Start:e.End], "\n")
		added := strings.Count(e.New, "\n")
		if removed > 1 || added > 1 {
			t.Errorf("an edit replaced %d line(s) with %d: %q -> %q", removed, added, before[e.Start:e.End], e.New)
		}
	}
}

// hasOnlyAdvice reports whether findings are only the advice every real
// hub gets offline: the pull secret lives in the encrypted file, and the
// homepage branch is a suggestion.
func hasOnlyAdvice(found map[string]drift.Finding) bool {
	for _, f := range found {
		if f.Severity == drift.SeverityError {
			return false
		}
	}
	return true
}

func ids(found map[string]drift.Finding) []string {
	var out []string
	for id := range found {
		out = append(out, id)
	}
	return out
}

func TestFixDryRunWritesNothing(t *testing.T) {
	h := copyHub(t)
	h.inject(t, "enable_api_only_mode: false", "enable_api_only_mode: true")
	injected := h.read(t)

	code, diff, errOut := runCLI(append([]string{"fix", "--dry-run", "--values-file", h.file}, h.offlineArgs()...)...)
	if code != ExitOK {
		t.Fatalf("fix --dry-run exited %d: %s", code, errOut)
	}
	if !strings.Contains(diff, "-      enable_api_only_mode: true\n+      enable_api_only_mode: false\n") {
		t.Errorf("the diff does not show the fix:\n%s", diff)
	}
	if h.read(t) != injected {
		t.Errorf("--dry-run changed the file")
	}
	if !strings.Contains(errOut, "not written (--dry-run)") {
		t.Errorf("stderr does not say the file was not written:\n%s", errOut)
	}
}

func TestFixSelectedChecksOnly(t *testing.T) {
	h := copyHub(t)
	h.inject(t, "enable_api_only_mode: false", "enable_api_only_mode: true")
	h.inject(t, "      type: none\n", "      type: static\n")

	code, _, errOut := runCLI(append([]string{"fix", "--check", "storage-none", "--values-file", h.file}, h.offlineArgs()...)...)
	if code != ExitOK {
		t.Fatalf("fix exited %d: %s", code, errOut)
	}
	got := h.read(t)
	if !strings.Contains(got, "type: none\n") || !strings.Contains(got, "enable_api_only_mode: true") {
		t.Errorf("--check storage-none should fix the storage type only")
	}
}

func TestFixExitCodes(t *testing.T) {
	h := copyHub(t)

	// A failing error the fix cannot repair: binder does not know where to
	// push, and only a person can say.
	h.inject(t, "      image_prefix: quay.io/hhmi-binder/binderhub-ui-\n", "")
	code, _, errOut := runCLI(append([]string{"fix", "--values-file", h.file}, h.offlineArgs()...)...)
	if code != ExitFindings || !strings.Contains(errOut, "remain that fix cannot repair") {
		t.Errorf("with an unfixable error: exit %d, want %d\n%s", code, ExitFindings, errOut)
	}

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no values file", []string{"fix"}, "not available yet"},
		{"a release name", []string{"fix", "binder"}, "not available yet"},
		{"an unknown check", []string{"fix", "--values-file", h.file, "--check", "BHU000"}, "no check has the ID or name"},
		{"a missing file", []string{"fix", "--values-file", filepath.Join(h.dir, "missing.yaml")}, "reading --values-file"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(tt.args...)
		if code != ExitToolError || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d mentioning %q", tt.name, code, errOut, ExitToolError, tt.want)
		}
	}
}

func TestFixRefusesAnAlias(t *testing.T) {
	h := copyHub(t)
	// Binder's TLS entry becomes an alias of the hub's: the binder-ingress-tls
	// check wants its own, and fix must not rewrite the alias.
	h.inject(t, "    tls:\n    - hosts: [hub.binder.hhmi.2i2c.cloud]\n      secretName: https-auto-tls\n",
		"    tls: &hubtls\n    - hosts: [hub.binder.hhmi.2i2c.cloud]\n      secretName: https-auto-tls\n")
	h.inject(t, "    tls:\n    - hosts: [binder.hhmi.2i2c.cloud]\n      secretName: binder-https-auto-tls\n", "    tls: *hubtls\n")
	injected := h.read(t)

	// The finding left is a warning, so the run passes.
	code, _, errOut := runCLI(append([]string{"fix", "--values-file", h.file}, h.offlineArgs()...)...)
	if code != ExitOK {
		t.Errorf("exit %d, want %d (only a warning left unfixed)\n%s", code, ExitOK, errOut)
	}
	if !strings.Contains(errOut, "binderhub-service.ingress.tls") || !strings.Contains(errOut, "alias *hubtls") {
		t.Errorf("fix does not say it left the alias alone:\n%s", errOut)
	}
	if h.read(t) != injected {
		t.Errorf("the file changed although its only fix was refused")
	}
}

// TestFixDiffHidesSecrets replaces binder's token reference with a literal
// token: the fix removes it from the file, and the printed diff must not
// show it.
func TestFixDiffHidesSecrets(t *testing.T) {
	h := copyHub(t)
	const token = "PLANTEDtoken0123456789abcdef"
	h.inject(t, "    valueFrom:\n      secretKeyRef:\n        name: hub\n        key: hub.services.binder.apiToken\n",
		"    value: "+token+"\n")

	code, diff, errOut := runCLI(append([]string{"fix", "--values-file", h.file}, h.offlineArgs()...)...)
	if code != ExitOK {
		t.Fatalf("fix exited %d: %s", code, errOut)
	}
	if strings.Contains(diff, token) || strings.Contains(errOut, token) {
		t.Errorf("fix printed the planted token:\n%s\n%s", diff, errOut)
	}
	if !strings.Contains(diff, "-    value: <redacted>") {
		t.Errorf("the diff does not show the redacted line:\n%s", diff)
	}
	// The new entry is written with its keys sorted, so compare its lines
	// as a set.
	fixed := h.read(t)
	for _, line := range []string{"    valueFrom:\n", "      secretKeyRef:\n", "        name: hub\n", "        key: hub.services.binder.apiToken\n"} {
		if !strings.Contains(fixed, line) || strings.Contains(fixed, token) {
			t.Errorf("the fix did not put back the token reference:\n%s", udiff.Unified("original", "fixed", h.original, fixed))
			break
		}
	}
}

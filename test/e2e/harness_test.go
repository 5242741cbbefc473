package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/binderhubui/kubectl-binderhubui/internal/seed"
	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/report"
)

// result is one run of the plugin.
type result struct {
	stdout, stderr string
	exitCode       int
}

// kubectl runs `kubectl ARGS` as user (a kubeconfig of the local cluster's
// static users, or "" for the admin) with the plugin first on PATH.
func kubectl(t *testing.T, user string, args ...string) result {
	t.Helper()
	return kubectlEnv(t, user, nil, args...)
}

func kubectlEnv(t *testing.T, user string, env []string, args ...string) result {
	t.Helper()

	kubeconfig := cluster.Kubeconfig
	if user != "" {
		kubeconfig = cluster.UserKubeconfig(user)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	cmd := exec.CommandContext(ctx, kubectlPath, args...)
	cmd.Env = append(os.Environ(),
		"PATH="+pluginDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"KUBECONFIG="+kubeconfig,
		"NO_COLOR=1",
	)
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	err := cmd.Run()
	code := 0
	if err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			t.Fatalf("running kubectl %s: %v", strings.Join(args, " "), err)
		}
		code = exitErr.ExitCode()
	}

	return result{stdout: stdout.String(), stderr: stderr.String(), exitCode: code}
}

// doctorJSON runs doctor as the reader user with -o json and decodes it.
func doctorJSON(t *testing.T, args ...string) (report.Document, result) {
	t.Helper()

	res := kubectl(t, userReader, append([]string{"binderhubui", "doctor", "-o", "json"}, args...)...)
	if res.exitCode == 2 {
		t.Fatalf("doctor failed (exit 2): %s", res.stderr)
	}

	return decode(t, res), res
}

// decode parses doctor's JSON output.
func decode(t *testing.T, res result) report.Document {
	t.Helper()
	var doc report.Document
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatalf("decoding doctor's JSON: %v\nstdout: %s\nstderr: %s", err, res.stdout, res.stderr)
	}
	return doc
}

// onlyHub returns the single hub report of doc.
func onlyHub(t *testing.T, doc report.Document) drift.Report {
	t.Helper()
	if len(doc.Hubs) != 1 {
		t.Fatalf("want 1 hub in the report, got %d (errors: %v)", len(doc.Hubs), doc.Errors)
	}
	return doc.Hubs[0]
}

// failing returns the failing findings of a hub report with the given check ID.
func failing(hub drift.Report, checkID string) []drift.Finding {
	var found []drift.Finding
	for _, f := range hub.Findings {
		if f.CheckID == checkID && f.Status == drift.StatusFail {
			found = append(found, f)
		}
	}
	return found
}

// errorFindings lists the failing error-level findings of a hub report.
func errorFindings(hub drift.Report) []string {
	var out []string
	for _, f := range hub.Findings {
		if f.Status == drift.StatusFail && f.Severity == drift.SeverityError {
			out = append(out, f.CheckID+" "+f.Object+" "+f.Path+": found "+f.Found+", expected "+f.Expected)
		}
	}
	return out
}

// realHub loads one of the real hubs' values for seeding under name. A hub is
// deployed as release = namespace = hub name; when the test gives it another
// name (several real hubs are called "binder"), the binder's in-cluster hub
// API URL is moved to the new namespace, as 2i2c's generated layer would.
func realHub(t *testing.T, clusterName, hubName, name string) seed.Hub {
	t.Helper()

	hub, err := seed.FromRealConfig(seed.RealConfigsDir(), clusterName, hubName)
	if err != nil {
		t.Fatalf("loading real hub %s/%s: %v", clusterName, hubName, err)
	}
	if name != hubName {
		hub.Name = name
		env := binderEnv(t, hub)
		for _, item := range env {
			entry, _ := item.(map[string]any)
			if entry["name"] == "JUPYTERHUB_API_URL" && strings.Contains(entry["value"].(string), ".svc.cluster.local") {
				entry["value"] = "http://hub." + name + ".svc.cluster.local:8081/hub/api"
			}
		}
		hub = withValues(hub, map[string]any{"binderhub-service": map[string]any{"extraEnv": env}})
	}

	return hub
}

// binderEnv returns a copy of the binder's extraEnv list as hub would install it.
func binderEnv(t *testing.T, hub seed.Hub) []any {
	t.Helper()

	vals, err := seed.Values(hub)
	if err != nil {
		t.Fatalf("computing values of hub %s: %v", hub.Name, err)
	}
	binder, _ := vals["binderhub-service"].(map[string]any)
	list, _ := binder["extraEnv"].([]any)

	// A deep copy through JSON, so that editing it leaves hub untouched.
	data, _ := json.Marshal(list)
	var out []any
	_ = json.Unmarshal(data, &out)
	return out
}

// withEnv returns hub with the binder env var name set to value, or removed
// when value is nil; a map value (valueFrom) replaces the entry's valueFrom.
func withEnv(t *testing.T, hub seed.Hub, name string, value any) seed.Hub {
	t.Helper()

	var env []any
	for _, item := range binderEnv(t, hub) {
		entry, _ := item.(map[string]any)
		if entry["name"] != name {
			env = append(env, item)
			continue
		}
		switch v := value.(type) {
		case nil:
			continue
		case string:
			env = append(env, map[string]any{"name": name, "value": v})
		default:
			env = append(env, map[string]any{"name": name, "valueFrom": v})
		}
	}
	if env == nil {
		env = []any{}
	}

	return withValues(hub, map[string]any{"binderhub-service": map[string]any{"extraEnv": env}})
}

// withValues layers extra over hub's Extra values, like another --set,
// merged by Helm's own function.
func withValues(hub seed.Hub, extra map[string]any) seed.Hub {
	hub.Extra = loader.MergeMaps(hub.Extra, extra)
	return hub
}

// install seeds hub into the local cluster with invented secrets.
func install(t *testing.T, hub seed.Hub) seed.Hub {
	t.Helper()

	if hub.Secrets.RegistryPassword == "" {
		hub.Secrets = inventedSecrets(t)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := seed.Install(ctx, cluster.Kubeconfig, seed.ChartDir(), hub); err != nil {
		t.Fatalf("installing hub %s: %v", hub.Name, err)
	}

	return hub
}

// inventedSecrets makes secret values for one hub, distinct per test run.
func inventedSecrets(t *testing.T) seed.SecretValues {
	t.Helper()
	return seed.SecretValues{
		RegistryPassword:   "regpass-" + randomHex(t, 12),
		PullSecretPassword: "pullpass-" + randomHex(t, 12),
		ServiceTokens: map[string]string{
			"binder":     "bindertoken" + randomHex(t, 16),
			"hub-health": "healthtoken" + randomHex(t, 16),
		},
	}
}

func isAlreadyExists(err error) bool {
	return apierrors.IsAlreadyExists(err)
}

func contains(list []string, s string) bool {
	return slices.Contains(list, s)
}

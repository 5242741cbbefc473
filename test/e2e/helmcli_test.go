package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/binderhubui/kubectl-binderhubui/internal/seed"
)

// helmCLI returns the path of a helm CLI built by make (bin/helm for Helm 4,
// bin/helm3 for Helm 3), or fails the test saying how to build it.
func helmCLI(t *testing.T, name string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("..", "..", "bin", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s is missing: run `make bin/%s` (make test builds it)", path, name)
	}
	return path
}

// helmInstall installs hub with a real helm CLI, values passed as a file the
// way an operator passes them.
func helmInstall(t *testing.T, helm string, hub seed.Hub, env ...string) {
	t.Helper()

	hub.Secrets = inventedSecrets(t)
	vals, err := seed.Values(hub)
	if err != nil {
		t.Fatal(err)
	}
	data, err := yaml.Marshal(vals)
	if err != nil {
		t.Fatal(err)
	}
	valuesFile := filepath.Join(t.TempDir(), "values.yaml")
	if err := os.WriteFile(valuesFile, data, 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, helm, "install", hub.Name, seed.ChartDir(),
		"--namespace", hub.Name, "--create-namespace", "--values", valuesFile,
		"--kubeconfig", cluster.Kubeconfig)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s install %s: %v\n%s", filepath.Base(helm), hub.Name, err, out)
	}
}

// TestReadsReleasesWrittenByHelm3 installs a hub with the Helm 3 CLI: doctor,
// built on Helm 4's SDK, must read its release record.
func TestReadsReleasesWrittenByHelm3(t *testing.T) {
	const name = "helm3-written"
	helmInstall(t, helmCLI(t, "helm3"), realHub(t, "nasa-veda", "binder", name))

	doc, res := doctorJSON(t, "-n", name)
	hub := onlyHub(t, doc)
	if hub.Release == nil || hub.Release.Status != "deployed" || hub.Release.Revision != 1 {
		t.Fatalf("release = %+v, want revision 1 deployed", hub.Release)
	}
	if errs := errorFindings(hub); len(errs) > 0 || res.exitCode != 0 {
		t.Errorf("exit %d, error findings on a healthy hub written by Helm 3: %v", res.exitCode, errs)
	}
}

// TestConfigMapDriver installs a hub with the Helm 4 CLI storing its release
// in ConfigMaps: doctor finds it when HELM_DRIVER says so, and says no hub was
// found otherwise.
func TestConfigMapDriver(t *testing.T) {
	const name = "configmap-driver"
	helmInstall(t, helmCLI(t, "helm"), realHub(t, "opensci", "small-binder", name), "HELM_DRIVER=configmap")

	res := kubectlEnv(t, userReader, []string{"HELM_DRIVER=configmap"}, "binderhubui", "doctor", "-n", name, "-o", "json")
	if res.exitCode != 0 {
		t.Fatalf("doctor with HELM_DRIVER=configmap: exit %d: %s", res.exitCode, res.stderr)
	}
	hub := onlyHub(t, decode(t, res))
	if hub.Release == nil || hub.Release.Status != "deployed" {
		t.Errorf("release = %+v, want deployed", hub.Release)
	}

	res = kubectl(t, userReader, "binderhubui", "doctor", "-n", name)
	if res.exitCode != 2 {
		t.Errorf("doctor with the secrets driver on a configmap-driver release: exit %d, want 2 (no hub found)", res.exitCode)
	}
}

// TestHelmPlugin installs the plugin into throw-away Helm homes with the real
// Helm 4 and Helm 3 CLIs and runs `helm -n NAME binderhubui doctor` against
// the local cluster: Helm's namespace flag must reach doctor.
func TestHelmPlugin(t *testing.T) {
	const name = "helm-plugin-hub"
	install(t, realHub(t, "opensci", "big-binder", name))
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}

	for _, cli := range []string{"helm", "helm3"} {
		t.Run(cli, func(t *testing.T) {
			helm := helmCLI(t, cli)
			home := t.TempDir()
			env := append(os.Environ(),
				"HELM_DATA_HOME="+filepath.Join(home, "data"),
				"HELM_CONFIG_HOME="+filepath.Join(home, "config"),
				"HELM_CACHE_HOME="+filepath.Join(home, "cache"),
				"KUBECONFIG="+cluster.UserKubeconfig(userReader),
				"PATH="+pluginDir+string(os.PathListSeparator)+os.Getenv("PATH"),
			)

			installCmd := exec.Command(helm, "plugin", "install", repo)
			installCmd.Env = env
			if out, err := installCmd.CombinedOutput(); err != nil {
				t.Fatalf("%s plugin install: %v\n%s", cli, err, out)
			}

			doctor := exec.Command(helm, "-n", name, "binderhubui", "doctor", "-o", "json")
			doctor.Env = env
			out, err := doctor.Output()
			if err != nil {
				t.Fatalf("%s binderhubui doctor: %v\n%s", cli, err, out)
			}
			hub := onlyHub(t, decode(t, result{stdout: string(out)}))
			if hub.Namespace != name || len(errorFindings(hub)) > 0 {
				t.Errorf("helm binderhubui doctor judged %s/%s with errors %v", hub.Namespace, hub.Hub, errorFindings(hub))
			}
		})
	}
}

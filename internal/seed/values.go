package seed

import (
	"fmt"
	"os"
	"path/filepath"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/getter"
	"sigs.k8s.io/yaml"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// Values returns the values hub passes to helm install, merged the way
// `helm install -f generated.yaml -f file1 -f file2 --set ...` merges them:
// the generated layer (when Domain is set), ValuesFiles, Extra, then Secrets.
// The chart defaults are not included; Helm coalesces them at render time.
func Values(hub Hub) (map[string]any, error) {
	files := hub.ValuesFiles
	if hub.Domain != "" {
		dir, err := os.MkdirTemp("", "seed-values-")
		if err != nil {
			return nil, fmt.Errorf("writing the generated values layer: %w", err)
		}
		defer os.RemoveAll(dir)

		generated, err := writeValuesFile(dir, "generated.values.yaml", generatedLayer(hub.Domain))
		if err != nil {
			return nil, err
		}
		files = append([]string{generated}, files...)
	}

	opts := values.Options{ValueFiles: files}
	vals, err := opts.MergeValues(getter.Providers{})
	if err != nil {
		return nil, fmt.Errorf("merging values of hub %s: %w", hub.Name, err)
	}

	// In-memory layers merge with the same function -f uses between files.
	vals = loader.MergeMaps(vals, hub.Extra)

	return loader.MergeMaps(vals, secretLayer(vals, hub.Secrets)), nil
}

func writeValuesFile(dir, name string, vals map[string]any) (string, error) {
	data, err := yaml.Marshal(vals)
	if err != nil {
		return "", fmt.Errorf("encoding %s: %w", name, err)
	}

	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", fmt.Errorf("writing %s: %w", name, err)
	}

	return path, nil
}

// secretLayer is the values of an encrypted secret file for a hub whose other
// values are vals. It sets only what secrets holds, and only where the hub
// uses it: the pull password on hubs that create the pull Secret, the
// DockerRegistry password on hubs that declare one.
func secretLayer(vals map[string]any, secrets SecretValues) map[string]any {
	layer := map[string]any{}
	if p := secrets.RegistryPassword; p != "" {
		setPath(layer, p, "binderhub-service", "buildPodsRegistryCredentials", "password")
		if _, ok := lookupPath(vals, "binderhub-service", "config", "DockerRegistry", "password"); ok {
			setPath(layer, p, "binderhub-service", "config", "DockerRegistry", "password")
		}
	}

	if p := secrets.PullSecretPassword; p != "" {
		if create, _ := lookupPath(vals, "jupyterhub", "imagePullSecret", "create"); create == true {
			setPath(layer, p, "jupyterhub", "imagePullSecret", "password")
		}
	}

	for name, token := range secrets.ServiceTokens {
		setPath(layer, token, "jupyterhub", "hub", "services", name, "apiToken")
	}

	return layer
}

// lookupPath returns the value at the path of map keys, and whether it is there.
func lookupPath(vals map[string]any, path ...string) (any, bool) {
	return inspect.LookupValue(vals, path...)
}

// setPath sets the value at the path of map keys, making maps on the way.
func setPath(vals map[string]any, value any, path ...string) {
	m := vals
	for _, key := range path[:len(path)-1] {
		next, ok := m[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[key] = next
		}
		m = next
	}
	m[path[len(path)-1]] = value
}

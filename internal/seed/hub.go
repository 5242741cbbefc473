// Package seed installs test hubs shaped like 2i2c's binderhub-ui hubs into a
// Kubernetes cluster with Helm's v4 SDK. A hub is one release of the basehub
// test chart (testdata/charts/basehub), usually layered with the values of one
// of the real hubs under shared/real-configs and with secret values the test
// invents. Release name, namespace and hub name are the same, as 2i2c deploys.
package seed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"
)

// Hub is one hub to seed: the values of one release of the basehub chart.
type Hub struct {
	// Name is the hub name, which is also the release name and the namespace.
	Name string
	// ValuesFiles are merged in order, like helm's repeated -f.
	ValuesFiles []string
	// Domain, when set, adds 2i2c's generated values layer under ValuesFiles:
	// the hub's Ingress host and its TLS entry (secret https-auto-tls).
	Domain string
	// Secrets are the invented secret values, merged last like 2i2c's
	// encrypted enc-*.secret.values.yaml files.
	Secrets SecretValues
	// Extra is merged after ValuesFiles and before Secrets, like --set.
	Extra map[string]any
}

// SecretValues are secret values a test plants in a hub. Tests make their own
// at run time; none belongs in the repository. Empty fields are not set.
type SecretValues struct {
	// RegistryPassword is the push password of the binder's registry: it goes
	// to buildPodsRegistryCredentials.password, and to
	// config.DockerRegistry.password where the hub's values declare that key.
	RegistryPassword string
	// PullSecretPassword goes to jupyterhub.imagePullSecret.password, only on
	// hubs whose values set imagePullSecret.create to true.
	PullSecretPassword string
	// ServiceTokens maps a JupyterHub service name (binder, hub-health, ...)
	// to the API token it is given in jupyterhub.hub.services.<name>.apiToken.
	ServiceTokens map[string]string
}

// generatedTLSSecret is the TLS Secret 2i2c's generated layer names for a hub's Ingress.
const generatedTLSSecret = "https-auto-tls"

// clusterFile is the part of a 2i2c cluster.yaml that lists hubs.
type clusterFile struct {
	Hubs []clusterHub `json:"hubs"`
}

type clusterHub struct {
	Name        string   `json:"name"`
	Domain      string   `json:"domain"`
	ValuesFiles []string `json:"helm_chart_values_files"`
}

// FromRealConfig returns the hub hubName of cluster clusterName as 2i2c deploys
// it: its values files in the order cluster.yaml lists them, without the
// encrypted enc-* files (not published), and its domain for the generated
// layer. Secrets and Extra are left for the caller.
func FromRealConfig(realConfigsDir, clusterName, hubName string) (Hub, error) {
	clusterDir := filepath.Join(realConfigsDir, clusterName)
	path := filepath.Join(clusterDir, "cluster.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return Hub{}, fmt.Errorf("reading cluster %s: %w", clusterName, err)
	}

	var cluster clusterFile
	if err := yaml.Unmarshal(data, &cluster); err != nil {
		return Hub{}, fmt.Errorf("parsing %s: %w", path, err)
	}

	for _, h := range cluster.Hubs {
		if h.Name != hubName {
			continue
		}
		hub := Hub{Name: h.Name, Domain: h.Domain}
		for _, f := range h.ValuesFiles {
			if strings.HasPrefix(f, "enc-") {
				continue
			}
			hub.ValuesFiles = append(hub.ValuesFiles, filepath.Join(clusterDir, f))
		}

		return hub, nil
	}

	return Hub{}, fmt.Errorf("cluster %s has no hub %q", clusterName, hubName)
}

// generatedLayer is the values 2i2c's deployer generates for a hub from its
// cluster.yaml entry, passed before the hub's own files.
func generatedLayer(domain string) map[string]any {
	return map[string]any{
		"jupyterhub": map[string]any{
			"ingress": map[string]any{
				"hosts": []any{domain},
				"tls": []any{map[string]any{
					"hosts":      []any{domain},
					"secretName": generatedTLSSecret,
				}},
			},
		},
	}
}

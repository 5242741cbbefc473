package inspect

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader"
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/getter"
	"sigs.k8s.io/yaml"
)

// OfflineOptions says where offline values come from. The order of files is
// the order `helm upgrade -f` would take them in.
type OfflineOptions struct {
	// DefaultsFiles sit under everything else, the way a chart's own
	// values.yaml sits under the files a user passes.
	DefaultsFiles []string
	ValuesFiles   []string
	// Set holds --set expressions, applied after the files as Helm does.
	Set []string
	// ChartDir, when set, puts the chart's own defaults (and its subcharts')
	// underneath the files, as Helm renders them.
	ChartDir string
	// ClusterDir and HubName select a hub of a 2i2c-style cluster folder: its
	// cluster.yaml lists the hub's domain and values files.
	ClusterDir string
	HubName    string
	// Namespace overrides the namespace the hub is assumed to live in (by
	// default the hub name, as 2i2c deploys release = namespace = hub).
	Namespace string
}

// encryptedPrefix starts the names of sops-encrypted values files, which
// cannot be read offline.
const encryptedPrefix = "enc-"

// ReadOffline builds a hub from values files alone. There are no live objects
// and no release record; values in encrypted files are listed as missing.
func ReadOffline(opts OfflineOptions) (*Hub, error) {
	hub := &Hub{Name: opts.HubName, Source: SourceValues}
	hub.HasDefaults = opts.ChartDir != "" || len(opts.DefaultsFiles) > 0
	files := opts.ValuesFiles

	// Layers, bottom to top: defaults, the layer 2i2c's deployer generates
	// from cluster.yaml, the hub's files in cluster.yaml's order, the
	// --values files, then --set. Helm's own merge does the layering, so the
	// generated layer is handed to it as a file of its own.
	var generated []string
	if opts.ClusterDir != "" {
		cluster, err := readClusterFile(opts.ClusterDir)
		if err != nil {
			return nil, err
		}
		entry, err := cluster.hub(opts.HubName)
		if err != nil {
			return nil, err
		}

		layer, cleanup, err := writeGeneratedLayer(entry)
		if err != nil {
			return nil, err
		}
		defer cleanup()
		generated = []string{layer}

		var hubFiles []string
		for _, name := range entry.ValuesFiles {
			if strings.HasPrefix(filepath.Base(name), encryptedPrefix) {
				hub.MissingValues = append(hub.MissingValues, name)
				continue
			}
			hubFiles = append(hubFiles, filepath.Join(opts.ClusterDir, name))
		}
		files = append(hubFiles, files...)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no values files to read: give --values FILE or --cluster-dir DIR --hub NAME")
	}

	// Release = namespace = hub name, as 2i2c deploys; a hub named only after
	// its file has no known namespace, and checks that need one say so.
	hub.Namespace = opts.Namespace
	if hub.Namespace == "" {
		hub.Namespace = hub.Name
	}
	if hub.Name == "" {
		hub.Name = strings.TrimSuffix(strings.TrimSuffix(filepath.Base(files[len(files)-1]), ".yaml"), ".values")
	}

	// Only the user's own files are kept for locating findings; the
	// generated layer is a temporary file nobody can open afterwards.
	for i, path := range append(append([]string{}, opts.DefaultsFiles...), files...) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading values file: %w", err)
		}
		if err := checkYAML(path, data); err != nil {
			return nil, err
		}
		hub.ValuesFiles = append(hub.ValuesFiles, ValuesFile{Path: path, Data: data, Defaults: i < len(opts.DefaultsFiles)})
	}

	layers := append(append(append([]string{}, opts.DefaultsFiles...), generated...), files...)
	merged, err := (&values.Options{ValueFiles: layers, Values: opts.Set}).MergeValues(getter.Providers{})
	if err != nil {
		return nil, fmt.Errorf("merging values: %w", err)
	}
	hub.UserValues = merged
	hub.Values = merged

	if opts.ChartDir != "" {
		chart, err := loader.Load(opts.ChartDir)
		if err != nil {
			return nil, fmt.Errorf("loading chart %s: %w", opts.ChartDir, err)
		}
		effective, err := util.CoalesceValues(chart, merged)
		if err != nil {
			return nil, fmt.Errorf("coalescing values with chart %s: %w", opts.ChartDir, err)
		}
		hub.Values = effective
	}

	return hub, nil
}

// checkYAML rejects a file that is not a YAML mapping, with the file's name,
// before Helm's merge reports it less clearly. The parser's message names a
// line, never the content.
func checkYAML(path string, data []byte) error {
	var doc any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("values file %s is not valid YAML: %w", path, err)
	}
	if doc == nil {
		return nil
	}
	if _, ok := doc.(map[string]any); !ok {
		return fmt.Errorf("values file %s is not a YAML mapping of keys to values", path)
	}
	return nil
}

// clusterFile is the part of a 2i2c cluster.yaml that says which values files
// make up each hub.
type clusterFile struct {
	Name string         `json:"name"`
	Hubs []clusterEntry `json:"hubs"`
}

type clusterEntry struct {
	Name        string   `json:"name"`
	Domain      string   `json:"domain"`
	HelmChart   string   `json:"helm_chart"`
	ValuesFiles []string `json:"helm_chart_values_files"`
}

func readClusterFile(dir string) (*clusterFile, error) {
	path := filepath.Join(dir, "cluster.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading cluster file: %w", err)
	}
	var cluster clusterFile
	if err := yaml.Unmarshal(data, &cluster); err != nil {
		return nil, fmt.Errorf("cluster file %s is not valid: %w", path, err)
	}
	return &cluster, nil
}

func (c *clusterFile) hub(name string) (*clusterEntry, error) {
	var names []string
	for i := range c.Hubs {
		if c.Hubs[i].Name == name {
			return &c.Hubs[i], nil
		}
		names = append(names, c.Hubs[i].Name)
	}
	if name == "" {
		return nil, fmt.Errorf("--cluster-dir needs --hub: one of %s", strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("cluster %q has no hub %q: it has %s", c.Name, name, strings.Join(names, ", "))
}

// writeGeneratedLayer writes what 2i2c's deployer sets for every hub from
// cluster.yaml (the hub's public host and its TLS secret) to a temporary
// values file, and returns a function that removes it.
func writeGeneratedLayer(e *clusterEntry) (string, func(), error) {
	data, err := yaml.Marshal(e.generatedValues())
	if err != nil {
		return "", nil, fmt.Errorf("rendering the values generated from cluster.yaml: %w", err)
	}
	f, err := os.CreateTemp("", "binderhubui-generated-*.yaml")
	if err != nil {
		return "", nil, fmt.Errorf("writing the values generated from cluster.yaml: %w", err)
	}
	cleanup := func() { os.Remove(f.Name()) }
	if _, err := f.Write(data); err != nil {
		f.Close()
		cleanup()
		return "", nil, fmt.Errorf("writing the values generated from cluster.yaml: %w", err)
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("writing the values generated from cluster.yaml: %w", err)
	}
	return f.Name(), cleanup, nil
}

// generatedValues is the layer writeGeneratedLayer writes.
func (e *clusterEntry) generatedValues() map[string]any {
	if e.Domain == "" {
		return map[string]any{}
	}
	return map[string]any{
		"jupyterhub": map[string]any{
			"ingress": map[string]any{
				"hosts": []any{e.Domain},
				"tls": []any{map[string]any{
					"hosts":      []any{e.Domain},
					"secretName": "https-auto-tls",
				}},
			},
		},
	}
}

package inspect

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadOfflineHasDefaults: offline values hold the chart's defaults only
// when a chart or defaults files were given.
func TestReadOfflineHasDefaults(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	hubFile := write("binder.values.yaml", "binderhub-service:\n  enabled: true\n")
	defaults := write("defaults.values.yaml", "binderhub-service:\n  service:\n    port: 8090\n")
	write("chart/Chart.yaml", "apiVersion: v2\nname: basehub\nversion: 0.1.0\n")
	write("chart/values.yaml", "binderhub-service:\n  enabled: false\n")

	tests := []struct {
		name string
		opts OfflineOptions
		want bool
	}{
		{"values only", OfflineOptions{ValuesFiles: []string{hubFile}}, false},
		{"defaults files", OfflineOptions{DefaultsFiles: []string{defaults}, ValuesFiles: []string{hubFile}}, true},
		{"chart", OfflineOptions{ChartDir: filepath.Join(dir, "chart"), ValuesFiles: []string{hubFile}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hub, err := ReadOffline(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if hub.HasDefaults != tt.want {
				t.Errorf("HasDefaults = %v, want %v", hub.HasDefaults, tt.want)
			}
		})
	}
}

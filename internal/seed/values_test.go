package seed

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeCluster writes a cluster folder with one hub, "demo", whose files are
// given by name and content; enc-* names are listed but not written.
func writeCluster(t *testing.T, files map[string]string, order ...string) string {
	t.Helper()
	dir := t.TempDir()
	clusterDir := filepath.Join(dir, "c")
	if err := os.Mkdir(clusterDir, 0o755); err != nil {
		t.Fatal(err)
	}

	cluster := "hubs:\n- name: other\n  domain: other.example.org\n- name: demo\n  domain: demo.example.org\n  helm_chart_values_files:\n"
	for _, name := range order {
		cluster += "  - " + name + "\n"
	}
	files["cluster.yaml"] = cluster
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(clusterDir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	return dir
}

func TestFromRealConfig(t *testing.T) {
	dir := writeCluster(t, map[string]string{"a.yaml": "{}", "b.yaml": "{}"},
		"a.yaml", "enc-a.secret.values.yaml", "b.yaml")

	got, err := FromRealConfig(dir, "c", "demo")
	if err != nil {
		t.Fatal(err)
	}
	want := Hub{
		Name:        "demo",
		Domain:      "demo.example.org",
		ValuesFiles: []string{filepath.Join(dir, "c", "a.yaml"), filepath.Join(dir, "c", "b.yaml")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hub (-want +got):\n%s", diff)
	}

	if _, err := FromRealConfig(dir, "c", "absent"); err == nil {
		t.Error("an absent hub was found")
	}
	if _, err := FromRealConfig(dir, "absent", "demo"); err == nil {
		t.Error("an absent cluster was found")
	}
}

func TestValuesLayers(t *testing.T) {
	ownHosts := "jupyterhub:\n  ingress:\n    hosts: [own.example.org]\n"
	tests := []struct {
		name      string
		file      string
		wantHosts any
		wantTLS   any
	}{
		{"generated layer fills the host", "{}", []any{"demo.example.org"},
			[]any{map[string]any{"hosts": []any{"demo.example.org"}, "secretName": "https-auto-tls"}}},
		{"hub file wins over generated layer", ownHosts, []any{"own.example.org"},
			[]any{map[string]any{"hosts": []any{"demo.example.org"}, "secretName": "https-auto-tls"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeCluster(t, map[string]string{"hub.yaml": tt.file}, "hub.yaml")
			hub, err := FromRealConfig(dir, "c", "demo")
			if err != nil {
				t.Fatal(err)
			}

			vals, err := Values(hub)
			if err != nil {
				t.Fatal(err)
			}
			hosts, _ := lookupPath(vals, "jupyterhub", "ingress", "hosts")
			tls, _ := lookupPath(vals, "jupyterhub", "ingress", "tls")
			if diff := cmp.Diff(tt.wantHosts, hosts); diff != "" {
				t.Errorf("ingress hosts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantTLS, tls); diff != "" {
				t.Errorf("ingress tls (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSecretLayer(t *testing.T) {
	secrets := SecretValues{
		RegistryPassword:   "reg",
		PullSecretPassword: "pull",
		ServiceTokens:      map[string]string{"binder": "tok"},
	}
	tests := []struct {
		name string
		vals map[string]any
		want map[string]any
	}{
		{
			name: "pull secret not created, no DockerRegistry password",
			vals: map[string]any{},
			want: map[string]any{
				"binderhub-service": map[string]any{"buildPodsRegistryCredentials": map[string]any{"password": "reg"}},
				"jupyterhub":        map[string]any{"hub": map[string]any{"services": map[string]any{"binder": map[string]any{"apiToken": "tok"}}}},
			},
		},
		{
			name: "pull secret created, DockerRegistry password declared",
			vals: map[string]any{
				"binderhub-service": map[string]any{"config": map[string]any{"DockerRegistry": map[string]any{"password": "<placeholder>"}}},
				"jupyterhub":        map[string]any{"imagePullSecret": map[string]any{"create": true}},
			},
			want: map[string]any{
				"binderhub-service": map[string]any{
					"buildPodsRegistryCredentials": map[string]any{"password": "reg"},
					"config":                       map[string]any{"DockerRegistry": map[string]any{"password": "reg"}},
				},
				"jupyterhub": map[string]any{
					"imagePullSecret": map[string]any{"password": "pull"},
					"hub":             map[string]any{"services": map[string]any{"binder": map[string]any{"apiToken": "tok"}}},
				},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, secretLayer(tt.vals, secrets)); diff != "" {
				t.Errorf("secret layer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWithFaults(t *testing.T) {
	hub, err := FromRealConfig(realConfigs(t), "earthscope", "binder")
	if err != nil {
		t.Fatal(err)
	}

	faulty, err := WithFaults(hub, AllFaults...)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := Values(faulty)
	if err != nil {
		t.Fatal(err)
	}

	var envNames []any
	env, _ := lookupPath(vals, "binderhub-service", "extraEnv")
	for _, e := range anySlice(env) {
		envNames = append(envNames, e.(map[string]any)["name"])
	}
	got := map[string]any{"env": envNames}
	for key, path := range map[string][]string{
		"userScopes": {"jupyterhub", "hub", "loadRoles", "user", "scopes"},
		"apiOnly":    {"binderhub-service", "config", "BinderHub", "enable_api_only_mode"},
		"hubURL":     {"binderhub-service", "config", "BinderHub", "hub_url"},
		"pushServer": {"binderhub-service", "buildPodsRegistryCredentials", "server"},
	} {
		got[key], _ = lookupPath(vals, path...)
	}

	want := map[string]any{
		"userScopes": []any{"self"},
		"apiOnly":    true,
		"env":        []any{"JUPYTERHUB_API_TOKEN", "JUPYTERHUB_CLIENT_ID", "JUPYTERHUB_BASE_URL", "JUPYTERHUB_OAUTH_CALLBACK_URL"},
		"hubURL":     "https://binder.geolab.earthscope.cloud",
		"pushServer": "https://index.docker.io/v1/",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("faulty values (-want +got):\n%s", diff)
	}
}

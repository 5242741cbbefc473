package drift

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// healthyValues are the effective values of a hub that follows the runbook,
// authenticated, with the chart defaults the checks read.
const healthyValues = `
jupyterhub:
  fullnameOverride: ""
  ingress:
    enabled: true
    hosts: [hub.example.org]
    tls:
    - hosts: [hub.example.org]
      secretName: https-auto-tls
  imagePullSecret:
    create: true
    registry: quay.io
    username: example+puller
    password: pull-password-value
  custom:
    jupyterhubConfigurator:
      enabled: false
    binderhubUI:
      enabled: true
    homepage:
      gitRepoUrl: https://github.com/2i2c-org/default-hub-homepage
      gitRepoBranch: no-homepage-subsections
    singleuserAdmin:
      extraVolumeMounts: []
  singleuser:
    storage:
      type: none
      extraVolumeMounts: []
    initContainers: []
  hub:
    redirectToServer: false
    services:
      hub-health:
        admin: true
      binder:
        oauth_client_id: service-binder
        url: http://binderhub:8090
        display: false
        oauth_no_confirm: true
        oauth_redirect_uri: https://binder.example.org/oauth_callback
    loadRoles:
      binder:
        services: [binder]
        scopes: [servers, read:users]
      user:
        scopes: [self, access:services!service=binder]
    config:
      BinderSpawnerMixin:
        auth_enabled: true
binderhub-service:
  enabled: true
  fullnameOverride: ""
  service:
    port: 8090
  ingress:
    enabled: true
    hosts: [binder.example.org]
    tls:
    - hosts: [binder.example.org]
      secretName: binder-https-auto-tls
  config:
    BinderHub:
      base_url: /
      hub_url: https://hub.example.org
      badge_base_url: https://binder.example.org
      auth_enabled: true
      enable_api_only_mode: false
      image_prefix: quay.io/example/binder-
      use_registry: true
  buildPodsRegistryCredentials:
    server: https://quay.io
    username: example+builder
    password: push-password-value
  extraConfig:
    binderhub-service-01-build-pods-docker-config: |
      import os
      c.KubernetesBuildExecutor.push_secret = os.environ["PUSH_SECRET_NAME"]
  extraEnv:
  - name: JUPYTERHUB_API_TOKEN
    valueFrom:
      secretKeyRef:
        name: hub
        key: hub.services.binder.apiToken
  - name: JUPYTERHUB_CLIENT_ID
    value: service-binder
  - name: JUPYTERHUB_API_URL
    value: https://hub.example.org/hub/api
  - name: JUPYTERHUB_BASE_URL
    value: https://hub.example.org/
  - name: JUPYTERHUB_OAUTH_CALLBACK_URL
    value: https://binder.example.org/oauth_callback
`

// secretValues are the secret strings of the fixtures; no finding may
// contain one.
var secretValues = []string{"pull-password-value", "push-password-value", "binder-token-value", "cm9ib3Q6c2VjcmV0"}

// healthyHub is a hub that passes every check: offline (values only) or
// live (with a deployed release and the objects the chart creates).
func healthyHub(t *testing.T, live bool) *inspect.Hub {
	t.Helper()
	var values map[string]any
	if err := yaml.Unmarshal([]byte(healthyValues), &values); err != nil {
		t.Fatal(err)
	}
	hub := &inspect.Hub{Name: "demo", Namespace: "demo", Source: inspect.SourceValues, Values: values}
	// The values hold the chart defaults the checks read, as with --chart.
	hub.HasDefaults = true
	if !live {
		return hub
	}

	hub.Namespace = "demo"
	hub.Source = inspect.SourceCluster
	hub.Release = &inspect.Release{
		Name: "demo", Namespace: "demo", Revision: 3, Status: "deployed",
		LatestRevision: 3, LatestStatus: "deployed", Chart: "basehub", ChartVersion: "0.1.0",
	}
	hub.Objects = &inspect.Objects{
		Secrets: map[string]*corev1.Secret{
			"hub":                      secret("hub", "hub.services.binder.apiToken", "binder-token-value"),
			"build-pods-docker-config": secret("build-pods-docker-config", "config.json", `{"auths":{"https://quay.io":{"auth":"cm9ib3Q6c2VjcmV0"}}}`),
			"image-pull-secret":        secret("image-pull-secret", ".dockerconfigjson", `{"auths":{"quay.io":{"auth":"cm9ib3Q6c2VjcmV0"}}}`),
			"https-auto-tls":           secret("https-auto-tls", "tls.crt", "certificate"),
			"binder-https-auto-tls":    secret("binder-https-auto-tls", "tls.crt", "certificate"),
		},
		Deployments: map[string]*appsv1.Deployment{"binderhub": binderDeploymentWith(healthyLiveEnv())},
		Services: map[string]*corev1.Service{
			"binderhub": {ObjectMeta: metav1.ObjectMeta{Name: "binderhub"},
				Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 8090}}}},
		},
		Ingresses: map[string]*networkingv1.Ingress{
			"jupyterhub": ingress("jupyterhub", "hub.example.org", "https-auto-tls"),
			"binderhub":  ingress("binderhub", "binder.example.org", "binder-https-auto-tls"),
		},
		ReadErrors: map[string]string{},
	}
	return hub
}

func secret(name, key, value string) *corev1.Secret {
	return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: name}, Data: map[string][]byte{key: []byte(value)}}
}

func ingress(name, host, tlsSecret string) *networkingv1.Ingress {
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: networkingv1.IngressSpec{
			Rules: []networkingv1.IngressRule{{Host: host}},
			TLS:   []networkingv1.IngressTLS{{Hosts: []string{host}, SecretName: tlsSecret}},
		},
	}
}

// healthyLiveEnv is the binderhub container's env as the chart renders it.
func healthyLiveEnv() []corev1.EnvVar {
	return []corev1.EnvVar{
		{Name: "PUSH_SECRET_NAME", Value: "build-pods-docker-config"},
		{Name: "HELM_RELEASE_NAME", Value: "demo"},
		{Name: "JUPYTERHUB_API_TOKEN", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
			LocalObjectReference: corev1.LocalObjectReference{Name: "hub"}, Key: "hub.services.binder.apiToken"}}},
		{Name: "JUPYTERHUB_CLIENT_ID", Value: "service-binder"},
		{Name: "JUPYTERHUB_API_URL", Value: "http://hub.demo.svc.cluster.local:8081/hub/api"},
		{Name: "JUPYTERHUB_BASE_URL", Value: "https://hub.example.org/"},
		{Name: "JUPYTERHUB_OAUTH_CALLBACK_URL", Value: "https://binder.example.org/oauth_callback"},
	}
}

func binderDeploymentWith(env []corev1.EnvVar) *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "binderhub"},
		Spec: appsv1.DeploymentSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			Containers: []corev1.Container{{Name: "binderhub", Env: env}},
		}}},
	}
}

// setValue sets path in the hub's values, creating maps on the way; a nil
// value is a null, as a user writes it to remove a default.
func setValue(hub *inspect.Hub, path string, value any) {
	setPath(hub.Values, path, value)
}

func setPath(values map[string]any, path string, value any) {
	keys := strings.Split(path, ".")
	m := values
	for _, key := range keys[:len(keys)-1] {
		next, ok := m[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[key] = next
		}
		m = next
	}
	m[keys[len(keys)-1]] = value
}

// deleteValue removes the key at path, as if neither chart nor user set it.
func deleteValue(hub *inspect.Hub, path string) {
	keys := strings.Split(path, ".")
	parent, ok := lookup(hub.Values, strings.Join(keys[:len(keys)-1], "."))
	if m, isMap := parent.(map[string]any); ok && isMap {
		delete(m, keys[len(keys)-1])
	}
}

// setEnv replaces or appends one extraEnv entry; a nil entry removes it.
func setEnv(hub *inspect.Hub, name string, entry map[string]any) {
	list, _ := lookup(hub.Values, pathExtraEnv)
	var out []any
	found := false
	for _, item := range list.([]any) {
		if item.(map[string]any)["name"] == name {
			found = true
			if entry != nil {
				out = append(out, entry)
			}
			continue
		}
		out = append(out, item)
	}
	if !found && entry != nil {
		out = append(out, entry)
	}
	setValue(hub, pathExtraEnv, out)
}

// copyValues deep-copies values, so that a patch can be tried on a copy.
func copyValues(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, item := range t {
			out[k] = copyValues(item)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, item := range t {
			out[i] = copyValues(item)
		}
		return out
	}
	return v
}

// view is what a fault test compares of a Result.
type view struct {
	Status   Status
	Object   string
	Path     string
	Expected string
	Found    string
	Patches  []Patch
}

func fail(object, path, expected, found string, patches ...Patch) view {
	return view{Status: StatusFail, Object: object, Path: path, Expected: expected, Found: found, Patches: patches}
}

func notEvaluated(object, path string) view {
	return view{Status: StatusNotEvaluated, Object: object, Path: path}
}

func set(path string, value any) Patch {
	return Patch{Path: path, Value: value}
}

// faultCase breaks a healthy hub and says what one check must report.
type faultCase struct {
	check string
	name  string
	live  bool
	edit  func(h *inspect.Hub)
	want  []view
}

// runFaults runs each case's check on its broken hub, compares the results,
// and, offline, applies each result's patches to show that they remove it.
func runFaults(t *testing.T, cases []faultCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.check+"/"+tc.name, func(t *testing.T) {
			check, ok := Lookup(tc.check)
			if !ok {
				t.Fatalf("no check %s", tc.check)
			}
			hub := healthyHub(t, tc.live)
			if tc.edit != nil {
				tc.edit(hub)
			}

			results := check.Run(NewContext(hub))
			if diff := cmp.Diff(tc.want, views(results), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s results (-want +got):\n%s", tc.check, diff)
			}
			assertNoSecrets(t, results)
			if !tc.live {
				assertPatchesFix(t, check, hub, results)
			}
		})
	}
}

func views(results []Result) []view {
	var out []view
	for _, r := range results {
		out = append(out, view{Status: r.Status, Object: r.Object, Path: r.Path,
			Expected: r.Expected, Found: r.Found, Patches: r.Patches})
	}
	return out
}

// assertPatchesFix applies each failing result's patches to a copy of the
// values and checks that the result is gone.
func assertPatchesFix(t *testing.T, check Check, hub *inspect.Hub, results []Result) {
	t.Helper()
	for _, r := range results {
		if r.Status != StatusFail || len(r.Patches) == 0 {
			continue
		}
		if !check.Fixable {
			t.Errorf("%s is not fixable but proposes patches", check.ID)
		}
		patched := *hub
		patched.Values = copyValues(hub.Values).(map[string]any)
		for _, p := range r.Patches {
			setPath(patched.Values, p.Path, p.Value)
		}
		for _, after := range check.Run(NewContext(&patched)) {
			if after.Status == StatusFail && after.Path == r.Path {
				t.Errorf("patches %v leave %s failing at %s: found %s", r.Patches, check.ID, after.Path, after.Found)
			}
		}
	}
}

func assertNoSecrets(t *testing.T, results []Result) {
	t.Helper()
	for _, r := range results {
		text := strings.Join([]string{r.Expected, r.Found, r.Reason, r.Fix}, "\n")
		for _, s := range secretValues {
			if strings.Contains(text, s) {
				t.Errorf("a finding shows a secret value: %q", text)
			}
		}
	}
}

package seed

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	release "helm.sh/helm/v4/pkg/release/v1"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"sigs.k8s.io/yaml"
)

// Invented secrets, planted so the test can find them in the rendered objects.
var testSecrets = SecretValues{
	RegistryPassword:   "registry-password-for-tests",
	PullSecretPassword: "pull-password-for-tests",
	ServiceTokens:      map[string]string{"binder": "binder-token-for-tests"},
}

// shape is what the checks rely on in one rendered hub.
type shape struct {
	BinderToken      string   // Secret hub, key hub.services.binder.apiToken
	HasChartConfig   bool     // Secret binderhub, key chart-config.yaml
	PushAuths        []string // Secret build-pods-docker-config: decoded auth per server
	APITokenSecret   string   // Deployment binderhub: JUPYTERHUB_API_TOKEN's Secret
	HubHosts         []string // Ingress jupyterhub
	HubTLSSecret     string   // Ingress jupyterhub
	HasBinderIngress bool     // Ingress binderhub
	PullSecretHook   bool     // Secret image-pull-secret among the hooks
	PullSecretAuths  []string // its .dockerconfigjson: registry and decoded auth
	PullInManifest   bool     // Secret image-pull-secret in the manifest (never)
}

func TestRenderRealHubs(t *testing.T) {
	dir := realConfigs(t)
	tests := []struct {
		cluster, hub string
		hubHost      string // cluster.yaml domain, unless the hub file sets its own
		pushAuth     string // server=username:password
		pullAuth     string // registry=username:password; "" without the hook
	}{
		{"earthscope", "binder", "hub.binder.geolab.earthscope.cloud", quayNonGCP, ""},
		// hhmi and nasa-ghg-hub list the binder's domain in cluster.yaml and
		// set the hub's own host in their file, which wins over the generated layer.
		{"hhmi", "binder", "hub.binder.hhmi.2i2c.cloud", "https://quay.io=hhmi-binder+image_builder:" + testSecrets.RegistryPassword, ""},
		{"nasa-ghg-hub", "binder", "hub.binder.ghg.2i2c.cloud", quayNonGCP, ""},
		{"nasa-veda", "binder", "hub.binder.openveda.cloud", quayNonGCP, ""},
		{"opensci", "small-binder", "hub.binder.opensci.2i2c.cloud", quayNonGCP, ""},
		{"opensci", "big-binder", "hub.big.binder.opensci.2i2c.cloud", quayNonGCP, ""},
		{"projectpythia", "pythia-binder", "hub.binder.pythia.2i2c.cloud", quayNonGCP,
			"https://quay.io=imagebuilding-non-gcp-hubs+image_builder:" + testSecrets.PullSecretPassword},
		{"projectpythia-binder", "binderhub", "hub.projectpythia.org", quayNonGCP, ""},
	}
	for _, tt := range tests {
		t.Run(tt.cluster+"/"+tt.hub, func(t *testing.T) {
			hub, err := FromRealConfig(dir, tt.cluster, tt.hub)
			if err != nil {
				t.Fatal(err)
			}
			hub.Secrets = testSecrets

			rel, err := Render(context.Background(), ChartDir(), hub)
			if err != nil {
				t.Fatalf("rendering: %v", err)
			}

			want := shape{
				BinderToken:      testSecrets.ServiceTokens["binder"],
				HasChartConfig:   true,
				PushAuths:        []string{tt.pushAuth},
				APITokenSecret:   "hub",
				HubHosts:         []string{tt.hubHost},
				HubTLSSecret:     generatedTLSSecret,
				HasBinderIngress: true,
				PullSecretHook:   tt.pullAuth != "",
			}
			if tt.pullAuth != "" {
				want.PullSecretAuths = []string{tt.pullAuth}
			}
			if diff := cmp.Diff(want, shapeOf(t, rel)); diff != "" {
				t.Errorf("rendered hub (-want +got):\n%s", diff)
			}
		})
	}
}

// quayNonGCP is the push auth of the hubs that share 2i2c's quay.io robot.
const quayNonGCP = "https://quay.io=imagebuilding-non-gcp-hubs+image_builder:registry-password-for-tests"

func realConfigs(t *testing.T) string {
	t.Helper()
	dir := RealConfigsDir()
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("real hub configs not found at %s (set %s): %v", dir, RealConfigsEnv, err)
	}

	return dir
}

// objects indexes the rendered objects by kind and name; hooks separately.
type objects map[string]map[string][]byte

func index(t *testing.T, manifest string) objects {
	t.Helper()
	objs := objects{}
	for _, doc := range releaseutil.SplitManifests(manifest) {
		var head struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
			t.Fatalf("parsing rendered object: %v\n%s", err, doc)
		}
		if head.Kind == "" {
			continue
		}
		if objs[head.Kind] == nil {
			objs[head.Kind] = map[string][]byte{}
		}
		objs[head.Kind][head.Metadata.Name] = []byte(doc)
	}

	return objs
}

// get decodes the object kind/name into out, and says whether it was there.
func (o objects) get(t *testing.T, kind, name string, out any) bool {
	t.Helper()
	doc, ok := o[kind][name]
	if !ok {
		return false
	}
	if err := yaml.Unmarshal(doc, out); err != nil {
		t.Fatalf("decoding %s %s: %v", kind, name, err)
	}

	return true
}

func shapeOf(t *testing.T, rel *release.Release) shape {
	t.Helper()
	objs := index(t, rel.Manifest)
	var s shape

	var hubSecret corev1.Secret
	if objs.get(t, "Secret", "hub", &hubSecret) {
		s.BinderToken = string(hubSecret.Data["hub.services.binder.apiToken"])
	}

	var binderSecret corev1.Secret
	if objs.get(t, "Secret", "binderhub", &binderSecret) {
		_, s.HasChartConfig = binderSecret.StringData["chart-config.yaml"]
	}

	var pushSecret corev1.Secret
	if objs.get(t, "Secret", "build-pods-docker-config", &pushSecret) {
		s.PushAuths = dockerAuths(t, pushSecret.StringData["config.json"])
	}

	var binder appsv1.Deployment
	if objs.get(t, "Deployment", "binderhub", &binder) {
		for _, e := range binder.Spec.Template.Spec.Containers[0].Env {
			if e.Name == "JUPYTERHUB_API_TOKEN" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil {
				s.APITokenSecret = e.ValueFrom.SecretKeyRef.Name
			}
		}
	}

	var hubIngress networkingv1.Ingress
	if objs.get(t, "Ingress", "jupyterhub", &hubIngress) {
		for _, r := range hubIngress.Spec.Rules {
			s.HubHosts = append(s.HubHosts, r.Host)
		}
		for _, tls := range hubIngress.Spec.TLS {
			s.HubTLSSecret = tls.SecretName
		}
	}
	_, s.HasBinderIngress = objs["Ingress"]["binderhub"]
	_, s.PullInManifest = objs["Secret"]["image-pull-secret"]

	for _, h := range rel.Hooks {
		var pull corev1.Secret
		if h.Kind == "Secret" && h.Name == "image-pull-secret" {
			s.PullSecretHook = true
			if err := yaml.Unmarshal([]byte(h.Manifest), &pull); err != nil {
				t.Fatalf("decoding hook %s: %v", h.Name, err)
			}
			s.PullSecretAuths = dockerAuths(t, string(pull.Data[corev1.DockerConfigJsonKey]))
		}
	}

	return s
}

// dockerAuths lists a docker config's entries as server=decoded auth.
func dockerAuths(t *testing.T, config string) []string {
	t.Helper()
	var parsed struct {
		Auths map[string]struct {
			Auth string `json:"auth"`
		} `json:"auths"`
	}
	if err := json.Unmarshal([]byte(config), &parsed); err != nil {
		t.Fatalf("parsing docker config: %v\n%s", err, config)
	}

	var auths []string
	for server, a := range parsed.Auths {
		decoded, err := base64.StdEncoding.DecodeString(a.Auth)
		if err != nil {
			t.Fatalf("decoding auth of %s: %v", server, err)
		}
		auths = append(auths, server+"="+string(decoded))
	}

	return auths
}

package drift

import (
	"fmt"
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func envValue(name, value string) map[string]any {
	return map[string]any{"name": name, "value": value}
}

func tokenEntry(secret string) map[string]any {
	return map[string]any{"name": envAPIToken, "valueFrom": map[string]any{
		"secretKeyRef": map[string]any{"name": secret, "key": binderTokenKey},
	}}
}

// healthyEnv is the healthy values' extraEnv, in order.
func healthyEnv() []any {
	return []any{
		tokenEntry("hub"),
		envValue(envClientID, "service-binder"),
		envValue(envAPIURL, "https://hub.example.org/hub/api"),
		envValue(envBaseURL, "https://hub.example.org/"),
		envValue(envCallbackURL, "https://binder.example.org/oauth_callback"),
	}
}

// envWith is healthyEnv with entry i replaced, or removed when entry is nil,
// then extra appended.
func envWith(i int, entry map[string]any, extra ...any) []any {
	list := healthyEnv()
	if entry == nil {
		list = append(list[:i], list[i+1:]...)
	} else {
		list[i] = entry
	}
	return append(list, extra...)
}

func settingEnv(name string, entry map[string]any) func(*inspect.Hub) {
	return func(h *inspect.Hub) { setEnv(h, name, entry) }
}

// liveEnv replaces one variable of the live binderhub container.
func liveEnv(name string, v corev1.EnvVar) func(*inspect.Hub) {
	return func(h *inspect.Hub) {
		env := healthyLiveEnv()
		for i := range env {
			if env[i].Name == name {
				env[i] = v
			}
		}
		h.Objects.Deployments["binderhub"] = binderDeploymentWith(env)
	}
}

func TestEnvChecks(t *testing.T) {
	item := func(i int) string { return fmt.Sprintf("%s[%d]", pathExtraEnv, i) }
	tokenWant := `from Secret "hub" key "hub.services.binder.apiToken"`
	liveObject := "Deployment/binderhub"
	livePath := func(name string) string { return "spec.template.spec.containers[binderhub].env[" + name + "]" }

	runFaults(t, []faultCase{
		{check: "BHU401", name: "missing", edit: settingEnv(envAPIToken, nil),
			want: []view{fail(ObjectValues, pathExtraEnv, tokenWant, "missing",
				set(pathExtraEnv, envWith(0, nil, tokenEntry("hub"))))}},
		{check: "BHU401", name: "another secret", edit: settingEnv(envAPIToken, tokenEntry("binder-secret")),
			want: []view{fail(ObjectValues, item(0), tokenWant, `from Secret "binder-secret" key "hub.services.binder.apiToken"`,
				set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU401", name: "literal token is not shown", edit: settingEnv(envAPIToken, envValue(envAPIToken, "binder-token-value")),
			want: []view{fail(ObjectValues, item(0), tokenWant, "a literal value of 18 characters", set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU401", name: "2i2c's templated name", edit: settingEnv(envAPIToken, tokenEntry(`{{ include "jupyterhub.hub.fullname" . }}`))},
		{check: "BHU401", name: "live env differs from right values", live: true,
			edit: liveEnv(envAPIToken, corev1.EnvVar{Name: envAPIToken, Value: "binder-token-value"}),
			want: []view{fail(liveObject, livePath(envAPIToken), tokenWant, "a literal value of 18 characters")}},

		{check: "BHU402", name: "wrong client", edit: settingEnv(envClientID, envValue(envClientID, "binder")),
			want: []view{fail(ObjectValues, item(1), `"service-binder", the binder service's oauth_client_id`, `"binder"`,
				set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU402", name: "service has another client id", edit: setting(pathBinderService+".oauth_client_id", "service-mybinder"),
			want: []view{fail(ObjectValues, item(1), `"service-mybinder", the binder service's oauth_client_id`, `"service-binder"`,
				set(pathExtraEnv, envWith(1, envValue(envClientID, "service-mybinder"))))}},
		{check: "BHU402", name: "one list fixes every variable",
			edit: edits(settingEnv(envClientID, envValue(envClientID, "binder")), settingEnv(envBaseURL, nil)),
			want: []view{fail(ObjectValues, item(1), `"service-binder", the binder service's oauth_client_id`, `"binder"`,
				set(pathExtraEnv, envWith(3, nil, envValue(envBaseURL, "https://hub.example.org/"))))}},

		{check: "BHU403", name: "another namespace", edit: settingEnv(envAPIURL, envValue(envAPIURL, "http://hub.other.svc.cluster.local:8081/hub/api")),
			want: []view{fail(ObjectValues, item(2), `"http://hub.demo.svc.cluster.local:8081/hub/api" or "https://hub.example.org/hub/api"`,
				`"http://hub.other.svc.cluster.local:8081/hub/api"`,
				set(pathExtraEnv, envWith(2, envValue(envAPIURL, "http://hub.demo.svc.cluster.local:8081/hub/api"))))}},
		{check: "BHU403", name: "another hub's public url", edit: settingEnv(envAPIURL, envValue(envAPIURL, "https://hub.other.org/hub/api")),
			want: []view{fail(ObjectValues, item(2), `"http://hub.demo.svc.cluster.local:8081/hub/api" or "https://hub.example.org/hub/api"`,
				`"https://hub.other.org/hub/api"`, set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU403", name: "missing", edit: settingEnv(envAPIURL, nil),
			want: []view{fail(ObjectValues, pathExtraEnv, `"http://hub.demo.svc.cluster.local:8081/hub/api" or "https://hub.example.org/hub/api"`,
				"missing", set(pathExtraEnv, envWith(2, nil, envValue(envAPIURL, "https://hub.example.org/hub/api"))))}},
		{check: "BHU403", name: "in-cluster url", edit: settingEnv(envAPIURL, envValue(envAPIURL, "http://hub.demo.svc.cluster.local:8081/hub/api"))},
		{check: "BHU403", name: "short in-cluster url", edit: settingEnv(envAPIURL, envValue(envAPIURL, "http://hub:8081/hub/api/"))},
		{check: "BHU403", name: "public with slash", edit: settingEnv(envAPIURL, envValue(envAPIURL, "https://hub.example.org/hub/api/"))},
		{check: "BHU403", name: "hub host unknown", edit: deleting("jupyterhub.ingress.hosts"),
			want: []view{notEvaluated(ObjectValues, item(2))}},
		{check: "BHU403", name: "hub host unknown, missing",
			edit: edits(deleting("jupyterhub.ingress.hosts"), settingEnv(envAPIURL, nil)),
			want: []view{fail(ObjectValues, pathExtraEnv, `"http://hub.demo.svc.cluster.local:8081/hub/api" or "https://<hub host>/hub/api"`,
				"missing", set(pathExtraEnv, envWith(2, nil, envValue(envAPIURL, "http://hub.demo.svc.cluster.local:8081/hub/api"))))}},
		{check: "BHU403", name: "live in-cluster url of this namespace", live: true},

		{check: "BHU404", name: "binder's url", edit: settingEnv(envBaseURL, envValue(envBaseURL, "https://binder.example.org/")),
			want: []view{fail(ObjectValues, item(3), `"https://hub.example.org/"`, `"https://binder.example.org/"`, set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU404", name: "missing", edit: settingEnv(envBaseURL, nil),
			want: []view{fail(ObjectValues, pathExtraEnv, `"https://hub.example.org/"`, "missing",
				set(pathExtraEnv, envWith(3, nil, envValue(envBaseURL, "https://hub.example.org/"))))}},
		{check: "BHU404", name: "no trailing slash", edit: settingEnv(envBaseURL, envValue(envBaseURL, "https://hub.example.org"))},
		{check: "BHU404", name: "hub host unknown", edit: deleting("jupyterhub.ingress.hosts"),
			want: []view{notEvaluated(ObjectValues, item(3))}},
		{check: "BHU404", name: "hub host unknown, missing", edit: edits(deleting("jupyterhub.ingress.hosts"), settingEnv(envBaseURL, nil)),
			want: []view{fail(ObjectValues, pathExtraEnv, "https://<hub host>/", "missing")}},

		{check: "BHU405", name: "wrong callback", edit: settingEnv(envCallbackURL, envValue(envCallbackURL, "https://hub.example.org/oauth_callback")),
			want: []view{fail(ObjectValues, item(4), `"https://binder.example.org/oauth_callback"`, `"https://hub.example.org/oauth_callback"`,
				set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU405", name: "missing", edit: settingEnv(envCallbackURL, nil),
			want: []view{fail(ObjectValues, pathExtraEnv, `"https://binder.example.org/oauth_callback"`, "missing", set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU405", name: "wrong redirect uri is BHU209's finding",
			edit: setting(pathRedirectURI, "https://hub.example.org/oauth_callback")},
		{check: "BHU405", name: "binder host unknown, compared with the redirect uri",
			edit: edits(deleting(pathBinderIngress+".hosts"), setting(pathRedirectURI, "https://login.example.org/oauth_callback")),
			want: []view{fail(ObjectValues, item(4), `"https://login.example.org/oauth_callback"`, `"https://binder.example.org/oauth_callback"`,
				set(pathExtraEnv, envWith(4, envValue(envCallbackURL, "https://login.example.org/oauth_callback"))))}},
		{check: "BHU405", name: "unauthenticated needs none", edit: edits(setting(pathBinderAuth, false), settingEnv(envCallbackURL, nil))},
		{check: "BHU405", name: "live callback differs", live: true,
			edit: liveEnv(envCallbackURL, corev1.EnvVar{Name: envCallbackURL, Value: "https://old.example.org/oauth_callback"}),
			want: []view{fail(liveObject, livePath(envCallbackURL), `"https://binder.example.org/oauth_callback"`, `"https://old.example.org/oauth_callback"`)}},
		{check: "BHU405", name: "live callback missing, values too", live: true,
			edit: edits(settingEnv(envCallbackURL, nil), func(h *inspect.Hub) {
				h.Objects.Deployments["binderhub"] = binderDeploymentWith(healthyLiveEnv()[:6])
			}),
			want: []view{fail(liveObject, "spec.template.spec.containers[binderhub].env[JUPYTERHUB_OAUTH_CALLBACK_URL]", `"https://binder.example.org/oauth_callback"`, "missing",
				set(pathExtraEnv, healthyEnv()))}},

		{check: "BHU406", name: "offline", want: []view{notEvaluated("Secret/hub", binderTokenKey)}},
		{check: "BHU406", name: "key missing", live: true,
			edit: func(h *inspect.Hub) {
				h.Objects.Secrets["hub"] = secret("hub", "hub.config.JupyterHub.cookie_secret", "x")
			},
			want: []view{fail("Secret/hub", binderTokenKey, "key "+binderTokenKey, "no such key (the Secret has 1 keys)")}},
		{check: "BHU406", name: "empty token", live: true,
			edit: func(h *inspect.Hub) { h.Objects.Secrets["hub"] = secret("hub", binderTokenKey, "") },
			want: []view{fail("Secret/hub", binderTokenKey, "a non-empty value", "empty")}},
		{check: "BHU406", name: "secret missing", live: true,
			edit: func(h *inspect.Hub) { delete(h.Objects.Secrets, "hub") },
			want: []view{fail("Secret/hub", "", "a Secret", "missing")}},
		{check: "BHU406", name: "secrets forbidden", live: true,
			edit: func(h *inspect.Hub) { h.Objects.ReadErrors[inspect.KindSecret] = "forbidden: cannot list secrets" },
			want: []view{notEvaluated("Secret/hub", binderTokenKey)}},
		{check: "BHU406", name: "names the secret the live env uses", live: true,
			edit: liveEnv(envAPIToken, corev1.EnvVar{Name: envAPIToken, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: "old-hub"}, Key: binderTokenKey}}}),
			want: []view{fail("Secret/old-hub", "", "a Secret", "missing")}},
	})
}

// TestAPIURLWithUnknownNamespace: offline, values files alone do not say
// which namespace the hub runs in, so any namespace's in-cluster hub URL is
// accepted, and a missing URL is fixed with the public one, never with a
// guessed namespace.
func TestAPIURLWithUnknownNamespace(t *testing.T) {
	unknownNamespace := func(h *inspect.Hub) { h.Namespace = "" }
	item := func(i int) string { return fmt.Sprintf("%s[%d]", pathExtraEnv, i) }
	publicURL := envValue(envAPIURL, "https://hub.example.org/hub/api")

	runFaults(t, []faultCase{
		{check: "BHU403", name: "in-cluster URL of some namespace",
			edit: edits(unknownNamespace, settingEnv(envAPIURL, envValue(envAPIURL, "http://hub.binder.svc.cluster.local:8081/hub/api")))},
		{check: "BHU403", name: "short in-cluster name",
			edit: edits(unknownNamespace, settingEnv(envAPIURL, envValue(envAPIURL, "http://hub.binder:8081/hub/api")))},
		{check: "BHU403", name: "another Service",
			edit: edits(unknownNamespace, settingEnv(envAPIURL, envValue(envAPIURL, "http://proxy-api.binder.svc.cluster.local:8081/hub/api"))),
			want: []view{fail(ObjectValues, item(2), `"http://hub.<namespace>.svc.cluster.local:8081/hub/api" or "https://hub.example.org/hub/api"`,
				`"http://proxy-api.binder.svc.cluster.local:8081/hub/api"`, set(pathExtraEnv, envWith(2, publicURL)))}},
	})
}

package drift

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// sameValuesUpgrade starts every hint for a live object that the values
// already ask for.
const sameValuesUpgrade = "upgrade the release (helm upgrade with the same values)"

// TestDeletedObjectsAskForAnUpgrade deletes every live object of a healthy
// hub: its values ask for all of them, so every live check that fails must
// advise an upgrade with the same values, never a change of the values.
func TestDeletedObjectsAskForAnUpgrade(t *testing.T) {
	hub := healthyHub(t, true)
	hub.Objects.Secrets = nil
	hub.Objects.Deployments = nil
	hub.Objects.Services = nil
	hub.Objects.Ingresses = nil

	live := map[string]bool{}
	for _, check := range Catalogue() {
		live[check.ID] = check.Live
	}
	failed := map[string]bool{}
	for _, f := range Evaluate(hub, Catalogue()).Findings {
		if f.Status != StatusFail {
			continue
		}
		failed[f.CheckID] = true
		if !strings.HasPrefix(f.Fix, sameValuesUpgrade) {
			t.Errorf("%s on %s: fix %q, want an upgrade with the same values", f.CheckID, f.Object, f.Fix)
		}
		if !live[f.CheckID] {
			t.Errorf("%s failed although the values are healthy: found %s", f.CheckID, f.Found)
		}
	}
	// BHU503 and BHU607's hook Secret aside, every object check must notice.
	for _, id := range []string{"BHU406", "BHU501", "BHU502", "BHU504", "BHU505", "BHU604", "BHU607"} {
		if !failed[id] {
			t.Errorf("%s did not report its deleted object", id)
		}
	}
}

// TestLiveFixHints pins the hint of each live finding: an upgrade with the
// same values where the values are right, a change of the values where not.
func TestLiveFixHints(t *testing.T) {
	removing := func(kind, name string) func(*inspect.Hub) {
		return func(h *inspect.Hub) {
			switch kind {
			case inspect.KindSecret:
				delete(h.Objects.Secrets, name)
			case inspect.KindDeployment:
				delete(h.Objects.Deployments, name)
			case inspect.KindService:
				delete(h.Objects.Services, name)
			case inspect.KindIngress:
				delete(h.Objects.Ingresses, name)
			}
		}
	}
	replacingSecret := func(name, key, value string) func(*inspect.Hub) {
		return func(h *inspect.Hub) { h.Objects.Secrets[name] = secret(name, key, value) }
	}
	dockerHubAuths := `{"auths":{"https://index.docker.io/v1/":{"auth":"cm9ib3Q6c2VjcmV0"}}}`

	tests := []struct {
		check, name string
		edit        func(*inspect.Hub)
		want        []string
	}{
		{"BHU501", "ingress deleted", removing(inspect.KindIngress, "jupyterhub"),
			[]string{sameValuesUpgrade + " so the chart recreates Ingress/jupyterhub"}},
		{"BHU502", "ingress deleted", removing(inspect.KindIngress, "binderhub"),
			[]string{sameValuesUpgrade + " so the chart recreates Ingress/binderhub"}},
		{"BHU502", "ingress edited", func(h *inspect.Hub) { h.Objects.Ingresses["binderhub"] = ingress("binderhub", "old.example.org", "x") },
			[]string{sameValuesUpgrade + " so the chart writes Ingress/binderhub with the values' host again"}},
		{"BHU504", "service deleted", removing(inspect.KindService, "binderhub"),
			[]string{sameValuesUpgrade + " so the chart recreates Service/binderhub"}},
		{"BHU504", "service deleted, binder disabled",
			edits(removing(inspect.KindService, "binderhub"), setting("binderhub-service.enabled", false)),
			[]string{"enable binderhub-service and upgrade the release"}},
		{"BHU504", "url names a Service the chart never creates", setting(pathBinderService+".url", "http://binder:8090"),
			[]string{"point jupyterhub.hub.services.binder.url at Service binderhub, which the chart creates"}},
		{"BHU504", "live port edited", func(h *inspect.Hub) { h.Objects.Services["binderhub"].Spec.Ports[0].Port = 80 },
			[]string{sameValuesUpgrade + " so the chart recreates Service/binderhub"}},
		{"BHU505", "deployment deleted", removing(inspect.KindDeployment, "binderhub"),
			[]string{sameValuesUpgrade + " so the chart recreates Deployment/binderhub"}},
		{"BHU604", "push secret deleted", removing(inspect.KindSecret, "build-pods-docker-config"),
			[]string{sameValuesUpgrade + " so the chart recreates Secret/build-pods-docker-config"}},
		{"BHU604", "push secret for another registry than the values'",
			replacingSecret("build-pods-docker-config", "config.json", dockerHubAuths),
			[]string{sameValuesUpgrade + " so the chart writes Secret/build-pods-docker-config again from " + pathCredentials}},
		{"BHU604", "credentials for another registry",
			edits(replacingSecret("build-pods-docker-config", "config.json", dockerHubAuths), setting(pathCredentials+".server", "https://index.docker.io/v1/")),
			[]string{"set " + pathCredentials + " for quay.io and upgrade the release"}},
		{"BHU607", "pull secret deleted", removing(inspect.KindSecret, "image-pull-secret"),
			[]string{sameValuesUpgrade + " so the chart recreates Secret/image-pull-secret"}},
		{"BHU607", "pull secret for another registry than the values'",
			replacingSecret("image-pull-secret", ".dockerconfigjson", dockerHubAuths),
			[]string{sameValuesUpgrade + " so the chart writes Secret/image-pull-secret again from " + pathPullSecret}},
		{"BHU607", "pull secret values for docker hub",
			edits(replacingSecret("image-pull-secret", ".dockerconfigjson", dockerHubAuths), deleting(pathPullSecret+".registry")),
			[]string{"set " + pathPullSecret + ".registry to quay.io with credentials for it and upgrade the release"}},
		{"BHU406", "hub secret deleted", removing(inspect.KindSecret, "hub"),
			[]string{sameValuesUpgrade + " so the chart recreates Secret/hub"}},
		{"BHU406", "token key missing", replacingSecret("hub", "hub.config.JupyterHub.cookie_secret", "x"),
			[]string{sameValuesUpgrade + " so the chart writes key " + binderTokenKey + " into Secret/hub"}},
		{"BHU406", "token key missing, no binder service",
			edits(replacingSecret("hub", "hub.config.JupyterHub.cookie_secret", "x"), setting(pathBinderService, nil)),
			[]string{"declare the binder service (BHU207) and upgrade the release"}},
		{"BHU406", "token from a Secret the chart never writes",
			liveEnv(envAPIToken, corev1.EnvVar{Name: envAPIToken, ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
				LocalObjectReference: corev1.LocalObjectReference{Name: "old-hub"}, Key: binderTokenKey}}}),
			[]string{`point JUPYTERHUB_API_TOKEN at Secret "hub" key "hub.services.binder.apiToken", which the chart writes`}},
	}

	for _, tt := range tests {
		t.Run(tt.check+"/"+tt.name, func(t *testing.T) {
			check, _ := Lookup(tt.check)
			hub := healthyHub(t, true)
			tt.edit(hub)
			var fixes []string
			for _, r := range check.Run(NewContext(hub)) {
				fixes = append(fixes, r.Fix)
			}
			if diff := cmp.Diff(tt.want, fixes); diff != "" {
				t.Errorf("%s fixes (-want +got):\n%s", tt.check, diff)
			}
		})
	}
}

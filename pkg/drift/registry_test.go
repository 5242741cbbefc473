package drift

import (
	"testing"

	corev1 "k8s.io/api/core/v1"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func TestRegistryChecks(t *testing.T) {
	server := pathCredentials + ".server"
	password := pathCredentials + ".password"
	encrypted := func(h *inspect.Hub) { h.MissingValues = []string{"enc-demo.secret.values.yaml"} }
	replacingSecret := func(name, key, value string) func(*inspect.Hub) {
		return func(h *inspect.Hub) { h.Objects.Secrets[name] = secret(name, key, value) }
	}
	noQuayPullSecret := "no pull secret: imagePullSecret.create is not true and no imagePullSecrets are listed"

	runFaults(t, []faultCase{
		{check: "BHU601", name: "no username", edit: setting(pathCredentials+".username", ""),
			want: []view{fail(ObjectValues, pathCredentials+".username", "set", "unset or empty")}},
		{check: "BHU601", name: "nothing", edit: deleting(pathCredentials),
			want: []view{
				fail(ObjectValues, server, "set", "unset or empty"),
				fail(ObjectValues, pathCredentials+".username", "set", "unset or empty"),
			}},

		{check: "BHU602", name: "empty", edit: setting(password, ""),
			want: []view{fail(ObjectValues, password, "set", "unset or empty")}},
		{check: "BHU602", name: "in an unreadable encrypted file", edit: edits(deleting(password), encrypted),
			want: []view{notEvaluated(ObjectValues, password)}},

		{check: "BHU603", name: "credentials for another registry", edit: setting(server, "https://us-central1-docker.pkg.dev"),
			want: []view{fail(ObjectValues, server, "quay.io, the registry of image_prefix", "us-central1-docker.pkg.dev")}},
		{check: "BHU603", name: "docker hub aliases",
			edit: edits(setting(pathImagePrefix, "example/binder-"), setting(server, "https://index.docker.io/v1/"))},
		{check: "BHU603", name: "bare prefix is docker hub",
			edit: setting(pathImagePrefix, "binder-"),
			want: []view{fail(ObjectValues, server, "docker.io, the registry of image_prefix", "quay.io")}},
		{check: "BHU603", name: "registry with a port",
			edit: edits(setting(pathImagePrefix, "registry.example.org:5000/binder-"), setting(server, "https://registry.example.org:5000/"))},

		{check: "BHU604", name: "offline", want: []view{notEvaluated("Secret/build-pods-docker-config", "config.json")}},
		{check: "BHU604", name: "auths for another registry", live: true,
			edit: replacingSecret("build-pods-docker-config", "config.json", `{"auths":{"https://index.docker.io/v1/":{"auth":"cm9ib3Q6c2VjcmV0"}}}`),
			want: []view{fail("Secret/build-pods-docker-config", "config.json.auths", "an entry for quay.io", `entries for ["docker.io"]`)}},
		{check: "BHU604", name: "not json", live: true,
			edit: replacingSecret("build-pods-docker-config", "config.json", `auths: cm9ib3Q6c2VjcmV0`),
			want: []view{fail("Secret/build-pods-docker-config", "config.json", "a docker config with auths", "not valid JSON (23 bytes)")}},
		{check: "BHU604", name: "no auths", live: true,
			edit: replacingSecret("build-pods-docker-config", "config.json", `{"credsStore":"desktop"}`),
			want: []view{fail("Secret/build-pods-docker-config", "config.json", "a docker config with auths", "no auths (24 bytes)")}},
		{check: "BHU604", name: "secret missing", live: true,
			edit: func(h *inspect.Hub) { delete(h.Objects.Secrets, "build-pods-docker-config") },
			want: []view{fail("Secret/build-pods-docker-config", "", "a Secret", "missing")}},
		{check: "BHU604", name: "auths key forms", live: true,
			edit: replacingSecret("build-pods-docker-config", "config.json", `{"auths":{"https://quay.io/v1/":{"auth":"cm9ib3Q6c2VjcmV0"}}}`)},
		{check: "BHU604", name: "secret named by PUSH_SECRET_NAME", live: true,
			edit: liveEnv("PUSH_SECRET_NAME", corev1.EnvVar{Name: "PUSH_SECRET_NAME", Value: "demo-push"}),
			want: []view{fail("Secret/demo-push", "", "a Secret", "missing")}},

		{check: "BHU605", name: "no pull secret", edit: setting(pathPullSecret+".create", false),
			want: []view{fail(ObjectValues, pathPullSecret+".create", "true, or a pull secret listed", noQuayPullSecret)}},
		{check: "BHU605", name: "encrypted files may hold it", edit: edits(deleting(pathPullSecret), encrypted),
			want: []view{notEvaluated(ObjectValues, pathPullSecret+".create")}},
		{check: "BHU605", name: "encrypted files, a pull secret listed in plain ones",
			edit: edits(deleting(pathPullSecret), encrypted, setting(pathPullSecrets, []any{map[string]any{"name": "quay-pull"}}))},
		{check: "BHU605", name: "live", live: true, edit: deleting(pathPullSecret),
			want: []view{fail(ObjectValues, pathPullSecret+".create", "true, or a pull secret listed", noQuayPullSecret)}},
		{check: "BHU605", name: "listed pull secret",
			edit: edits(deleting(pathPullSecret), setting(pathPullSecrets, []any{map[string]any{"name": "quay-pull"}}))},
		{check: "BHU605", name: "singleuser pull secret",
			edit: edits(deleting(pathPullSecret), setting(pathSingleuserPull, []any{"quay-pull"}))},
		{check: "BHU605", name: "not quay", edit: edits(deleting(pathPullSecret), setting(pathImagePrefix, "us-central1-docker.pkg.dev/p/r/binder-"))},

		{check: "BHU606", name: "docker hub by default", edit: deleting(pathPullSecret + ".registry"),
			want: []view{fail(ObjectValues, pathPullSecret+".registry", "quay.io, the registry of image_prefix", "docker.io")}},
		{check: "BHU606", name: "url form", edit: setting(pathPullSecret+".registry", "https://quay.io")},
		{check: "BHU606", name: "not created", edit: edits(setting(pathPullSecret+".create", false), deleting(pathPullSecret+".registry"))},

		{check: "BHU607", name: "offline", want: []view{notEvaluated("Secret/image-pull-secret", ".dockerconfigjson")}},
		{check: "BHU607", name: "offline, not created", edit: setting(pathPullSecret+".create", false),
			want: []view{notEvaluated("Secret/image-pull-secret", ".dockerconfigjson")}},
		{check: "BHU607", name: "live, not created", live: true, edit: setting(pathPullSecret+".create", false)},
		{check: "BHU607", name: "hook secret missing", live: true,
			edit: func(h *inspect.Hub) { delete(h.Objects.Secrets, "image-pull-secret") },
			want: []view{fail("Secret/image-pull-secret", "", "a Secret", "missing")}},
		{check: "BHU607", name: "for docker hub", live: true,
			edit: replacingSecret("image-pull-secret", ".dockerconfigjson", `{"auths":{"https://index.docker.io/v1/":{"auth":"cm9ib3Q6c2VjcmV0"}}}`),
			want: []view{fail("Secret/image-pull-secret", ".dockerconfigjson.auths", "an entry for quay.io", `entries for ["docker.io"]`)}},
		{check: "BHU607", name: "secrets forbidden", live: true,
			edit: func(h *inspect.Hub) { h.Objects.ReadErrors[inspect.KindSecret] = "forbidden" },
			want: []view{notEvaluated("Secret/image-pull-secret", ".dockerconfigjson")}},
	})
}

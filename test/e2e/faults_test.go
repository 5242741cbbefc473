package e2e

import (
	"context"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/binderhubui/kubectl-binderhubui/internal/seed"
)

// faultCase breaks one thing in an otherwise healthy real hub and names the
// check that must find it.
type faultCase struct {
	name string
	// authenticated picks the base hub: opensci/big-binder (login, OAuth
	// callback) or hhmi/binder (no login, admin:users).
	authenticated bool
	// values breaks the hub before it is installed.
	values func(t *testing.T, hub seed.Hub) seed.Hub
	// live breaks the installed hub's objects or release record.
	live func(t *testing.T, namespace string)
	// check and path are what doctor must report: a failing finding of check
	// whose path contains path.
	check, path string
	// quiet are checks that must not fail: they would give other advice
	// for the same fault.
	quiet []string
}

var faultCases = []faultCase{
	// 1. Users get 403 at the hub's OAuth authorize step after logging in.
	{name: "user-role-no-binder-access", authenticated: true, check: "BHU210", path: "jupyterhub.hub.loadRoles.user.scopes",
		values: setValues(map[string]any{"jupyterhub": map[string]any{"hub": map[string]any{"loadRoles": map[string]any{
			"user": map[string]any{"scopes": []any{"self"}}}}}})},
	// 2. The binder role without servers, without read:users, or without
	// admin:users on a hub without login.
	{name: "binder-role-no-servers", authenticated: true, check: "BHU212", path: "jupyterhub.hub.loadRoles.binder",
		values: setValues(binderRoleScopes("read:users"))},
	{name: "binder-role-no-read-users", authenticated: true, check: "BHU212", path: "jupyterhub.hub.loadRoles.binder",
		values: setValues(binderRoleScopes("servers"))},
	{name: "binder-role-unauth-no-admin-users", authenticated: false, check: "BHU212", path: "jupyterhub.hub.loadRoles.binder",
		values: setValues(binderRoleScopes("servers", "read:users"))},
	// 3. BinderHub authenticates but the spawner does not.
	{name: "spawner-auth-off", authenticated: true, check: "BHU213", path: "BinderSpawnerMixin.auth_enabled",
		values: setValues(map[string]any{"jupyterhub": map[string]any{"hub": map[string]any{"config": map[string]any{
			"BinderSpawnerMixin": map[string]any{"auth_enabled": false}}}}})},
	// 4. Persistent storage, extra volume mounts, init containers.
	{name: "storage-static", authenticated: true, check: "BHU204", path: "jupyterhub.singleuser.storage.type",
		values: setValues(singleuser(map[string]any{"storage": map[string]any{"type": "static", "static": map[string]any{"pvcName": "home-nfs"}}}))},
	{name: "storage-volume-mounts", authenticated: true, check: "BHU205", path: "jupyterhub.singleuser.storage.extraVolumeMounts",
		values: setValues(singleuser(map[string]any{"storage": map[string]any{"extraVolumeMounts": map[string]any{
			"home": map[string]any{"name": "home", "mountPath": "/home/jovyan"}}}}))},
	{name: "init-containers", authenticated: true, check: "BHU205", path: "jupyterhub.singleuser.initContainers",
		values: setValues(singleuser(map[string]any{"initContainers": []any{map[string]any{"name": "volume-mount-ownership-fix", "image": "busybox"}}}))},
	// 5. The UI is on in BinderHub but the hub does not use BinderSpawnerMixin.
	{name: "binderhub-ui-off", authenticated: true, check: "BHU201", path: "jupyterhub.custom.binderhubUI.enabled",
		values: setValues(map[string]any{"jupyterhub": map[string]any{"custom": map[string]any{"binderhubUI": map[string]any{"enabled": false}}}})},
	// 6. The OAuth redirect URI missing, wrong, or disagreeing with the binder's callback.
	{name: "oauth-redirect-missing", authenticated: true, check: "BHU209", path: "oauth_redirect_uri",
		values: setValues(binderService(map[string]any{"oauth_redirect_uri": nil}))},
	{name: "oauth-redirect-wrong", authenticated: true, check: "BHU209", path: "oauth_redirect_uri",
		values: setValues(binderService(map[string]any{"oauth_redirect_uri": "https://hub.big.binder.opensci.2i2c.cloud/oauth_callback"}))},
	{name: "oauth-callback-env-differs", authenticated: true, check: "BHU405", path: "JUPYTERHUB_OAUTH_CALLBACK_URL",
		values: envValue("JUPYTERHUB_OAUTH_CALLBACK_URL", "https://big.binder.opensci.2i2c.cloud/hub/oauth_callback")},
	// 7. hub_url and badge_base_url not the public URLs.
	// The live Ingress matches the values, so BHU501 must not advise
	// changing the ingress hosts to hub_url's host.
	{name: "hub-url-wrong", authenticated: true, check: "BHU306", path: "hub_url", quiet: []string{"BHU501"},
		values: setValues(binderHub(map[string]any{"hub_url": "https://big.binder.opensci.2i2c.cloud"}))},
	{name: "badge-url-wrong", authenticated: true, check: "BHU307", path: "badge_base_url",
		values: setValues(binderHub(map[string]any{"badge_base_url": "https://hub.big.binder.opensci.2i2c.cloud"}))},
	// 8. The binder cannot find the hub's API or base URL.
	{name: "no-api-url", authenticated: true, check: "BHU403", path: "JUPYTERHUB_API_URL", values: envValue("JUPYTERHUB_API_URL", nil)},
	{name: "no-base-url", authenticated: false, check: "BHU404", path: "JUPYTERHUB_BASE_URL", values: envValue("JUPYTERHUB_BASE_URL", nil)},
	// 9. The chart's default turns the UI off.
	{name: "api-only-mode", authenticated: false, check: "BHU305", path: "enable_api_only_mode",
		values: setValues(binderHub(map[string]any{"enable_api_only_mode": true}))},
	// 10. The API token's secretKeyRef names a key or a Secret that does not exist.
	{name: "token-key-missing", authenticated: true, check: "BHU406", path: "hub.services.binderhub.apiToken",
		values: envValue("JUPYTERHUB_API_TOKEN", map[string]any{"secretKeyRef": map[string]any{"name": "hub", "key": "hub.services.binderhub.apiToken"}})},
	{name: "token-secret-missing", authenticated: false, check: "BHU406", path: "Secret/jupyterhub-hub",
		values: envValue("JUPYTERHUB_API_TOKEN", map[string]any{"secretKeyRef": map[string]any{"name": "jupyterhub-hub", "key": "hub.services.binder.apiToken"}})},
	// 11. The push secret missing, not JSON, or with no entry for the registry.
	{name: "push-secret-missing", authenticated: true, check: "BHU604", path: "Secret/build-pods-docker-config", live: deletePushSecret},
	{name: "push-secret-not-json", authenticated: true, check: "BHU604", path: "Secret/build-pods-docker-config", live: setPushConfig(`{"auths": `)},
	{name: "push-secret-no-registry", authenticated: false, check: "BHU604", path: "Secret/build-pods-docker-config",
		live: setPushConfig(`{"auths": {"ghcr.io": {"auth": "bm90OnRoaXM="}}}`)},
	// The push secret the chart writes is not the one BinderHub mounts.
	{name: "push-secret-not-wired", authenticated: false, check: "BHU608", path: "binderhub-service.extraConfig",
		values: setValues(map[string]any{"binderhub-service": map[string]any{"extraConfig": map[string]any{
			"binderhub-service-01-build-pods-docker-config": nil}}})},
	// 13. The image prefix's registry is not the one the credentials are for.
	{name: "registry-host-mismatch", authenticated: true, check: "BHU603", path: "buildPodsRegistryCredentials.server",
		values: setValues(map[string]any{"binderhub-service": map[string]any{"buildPodsRegistryCredentials": map[string]any{"server": "https://ghcr.io"}}})},
	// 14. A stuck or failed upgrade.
	{name: "release-pending-upgrade", authenticated: true, check: "BHU102", live: markLatest("pending-upgrade")},
	{name: "release-failed", authenticated: false, check: "BHU101", live: markLatest("failed")},
}

// TestFaultsAreFound seeds one hub per fault and expects doctor to report it,
// with exit code 1.
func TestFaultsAreFound(t *testing.T) {
	for _, fc := range faultCases {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()

			base := realHub(t, "hhmi", "binder", fc.name)
			if fc.authenticated {
				base = realHub(t, "opensci", "big-binder", fc.name)
			}
			hub := base
			if fc.values != nil {
				hub = fc.values(t, base)
			}
			hub = install(t, hub)
			if fc.live != nil {
				fc.live(t, fc.name)
			}

			doc, res := doctorJSON(t, "-n", fc.name)
			report := onlyHub(t, doc)

			found := failing(report, fc.check)
			matched := false
			for _, f := range found {
				if strings.Contains(f.Path, fc.path) || strings.Contains(f.Object, fc.path) {
					matched = true
				}
				for _, leak := range []string{hub.Secrets.RegistryPassword, hub.Secrets.ServiceTokens["binder"]} {
					if leak == "" {
						t.Fatal("the hub was installed without invented secrets")
					}
					if strings.Contains(f.Found+f.Expected+f.Fix+f.Reason, leak) {
						t.Errorf("finding %s carries a secret value", f.CheckID)
					}
				}
			}
			if !matched {
				t.Fatalf("doctor did not report %s at %q; findings: %+v", fc.check, fc.path, report.Findings)
			}
			for _, id := range fc.quiet {
				if f := failing(report, id); len(f) > 0 {
					t.Errorf("%s also failed for this fault: %+v", id, f)
				}
			}
			if res.exitCode != 1 {
				t.Errorf("exit code = %d, want 1 for an error finding", res.exitCode)
			}
		})
	}
}

// TestQuayWithoutPullSecretWarns: images pushed to quay.io are private by
// default, so a hub pushing there with no pull secret gets a warning, and
// --fail-on warning turns it into exit code 1.
func TestQuayWithoutPullSecretWarns(t *testing.T) {
	const name = "quay-no-pull-secret"
	install(t, realHub(t, "hhmi", "binder", name))

	doc, res := doctorJSON(t, "-n", name)
	hub := onlyHub(t, doc)
	warnings := failing(hub, "BHU605")
	if len(warnings) != 1 || warnings[0].Severity != "warning" {
		t.Fatalf("want one BHU605 warning, got %+v", warnings)
	}
	if res.exitCode != 0 {
		t.Errorf("exit code = %d with --fail-on error (default), want 0", res.exitCode)
	}

	_, res = doctorJSON(t, "-n", name, "--fail-on", "warning")
	if res.exitCode != 1 {
		t.Errorf("exit code = %d with --fail-on warning, want 1", res.exitCode)
	}
}

// TestDeletedObjectsAskForAnUpgrade deletes live objects that the healthy
// hub's values ask for: each finding must advise an upgrade with the same
// values, not a change of values that are already right.
func TestDeletedObjectsAskForAnUpgrade(t *testing.T) {
	const name = "deleted-objects"
	install(t, realHub(t, "opensci", "big-binder", name))

	client, err := cluster.Clientset()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	deletions := []struct {
		object string
		del    func() error
	}{
		{"Deployment/binderhub", func() error {
			return client.AppsV1().Deployments(name).Delete(ctx, "binderhub", metav1.DeleteOptions{})
		}},
		{"Service/binderhub", func() error {
			return client.CoreV1().Services(name).Delete(ctx, "binderhub", metav1.DeleteOptions{})
		}},
		{"Ingress/binderhub", func() error {
			return client.NetworkingV1().Ingresses(name).Delete(ctx, "binderhub", metav1.DeleteOptions{})
		}},
		{"Secret/build-pods-docker-config", func() error {
			return client.CoreV1().Secrets(name).Delete(ctx, "build-pods-docker-config", metav1.DeleteOptions{})
		}},
	}
	for _, d := range deletions {
		if err := d.del(); err != nil {
			t.Fatalf("deleting %s: %v", d.object, err)
		}
	}

	doc, _ := doctorJSON(t, "-n", name)
	report := onlyHub(t, doc)
	for _, d := range deletions {
		var fixes []string
		for _, f := range report.Findings {
			if f.Status == "fail" && f.Object == d.object {
				fixes = append(fixes, f.CheckID+": "+f.Fix)
			}
		}
		want := "upgrade the release (helm upgrade with the same values) so the chart recreates " + d.object
		if len(fixes) == 0 {
			t.Errorf("no finding on the deleted %s", d.object)
		}
		for _, fix := range fixes {
			if !strings.HasSuffix(fix, ": "+want) {
				t.Errorf("%s: fix %q, want %q", d.object, fix, want)
			}
		}
	}
}

func setValues(extra map[string]any) func(*testing.T, seed.Hub) seed.Hub {
	return func(t *testing.T, hub seed.Hub) seed.Hub { return withValues(hub, extra) }
}

func envValue(name string, value any) func(*testing.T, seed.Hub) seed.Hub {
	return func(t *testing.T, hub seed.Hub) seed.Hub { return withEnv(t, hub, name, value) }
}

func binderRoleScopes(scopes ...string) map[string]any {
	list := make([]any, len(scopes))
	for i, s := range scopes {
		list[i] = s
	}
	return map[string]any{"jupyterhub": map[string]any{"hub": map[string]any{"loadRoles": map[string]any{
		"binder": map[string]any{"services": []any{"binder"}, "scopes": list}}}}}
}

func singleuser(v map[string]any) map[string]any {
	return map[string]any{"jupyterhub": map[string]any{"singleuser": v}}
}

func binderService(v map[string]any) map[string]any {
	return map[string]any{"jupyterhub": map[string]any{"hub": map[string]any{"services": map[string]any{"binder": v}}}}
}

func binderHub(v map[string]any) map[string]any {
	return map[string]any{"binderhub-service": map[string]any{"config": map[string]any{"BinderHub": v}}}
}

func deletePushSecret(t *testing.T, namespace string) {
	client, err := cluster.Clientset()
	if err != nil {
		t.Fatal(err)
	}
	err = client.CoreV1().Secrets(namespace).Delete(context.Background(), "build-pods-docker-config", metav1.DeleteOptions{})
	if err != nil {
		t.Fatalf("deleting the push secret: %v", err)
	}
}

func setPushConfig(configJSON string) func(*testing.T, string) {
	return func(t *testing.T, namespace string) {
		client, err := cluster.Clientset()
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		secret, err := client.CoreV1().Secrets(namespace).Get(ctx, "build-pods-docker-config", metav1.GetOptions{})
		if err != nil {
			t.Fatalf("reading the push secret: %v", err)
		}
		secret.Data = map[string][]byte{"config.json": []byte(configJSON)}
		if _, err := client.CoreV1().Secrets(namespace).Update(ctx, secret, metav1.UpdateOptions{}); err != nil {
			t.Fatalf("updating the push secret: %v", err)
		}
	}
}

func markLatest(status string) func(*testing.T, string) {
	return func(t *testing.T, namespace string) {
		if _, err := seed.MarkLatest(context.Background(), cluster.Kubeconfig, namespace, status); err != nil {
			t.Fatalf("marking release %s %s: %v", namespace, status, err)
		}
	}
}

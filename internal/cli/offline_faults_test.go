package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// TestOfflineFindsEachValuesFault injects, one at a time, each fault of the
// doctor issue that lives in values into a copy of a real hub's file, and
// expects the offline doctor to find it and SARIF to point at the line.
func TestOfflineFindsEachValuesFault(t *testing.T) {
	type hubFile struct{ cluster, hub, file string }
	unauthenticated := hubFile{"hhmi", "binder", "binder.values.yaml"}
	authenticated := hubFile{"opensci", "big-binder", "big-binder.values.yaml"}

	tests := []struct {
		name     string
		hub      hubFile
		old, new string
		check    string
		// at starts the line of the faulty file the SARIF result must point
		// at: the value, the list item, or the nearest key the file has.
		at string
	}{
		{name: "1 user role without binder access", hub: unauthenticated,
			old: "        - access:services!service=binder\n", new: "", check: "BHU210",
			at: "        scopes:\n        - self\n"},
		{name: "2 binder role without servers", hub: authenticated,
			old: "        - servers\n        - read:users", new: "        - read:servers\n        - read:users", check: "BHU212",
			at: "        scopes:\n        - read:servers"},
		{name: "2 binder role without read:users", hub: authenticated,
			old: "        - read:users   #", new: "        - list:users   #", check: "BHU212",
			at: "        scopes:\n        - servers\n        - list:users"},
		{name: "2 binder role without admin:users on a hub without login", hub: unauthenticated,
			old: "        - servers\n        - admin:users", new: "        - servers\n        - read:users", check: "BHU212",
			at: "        scopes:\n        - servers\n        - read:users"},
		{name: "3 binder authenticates, spawner does not", hub: authenticated,
			old: "      BinderSpawnerMixin:\n        auth_enabled: true", new: "      BinderSpawnerMixin:\n        auth_enabled: false", check: "BHU213",
			at: "        auth_enabled: false\n      JupyterHub:"},
		{name: "4 storage", hub: unauthenticated,
			old: "      type: none\n", new: "      type: dynamic\n", check: "BHU204", at: "      type: dynamic"},
		{name: "4 extra volume mounts", hub: unauthenticated,
			old: "      type: none\n      extraVolumeMounts:\n", new: "      type: none\n      extraVolumeMounts:\n        home:\n          name: home\n          mountPath: /home/jovyan\n",
			check: "BHU205", at: "      extraVolumeMounts:\n        home:"},
		{name: "4 init containers", hub: unauthenticated,
			old: "    initContainers: []", new: "    initContainers: [{name: chown-home, image: busybox}]", check: "BHU205",
			at: "    initContainers: [{"},
		{name: "5 binderhub UI off", hub: unauthenticated,
			old: "    binderhubUI:\n      enabled: true", new: "    binderhubUI:\n      enabled: false", check: "BHU201",
			at: "      enabled: false\n    2i2c:"},
		{name: "6 OAuth redirect URI wrong", hub: authenticated,
			old: "oauth_redirect_uri: https://big.binder.opensci.2i2c.cloud/oauth_callback", new: "oauth_redirect_uri: https://big.binder.opensci.2i2c.cloud/callback",
			check: "BHU209", at: "        oauth_redirect_uri:"},
		{name: "6 OAuth redirect URI missing", hub: authenticated,
			old: "    services:\n      binder:\n        oauth_redirect_uri: https://big.binder.opensci.2i2c.cloud/oauth_callback\n", new: "",
			check: "BHU209", at: "  hub:\n    config:"},
		{name: "6 callback env differs", hub: authenticated,
			old: "    value: https://big.binder.opensci.2i2c.cloud/oauth_callback", new: "    value: https://big.binder.opensci.2i2c.cloud/hub/oauth_callback",
			check: "BHU405", at: "  - name: JUPYTERHUB_OAUTH_CALLBACK_URL"},
		{name: "7 hub_url", hub: unauthenticated,
			old: "hub_url: https://hub.binder.hhmi.2i2c.cloud", new: "hub_url: https://binder.hhmi.2i2c.cloud", check: "BHU306",
			at: "      hub_url: https://binder"},
		{name: "7 badge_base_url", hub: unauthenticated,
			old: "badge_base_url: https://binder.hhmi.2i2c.cloud", new: "badge_base_url: https://hub.binder.hhmi.2i2c.cloud", check: "BHU307",
			at: "      badge_base_url:"},
		{name: "8 no JUPYTERHUB_API_URL", hub: unauthenticated,
			old: "  - name: JUPYTERHUB_API_URL\n    value: http://hub.binder.svc.cluster.local:8081/hub/api\n", new: "", check: "BHU403",
			at: "  extraEnv:"},
		{name: "8 no JUPYTERHUB_BASE_URL", hub: authenticated,
			old: "  - name: JUPYTERHUB_BASE_URL\n    value: https://hub.big.binder.opensci.2i2c.cloud/\n", new: "", check: "BHU404",
			at: "  extraEnv:"},
		{name: "9 API-only mode", hub: authenticated,
			old: "enable_api_only_mode: false", new: "enable_api_only_mode: true", check: "BHU305", at: "      enable_api_only_mode: true"},
		{name: "10 token from the wrong key", hub: unauthenticated,
			old: "key: hub.services.binder.apiToken", new: "key: hub.services.binderhub.apiToken", check: "BHU401",
			at: "  - name: JUPYTERHUB_API_TOKEN"},
		{name: "13 credentials for another registry", hub: unauthenticated,
			old: "      url: &url https://quay.io", new: "      url: &url https://ghcr.io", check: "BHU603",
			at: "    server: *url"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := copyRealHub(t, tt.hub.cluster, tt.hub.hub, tt.hub.file)
			if found := h.failing(t); !hasOnlyAdvice(found) {
				t.Fatalf("the real hub already fails: %v", ids(found))
			}

			h.inject(t, tt.old, tt.new)
			found := h.failing(t)
			if _, ok := found[tt.check]; !ok {
				t.Fatalf("offline doctor did not find %s; found %v", tt.check, ids(found))
			}

			line := lineOf(t, h.read(t), tt.at)
			if got, want := h.sarifLines(t)[tt.check], h.file+":"+strconv.Itoa(line); got != want {
				t.Errorf("SARIF puts %s at %s, want %s", tt.check, got, want)
			}
		})
	}
}

// TestOfflineQuayWithoutPullSecret is fault 12: a real hub that pushes to
// quay.io and sets no pull secret gets the warning, pointed at the
// jupyterhub section the pull secret belongs in. Its encrypted values file
// is taken out of cluster.yaml, as if it did not exist: while it is listed
// but cannot be read, it may hold the pull secret, and the check is not
// evaluated.
func TestOfflineQuayWithoutPullSecret(t *testing.T) {
	t.Run("no encrypted file", func(t *testing.T) {
		h := copyRealHub(t, "hhmi", "binder", "binder.values.yaml")
		h.editCluster(t, "  - enc-binder.secret.values.yaml\n", "")
		found := h.failing(t)
		if f, ok := found["BHU605"]; !ok || f.Severity != "warning" {
			t.Fatalf("want a BHU605 warning, got %+v", found)
		}
		line := lineOf(t, h.read(t), "jupyterhub:\n  ingress:")
		if got, want := h.sarifLines(t)["BHU605"], h.file+":"+strconv.Itoa(line); got != want {
			t.Errorf("SARIF puts BHU605 at %s, want %s", got, want)
		}
	})

	t.Run("encrypted file listed", func(t *testing.T) {
		h := copyRealHub(t, "hhmi", "binder", "binder.values.yaml")
		var got []drift.Finding
		for _, f := range h.findings(t) {
			if f.CheckID == "BHU605" {
				got = append(got, f)
			}
		}
		want := "values in enc-binder.secret.values.yaml could not be read; they may set jupyterhub.imagePullSecret"
		if len(got) != 1 || got[0].Status != drift.StatusNotEvaluated || got[0].Reason != want {
			t.Errorf("BHU605 findings = %+v, want one not evaluated: %s", got, want)
		}
	})
}

// TestOfflineFileAloneKeepsTheInClusterURL: a hub file judged alone (no
// --hub, -n or cluster folder) does not say its namespace, so its in-cluster
// hub API URL must be accepted as it is, and fix must not rewrite it with a
// namespace guessed from the file's name.
func TestOfflineFileAloneKeepsTheInClusterURL(t *testing.T) {
	h := copyRealHub(t, "hhmi", "binder", "binder.values.yaml")

	// Alone, the file lacks the registry password kept in the encrypted
	// file, so fix exits 1 for that error, which it cannot repair.
	code, diff, errOut := runCLI("fix", "--defaults", h.defaults, "--values-file", h.file, "--dry-run")
	if code == ExitToolError {
		t.Fatalf("fix --dry-run failed:\n%s", errOut)
	}
	if strings.Contains(diff, "JUPYTERHUB_API_URL") || strings.Contains(diff, "svc.cluster.local") {
		t.Errorf("fix rewrote the in-cluster API URL of a file judged alone:\n%s", diff)
	}

	code, out, errOut := runCLI("doctor", "--defaults", h.defaults, "--values", h.file, "-o", "json")
	if code == ExitToolError || strings.Contains(out, `"checkID": "BHU403"`) {
		t.Errorf("doctor on the file alone: exit %d, BHU403 reported: %v\n%s", code, strings.Contains(out, `"checkID": "BHU403"`), errOut)
	}
}

// TestDoctorFlagValuesComplete: -o and --fail-on complete their fixed
// choices instead of falling back to file names.
func TestDoctorFlagValuesComplete(t *testing.T) {
	for flag, want := range map[string][]string{
		"-o":        {"table", "json", "yaml", "sarif", "markdown"},
		"--fail-on": {"error", "warning", "info", "none"},
	} {
		_, out, _ := runCLI("__complete", "doctor", flag, "")
		for _, choice := range want {
			if !strings.Contains(out, choice+"\n") {
				t.Errorf("completing %s: %q missing from:\n%s", flag, choice, out)
			}
		}
		if !strings.Contains(out, ":4\n") {
			t.Errorf("completing %s does not turn off file completion:\n%s", flag, out)
		}
	}
}

package fix

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

func set(path string, value any) drift.Patch { return drift.Patch{Path: path, Value: value} }

func TestApplyPatches(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		patches []drift.Patch
		want    string
	}{{
		name: "a scalar keeps its line and its comment",
		in: `binderhub-service:
  config:
    BinderHub:
      enable_api_only_mode: true   # the UI needs false
      base_url: /
`,
		patches: []drift.Patch{set("binderhub-service.config.BinderHub.enable_api_only_mode", false)},
		want: `binderhub-service:
  config:
    BinderHub:
      enable_api_only_mode: false   # the UI needs false
      base_url: /
`,
	}, {
		name:    "a quoted string stays quoted",
		in:      "jupyterhub:\n  singleuser:\n    storage:\n      type: \"static\"\n",
		patches: []drift.Patch{set("jupyterhub.singleuser.storage.type", "none")},
		want:    "jupyterhub:\n  singleuser:\n    storage:\n      type: \"none\"\n",
	}, {
		name: "a missing key goes after its siblings and the comments that close their map",
		in: `binderhub-service:
  config:
    BinderHub:
      base_url: /
      # about_message: hi
  enabled: true
`,
		patches: []drift.Patch{set("binderhub-service.config.BinderHub.enable_api_only_mode", false)},
		want: `binderhub-service:
  config:
    BinderHub:
      base_url: /
      # about_message: hi
      enable_api_only_mode: false
  enabled: true
`,
	}, {
		name: "missing parent maps are created under the nearest existing one",
		in: `jupyterhub:
  custom:
    binderhubUI:
      enabled: true
binderhub-service:
  enabled: true
`,
		patches: []drift.Patch{set("jupyterhub.hub.redirectToServer", false)},
		want: `jupyterhub:
  custom:
    binderhubUI:
      enabled: true
  hub:
    redirectToServer: false
binderhub-service:
  enabled: true
`,
	}, {
		name:    "a missing top-level key is appended",
		in:      "jupyterhub:\n  hub: {}\n# end\n",
		patches: []drift.Patch{set("binderhub-service.enabled", true)},
		want:    "jupyterhub:\n  hub: {}\n# end\nbinderhub-service:\n  enabled: true\n",
	}, {
		name:    "a key under an empty map replaces the map",
		in:      "jupyterhub:\n  hub: {}  # nothing yet\n",
		patches: []drift.Patch{set("jupyterhub.hub.redirectToServer", false)},
		want:    "jupyterhub:\n  hub:  # nothing yet\n    redirectToServer: false\n",
	}, {
		name:    "a key under a null parent",
		in:      "jupyterhub:\n  hub:\n  custom: {}\n",
		patches: []drift.Patch{set("jupyterhub.hub.redirectToServer", false)},
		want:    "jupyterhub:\n  hub:\n    redirectToServer: false\n  custom: {}\n",
	}, {
		name: "a block map set to null",
		in: `jupyterhub:
  custom:
    singleuserAdmin:
      extraVolumeMounts:
        001-shared:
          name: home
          mountPath: /home/jovyan/shared
    homepage: {}
`,
		patches: []drift.Patch{set("jupyterhub.custom.singleuserAdmin.extraVolumeMounts", nil)},
		want: `jupyterhub:
  custom:
    singleuserAdmin:
      extraVolumeMounts: null
    homepage: {}
`,
	}, {
		name: "an item added to a list keeps the comments between items",
		in: `jupyterhub:
  hub:
    loadRoles:
      user:
        scopes:
        - self
          # Admin users will by default have access:services, so this is only
          # observed to be required for non-admin users.
binderhub-service:
  enabled: true
`,
		patches: []drift.Patch{set("jupyterhub.hub.loadRoles.user.scopes", []any{"self", "access:services!service=binder"})},
		want: `jupyterhub:
  hub:
    loadRoles:
      user:
        scopes:
        - self
          # Admin users will by default have access:services, so this is only
          # observed to be required for non-admin users.
        - access:services!service=binder
binderhub-service:
  enabled: true
`,
	}, {
		name:    "an item put first in an indented list",
		in:      "roles:\n  user:\n    scopes:\n      - access:services!service=binder\n",
		patches: []drift.Patch{set("roles.user.scopes", []any{"self", "access:services!service=binder"})},
		want:    "roles:\n  user:\n    scopes:\n      - self\n      - access:services!service=binder\n",
	}, {
		name: "one entry of a list of maps is edited in place",
		in: `binderhub-service:
  extraEnv:
  - name: JUPYTERHUB_CLIENT_ID
    value: service-binder
  - name: JUPYTERHUB_API_URL
    value: http://hub.other.svc.cluster.local:8081/hub/api
    # Without this, the redirect URL to /hub/api/... gets
    # appended to binderhub's URL instead of the hub's
  - name: JUPYTERHUB_BASE_URL
    value: https://hub.example.org/
`,
		patches: []drift.Patch{set("binderhub-service.extraEnv", []any{
			map[string]any{"name": "JUPYTERHUB_CLIENT_ID", "value": "service-binder"},
			map[string]any{"name": "JUPYTERHUB_API_URL", "value": "http://hub.binder.svc.cluster.local:8081/hub/api"},
			map[string]any{"name": "JUPYTERHUB_BASE_URL", "value": "https://hub.example.org/"},
			map[string]any{"name": "JUPYTERHUB_API_TOKEN", "valueFrom": map[string]any{
				"secretKeyRef": map[string]any{"name": "hub", "key": "hub.services.binder.apiToken"}}},
		})},
		want: `binderhub-service:
  extraEnv:
  - name: JUPYTERHUB_CLIENT_ID
    value: service-binder
  - name: JUPYTERHUB_API_URL
    value: http://hub.binder.svc.cluster.local:8081/hub/api
    # Without this, the redirect URL to /hub/api/... gets
    # appended to binderhub's URL instead of the hub's
  - name: JUPYTERHUB_BASE_URL
    value: https://hub.example.org/
  - name: JUPYTERHUB_API_TOKEN
    valueFrom:
      secretKeyRef:
        key: hub.services.binder.apiToken
        name: hub
`,
	}, {
		name:    "a flow list stays a flow list",
		in:      "binderhub-service:\n  ingress:\n    hosts: [binder.old.org]  # public\n",
		patches: []drift.Patch{set("binderhub-service.ingress.hosts", []any{"binder.example.org"})},
		want:    "binderhub-service:\n  ingress:\n    hosts: [binder.example.org]  # public\n",
	}, {
		name: "a new map under a block map, in the file's four-space indent",
		in:   "jupyterhub:\n    hub:\n        loadRoles:\n            user:\n                scopes: [self]\n",
		patches: []drift.Patch{set("jupyterhub.hub.loadRoles.binder",
			map[string]any{"services": []any{"binder"}, "scopes": []any{"servers", "read:users"}})},
		want: "jupyterhub:\n    hub:\n        loadRoles:\n            user:\n                scopes: [self]\n" +
			"            binder:\n                scopes:\n                    - servers\n                    - read:users\n" +
			"                services:\n                    - binder\n",
	}, {
		name:    "a key set through a merge gets its own entry",
		in:      "base: &base\n  auth_enabled: true\nBinderHub:\n  <<: *base\n  base_url: /\n",
		patches: []drift.Patch{set("BinderHub.auth_enabled", false)},
		want:    "base: &base\n  auth_enabled: true\nBinderHub:\n  <<: *base\n  base_url: /\n  auth_enabled: false\n",
	}, {
		name:    "a value equal to the patch is left alone",
		in:      "jupyterhub:\n  hub:\n    redirectToServer: no  # YAML 1.1 spelling\n",
		patches: []drift.Patch{set("jupyterhub.hub.redirectToServer", "no")},
		want:    "jupyterhub:\n  hub:\n    redirectToServer: no  # YAML 1.1 spelling\n",
	}, {
		name:    "a delete removes the entry",
		in:      "a:\n  b: 1\n  c:\n    d: 2\n  e: 3\n",
		patches: []drift.Patch{{Path: "a.c", Delete: true}},
		want:    "a:\n  b: 1\n  e: 3\n",
	}, {
		name:    "deleting the last key leaves an empty map, not null",
		in:      "a:\n  b:\n    c: 1\n  d: 2\n",
		patches: []drift.Patch{{Path: "a.b.c", Delete: true}},
		want:    "a:\n  b: {}\n  d: 2\n",
	}, {
		name:    "deleting a missing key changes nothing",
		in:      "a:\n  b: 1\n",
		patches: []drift.Patch{{Path: "a.x.y", Delete: true}},
		want:    "a:\n  b: 1\n",
	}, {
		name:    "a literal block is replaced whole, with lines that look like comments",
		in:      "a:\n  script: |\n    run\n    # not a comment\n  b: 1\n",
		patches: []drift.Patch{set("a.script", "other")},
		want:    "a:\n  script: other\n  b: 1\n",
	}, {
		name:    "CRLF line ends are kept",
		in:      "a:\r\n  b: 1\r\n",
		patches: []drift.Patch{set("a.b", 2), set("a.c", true)},
		want:    "a:\r\n  b: 2\r\n  c: true\r\n",
	}, {
		name:    "a file without a final newline",
		in:      "a:\n  b: 1",
		patches: []drift.Patch{set("a.c", "x")},
		want:    "a:\n  b: 1\n  c: x",
	}, {
		name:    "a file with only comments",
		in:      "# hub values\n",
		patches: []drift.Patch{set("jupyterhub.hub.redirectToServer", false)},
		want:    "# hub values\njupyterhub:\n  hub:\n    redirectToServer: false\n",
	}, {
		name:    "a string that looks like a boolean is quoted",
		in:      "a:\n  b: x\n",
		patches: []drift.Patch{set("a.b", "true")},
		want:    "a:\n  b: \"true\"\n",
	}, {
		name:    "an empty key gets a value",
		in:      "a:\n  b:   # set me\n  c: 1\n",
		patches: []drift.Patch{set("a.b", "none")},
		want:    "a:\n  b: none   # set me\n  c: 1\n",
	}, {
		name:    "a list at its key's column ends before a document marker",
		in:      "a:\n- x\n---\nb: 1\n",
		patches: []drift.Patch{set("a", []any{"z"})},
		want:    "a:\n- z\n---\nb: 1\n",
	}, {
		name:    "a list becomes empty",
		in:      "a:\n  list:\n  - x\n  - y\n  b: 1\n",
		patches: []drift.Patch{set("a.list", []any{})},
		want:    "a:\n  list: []\n  b: 1\n",
	}, {
		// The first key of a list item shares the item's "-" line, so it
		// cannot go alone: the item is rewritten whole.
		name: "an item whose first key goes is rewritten whole",
		in:   "env:\n- name: A\n  c: 1\n  value: x\n- name: B\n",
		patches: []drift.Patch{set("env", []any{
			map[string]any{"c": 2, "value": "x"},
			map[string]any{"name": "B"},
		})},
		want: "env:\n- c: 2\n  value: x\n- name: B\n",
	}, {
		name: "keys of a map are removed and set one by one",
		in: `hub:
  services:
    binder:
      # shown to no one
      display: false
      oauth_no_confirm: false
      url: http://old:8090
`,
		patches: []drift.Patch{set("hub.services.binder", map[string]any{
			"display": false, "oauth_no_confirm": true, "oauth_client_id": "service-binder"})},
		want: `hub:
  services:
    binder:
      # shown to no one
      display: false
      oauth_no_confirm: true
      oauth_client_id: service-binder
`,
	}}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ApplyPatches([]byte(tt.in), tt.patches)
			if err != nil {
				t.Fatalf("ApplyPatches: %v", err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("ApplyPatches mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyPatchesRefuses(t *testing.T) {
	const file = `binderhub-service:
  config:
    DockerRegistry:
      url: &url https://quay.io
  buildPodsRegistryCredentials:
    server: *url
shared: &shared
  a: 1
jupyterhub:
  custom: *shared
  hub:
    <<: *shared
  storage: "static"
`
	tests := []struct {
		name  string
		patch drift.Patch
		line  int
		want  string
	}{
		{"an alias value", set("binderhub-service.buildPodsRegistryCredentials.server", "https://ghcr.io"), 6, "alias *url"},
		{"an anchored value", set("binderhub-service.config.DockerRegistry.url", "https://ghcr.io"), 4, "anchor &url"},
		{"a path through an alias", set("jupyterhub.custom.b", 2), 10, "alias *shared"},
		{"a path through an anchored map", set("shared.b", 2), 7, "anchor &shared"},
		{"a path through a merged key", set("jupyterhub.hub.a.b", 2), 8, "merged in with <<"},
		{"a scalar parent", set("jupyterhub.storage.type", "none"), 13, "not a map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ApplyPatches([]byte(file), []drift.Patch{tt.patch})
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("ApplyPatches error = %v, want a *RefusedError", err)
			}
			if refused.Line != tt.line || !strings.Contains(refused.Error(), tt.want) {
				t.Errorf("refused at line %d with %q; want line %d mentioning %q", refused.Line, refused.Error(), tt.line, tt.want)
			}
		})
	}
}

func TestApplyToValuesFileAndWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hub.values.yaml")
	in := "# my hub\njupyterhub:\n  hub:\n    redirectToServer: true\n"
	if err := os.WriteFile(path, []byte(in), 0o640); err != nil {
		t.Fatal(err)
	}

	before, after, err := ApplyToValuesFile(path, []drift.Patch{set("jupyterhub.hub.redirectToServer", false)})
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != in {
		t.Errorf("before = %q, want the file", before)
	}
	wantDiff := `--- a/` + filepath.ToSlash(path) + `
+++ b/` + filepath.ToSlash(path) + `
@@ -1,4 +1,4 @@
 # my hub
 jupyterhub:
   hub:
-    redirectToServer: true
+    redirectToServer: false
`
	if diff := cmp.Diff(wantDiff, Diff(path, before, after)); diff != "" {
		t.Errorf("Diff mismatch (-want +got):\n%s", diff)
	}
	if Diff(path, before, before) != "" {
		t.Errorf("Diff of equal contents is not empty")
	}

	if err := WriteFile(path, after); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(after) {
		t.Errorf("written file = %q, want %q", got, after)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want 0640", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the values file", len(entries))
	}
}

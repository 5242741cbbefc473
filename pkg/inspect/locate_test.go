package inspect

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const locateBase = `# chart defaults
binderhub-service:
  config:
    BinderHub:
      base_url: /services/binder
      enable_api_only_mode: true
jupyterhub:
  singleuser:
    storage:
      type: static
`

const locateHub = `jupyterhub:
  hub:
    loadRoles:
      user:
        scopes: [self]
binderhub-service:
  config:
    BinderHub:
      # the UI needs this off
      enable_api_only_mode: false
  extraEnv:
    - name: JUPYTERHUB_API_URL
      value: "http://hub:8081/hub/api"
    - name: JUPYTERHUB_CLIENT_ID
      value: service-binder
`

func TestLocate(t *testing.T) {
	files := []ValuesFile{
		{Path: "defaults.yaml", Data: []byte(locateBase)},
		{Path: "hub.yaml", Data: []byte(locateHub)},
	}

	tests := []struct {
		name string
		path string
		want Position
		ok   bool
	}{{
		name: "the later file wins",
		path: "binderhub-service.config.BinderHub.enable_api_only_mode",
		want: Position{File: "hub.yaml", Line: 10, Column: 7, ValueLine: 10, ValueColumn: 29,
			Path: "binderhub-service.config.BinderHub.enable_api_only_mode", Exact: true},
		ok: true,
	}, {
		name: "only the earlier file sets it",
		path: "binderhub-service.config.BinderHub.base_url",
		want: Position{File: "defaults.yaml", Line: 5, Column: 7, ValueLine: 5, ValueColumn: 17,
			Path: "binderhub-service.config.BinderHub.base_url", Exact: true},
		ok: true,
	}, {
		name: "a missing key points at its deepest parent, later file on a tie",
		path: "binderhub-service.config.BinderHub.image_prefix",
		want: Position{File: "hub.yaml", Line: 8, Column: 5, ValueLine: 10, ValueColumn: 7,
			Path: "binderhub-service.config.BinderHub"},
		ok: true,
	}, {
		name: "the deeper parent wins over the later file",
		path: "jupyterhub.singleuser.storage.extraVolumeMounts",
		want: Position{File: "defaults.yaml", Line: 9, Column: 5, ValueLine: 10, ValueColumn: 7,
			Path: "jupyterhub.singleuser.storage"},
		ok: true,
	}, {
		name: "a block list value",
		path: "binderhub-service.extraEnv",
		want: Position{File: "hub.yaml", Line: 11, Column: 3, ValueLine: 12, ValueColumn: 5,
			Path: "binderhub-service.extraEnv", Exact: true},
		ok: true,
	}, {
		name: "a list item by name",
		path: "binderhub-service.extraEnv[JUPYTERHUB_CLIENT_ID]",
		want: Position{File: "hub.yaml", Line: 14, Column: 7, ValueLine: 14, ValueColumn: 7,
			Path: "binderhub-service.extraEnv[JUPYTERHUB_CLIENT_ID]", Exact: true},
		ok: true,
	}, {
		name: "a missing list item points at the list",
		path: "binderhub-service.extraEnv[JUPYTERHUB_BASE_URL]",
		want: Position{File: "hub.yaml", Line: 11, Column: 3, ValueLine: 12, ValueColumn: 5,
			Path: "binderhub-service.extraEnv"},
		ok: true,
	}, {
		name: "a flow list",
		path: "jupyterhub.hub.loadRoles.user.scopes",
		want: Position{File: "hub.yaml", Line: 5, Column: 9, ValueLine: 5, ValueColumn: 17,
			Path: "jupyterhub.hub.loadRoles.user.scopes", Exact: true},
		ok: true,
	}, {
		name: "no file has the first key",
		path: "dask-gateway.enabled",
	}}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Locate(files, tt.path)
			if ok != tt.ok {
				t.Fatalf("Locate(%q) ok = %v, want %v", tt.path, ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Locate(%q) mismatch (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

func TestLocateFollowsAliasesAndMerges(t *testing.T) {
	data := `common: &common
  hub_url: https://hub.example.org
  auth_enabled: true
binderhub-service:
  config:
    BinderHub:
      <<: *common
      auth_enabled: false
    Other: *common
`
	files := []ValuesFile{{Path: "hub.yaml", Data: []byte(data)}}

	tests := []struct {
		path       string
		line, col  int
		exact      bool
		wantedPath string
	}{
		{"binderhub-service.config.BinderHub.auth_enabled", 8, 7, true, ""},
		{"binderhub-service.config.BinderHub.hub_url", 2, 3, true, ""},
		{"binderhub-service.config.Other.hub_url", 2, 3, true, ""},
		{"binderhub-service.config.Other.missing", 9, 5, false, "binderhub-service.config.Other"},
	}
	for _, tt := range tests {
		got, ok := Locate(files, tt.path)
		if !ok || got.Line != tt.line || got.Column != tt.col || got.Exact != tt.exact {
			t.Errorf("Locate(%q) = %+v, %v; want line %d column %d exact %v", tt.path, got, ok, tt.line, tt.col, tt.exact)
		}
		if tt.wantedPath != "" && got.Path != tt.wantedPath {
			t.Errorf("Locate(%q).Path = %q, want %q", tt.path, got.Path, tt.wantedPath)
		}
	}
}

func TestLocateSkipsEmptyAndBrokenFiles(t *testing.T) {
	files := []ValuesFile{
		{Path: "hub.yaml", Data: []byte("jupyterhub:\n  hub:\n    redirectToServer: false\n")},
		{Path: "empty.yaml", Data: []byte("# nothing here\n")},
		{Path: "list.yaml", Data: []byte("- not a map\n")},
		{Path: "broken.yaml", Data: []byte("jupyterhub: [\n")},
	}
	got, ok := Locate(files, "jupyterhub.hub.redirectToServer")
	if !ok || got.File != "hub.yaml" || got.Line != 3 || !got.Exact {
		t.Errorf("Locate = %+v, %v; want hub.yaml line 3, exact", got, ok)
	}
}

func TestLocateCountsCharactersNotBytes(t *testing.T) {
	files := []ValuesFile{{Path: "hub.yaml", Data: []byte("café: {thé: 1, key: 2}\n")}}
	got, ok := Locate(files, "café.key")
	if !ok || got.Column != 16 {
		t.Errorf("Locate = %+v, %v; want column 16 (characters)", got, ok)
	}
}

func TestSplitValuesPath(t *testing.T) {
	got := SplitValuesPath("binderhub-service.extraEnv[a.b].value")
	want := []PathSegment{{Key: "binderhub-service"}, {Key: "extraEnv", Item: "a.b"}, {Key: "value"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SplitValuesPath mismatch (-want +got):\n%s", diff)
	}
	if got := SplitValuesPath(""); len(got) != 0 {
		t.Errorf("SplitValuesPath(\"\") = %v, want none", got)
	}
}

// TestLocatePrefersTheUsersFiles: a key the defaults set and the user's file
// lacks is reported at its nearest parent in the user's file, where a fix
// goes; defaults are used only when the user's files lack even the top key.
func TestLocatePrefersTheUsersFiles(t *testing.T) {
	defaults := ValuesFile{Path: "defaults.yaml", Defaults: true,
		Data: []byte("jupyterhub:\n  imagePullSecret:\n    create: false\nbinderhub-service:\n  enabled: false\n")}
	hub := ValuesFile{Path: "hub.yaml", Data: []byte("jupyterhub:\n  custom: {}\n")}

	tests := []struct {
		path  string
		file  string
		line  int
		exact bool
	}{
		{path: "jupyterhub.imagePullSecret.create", file: "hub.yaml", line: 1},
		{path: "binderhub-service.enabled", file: "defaults.yaml", line: 5, exact: true},
		{path: "dask-gateway.enabled"},
	}
	for _, tt := range tests {
		pos, ok := Locate([]ValuesFile{defaults, hub}, tt.path)
		if !ok {
			if tt.file != "" {
				t.Errorf("%s: not located", tt.path)
			}
			continue
		}
		if tt.file == "" || pos.File != tt.file || pos.Line != tt.line || pos.Exact != tt.exact {
			t.Errorf("%s: located at %s:%d (exact %v), want %s:%d (exact %v)", tt.path, pos.File, pos.Line, pos.Exact, tt.file, tt.line, tt.exact)
		}
	}
}

package drift

import (
	"testing"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// TestKeysOnlyDefaultsSet: offline without chart defaults, a key that only
// basehub's defaults set is not evaluated when absent, and judged when a
// user's file sets it, null included.
func TestKeysOnlyDefaultsSet(t *testing.T) {
	noDefaults := func(h *inspect.Hub) { h.HasDefaults = false }
	storageMounts := "jupyterhub.singleuser.storage.extraVolumeMounts"
	adminMounts := "jupyterhub.custom.singleuserAdmin.extraVolumeMounts"

	runFaults(t, []faultCase{
		{check: "BHU207", name: "absent without defaults", edit: edits(noDefaults, deleting(pathBinderService)),
			want: []view{notEvaluated(ObjectValues, pathBinderService)}},
		{check: "BHU207", name: "null without defaults", edit: edits(noDefaults, setting(pathBinderService, nil)),
			want: []view{fail(ObjectValues, pathBinderService, "a service entry", "missing", set(pathBinderService, map[string]any{
				"oauth_client_id": "service-binder", "url": "http://binderhub:8090", "display": false,
				"oauth_no_confirm": true, "oauth_redirect_uri": "https://binder.example.org/oauth_callback",
			}))}},
		{check: "BHU207", name: "absent with defaults", edit: deleting(pathBinderService),
			want: []view{fail(ObjectValues, pathBinderService, "a service entry", "missing", set(pathBinderService, map[string]any{
				"oauth_client_id": "service-binder", "url": "http://binderhub:8090", "display": false,
				"oauth_no_confirm": true, "oauth_redirect_uri": "https://binder.example.org/oauth_callback",
			}))}},
		{check: "BHU207", name: "set by the hub's file without defaults", edit: noDefaults},

		{check: "BHU208", name: "absent without defaults", edit: edits(noDefaults, deleting(pathNoConfirm)),
			want: []view{notEvaluated(ObjectValues, pathNoConfirm)}},
		{check: "BHU208", name: "false without defaults", edit: edits(noDefaults, setting(pathNoConfirm, false)),
			want: []view{fail(ObjectValues, pathNoConfirm, "true", "false", set(pathNoConfirm, true))}},

		{check: "BHU304", name: "absent without defaults", edit: edits(noDefaults, deleting(pathBaseURL)),
			want: []view{notEvaluated(ObjectValues, pathBaseURL)}},
		{check: "BHU305", name: "absent without defaults", edit: edits(noDefaults, deleting(pathAPIOnly)),
			want: []view{notEvaluated(ObjectValues, pathAPIOnly)}},
		{check: "BHU305", name: "absent with defaults is BinderHub's false", edit: deleting(pathAPIOnly)},

		{check: "BHU205", name: "absent without defaults",
			edit: edits(noDefaults, deleting(storageMounts), deleting(adminMounts), deleting("jupyterhub.singleuser.initContainers")),
			want: []view{notEvaluated(ObjectValues, storageMounts), notEvaluated(ObjectValues, adminMounts)}},
		{check: "BHU205", name: "nulls without defaults", edit: edits(noDefaults, setting(storageMounts, nil), setting(adminMounts, nil))},
	})
}

// TestDefaultsFilesThatLeaveAKeyOut: a --defaults file may summarise the
// chart's defaults; a key it leaves out is not judged as absent.
func TestDefaultsFilesThatLeaveAKeyOut(t *testing.T) {
	summary := func(data string) func(*inspect.Hub) {
		return func(h *inspect.Hub) {
			h.ValuesFiles = []inspect.ValuesFile{
				{Path: "/defaults/basehub-defaults.values.yaml", Data: []byte(data), Defaults: true},
				{Path: "/hub/binder.values.yaml", Data: []byte("jupyterhub: {}\n")},
			}
		}
	}
	declares := summary("jupyterhub:\n  hub:\n    services:\n      binder:\n        url: http://binderhub:8090\n")

	tests := []struct {
		name string
		edit func(*inspect.Hub)
		want string
	}{
		{"no defaults", func(h *inspect.Hub) { h.HasDefaults = false }, reasonNoDefaults},
		{"chart defaults", nil, ""},
		{"a defaults file that sets the key", declares, ""},
		{"a defaults file that leaves it out", summary("binderhub-service: {}\n"),
			"the defaults given (basehub-defaults.values.yaml) do not set " + pathBinderService + ": pass --chart"},
		{"live values are the chart's own", edits(summary("{}\n"), func(h *inspect.Hub) { h.Release = &inspect.Release{Name: "demo"} }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hub := healthyHub(t, false)
			deleteValue(hub, pathBinderService)
			if tt.edit != nil {
				tt.edit(hub)
			}
			if got := NewContext(hub).defaultsMissing(pathBinderService); got != tt.want {
				t.Errorf("defaultsMissing = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHasKey(t *testing.T) {
	values := map[string]any{"a": map[string]any{"b": nil, "c": map[string]any{"d": 1}}, "e": "x"}
	tests := []struct {
		path string
		want bool
	}{
		{"a", true},
		{"a.b", true}, // null is present: a user's removal of a default
		{"a.c.d", true},
		{"a.x", false},
		{"e.f", false},
		{"a.b.c", false},
	}
	for _, tt := range tests {
		if got := hasKey(values, tt.path); got != tt.want {
			t.Errorf("hasKey(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

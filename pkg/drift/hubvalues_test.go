package drift

import (
	"testing"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// edits combines edits of a healthy hub.
func edits(fns ...func(*inspect.Hub)) func(*inspect.Hub) {
	return func(h *inspect.Hub) {
		for _, fn := range fns {
			fn(h)
		}
	}
}

func setting(path string, value any) func(*inspect.Hub) {
	return func(h *inspect.Hub) { setValue(h, path, value) }
}

func deleting(path string) func(*inspect.Hub) {
	return func(h *inspect.Hub) { deleteValue(h, path) }
}

func TestHubValueChecks(t *testing.T) {
	mounts := map[string]any{
		"002-shared": map[string]any{"name": "home", "mountPath": "/home/jovyan/shared"},
		"001-shm":    map[string]any{"name": "dev-shm", "mountPath": "/dev/shm"},
	}
	runFaults(t, []faultCase{
		{check: "BHU201", name: "ui off", edit: setting(pathBinderhubUI, false),
			want: []view{fail(ObjectValues, pathBinderhubUI, "true", "false", set(pathBinderhubUI, true))}},
		{check: "BHU201", name: "unset", edit: deleting(pathBinderhubUI),
			want: []view{fail(ObjectValues, pathBinderhubUI, "true", "unset (default false)", set(pathBinderhubUI, true))}},
		{check: "BHU201", name: "api-only binder needs no ui",
			edit: edits(setting(pathBinderhubUI, false), setting(pathAPIOnly, true))},
		{check: "BHU201", name: "binder disabled",
			edit: edits(setting(pathBinderhubUI, false), setting("binderhub-service.enabled", false))},

		{check: "BHU202", name: "configurator on", edit: setting(pathConfigurator, true),
			want: []view{fail(ObjectValues, pathConfigurator, "false", "true", set(pathConfigurator, false))}},
		{check: "BHU202", name: "key absent", edit: deleting(pathConfigurator)},

		{check: "BHU203", name: "default branch", edit: setting(pathHomepageBranch, "master"),
			want: []view{fail(ObjectValues, pathHomepageBranch, `"no-homepage-subsections"`, `"master"`)}},
		{check: "BHU203", name: "unset", edit: deleting(pathHomepageBranch),
			want: []view{fail(ObjectValues, pathHomepageBranch, `"no-homepage-subsections"`, "unset")}},

		{check: "BHU204", name: "static storage", edit: setting(pathStorageType, "static"),
			want: []view{fail(ObjectValues, pathStorageType, `"none"`, `"static"`, set(pathStorageType, "none"))}},
		{check: "BHU204", name: "unset means dynamic", edit: deleting(pathStorageType),
			want: []view{fail(ObjectValues, pathStorageType, `"none"`, `unset (default "dynamic")`, set(pathStorageType, "none"))}},

		{check: "BHU205", name: "default mounts kept",
			edit: edits(
				setting("jupyterhub.singleuser.storage.extraVolumeMounts", mounts),
				setting("jupyterhub.custom.singleuserAdmin.extraVolumeMounts", map[string]any{"001-rw": map[string]any{"name": "home"}}),
			),
			want: []view{
				fail(ObjectValues, "jupyterhub.singleuser.storage.extraVolumeMounts", "null or empty",
					"2 entries: 001-shm, 002-shared", set("jupyterhub.singleuser.storage.extraVolumeMounts", nil)),
				fail(ObjectValues, "jupyterhub.custom.singleuserAdmin.extraVolumeMounts", "null or empty",
					"1 entries: 001-rw", set("jupyterhub.custom.singleuserAdmin.extraVolumeMounts", nil)),
			}},
		{check: "BHU205", name: "init containers and list mounts",
			edit: edits(
				setting("jupyterhub.singleuser.initContainers", []any{map[string]any{"name": "volume-mount-ownership-fix"}}),
				setting("jupyterhub.singleuser.extraVolumeMounts", []any{map[string]any{"mountPath": "/data"}}),
			),
			want: []view{
				fail(ObjectValues, "jupyterhub.singleuser.extraVolumeMounts", "null or empty",
					"1 entries: #0", set("jupyterhub.singleuser.extraVolumeMounts", nil)),
				fail(ObjectValues, "jupyterhub.singleuser.initContainers", "null or empty",
					"1 entries: volume-mount-ownership-fix", set("jupyterhub.singleuser.initContainers", nil)),
			}},
		{check: "BHU205", name: "nulls pass",
			edit: edits(setting("jupyterhub.singleuser.storage.extraVolumeMounts", nil),
				setting("jupyterhub.custom.singleuserAdmin.extraVolumeMounts", nil))},

		{check: "BHU206", name: "unset means true", edit: deleting(pathRedirect),
			want: []view{fail(ObjectValues, pathRedirect, "false", "unset (default true)", set(pathRedirect, false))}},
		{check: "BHU206", name: "true", edit: setting(pathRedirect, true),
			want: []view{fail(ObjectValues, pathRedirect, "false", "true", set(pathRedirect, false))}},

		{check: "BHU207", name: "service removed", edit: setting(pathBinderService, nil),
			want: []view{fail(ObjectValues, pathBinderService, "a service entry", "missing", set(pathBinderService, map[string]any{
				"oauth_client_id": "service-binder", "url": "http://binderhub:8090", "display": false,
				"oauth_no_confirm": true, "oauth_redirect_uri": "https://binder.example.org/oauth_callback",
			}))}},
		{check: "BHU207", name: "unauthenticated service has no callback",
			edit: edits(setting(pathBinderService, nil), setting(pathBinderAuth, false)),
			want: []view{fail(ObjectValues, pathBinderService, "a service entry", "missing", set(pathBinderService, map[string]any{
				"oauth_client_id": "service-binder", "url": "http://binderhub:8090", "display": false, "oauth_no_confirm": true,
			}))}},

		{check: "BHU208", name: "confirmation shown", edit: setting(pathNoConfirm, false),
			want: []view{fail(ObjectValues, pathNoConfirm, "true", "false", set(pathNoConfirm, true))}},
		{check: "BHU208", name: "unset", edit: deleting(pathNoConfirm),
			want: []view{fail(ObjectValues, pathNoConfirm, "true", "unset (default false)", set(pathNoConfirm, true))}},
		{check: "BHU208", name: "no service is BHU207's finding", edit: setting(pathBinderService, nil)},

		{check: "BHU209", name: "wrong host", edit: setting(pathRedirectURI, "https://hub.example.org/oauth_callback"),
			want: []view{fail(ObjectValues, pathRedirectURI, `"https://binder.example.org/oauth_callback"`,
				`"https://hub.example.org/oauth_callback"`, set(pathRedirectURI, "https://binder.example.org/oauth_callback"))}},
		{check: "BHU209", name: "unset", edit: deleting(pathRedirectURI),
			want: []view{fail(ObjectValues, pathRedirectURI, `"https://binder.example.org/oauth_callback"`,
				"unset", set(pathRedirectURI, "https://binder.example.org/oauth_callback"))}},
		{check: "BHU209", name: "trailing slash tolerated", edit: setting(pathRedirectURI, "https://binder.example.org/oauth_callback/")},
		{check: "BHU209", name: "unauthenticated needs none",
			edit: edits(deleting(pathRedirectURI), setting(pathBinderAuth, false))},
		{check: "BHU209", name: "binder host unknown and unset",
			edit: edits(deleting(pathRedirectURI), deleting(pathBinderIngress+".hosts")),
			want: []view{fail(ObjectValues, pathRedirectURI, "https://<binder host>/oauth_callback", "unset")}},
		{check: "BHU209", name: "binder host unknown", edit: deleting(pathBinderIngress + ".hosts"),
			want: []view{notEvaluated(ObjectValues, pathRedirectURI)}},
	})
}

func TestRoleChecks(t *testing.T) {
	binderScopes := pathBinderRole + ".scopes"
	runFaults(t, []faultCase{
		{check: "BHU210", name: "only self", edit: setting(pathUserScopes, []any{"self"}),
			want: []view{fail(ObjectValues, pathUserScopes, "scopes granting access:services!service=binder", `["self"]`,
				set(pathUserScopes, []any{"self", "access:services!service=binder"}))}},
		{check: "BHU210", name: "another service only",
			edit: setting(pathUserScopes, []any{"self", "access:services!service=usage-quota"}),
			want: []view{fail(ObjectValues, pathUserScopes, "scopes granting access:services!service=binder",
				`["self", "access:services!service=usage-quota"]`,
				set(pathUserScopes, []any{"self", "access:services!service=usage-quota", "access:services!service=binder"}))}},
		{check: "BHU210", name: "no user role means the default",
			edit: deleting(pathUserRole),
			want: []view{fail(ObjectValues, pathUserRole, "a user role granting access:services!service=binder",
				"unset: JupyterHub's default user role grants only self",
				set(pathUserScopes, []any{"self", "access:services!service=binder"}))}},
		{check: "BHU210", name: "unfiltered access covers binder", edit: setting(pathUserScopes, []any{"self", "access:services"})},

		{check: "BHU211", name: "self dropped", edit: setting(pathUserScopes, []any{"access:services!service=binder"}),
			want: []view{fail(ObjectValues, pathUserScopes, "scopes including self", `["access:services!service=binder"]`,
				set(pathUserScopes, []any{"self", "access:services!service=binder"}))}},
		{check: "BHU211", name: "fix also grants binder", edit: setting(pathUserScopes, []any{"read:users!user"}),
			want: []view{fail(ObjectValues, pathUserScopes, "scopes including self", `["read:users!user"]`,
				set(pathUserScopes, []any{"self", "read:users!user", "access:services!service=binder"}))}},
		{check: "BHU211", name: "no user role keeps the default", edit: deleting(pathUserRole)},

		{check: "BHU212", name: "cannot read users", edit: setting(binderScopes, []any{"servers"}),
			want: []view{fail(ObjectValues, binderScopes, "including read:users", `["servers"]`,
				set(binderScopes, []any{"servers", "read:users"}))}},
		{check: "BHU212", name: "unauthenticated needs admin:users", edit: setting(pathBinderAuth, false),
			want: []view{fail(ObjectValues, binderScopes, "including admin:users", `["servers", "read:users"]`,
				set(binderScopes, []any{"servers", "read:users", "admin:users"}))}},
		{check: "BHU212", name: "nothing granted", edit: setting(binderScopes, []any{}),
			want: []view{fail(ObjectValues, binderScopes, "including servers, read:users", `[]`,
				set(binderScopes, []any{"servers", "read:users"}))}},
		{check: "BHU212", name: "not assigned to binder", edit: setting(pathBinderRole+".services", []any{"hub-health"}),
			want: []view{fail(ObjectValues, pathBinderRole+".services", "including binder", `["hub-health"]`,
				set(pathBinderRole+".services", []any{"hub-health", "binder"}))}},
		{check: "BHU212", name: "no role", edit: deleting(pathBinderRole),
			want: []view{fail(ObjectValues, pathBinderRole, "a role for service binder", "unset",
				set(pathBinderRole, map[string]any{"services": []any{"binder"}, "scopes": []any{"servers", "read:users"}}))}},
		{check: "BHU212", name: "admin:users covers read:users", edit: setting(binderScopes, []any{"servers", "admin:users"})},
		{check: "BHU212", name: "broader scopes cover", edit: setting(binderScopes, []any{"admin:servers", "users"})},
		{check: "BHU212", name: "filtered servers do not cover", edit: setting(binderScopes, []any{"servers!group=staff", "read:users"}),
			want: []view{fail(ObjectValues, binderScopes, "including servers", `["servers!group=staff", "read:users"]`,
				set(binderScopes, []any{"servers!group=staff", "read:users", "servers"}))}},

		{check: "BHU213", name: "spawner unauthenticated", edit: setting(pathSpawnerAuth, false),
			want: []view{fail(ObjectValues, pathSpawnerAuth, "true, as "+pathBinderAuth, "false", set(pathSpawnerAuth, true))}},
		{check: "BHU213", name: "spawner unset", edit: deleting(pathSpawnerAuth),
			want: []view{fail(ObjectValues, pathSpawnerAuth, "true, as "+pathBinderAuth, "unset (default false)", set(pathSpawnerAuth, true))}},
		{check: "BHU213", name: "binder unauthenticated", edit: setting(pathBinderAuth, false),
			want: []view{fail(ObjectValues, pathSpawnerAuth, "false, as "+pathBinderAuth, "true", set(pathSpawnerAuth, false))}},
		{check: "BHU213", name: "both off is the unauthenticated variant",
			edit: edits(setting(pathBinderAuth, false), setting(pathSpawnerAuth, false))},
		{check: "BHU213", name: "both unset", edit: edits(deleting(pathBinderAuth), deleting(pathSpawnerAuth))},
	})
}

package drift

import (
	"testing"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func TestBinderChecks(t *testing.T) {
	hostsPath := pathBinderIngress + ".hosts"
	tlsPath := pathBinderIngress + ".tls"
	runFaults(t, []faultCase{
		{check: "BHU301", name: "disabled", edit: setting("binderhub-service.enabled", false),
			want: []view{fail(ObjectValues, "binderhub-service.enabled", "true", "false", set("binderhub-service.enabled", true))}},

		{check: "BHU302", name: "ingress off", edit: setting(pathBinderIngress+".enabled", false),
			want: []view{fail(ObjectValues, pathBinderIngress+".enabled", "true", "false", set(pathBinderIngress+".enabled", true))}},
		{check: "BHU302", name: "no hosts, known from badge url", edit: deleting(hostsPath),
			want: []view{fail(ObjectValues, hostsPath, "[binder.example.org]", "unset", set(hostsPath, []any{"binder.example.org"}))}},
		{check: "BHU302", name: "no hosts, unknown", edit: edits(deleting(hostsPath), deleting(pathBadgeURL)),
			want: []view{fail(ObjectValues, hostsPath, "[<binder host>]", "unset")}},

		{check: "BHU303", name: "no tls", edit: deleting(tlsPath),
			want: []view{fail(ObjectValues, tlsPath, "an entry for binder.example.org", "no TLS entries",
				set(tlsPath, []any{map[string]any{"hosts": []any{"binder.example.org"}, "secretName": "binder-https-auto-tls"}}))}},
		{check: "BHU303", name: "tls for another host",
			edit: setting(tlsPath, []any{map[string]any{"hosts": []any{"old.example.org"}, "secretName": "old-tls"}}),
			want: []view{fail(ObjectValues, tlsPath, "an entry for binder.example.org", `TLS entries for ["old.example.org"]`,
				set(tlsPath, []any{
					map[string]any{"hosts": []any{"old.example.org"}, "secretName": "old-tls"},
					map[string]any{"hosts": []any{"binder.example.org"}, "secretName": "binder-https-auto-tls"},
				}))}},
		{check: "BHU303", name: "host case differs", edit: setting(hostsPath, []any{"Binder.Example.org"})},

		{check: "BHU304", name: "chart default", edit: setting(pathBaseURL, "/services/binder"),
			want: []view{fail(ObjectValues, pathBaseURL, `"/"`, `"/services/binder"`, set(pathBaseURL, "/"))}},
		{check: "BHU304", name: "unset is BinderHub's /", edit: deleting(pathBaseURL)},

		{check: "BHU305", name: "api only", edit: setting(pathAPIOnly, true),
			want: []view{fail(ObjectValues, pathAPIOnly, "false", "true", set(pathAPIOnly, false))}},

		{check: "BHU306", name: "another hub", edit: setting(pathHubURL, "https://hub.other.org"),
			want: []view{fail(ObjectValues, pathHubURL, `"https://hub.example.org"`, `"https://hub.other.org"`, set(pathHubURL, "https://hub.example.org"))}},
		{check: "BHU306", name: "unset", edit: deleting(pathHubURL),
			want: []view{fail(ObjectValues, pathHubURL, `"https://hub.example.org"`, "unset", set(pathHubURL, "https://hub.example.org"))}},
		{check: "BHU306", name: "trailing slash", edit: setting(pathHubURL, "https://hub.example.org/")},
		{check: "BHU306", name: "hub host unknown", edit: deleting("jupyterhub.ingress.hosts"),
			want: []view{notEvaluated(ObjectValues, pathHubURL)}},
		{check: "BHU306", name: "hub host from the live ingress", live: true, edit: deleting("jupyterhub.ingress.hosts")},
		{check: "BHU306", name: "live ingress host differs", live: true,
			edit: edits(deleting("jupyterhub.ingress.hosts"), func(h *inspect.Hub) {
				h.Objects.Ingresses["jupyterhub"] = ingress("jupyterhub", "new.example.org", "https-auto-tls")
			}),
			want: []view{fail(ObjectValues, pathHubURL, `"https://new.example.org"`, `"https://hub.example.org"`, set(pathHubURL, "https://new.example.org"))}},

		{check: "BHU307", name: "hub url used", edit: setting(pathBadgeURL, "https://hub.example.org"),
			want: []view{fail(ObjectValues, pathBadgeURL, `"https://binder.example.org"`, `"https://hub.example.org"`, set(pathBadgeURL, "https://binder.example.org"))}},
		{check: "BHU307", name: "binder host unknown", edit: deleting(hostsPath),
			want: []view{notEvaluated(ObjectValues, pathBadgeURL)}},

		{check: "BHU308", name: "unset", edit: deleting(pathImagePrefix),
			want: []view{fail(ObjectValues, pathImagePrefix, "a registry repository prefix", "unset")}},
	})
}

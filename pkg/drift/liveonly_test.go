package drift

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// TestLiveChecksNeverPassOffline runs the whole catalogue on offline hubs
// whose values switch off the preconditions of the live checks (no binder
// service URL, no pull secret created, no image prefix, …): no check marked
// Live may be listed as passed, whatever its own Run returns.
func TestLiveChecksNeverPassOffline(t *testing.T) {
	variants := map[string]func(*inspect.Hub){
		"healthy":                  func(*inspect.Hub) {},
		"no binder service":        deleting(pathBinderService),
		"pull secret not created":  deleting(pathPullSecret),
		"no image prefix":          deleting(pathImagePrefix),
		"unauthenticated":          setting(pathBinderAuth, false),
		"binder disabled":          setting("binderhub-service.enabled", false),
		"no ingress values":        edits(deleting(pathJupyterHub+".ingress"), deleting(pathBinderIngress)),
		"token not from a Secret":  settingEnv(envAPIToken, envValue(envAPIToken, "literal")),
		"encrypted files unread":   func(h *inspect.Hub) { h.MissingValues = []string{"enc-demo.secret.values.yaml"} },
		"without chart defaults":   func(h *inspect.Hub) { h.HasDefaults = false },
		"service url to elsewhere": setting(pathBinderService+".url", "https://binder.example.org"),
	}
	for name, edit := range variants {
		t.Run(name, func(t *testing.T) {
			hub := healthyHub(t, false)
			edit(hub)
			report := Evaluate(hub, Catalogue())
			for _, check := range Catalogue() {
				if check.Live && slices.Contains(report.Passed, check.ID) {
					t.Errorf("live-only %s passed offline", check.ID)
				}
			}
		})
	}
}

// TestEvaluateLiveCheckOffline pins how Evaluate reports a Live check whose
// Run found nothing to say on a hub without live objects, and that the
// same check passes on a live hub.
func TestEvaluateLiveCheckOffline(t *testing.T) {
	quiet := Check{ID: "BHU599", Name: "quiet", Title: "t", Severity: SeverityWarning, Family: familyLive, Live: true,
		Run: func(*Context) []Result { return nil }}

	hub := healthyHub(t, false)
	offline := Evaluate(hub, []Check{quiet})
	want := []Finding{{CheckID: "BHU599", Check: "quiet", Title: "t", Severity: SeverityWarning, Status: StatusNotEvaluated,
		Hub: "demo", Namespace: hub.Namespace, Object: ObjectCluster, Reason: "offline: no cluster was read"}}
	if diff := cmp.Diff(want, offline.Findings); diff != "" {
		t.Errorf("offline findings (-want +got):\n%s", diff)
	}
	if len(offline.Passed) != 0 {
		t.Errorf("offline passed = %v, want none", offline.Passed)
	}

	live := Evaluate(healthyHub(t, true), []Check{quiet})
	if diff := cmp.Diff([]string{"BHU599"}, live.Passed); diff != "" || len(live.Findings) != 0 {
		t.Errorf("live: passed %v, findings %v; want BHU599 passed", live.Passed, live.Findings)
	}
}

package e2e

import (
	"strings"
	"testing"
)

// realHubs are the eight production hubs under shared/real-configs, with the
// name each is seeded under (release = namespace = that name).
var realHubs = []struct{ cluster, hub, name string }{
	{"earthscope", "binder", "binder"},
	{"hhmi", "binder", "hhmi-binder"},
	{"nasa-ghg-hub", "binder", "ghg-binder"},
	{"nasa-veda", "binder", "veda-binder"},
	{"opensci", "small-binder", "small-binder"},
	{"opensci", "big-binder", "big-binder"},
	{"projectpythia", "pythia-binder", "pythia-binder"},
	{"projectpythia-binder", "binderhub", "binderhub"},
}

// liveChecks must run and pass on every healthy hub: they compare values with
// the live objects Helm created, so a pass proves those objects were read.
var liveChecks = []string{"BHU101", "BHU102", "BHU103", "BHU406", "BHU501", "BHU502", "BHU504", "BHU505", "BHU604", "BHU607", "BHU608"}

// TestRealHubsAreHealthy installs each real hub's values as a Helm release
// and expects doctor to find no error on any of them.
func TestRealHubsAreHealthy(t *testing.T) {
	for _, real := range realHubs {
		t.Run(real.cluster+"/"+real.hub, func(t *testing.T) {
			t.Parallel()
			install(t, realHub(t, real.cluster, real.hub, real.name))

			doc, res := doctorJSON(t, "-n", real.name)
			hub := onlyHub(t, doc)

			if errs := errorFindings(hub); len(errs) > 0 {
				t.Errorf("healthy hub %s has error findings:\n%s", real.name, strings.Join(errs, "\n"))
			}
			if res.exitCode != 0 {
				t.Errorf("exit code = %d, want 0 with no error findings", res.exitCode)
			}
			for _, id := range liveChecks {
				if !contains(hub.Passed, id) {
					t.Errorf("check %s did not pass on healthy hub %s; findings: %+v", id, real.name, hub.Findings)
				}
			}
			if hub.Release == nil || hub.Release.Status != "deployed" || hub.Release.Chart != "basehub-0.1.0" {
				t.Errorf("release = %+v, want deployed basehub-0.1.0", hub.Release)
			}
		})
	}
}

package drift

import (
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCatalogueIsWellFormed(t *testing.T) {
	idPattern := regexp.MustCompile(`^BHU[1-6][0-9]{2}$`)
	namePattern := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	familyOf := map[byte]string{'1': familyRelease, '2': familyHub, '3': familyBinder, '4': familyEnv, '5': familyLive, '6': familyRegistry}

	checks := Catalogue()
	names := map[string]bool{}
	for i, c := range checks {
		if !idPattern.MatchString(c.ID) {
			t.Errorf("%s: ID does not match %s", c.ID, idPattern)
		}
		if i > 0 && checks[i-1].ID >= c.ID {
			t.Errorf("%s listed after %s: the catalogue must be in ID order", c.ID, checks[i-1].ID)
		}
		if !namePattern.MatchString(c.Name) || names[c.Name] {
			t.Errorf("%s: name %q is not a unique slug", c.ID, c.Name)
		}
		names[c.Name] = true
		if c.Title == "" || c.Doc == "" || c.Run == nil || c.Severity.Rank() == 0 {
			t.Errorf("%s: title, doc, run and severity are required", c.ID)
		}
		if want := familyOf[c.ID[3]]; c.Family != want {
			t.Errorf("%s: family %q, want %q for its ID range", c.ID, c.Family, want)
		}
	}
}

func TestLookup(t *testing.T) {
	byID, ok := Lookup("BHU206")
	if !ok || byID.Name != "redirect-to-server-off" {
		t.Errorf("Lookup(BHU206) = %s, %v", byID.Name, ok)
	}
	byName, ok := Lookup("redirect-to-server-off")
	if !ok || byName.ID != "BHU206" {
		t.Errorf("Lookup(redirect-to-server-off) = %s, %v", byName.ID, ok)
	}
	if _, ok := Lookup("BHU999"); ok {
		t.Error("Lookup(BHU999) found a check")
	}
}

func allIDs() []string {
	var ids []string
	for _, c := range Catalogue() {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestHealthyLiveHubPasses(t *testing.T) {
	report := Evaluate(healthyHub(t, true), Catalogue())
	for _, f := range report.Findings {
		t.Errorf("unexpected finding on a healthy hub: %s: found %s, expected %s, reason %s",
			findingLine(f), f.Found, f.Expected, f.Reason)
	}
	if diff := cmp.Diff(allIDs(), report.Passed); diff != "" {
		t.Errorf("passed (-want +got):\n%s", diff)
	}
}

// liveOnly are the checks that need a cluster: live objects or the release
// record.
var liveOnly = []string{"BHU101", "BHU102", "BHU103", "BHU406", "BHU501", "BHU502", "BHU503", "BHU504", "BHU505", "BHU604", "BHU607"}

func TestLiveFlags(t *testing.T) {
	var live []string
	for _, c := range Catalogue() {
		if c.Live {
			live = append(live, c.ID)
		}
	}
	if diff := cmp.Diff(liveOnly, live); diff != "" {
		t.Errorf("checks marked Live (-want +got):\n%s", diff)
	}
}

func TestHealthyOfflineHubPasses(t *testing.T) {
	report := Evaluate(healthyHub(t, false), Catalogue())

	var notEvaluated []string
	for _, f := range report.Findings {
		if f.Status != StatusNotEvaluated {
			t.Errorf("unexpected failure on a healthy hub: %s: found %s", findingLine(f), f.Found)
			continue
		}
		notEvaluated = append(notEvaluated, f.CheckID)
	}
	if diff := cmp.Diff(liveOnly, notEvaluated, sortStrings); diff != "" {
		t.Errorf("not-evaluated checks (-want +got):\n%s", diff)
	}
	passed := slices.DeleteFunc(allIDs(), func(id string) bool { return slices.Contains(liveOnly, id) })
	if diff := cmp.Diff(passed, report.Passed); diff != "" {
		t.Errorf("passed (-want +got):\n%s", diff)
	}
}

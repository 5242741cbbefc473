package fix

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

func finding(id string, status drift.Status, patches ...drift.Patch) drift.Finding {
	return drift.Finding{CheckID: id, Status: status, Severity: drift.SeverityError,
		Fixable: len(patches) > 0, Patches: patches}
}

func TestNewPlan(t *testing.T) {
	scopes := []any{"self", "access:services!service=binder"}
	role := map[string]any{"services": []any{"binder"}, "scopes": []any{"servers", "read:users"}}
	findings := []drift.Finding{
		finding("BHU210", drift.StatusFail, set("jupyterhub.hub.loadRoles.user.scopes", scopes)),
		// BHU211 proposes the same list: it is kept once.
		finding("BHU211", drift.StatusFail, set("jupyterhub.hub.loadRoles.user.scopes", []any{"self", "access:services!service=binder"})),
		finding("BHU212", drift.StatusFail, set("jupyterhub.hub.loadRoles.binder", role)),
		// Inside the role above and agreeing with it: dropped.
		finding("BHU212", drift.StatusFail, set("jupyterhub.hub.loadRoles.binder.scopes", []string{"servers", "read:users"})),
		finding("BHU301", drift.StatusFail),
		finding("BHU503", drift.StatusNotEvaluated),
	}

	plan, err := NewPlan(findings)
	if err != nil {
		t.Fatal(err)
	}
	want := []drift.Patch{
		set("jupyterhub.hub.loadRoles.binder", role),
		set("jupyterhub.hub.loadRoles.user.scopes", scopes),
	}
	if diff := cmp.Diff(want, plan.Patches); diff != "" {
		t.Errorf("Patches mismatch (-want +got):\n%s", diff)
	}
	if len(plan.Fixes) != 4 || len(plan.Unfixable) != 1 || plan.Unfixable[0].CheckID != "BHU301" {
		t.Errorf("Fixes = %d, Unfixable = %v; want 4 fixes and BHU301 unfixable", len(plan.Fixes), plan.Unfixable)
	}
	if plan.Empty() {
		t.Errorf("Empty() = true")
	}
}

func TestNewPlanConflicts(t *testing.T) {
	tests := []struct {
		name     string
		findings []drift.Finding
		path     string
	}{{
		name: "two values for one path",
		findings: []drift.Finding{
			finding("BHU305", drift.StatusFail, set("a.b", false)),
			finding("BHU999", drift.StatusFail, set("a.b", true)),
		},
		path: "a.b",
	}, {
		name: "a set and a delete",
		findings: []drift.Finding{
			finding("BHU305", drift.StatusFail, set("a.b", false)),
			finding("BHU999", drift.StatusFail, drift.Patch{Path: "a.b", Delete: true}),
		},
		path: "a.b",
	}, {
		name: "a parent value that disagrees with a child's",
		findings: []drift.Finding{
			finding("BHU212", drift.StatusFail, set("a", map[string]any{"b": 1})),
			finding("BHU999", drift.StatusFail, set("a.b", 2)),
		},
		path: "a",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPlan(tt.findings)
			var conflict *ConflictError
			if !errors.As(err, &conflict) || conflict.Path != tt.path {
				t.Fatalf("NewPlan error = %v, want a conflict on %s", err, tt.path)
			}
		})
	}
}

func TestNewPlanNothingToFix(t *testing.T) {
	plan, err := NewPlan(nil)
	if err != nil || !plan.Empty() {
		t.Errorf("NewPlan(nil) = %+v, %v; want an empty plan", plan, err)
	}
}

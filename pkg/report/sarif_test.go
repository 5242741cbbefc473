package report

import (
	"bytes"
	"testing"

	"github.com/owenrumney/go-sarif/v2/sarif"
)

func TestWriteSARIFGolden(t *testing.T) {
	hubs, doc, checks := fixture()
	var out bytes.Buffer
	err := WriteSARIF(&out, doc, SARIFOptions{Checks: checks, Hubs: hubs, BaseDir: fixtureBase, ToolVersion: "v0.0.0-test"})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "doctor.sarif.golden", out.Bytes())
}

func TestWriteSARIFResults(t *testing.T) {
	hubs, doc, checks := fixture()
	var out bytes.Buffer
	if err := WriteSARIF(&out, doc, SARIFOptions{Checks: checks, Hubs: hubs, BaseDir: fixtureBase}); err != nil {
		t.Fatal(err)
	}
	parsed, err := sarif.FromBytes(out.Bytes())
	if err != nil {
		t.Fatalf("the output is not SARIF: %v", err)
	}
	if parsed.Version != "2.1.0" || len(parsed.Runs) != 1 {
		t.Fatalf("version %s with %d runs, want 2.1.0 with one run", parsed.Version, len(parsed.Runs))
	}
	run := parsed.Runs[0]

	type where struct {
		uri         string
		line, col   int
		level, kind string
		logical     string
	}
	got := map[string]where{}
	for _, r := range run.Results {
		w := where{level: deref(r.Level), kind: deref(r.Kind)}
		loc := r.Locations[0]
		if pl := loc.PhysicalLocation; pl != nil {
			w.uri = deref(pl.ArtifactLocation.URI)
			w.line = derefInt(pl.Region.StartLine)
			w.col = derefInt(pl.Region.StartColumn)
		}
		if len(loc.LogicalLocations) > 0 {
			w.logical = deref(loc.LogicalLocations[0].FullyQualifiedName)
		}
		got[deref(r.RuleID)] = w
	}

	want := map[string]where{
		// Set in both files: the later one wins.
		"BHU305": {uri: "cluster/binder.values.yaml", line: 17, col: 7, level: "error", kind: "fail"},
		"BHU210": {uri: "cluster/binder.values.yaml", line: 10, col: 9, level: "error", kind: "fail"},
		// Not set anywhere: its parent map, in the hub's file.
		"BHU206": {uri: "cluster/binder.values.yaml", line: 7, col: 3, level: "warning", kind: "fail"},
		// Only the top key exists: it is the deepest parent.
		"BHU999": {uri: "cluster/binder.values.yaml", line: 1, col: 1, level: "note", kind: "fail"},
		// About a live object, offline: the hub's file, and the object's name.
		"BHU607": {uri: "cluster/binder.values.yaml", line: 1, logical: "binder/binder/Secret/image-pull-secret/.dockerconfigjson",
			level: "none", kind: "open"},
		"BHU604": {logical: "staging/staging/Secret/build-pods-docker-config/config.json", level: "error", kind: "fail"},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("result %s = %+v, want %+v", id, got[id], w)
		}
	}
	if len(run.Results) != len(want) {
		t.Errorf("%d results, want %d", len(run.Results), len(want))
	}

	levels := map[string]string{}
	for _, rule := range run.Tool.Driver.Rules {
		levels[rule.ID] = rule.DefaultConfiguration.Level
	}
	if levels["BHU206"] != "warning" || levels["BHU607"] != "note" || levels["BHU999"] != "note" {
		t.Errorf("rule levels = %v; want BHU206 warning, BHU607 note, BHU999 (from its finding) note", levels)
	}
	if ok := run.Invocations[0].ExecutionSuccessful; ok == nil || *ok {
		t.Errorf("executionSuccessful should be false with an unreadable hub")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefInt(i *int) int {
	if i == nil {
		return 0
	}
	return *i
}

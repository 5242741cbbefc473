package drift

import (
	"sort"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// Check is one rule of the catalogue. Its ID never changes once published;
// Name is a readable slug for the same rule.
type Check struct {
	ID       string
	Name     string
	Title    string
	Severity Severity
	// Family groups checks in docs and output ("release", "hub", "binder", …).
	Family string
	// Doc explains why the rule exists and how to repair a failure, in
	// Markdown; docs/checks.md is generated from it.
	Doc     string
	Fixable bool
	// Live marks a check that needs what only a cluster holds (live
	// objects, the release record). Offline, Evaluate never counts it as
	// passed: an empty result becomes a not-evaluated finding.
	Live bool
	// Run judges one hub. It returns one Result per object or path it failed
	// on, a single not-evaluated Result when an input is missing, or nothing
	// when the hub passes.
	Run func(c *Context) []Result
}

// Result is what a check's Run reports; Evaluate turns it into a Finding by
// adding the check's identity and the hub's.
type Result struct {
	Status   Status
	Object   string
	Path     string
	Expected string
	Found    string
	Reason   string
	Fix      string
	Patches  []Patch
}

// Report is the outcome of running the catalogue on one hub.
type Report struct {
	Hub       string    `json:"hub"`
	Namespace string    `json:"namespace,omitempty"`
	Source    string    `json:"source"`
	Release   *Release  `json:"release,omitempty"`
	Findings  []Finding `json:"findings"`
	// Passed lists the IDs of checks that ran and passed, so that a reader can
	// tell a pass from a check that was never evaluated.
	Passed []string `json:"passed"`
}

// Release summarises the release record in a report.
type Release struct {
	Name     string `json:"name"`
	Revision int    `json:"revision"`
	Status   string `json:"status"`
	Chart    string `json:"chart"`
}

// Evaluate runs every check on hub and returns the report, findings sorted by
// severity (worst first) and then by check ID.
func Evaluate(hub *inspect.Hub, checks []Check) Report {
	ctx := NewContext(hub)
	report := Report{Hub: hub.Name, Namespace: hub.Namespace, Source: string(hub.Source)}
	if hub.Release != nil {
		report.Release = &Release{
			Name:     hub.Release.Name,
			Revision: hub.Release.Revision,
			Status:   hub.Release.Status,
			Chart:    hub.Release.Chart + "-" + hub.Release.ChartVersion,
		}
	}

	for _, check := range checks {
		results := check.Run(ctx)
		if len(results) == 0 && check.Live && hub.Objects == nil {
			// A live-only check that found nothing to say offline did not
			// run; its own preconditions (say, a values key that is unset)
			// must not turn that into a pass.
			results = NotEvaluated(ObjectCluster, "", reasonOffline)
		}
		if len(results) == 0 {
			report.Passed = append(report.Passed, check.ID)
			continue
		}

		for _, r := range results {
			report.Findings = append(report.Findings, newFinding(check, hub, r))
		}
	}

	SortFindings(report.Findings)
	if report.Passed == nil {
		report.Passed = []string{}
	}
	if report.Findings == nil {
		report.Findings = []Finding{}
	}

	return report
}

func newFinding(check Check, hub *inspect.Hub, r Result) Finding {
	status := r.Status
	if status == "" {
		status = StatusFail
	}

	return Finding{
		CheckID:   check.ID,
		Check:     check.Name,
		Title:     check.Title,
		Severity:  check.Severity,
		Status:    status,
		Hub:       hub.Name,
		Namespace: hub.Namespace,
		Object:    r.Object,
		Path:      r.Path,
		Expected:  RedactURLs(r.Expected),
		Found:     RedactURLs(r.Found),
		Reason:    RedactURLs(r.Reason),
		Fix:       RedactURLs(r.Fix),
		Fixable:   check.Fixable && status == StatusFail && len(r.Patches) > 0,
		Patches:   r.Patches,
	}
}

// SortFindings orders findings worst first, failures before not-evaluated,
// then by check ID and path, so output is stable.
func SortFindings(findings []Finding) {
	sort.SliceStable(findings, func(i, j int) bool {
		a, b := findings[i], findings[j]
		if (a.Status == StatusFail) != (b.Status == StatusFail) {
			return a.Status == StatusFail
		}
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if a.CheckID != b.CheckID {
			return a.CheckID < b.CheckID
		}
		return a.Path < b.Path
	})
}

// ObjectCluster is the Object of a live-only check's finding offline, when
// the check itself named no object.
const ObjectCluster = "cluster"

// reasonOffline is why a live-only check is not evaluated offline.
const reasonOffline = "offline: no cluster was read"

// NotEvaluated is the single result of a check that could not run.
func NotEvaluated(object, path, reason string) []Result {
	return []Result{{Status: StatusNotEvaluated, Object: object, Path: path, Reason: reason}}
}

// Package drift judges a hub: it runs the check catalogue over what pkg/inspect
// read and returns findings. Nothing in this package talks to a cluster or writes
// anything; a fix is only described here, as a values patch for pkg/fix to apply.
package drift

// Severity says how bad a failing check is.
type Severity string

// The severities, from worst to mildest.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// Rank orders severities so that a higher number is worse; unknown names rank 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// Status says what a check concluded for one hub.
type Status string

const (
	// StatusFail means the check ran and the hub does not meet it.
	StatusFail Status = "fail"
	// StatusNotEvaluated means the check could not run: an input it needs was
	// not readable (forbidden, offline, encrypted). It is never a pass.
	StatusNotEvaluated Status = "not-evaluated"
	// StatusPass means the check ran and the hub meets it.
	StatusPass Status = "pass"
)

// Patch is one change to the release's user-supplied values that removes a
// finding. Path is dotted from the umbrella chart's root, e.g.
// "jupyterhub.hub.redirectToServer". Judging only proposes patches; pkg/fix
// decides whether and how to apply them.
type Patch struct {
	Path string `json:"path"`
	// Value is the new value. Delete, when true, removes the key instead. A
	// nil Value without Delete sets the key to null, which is how a user
	// removes a chart default in Helm (deleting the key would keep it).
	Value  any  `json:"value,omitempty"`
	Delete bool `json:"delete,omitempty"`
}

// Finding is one check's result on one hub.
type Finding struct {
	CheckID   string   `json:"checkID"`
	Check     string   `json:"check"`
	Title     string   `json:"title"`
	Severity  Severity `json:"severity"`
	Status    Status   `json:"status"`
	Hub       string   `json:"hub"`
	Namespace string   `json:"namespace,omitempty"`
	// Object names where the fact lives: "values" for Helm values, or
	// "Kind/name" for a live object.
	Object string `json:"object"`
	// Path is the values path or the field path inside Object.
	Path     string `json:"path,omitempty"`
	Expected string `json:"expected,omitempty"`
	Found    string `json:"found,omitempty"`
	// Reason explains a not-evaluated finding.
	Reason  string  `json:"reason,omitempty"`
	Fix     string  `json:"fix,omitempty"`
	Fixable bool    `json:"fixable"`
	Patches []Patch `json:"patches,omitempty"`
}

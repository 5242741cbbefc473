// Package report renders doctor's findings for people (a table) and for
// machines (JSON and YAML with a versioned schema). It never sees a secret
// value: findings carry only names, sizes and non-secret settings.
package report

import (
	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// Schema identifies the JSON/YAML document format. Bump the version when a
// field changes meaning or disappears; adding a field keeps it.
const (
	SchemaAPIVersion = "binderhubui.kubectl.io/v1"
	SchemaKind       = "DoctorReport"
)

// Document is the whole output of one doctor run.
type Document struct {
	APIVersion string         `json:"apiVersion"`
	Kind       string         `json:"kind"`
	Summary    Summary        `json:"summary"`
	Hubs       []drift.Report `json:"hubs"`
	// Errors are hubs that could not be read at all (a corrupt record, a
	// forbidden read of the release itself).
	Errors []HubError `json:"errors"`
}

// HubError says why one release could not be judged.
type HubError struct {
	Hub       string `json:"hub"`
	Namespace string `json:"namespace"`
	Error     string `json:"error"`
}

// Summary counts findings across all hubs.
type Summary struct {
	Hubs         int `json:"hubs"`
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Info         int `json:"info"`
	NotEvaluated int `json:"notEvaluated"`
	Passed       int `json:"passed"`
	Unreadable   int `json:"unreadable"`
}

// NewDocument assembles a document and its summary.
func NewDocument(hubs []drift.Report, errs []HubError) Document {
	doc := Document{APIVersion: SchemaAPIVersion, Kind: SchemaKind, Hubs: hubs, Errors: errs}
	if doc.Hubs == nil {
		doc.Hubs = []drift.Report{}
	}
	if doc.Errors == nil {
		doc.Errors = []HubError{}
	}

	// Reports are copied before their patches are redacted: the caller's
	// findings keep the real values a fix would write.
	doc.Hubs = make([]drift.Report, len(hubs))
	for i, hub := range hubs {
		hub.Findings = redactFindings(hub.Findings)
		doc.Hubs[i] = hub
	}

	doc.Summary.Hubs = len(hubs)
	doc.Summary.Unreadable = len(errs)
	for _, hub := range hubs {
		doc.Summary.Passed += len(hub.Passed)
		for _, f := range hub.Findings {
			if f.Status == drift.StatusNotEvaluated {
				doc.Summary.NotEvaluated++
				continue
			}
			switch f.Severity {
			case drift.SeverityError:
				doc.Summary.Errors++
			case drift.SeverityWarning:
				doc.Summary.Warnings++
			case drift.SeverityInfo:
				doc.Summary.Info++
			}
		}
	}

	return doc
}

// WorstFailure returns the highest severity among failing findings, or "".
func (d Document) WorstFailure() drift.Severity {
	var worst drift.Severity
	for _, hub := range d.Hubs {
		for _, f := range hub.Findings {
			if f.Status == drift.StatusFail && f.Severity.Rank() > worst.Rank() {
				worst = f.Severity
			}
		}
	}
	return worst
}

package report

import (
	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// Hubs finds the hub that each report of a document was judged from, so
// that writers which need more than the findings (values files for source
// positions, hosts for a diagram) can reach it. drift.Finding stays free of
// positions: where a value is written is a matter of how it was read.
type Hubs struct {
	byKey map[string]*inspect.Hub
}

// NewHubs indexes hubs by namespace and name; nil hubs are skipped.
func NewHubs(hubs []*inspect.Hub) Hubs {
	h := Hubs{byKey: map[string]*inspect.Hub{}}
	for _, hub := range hubs {
		if hub != nil {
			h.byKey[hub.Namespace+"/"+hub.Name] = hub
		}
	}
	return h
}

// For returns the hub a report was judged from, or nil.
func (h Hubs) For(r drift.Report) *inspect.Hub {
	return h.byKey[r.Namespace+"/"+r.Hub]
}

// Position is where an offline finding's values path is written: in the
// last values file that sets it, else at its deepest parent that a file
// has. It is false for a live hub, a finding about a live object, or a
// path no file comes near.
func (h Hubs) Position(r drift.Report, f drift.Finding) (inspect.Position, bool) {
	hub := h.For(r)
	if hub == nil || len(hub.ValuesFiles) == 0 || f.Object != drift.ObjectValues || f.Path == "" {
		return inspect.Position{}, false
	}
	return inspect.Locate(hub.ValuesFiles, f.Path)
}

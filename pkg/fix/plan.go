// Package fix repairs what pkg/drift judged: it turns the patches of
// fixable findings into one plan and writes it into a values file, touching
// only the lines of the values it changes. Reading is pkg/inspect's job and
// judging pkg/drift's; this package never decides what is wrong.
package fix

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// Plan is the set of values patches that remove the fixable findings of a
// hub, each path patched once.
type Plan struct {
	// Patches are sorted by path.
	Patches []drift.Patch
	// Fixes are the failing findings the patches remove.
	Fixes []drift.Finding
	// Unfixable are the failing findings that no patch removes.
	Unfixable []drift.Finding
}

// ConflictError reports findings that want different values at one path,
// or a value at a path and a different one inside it. Applying either would
// undo the other, so neither is applied.
type ConflictError struct {
	Path   string
	Other  string
	Checks []string
}

func (e *ConflictError) Error() string {
	where := e.Path
	if e.Other != e.Path {
		where = e.Path + " and " + e.Other
	}
	return fmt.Sprintf("checks %s propose conflicting changes to %s; fix them by hand",
		strings.Join(e.Checks, ", "), where)
}

// NewPlan collects the patches of the failing, fixable findings. Equal
// patches from several findings are kept once; a patch inside a path that
// another patch sets is dropped when that value already agrees with it.
// Findings that are not failing (passed, not evaluated) are ignored.
func NewPlan(findings []drift.Finding) (*Plan, error) {
	plan := &Plan{}
	byPath := map[string]drift.Patch{}
	checks := map[string][]string{}

	for _, f := range findings {
		if f.Status != drift.StatusFail {
			continue
		}
		if !f.Fixable || len(f.Patches) == 0 {
			plan.Unfixable = append(plan.Unfixable, f)
			continue
		}
		plan.Fixes = append(plan.Fixes, f)
		for _, p := range f.Patches {
			checks[p.Path] = appendOnce(checks[p.Path], f.CheckID)
			prior, seen := byPath[p.Path]
			if seen && !samePatch(prior, p) {
				return nil, &ConflictError{Path: p.Path, Other: p.Path, Checks: checks[p.Path]}
			}
			byPath[p.Path] = p
		}
	}

	paths := make([]string, 0, len(byPath))
	for path := range byPath {
		paths = append(paths, path)
	}
	sort.Strings(paths)

	for _, path := range paths {
		covered, err := coveredByAncestor(byPath, path, checks)
		if err != nil {
			return nil, err
		}
		if !covered {
			plan.Patches = append(plan.Patches, byPath[path])
		}
	}
	return plan, nil
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool {
	return len(p.Patches) == 0
}

// coveredByAncestor reports whether a patch of a parent path already sets
// path to the same value; a different value there is a conflict.
func coveredByAncestor(byPath map[string]drift.Patch, path string, checks map[string][]string) (bool, error) {
	keys := strings.Split(path, ".")
	for i := 1; i < len(keys); i++ {
		parentPath := strings.Join(keys[:i], ".")
		parent, ok := byPath[parentPath]
		if !ok {
			continue
		}
		inner, found := lookupIn(parent, keys[i:])
		child := byPath[path]
		agrees := (child.Delete && !found) || (!child.Delete && found && reflect.DeepEqual(normalize(inner), normalize(child.Value)))
		if !agrees {
			return false, &ConflictError{Path: parentPath, Other: path,
				Checks: appendOnce(append([]string(nil), checks[parentPath]...), checks[path]...)}
		}
		return true, nil
	}
	return false, nil
}

// lookupIn finds keys inside the value a patch sets.
func lookupIn(p drift.Patch, keys []string) (any, bool) {
	if p.Delete {
		return nil, false
	}
	current := p.Value
	for _, k := range keys {
		m, ok := current.(map[string]any)
		if !ok {
			return nil, false
		}
		if current, ok = m[k]; !ok {
			return nil, false
		}
	}
	return current, true
}

func samePatch(a, b drift.Patch) bool {
	return a.Delete == b.Delete && (a.Delete || reflect.DeepEqual(normalize(a.Value), normalize(b.Value)))
}

func appendOnce(list []string, items ...string) []string {
	for _, item := range items {
		found := false
		for _, have := range list {
			found = found || have == item
		}
		if !found {
			list = append(list, item)
		}
	}
	return list
}

package drift

import (
	"fmt"
	"strings"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// maxDescription bounds how much of Helm's revision description a finding
// repeats; the full text is in `helm history`.
const maxDescription = 200

func checkReleaseFailed() Check {
	return Check{
		ID:       "BHU101",
		Name:     "release-failed",
		Title:    "The latest release revision did not fail",
		Severity: SeverityError,
		Family:   familyRelease,
		Live:     true,
		Doc: `A failed latest revision means the last ` + "`helm upgrade`" + ` did not apply: the
cluster may run a mix of the old and new objects, and the values judged here
may not be what runs.

**Fix:** read the reason with ` + "`helm history <hub> -n <hub>`" + `, repair the
values or the cluster, and run the upgrade again.`,
		Run: func(c *Context) []Result {
			return judgeRelease(c, func(rel *inspect.Release) (string, bool) {
				if rel.LatestStatus != "failed" {
					return "", true
				}
				return revisionSummary(rel), false
			}, "a revision that is not failed", "run the upgrade again after fixing its cause (helm history shows it)")
		},
	}
}

func checkReleasePending() Check {
	return Check{
		ID:       "BHU102",
		Name:     "release-pending",
		Title:    "No release operation is left pending",
		Severity: SeverityError,
		Family:   familyRelease,
		Live:     true,
		Doc: `A latest revision in ` + "`pending-install`, `pending-upgrade` or `pending-rollback`" + `
means a Helm operation is running or was interrupted. Helm refuses another
upgrade while it is pending ("another operation is in progress").

**Fix:** if no operation is running any more, roll back to the last deployed
revision (` + "`helm rollback <hub> -n <hub>`" + `) and upgrade again.`,
		Run: func(c *Context) []Result {
			return judgeRelease(c, func(rel *inspect.Release) (string, bool) {
				if !strings.HasPrefix(rel.LatestStatus, "pending-") {
					return "", true
				}
				return revisionSummary(rel), false
			}, "no pending revision", "when no Helm operation is still running, roll back to the last deployed revision and upgrade again")
		},
	}
}

func checkReleaseDeployed() Check {
	return Check{
		ID:       "BHU103",
		Name:     "release-deployed",
		Title:    "The release has a deployed revision",
		Severity: SeverityError,
		Family:   familyRelease,
		Live:     true,
		Doc: `Without a revision in status ` + "`deployed`" + ` Helm has never completed an
install of this hub (or the deployed revision was uninstalled), so nothing
guarantees that the objects in the namespace match any values.

**Fix:** repair the cause shown by ` + "`helm history`" + ` and install or upgrade the
release until a revision reaches ` + "`deployed`" + `.`,
		Run: func(c *Context) []Result {
			return judgeRelease(c, func(rel *inspect.Release) (string, bool) {
				if rel.Status == "deployed" {
					return "", true
				}
				return fmt.Sprintf("no deployed revision; revision %d is %s", rel.Revision, statusName(rel.Status)), false
			}, "a revision in status deployed", "upgrade the release until a revision is deployed")
		},
	}
}

// judgeRelease runs ok on the release record; offline there is none and the
// check is not evaluated.
func judgeRelease(c *Context, ok func(*inspect.Release) (string, bool), expected, fix string) []Result {
	rel := c.Hub.Release
	if rel == nil {
		return NotEvaluated("release", "", "offline: no Helm release record was read")
	}
	found, pass := ok(rel)
	if pass {
		return nil
	}
	return []Result{{
		Status:   StatusFail,
		Object:   "Release/" + rel.Name,
		Path:     "status",
		Expected: expected,
		Found:    found,
		Fix:      fix,
	}}
}

// revisionSummary describes the latest revision and Helm's description of it.
func revisionSummary(rel *inspect.Release) string {
	summary := fmt.Sprintf("revision %d is %s", rel.LatestRevision, statusName(rel.LatestStatus))
	desc := strings.TrimSpace(rel.LatestDescription)
	if desc == "" {
		return summary
	}
	if len(desc) > maxDescription {
		desc = desc[:maxDescription] + "…"
	}
	return summary + ": " + desc
}

func statusName(status string) string {
	if status == "" {
		return "of unknown status"
	}
	return status
}

package drift

import (
	"testing"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func TestReleaseChecks(t *testing.T) {
	latest := func(revision int, status, description string) func(*inspect.Hub) {
		return func(h *inspect.Hub) {
			h.Release.LatestRevision = revision
			h.Release.LatestStatus = status
			h.Release.LatestDescription = description
		}
	}
	runFaults(t, []faultCase{
		{check: "BHU101", name: "latest failed", live: true,
			edit: latest(4, "failed", `Upgrade "demo" failed: context deadline exceeded`),
			want: []view{fail("Release/demo", "status", "a revision that is not failed",
				`revision 4 is failed: Upgrade "demo" failed: context deadline exceeded`)}},
		{check: "BHU101", name: "offline", want: []view{notEvaluated("release", "")}},
		{check: "BHU101", name: "pending is not failed", live: true, edit: latest(4, "pending-upgrade", "")},
		{check: "BHU102", name: "pending upgrade", live: true, edit: latest(4, "pending-upgrade", "Preparing upgrade"),
			want: []view{fail("Release/demo", "status", "no pending revision", "revision 4 is pending-upgrade: Preparing upgrade")}},
		{check: "BHU102", name: "pending install", live: true, edit: latest(1, "pending-install", ""),
			want: []view{fail("Release/demo", "status", "no pending revision", "revision 1 is pending-install")}},
		{check: "BHU102", name: "pending rollback", live: true, edit: latest(5, "pending-rollback", ""),
			want: []view{fail("Release/demo", "status", "no pending revision", "revision 5 is pending-rollback")}},
		{check: "BHU102", name: "offline", want: []view{notEvaluated("release", "")}},
		{check: "BHU103", name: "never deployed", live: true,
			edit: func(h *inspect.Hub) { h.Release.Revision, h.Release.Status = 1, "failed" },
			want: []view{fail("Release/demo", "status", "a revision in status deployed", "no deployed revision; revision 1 is failed")}},
		{check: "BHU103", name: "older revision deployed", live: true, edit: latest(4, "failed", "")},
		{check: "BHU103", name: "offline", want: []view{notEvaluated("release", "")}},
	})
}

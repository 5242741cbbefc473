package testcluster

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// auditFixture holds the shapes the server writes: a resource request, a
// non-resource request (no objectRef), a stage that does not count, and a last
// line cut off mid-write.
const auditFixture = `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/a/secrets?limit=500","verb":"list","user":{"username":"limited","groups":["system:authenticated"]},"objectRef":{"resource":"secrets","namespace":"a","apiVersion":"v1"},"responseStatus":{"metadata":{},"status":"Failure","reason":"Forbidden","code":403},"requestReceivedTimestamp":"2026-01-02T10:00:00.000001Z","stageTimestamp":"2026-01-02T10:00:00.000300Z"}
{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"ResponseStarted","requestURI":"/api/v1/namespaces/a/pods?watch=true","verb":"watch","user":{"username":"admin"},"objectRef":{"resource":"pods","namespace":"a","apiVersion":"v1"},"requestReceivedTimestamp":"2026-01-02T10:00:01Z","stageTimestamp":"2026-01-02T10:00:01Z"}
{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"ResponseComplete","requestURI":"/apis/apps/v1/namespaces/b/deployments/hub/scale","verb":"patch","user":{"username":"admin"},"objectRef":{"resource":"deployments","namespace":"b","name":"hub","apiGroup":"apps","apiVersion":"v1","subresource":"scale"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"2026-01-02T10:00:02Z","stageTimestamp":"2026-01-02T10:00:02.1Z"}
{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"ResponseComplete","requestURI":"/readyz","verb":"get","user":{"username":"admin"},"responseStatus":{"metadata":{},"code":200},"requestReceivedTimestamp":"2026-01-02T10:00:03Z","stageTimestamp":"2026-01-02T10:00:03Z"}
{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","stage":"ResponseComplete","requestURI":"/api/v1/nam`

func TestReadAuditEvents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	if err := os.WriteFile(path, []byte(auditFixture), 0o600); err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	forbiddenList := AuditEvent{
		User: "limited", Verb: "list", Resource: "secrets", Namespace: "a",
		RequestURI: "/api/v1/namespaces/a/secrets?limit=500", Stage: "ResponseComplete",
		Code: 403, Received: at("2026-01-02T10:00:00.000001Z"),
	}
	scalePatch := AuditEvent{
		User: "admin", Verb: "patch", APIGroup: "apps", Resource: "deployments",
		Subresource: "scale", Namespace: "b", Name: "hub",
		RequestURI: "/apis/apps/v1/namespaces/b/deployments/hub/scale", Stage: "ResponseComplete",
		Code: 200, Received: at("2026-01-02T10:00:02Z"),
	}
	readyz := AuditEvent{
		User: "admin", Verb: "get", RequestURI: "/readyz", Stage: "ResponseComplete",
		Code: 200, Received: at("2026-01-02T10:00:03Z"),
	}

	tests := []struct {
		name  string
		since time.Time
		want  []AuditEvent
	}{
		{"all", time.Time{}, []AuditEvent{forbiddenList, scalePatch, readyz}},
		{"since is inclusive", at("2026-01-02T10:00:02Z"), []AuditEvent{scalePatch, readyz}},
		{"none yet", at("2026-01-02T11:00:00Z"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadAuditEvents(path, tt.since)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReadAuditEvents() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

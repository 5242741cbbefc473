package testcluster_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/binderhubui/kubectl-binderhubui/internal/testcluster"
)

// cluster is shared by every test of the package: starting one takes seconds.
var cluster *testcluster.Cluster

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	c, err := testcluster.Start()
	if err != nil {
		fmt.Fprintf(os.Stderr, "starting test cluster: %v\n", err)
		return 1
	}
	defer c.Stop()
	cluster = c

	return m.Run()
}

func TestServerAnswers(t *testing.T) {
	client := adminClient(t)

	version, err := client.Discovery().ServerVersion()
	if err != nil {
		t.Fatalf("asking the server's version: %v", err)
	}
	// A build without version ldflags reports v0.0.0-master, which kubectl
	// refuses.
	if !strings.HasPrefix(version.GitVersion, "v1.") {
		t.Errorf("server version = %q, want v1.x", version.GitVersion)
	}

	if _, err := client.CoreV1().Namespaces().Get(t.Context(), "default", metav1.GetOptions{}); err != nil {
		t.Errorf("getting the default namespace: %v", err)
	}
}

func TestLimitedUserNeedsRoleBinding(t *testing.T) {
	ns := newNamespace(t)
	limited := userClient(t, "limited")

	_, err := limited.CoreV1().Secrets(ns).List(t.Context(), metav1.ListOptions{})
	if !apierrors.IsForbidden(err) {
		t.Fatalf("listing secrets before any binding: err = %v, want forbidden", err)
	}

	grantListSecrets(t, ns, "limited")
	waitAllowed(t, limited, ns)
}

func TestAuditLogRecordsListSecrets(t *testing.T) {
	ns := newNamespace(t)
	since := time.Now()
	grantListSecrets(t, ns, "limited")
	waitAllowed(t, userClient(t, "limited"), ns)

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	event, err := testcluster.WaitForAuditEvent(ctx, cluster.AuditLogPath(), since, func(e testcluster.AuditEvent) bool {
		return e.User == "limited" && e.Verb == "list" && e.Resource == "secrets" &&
			e.Namespace == ns && e.Code == 200
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "/api/v1/namespaces/" + ns + "/secrets"; !strings.HasPrefix(event.RequestURI, want) {
		t.Errorf("request URI = %q, want it to start with %q", event.RequestURI, want)
	}
}

func adminClient(t *testing.T) kubernetes.Interface {
	t.Helper()
	client, err := cluster.Clientset()
	if err != nil {
		t.Fatal(err)
	}

	return client
}

func userClient(t *testing.T, user string) kubernetes.Interface {
	t.Helper()
	client, err := cluster.UserClientset(user)
	if err != nil {
		t.Fatal(err)
	}

	return client
}

// newNamespace creates a namespace no other test uses.
func newNamespace(t *testing.T) string {
	t.Helper()
	suffix := make([]byte, 4)
	rand.Read(suffix)
	name := "testcluster-" + hex.EncodeToString(suffix)

	if err := cluster.CreateNamespace(t.Context(), name); err != nil {
		t.Fatal(err)
	}

	return name
}

// grantListSecrets lets user list secrets in ns, and nothing else.
func grantListSecrets(t *testing.T, ns, user string) {
	t.Helper()
	client := adminClient(t)
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "list-secrets"},
		Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{""},
			Resources: []string{"secrets"},
			Verbs:     []string{"list"},
		}},
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "list-secrets-" + user},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}

	if _, err := client.RbacV1().Roles(ns).Create(t.Context(), role, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating role: %v", err)
	}
	if _, err := client.RbacV1().RoleBindings(ns).Create(t.Context(), binding, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating role binding: %v", err)
	}
}

// waitAllowed waits until client may list secrets in ns: the authorizer
// learns of a new binding through a watch, a moment after it is created.
func waitAllowed(t *testing.T, client kubernetes.Interface, ns string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)

	for {
		_, err := client.CoreV1().Secrets(ns).List(t.Context(), metav1.ListOptions{})
		if err == nil {
			return
		}
		if !apierrors.IsForbidden(err) || time.Now().After(deadline) {
			t.Fatalf("listing secrets after the binding: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

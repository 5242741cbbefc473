// Package e2e runs the plugin end to end: a real kube-apiserver (started by
// internal/testcluster), hubs installed as real Helm releases by Helm's SDK
// (internal/seed), and the plugin invoked through the machine's real kubectl.
package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/binderhubui/kubectl-binderhubui/internal/testcluster"
)

// The users of the local cluster's static token file that these tests use.
const (
	// userReader may get, list and watch everything: doctor runs as this
	// user, so the audit log can tell doctor's requests from the seeding's.
	userReader = "reader"
	// userLimited gets only what a test grants it, to prove forbidden reads
	// are reported as not evaluated.
	userLimited = "limited"
)

var (
	cluster *testcluster.Cluster
	// pluginDir holds the kubectl-binderhubui binary; it goes first on PATH
	// so that kubectl finds the plugin.
	pluginDir string
	// kubectlPath is the machine's kubectl.
	kubectlPath string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	var err error
	kubectlPath, err = exec.LookPath("kubectl")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: kubectl is not on PATH; the end-to-end tests run the plugin through it")
		return 1
	}

	pluginDir, err = os.MkdirTemp("", "binderhubui-e2e-plugin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(pluginDir)
	if err := buildPlugin(pluginDir); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}

	cluster, err = testcluster.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: starting the local cluster:", err)
		return 1
	}
	defer cluster.Stop()

	if err := grantReader(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}

	return m.Run()
}

// buildPlugin compiles the plugin into dir, the way a user would install it.
func buildPlugin(dir string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(dir, "kubectl-binderhubui"), "../../cmd/kubectl-binderhubui")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the plugin: %w", err)
	}
	return nil
}

// grantReader lets the reader user get, list and watch every resource, and
// nothing else: doctor must work with read-only access.
func grantReader(ctx context.Context) error {
	client, err := cluster.Clientset()
	if err != nil {
		return err
	}

	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "binderhubui-e2e-read-all"},
		Rules: []rbacv1.PolicyRule{{
			APIGroups: []string{"*"}, Resources: []string{"*"}, Verbs: []string{"get", "list", "watch"},
		}},
	}
	if _, err := client.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil && !isAlreadyExists(err) {
		return fmt.Errorf("creating the read-only ClusterRole: %w", err)
	}

	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "binderhubui-e2e-read-all"},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: role.Name},
		Subjects:   []rbacv1.Subject{{Kind: "User", APIGroup: "rbac.authorization.k8s.io", Name: userReader}},
	}
	if _, err := client.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil && !isAlreadyExists(err) {
		return fmt.Errorf("binding the read-only ClusterRole: %w", err)
	}

	return nil
}

package e2e

import (
	"context"
	"encoding/base64"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/binderhubui/kubectl-binderhubui/internal/testcluster"
	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// TestDoctorOnlyReads runs doctor over the whole cluster as the reader user
// and reads the API server's audit log: every request it made must be a get,
// list or watch.
func TestDoctorOnlyReads(t *testing.T) {
	const name = "audit-hub"
	install(t, realHub(t, "opensci", "big-binder", name))

	since := time.Now().Add(-time.Second)
	res := kubectl(t, userReader, "binderhubui", "doctor", "-A", "-o", "json")
	if res.exitCode == 2 {
		t.Fatalf("doctor -A failed: %s", res.stderr)
	}

	// The audit backend writes asynchronously: wait for doctor's last read,
	// a list of ingresses in the hub's namespace, to be logged.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := testcluster.WaitForAuditEvent(ctx, cluster.AuditLogPath(), since, func(e testcluster.AuditEvent) bool {
		return e.User == userReader && e.Resource == "ingresses" && e.Namespace == name
	})
	if err != nil {
		t.Fatalf("doctor's reads never reached the audit log: %v", err)
	}

	events, err := testcluster.ReadAuditEvents(cluster.AuditLogPath(), since)
	if err != nil {
		t.Fatal(err)
	}
	verbs := map[string]int{}
	for _, e := range events {
		if e.User != userReader {
			continue
		}
		verbs[e.Verb]++
		if e.Verb != "get" && e.Verb != "list" && e.Verb != "watch" {
			t.Errorf("doctor made a %s request: %s %s/%s (%s)", e.Verb, e.Resource, e.Namespace, e.Name, e.RequestURI)
		}
	}
	if verbs["list"] == 0 || verbs["get"] == 0 {
		t.Errorf("audit log shows too few of doctor's reads: %v", verbs)
	}
}

// TestNoSecretValueInOutput plants distinctive secret values and looks for
// them, raw and base64-encoded, in every output format and in -v logs.
func TestNoSecretValueInOutput(t *testing.T) {
	const name = "secrets-planted"
	hub := realHub(t, "projectpythia", "pythia-binder", name)
	hub.Secrets = inventedSecrets(t)
	hub.Secrets.ServiceTokens["binder"] = "PLANTEDbinderTOKEN" + randomHex(t, 8)
	hub.Secrets.RegistryPassword = "PLANTEDregistryPASSWORD" + randomHex(t, 8)
	hub.Secrets.PullSecretPassword = "PLANTEDpullPASSWORD" + randomHex(t, 8)
	install(t, hub)

	planted := []string{hub.Secrets.ServiceTokens["binder"], hub.Secrets.RegistryPassword, hub.Secrets.PullSecretPassword}
	var forms []string
	for _, p := range planted {
		forms = append(forms, p, base64.StdEncoding.EncodeToString([]byte(p)))
		// The docker config's auth field is base64("user:password").
		forms = append(forms, base64.StdEncoding.EncodeToString([]byte("imagebuilding-non-gcp-hubs+image_builder:"+p)))
	}

	for _, output := range []string{"table", "json", "yaml", "sarif", "markdown"} {
		res := kubectl(t, userReader, "binderhubui", "doctor", "-n", name, "-o", output, "-v", "10")
		if res.exitCode == 2 {
			t.Fatalf("doctor -o %s failed: %s", output, res.stderr)
		}
		for _, form := range forms {
			if strings.Contains(res.stdout, form) || strings.Contains(res.stderr, form) {
				t.Errorf("doctor -o %s -v 10 printed a planted secret value", output)
			}
		}
	}
}

// TestForbiddenReadsAreNotEvaluated gives a user only what finding the
// release needs: checks on Deployments, Services and Ingresses must say they
// were not evaluated, never pass. That includes every check of binder's
// environment, which without the Deployment is unknown, and the push secret,
// which the Deployment names.
func TestForbiddenReadsAreNotEvaluated(t *testing.T) {
	const name = "rbac-limited"
	install(t, realHub(t, "opensci", "small-binder", name))
	grant(t, name, userLimited, rbacv1.PolicyRule{APIGroups: []string{""}, Resources: []string{"secrets"}, Verbs: []string{"get", "list"}})

	res := kubectl(t, userLimited, "binderhubui", "doctor", "-n", name, "-o", "json")
	if res.exitCode == 2 {
		t.Fatalf("doctor failed: %s", res.stderr)
	}
	doc := decode(t, res)
	hub := onlyHub(t, doc)

	for _, id := range []string{"BHU401", "BHU402", "BHU403", "BHU404", "BHU405", "BHU406",
		"BHU501", "BHU502", "BHU504", "BHU505", "BHU604"} {
		if contains(hub.Passed, id) {
			t.Errorf("%s passed although its objects could not be read", id)
		}
		var notEvaluated *drift.Finding
		for i, f := range hub.Findings {
			if f.CheckID == id && f.Status == drift.StatusNotEvaluated {
				notEvaluated = &hub.Findings[i]
			}
		}
		if notEvaluated == nil || !strings.Contains(notEvaluated.Reason, "forbidden") {
			t.Errorf("%s: want a not-evaluated finding saying forbidden, got %+v", id, notEvaluated)
		}
	}
}

// TestAPIRequestsPerHub keeps the cost of reading one hub small: one list of
// release labels, one release record, one list per kind of live object.
func TestAPIRequestsPerHub(t *testing.T) {
	const name = "request-count"
	install(t, realHub(t, "nasa-veda", "binder", name))

	res := kubectl(t, userReader, "binderhubui", "doctor", "-n", name, "-v", "1")
	match := regexp.MustCompile(`apiRequests=(\d+)`).FindStringSubmatch(res.stderr)
	if match == nil {
		t.Fatalf("doctor -v 1 did not log its API request count:\n%s", res.stderr)
	}
	requests, _ := strconv.Atoi(match[1])
	if requests > 8 {
		t.Errorf("doctor made %d API requests for one hub, want at most 8", requests)
	}
	t.Logf("API requests for one hub: %d", requests)
}

// TestExitCodes covers the tool's own failures: they exit 2 with a message.
func TestExitCodes(t *testing.T) {
	client, err := cluster.Clientset()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := cluster.CreateNamespace(ctx, "no-hubs-here"); err != nil {
		t.Fatal(err)
	}

	// A release record that is not a Helm release: labelled as one, corrupt inside.
	if err := cluster.CreateNamespace(ctx, "corrupt-record"); err != nil {
		t.Fatal(err)
	}
	_, err = client.CoreV1().Secrets("corrupt-record").Create(ctx, &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name:   "sh.helm.release.v1.corrupt-record.v1",
			Labels: map[string]string{"owner": "helm", "name": "corrupt-record", "status": "deployed", "version": "1"},
		},
		Type: "helm.sh/release.v1",
		Data: map[string][]byte{"release": []byte("this is not a release")},
	}, metav1.CreateOptions{})
	if err != nil && !isAlreadyExists(err) {
		t.Fatal(err)
	}

	cases := []struct {
		name    string
		args    []string
		env     []string
		code    int
		message string
	}{
		{"no hub", []string{"-n", "no-hubs-here"}, nil, 2, "no binderhub-ui hub found"},
		{"bad output", []string{"-n", "no-hubs-here", "-o", "xml"}, nil, 2, "--output must be one of"},
		{"bad fail-on", []string{"--fail-on", "fatal"}, nil, 2, "--fail-on must be"},
		{"unknown flag", []string{"--no-such-flag"}, nil, 2, "unknown flag"},
		{"corrupt record", []string{"-n", "corrupt-record"}, nil, 2, "corrupt"},
		{"unreachable server", []string{"--server", "https://127.0.0.1:1", "--insecure-skip-tls-verify"}, nil, 2, "127.0.0.1:1"},
		{"unknown context", []string{"--context", "no-such-context"}, nil, 2, "no-such-context"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := kubectlEnv(t, userReader, tc.env, append([]string{"binderhubui", "doctor"}, tc.args...)...)
			if res.exitCode != tc.code {
				t.Errorf("exit code = %d, want %d\nstderr: %s", res.exitCode, tc.code, res.stderr)
			}
			if !strings.Contains(res.stderr, tc.message) {
				t.Errorf("stderr does not say %q:\n%s", tc.message, res.stderr)
			}
		})
	}
}

// TestKubectlPluginTable runs the plugin the way a person does, through the
// machine's kubectl, and reads the table.
func TestKubectlPluginTable(t *testing.T) {
	const name = "table-hub"
	install(t, realHub(t, "opensci", "big-binder", name))

	res := kubectl(t, userReader, "binderhubui", "doctor", "-n", name)
	if res.exitCode != 0 {
		t.Fatalf("exit code = %d, stderr: %s", res.exitCode, res.stderr)
	}
	for _, want := range []string{"HUB " + name + "/" + name, "release " + name + ", revision 1, deployed, chart basehub-0.1.0", "check(s) passed"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("table does not contain %q:\n%s", want, res.stdout)
		}
	}
	if strings.Contains(res.stdout, "\x1b[") {
		t.Errorf("table has colour codes although NO_COLOR is set and stdout is not a terminal")
	}

	version := kubectl(t, "", "binderhubui", "version")
	if version.exitCode != 0 || !strings.Contains(version.stdout, "helm sdk:   v4.") {
		t.Errorf("kubectl binderhubui version: exit %d, output %q", version.exitCode, version.stdout)
	}
}

// grant binds a Role with rule in namespace to user.
func grant(t *testing.T, namespace, user string, rule rbacv1.PolicyRule) {
	t.Helper()
	client, err := cluster.Clientset()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "e2e-" + user}, Rules: []rbacv1.PolicyRule{rule}}
	if _, err := client.RbacV1().Roles(namespace).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "e2e-" + user},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{Kind: "User", APIGroup: "rbac.authorization.k8s.io", Name: user}},
	}
	if _, err := client.RbacV1().RoleBindings(namespace).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

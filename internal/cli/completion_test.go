package cli

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// fakeAPIServer answers the two lists completion makes: namespaces, and the
// metadata of Helm's release Secrets (in "hubs", or everywhere for -A).
func fakeAPIServer(t *testing.T) *httptest.Server {
	t.Helper()
	record := func(namespace, release, revision, status string) string {
		return fmt.Sprintf(`{"metadata":{"name":"sh.helm.release.v1.%[2]s.v%[3]s","namespace":%[1]q,`+
			`"labels":{"owner":"helm","name":%[2]q,"version":%[3]q,"status":%[4]q}}}`, namespace, release, revision, status)
	}
	hubs := []string{record("hubs", "binder", "1", "superseded"), record("hubs", "binder", "2", "deployed"),
		record("hubs", "staging", "1", "deployed")}
	other := []string{record("other", "binder", "1", "deployed"), record("other", "grafana", "3", "deployed")}
	metadataList := func(items []string) string {
		return `{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{},"items":[` +
			strings.Join(items, ",") + `]}`
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/namespaces", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"kind":"NamespaceList","apiVersion":"v1","metadata":{},"items":[`+
			`{"metadata":{"name":"kube-system"}},{"metadata":{"name":"hubs"}},{"metadata":{"name":"other"}}]}`)
	})
	mux.HandleFunc("GET /api/v1/namespaces/hubs/secrets", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, metadataList(hubs))
	})
	mux.HandleFunc("GET /api/v1/secrets", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, metadataList(append(hubs, other...)))
	})
	server := httptest.NewServer(mux)
	t.Cleanup(server.Close)

	return server
}

// writeKubeconfig points a kubeconfig at server, with namespace "hubs" in the
// current context and a second context that is never dialled.
func writeKubeconfig(t *testing.T, server string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	config := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster: {server: %q}
- name: prod
  cluster: {server: "https://127.0.0.1:1"}
users:
- name: tester
  user: {token: not-a-secret}
contexts:
- name: fake
  context: {cluster: fake, user: tester, namespace: hubs}
- name: prod-admin
  context: {cluster: prod, user: tester}
current-context: fake
`, server)
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// complete runs cobra's hidden __complete command on the real command tree,
// as a shell's completion script does, and returns the suggestions.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	var out, errOut bytes.Buffer
	root := NewRootCommand(genericiooptions.IOStreams{Out: &out, ErrOut: &errOut})
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(append([]string{cobra.ShellCompRequestCmd}, args...))
	if err := root.Execute(); err != nil {
		t.Fatalf("__complete %v: %v", args, err)
	}

	var suggestions []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(line, ":") {
			suggestions = append(suggestions, line)
		}
	}
	return suggestions
}

func TestCompletionFromCluster(t *testing.T) {
	kubeconfig := writeKubeconfig(t, fakeAPIServer(t).URL)

	tests := []struct {
		name string
		args []string
		want []string
	}{
		{
			name: "namespaces",
			args: []string{"doctor", "--kubeconfig", kubeconfig, "-n", ""},
			want: []string{"hubs", "kube-system", "other"},
		},
		{
			name: "namespaces with a prefix",
			args: []string{"doctor", "--kubeconfig", kubeconfig, "--namespace", "h"},
			want: []string{"hubs"},
		},
		{
			name: "releases in the context's namespace",
			args: []string{"doctor", "--kubeconfig", kubeconfig, ""},
			want: []string{"binder\tnamespace hubs", "staging\tnamespace hubs"},
		},
		{
			name: "releases already named are not offered again",
			args: []string{"doctor", "--kubeconfig", kubeconfig, "binder", ""},
			want: []string{"staging\tnamespace hubs"},
		},
		{
			name: "releases in every namespace",
			args: []string{"doctor", "-A", "--kubeconfig", kubeconfig, ""},
			want: []string{"binder\tnamespace hubs, other", "grafana\tnamespace other", "staging\tnamespace hubs"},
		},
		{
			name: "contexts",
			args: []string{"version", "--kubeconfig", kubeconfig, "--context", ""},
			want: []string{"fake\tcluster fake", "prod-admin\tcluster prod"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, complete(t, tt.args...)); diff != "" {
				t.Errorf("completions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompletionWithoutClusterOffersNothing(t *testing.T) {
	kubeconfig := writeKubeconfig(t, "https://127.0.0.1:1")

	for _, args := range [][]string{
		{"doctor", "--kubeconfig", kubeconfig, "-n", ""},
		{"doctor", "--kubeconfig", kubeconfig, ""},
	} {
		if got := complete(t, args...); got != nil {
			t.Errorf("__complete %v = %q, want nothing", args, got)
		}
	}
}

// TestRegisterCompletions checks the wiring rules on a tree of stand-in
// commands, so that it holds for commands added later.
func TestRegisterCompletions(t *testing.T) {
	root := &cobra.Command{Use: "kubectl binderhubui"}
	global := &GlobalOptions{ConfigFlags: genericclioptions.NewConfigFlags(true)}
	global.ConfigFlags.AddFlags(root.PersistentFlags())

	explain := &cobra.Command{Use: "explain CHECK", Run: func(*cobra.Command, []string) {}}
	fix := &cobra.Command{Use: "fix RELEASE", Run: func(*cobra.Command, []string) {}}
	history := &cobra.Command{Use: "history", Run: func(*cobra.Command, []string) {}}
	history.Flags().String("release", "", "")
	own := &cobra.Command{Use: "own RELEASE", Run: func(*cobra.Command, []string) {},
		ValidArgsFunction: cobra.NoFileCompletions}
	root.AddCommand(explain, fix, history, own)

	registerCompletions(root, global)

	if explain.ValidArgsFunction == nil {
		t.Error("explain has no argument completion")
	}
	if fix.ValidArgsFunction == nil {
		t.Error("a command taking RELEASE has no argument completion")
	}
	if _, ok := history.GetFlagCompletionFunc("release"); !ok {
		t.Error("--release has no completion")
	}
	if _, ok := root.GetFlagCompletionFunc("namespace"); !ok {
		t.Error("--namespace has no completion")
	}
	if history.ValidArgsFunction != nil {
		t.Error("a command without RELEASE got argument completion")
	}
	got, _ := own.ValidArgsFunction(own, nil, "")
	if got != nil {
		t.Error("a command's own argument completion was replaced")
	}
}

// TestExplainCompletion goes through the real explain command, which takes
// exactly one ID.
func TestExplainCompletion(t *testing.T) {
	first := drift.Catalogue()[0]

	got := complete(t, "explain", first.ID)
	if len(got) != 1 || !strings.HasPrefix(got[0], first.ID+"\t") {
		t.Errorf("explain %s<TAB> = %q, want that ID alone", first.ID, got)
	}
	if got := complete(t, "explain", first.ID, ""); got != nil {
		t.Errorf("explain %s <TAB> = %q, want nothing: explain takes one ID", first.ID, got)
	}
}

func TestCompleteCheckIDs(t *testing.T) {
	catalogue := drift.Catalogue()
	first := catalogue[0]

	all, directive := completeCheckIDs(nil, nil, "")
	if len(all) != len(catalogue) {
		t.Errorf("got %d suggestions for an empty word, want one per check (%d)", len(all), len(catalogue))
	}
	if directive != cobra.ShellCompDirectiveNoFileComp {
		t.Errorf("directive = %v, want no file completion", directive)
	}
	if want := first.ID + "\t" + first.Title; all[0] != want {
		t.Errorf("first suggestion = %q, want %q", all[0], want)
	}

	byName, _ := completeCheckIDs(nil, nil, first.Name)
	if len(byName) == 0 || !strings.HasPrefix(byName[0], first.Name+"\t"+first.ID) {
		t.Errorf("completing %q = %q, want the check's name with its ID", first.Name, byName)
	}

	rest, _ := completeCheckIDs(nil, []string{first.ID}, "")
	if len(rest) != len(catalogue)-1 {
		t.Errorf("got %d suggestions after naming %s, want %d", len(rest), first.ID, len(catalogue)-1)
	}
}

func TestCompletionScriptsNameTheBinary(t *testing.T) {
	for _, shell := range completionShells {
		t.Run(shell, func(t *testing.T) {
			var out bytes.Buffer
			root := NewRootCommand(genericiooptions.IOStreams{Out: &out, ErrOut: &out})
			root.SetArgs([]string{"completion", shell})
			if err := root.Execute(); err != nil {
				t.Fatalf("completion %s: %v", shell, err)
			}
			if !strings.Contains(out.String(), binaryName) {
				t.Errorf("the %s script never names %s", shell, binaryName)
			}
		})
	}
}

package cli

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// binaryName is the name the completion scripts register for. cobra names
// them after the first word of the root's Use; pinning it here means a Use of
// "kubectl binderhubui" could never make them replace kubectl's own completion.
const binaryName = "kubectl-binderhubui"

// completionTimeout bounds every cluster request made while the user waits
// at a prompt; a slow or unreachable cluster yields no suggestions, not a hang.
const completionTimeout = 5 * time.Second

// completionShells are the shells cobra writes scripts for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

// NewCompletionCommand builds `completion SHELL`.
func NewCompletionCommand(streams genericiooptions.IOStreams) *cobra.Command {
	var noDescriptions bool

	cmd := &cobra.Command{
		Use:   "completion SHELL",
		Short: "Print a shell completion script for the kubectl-binderhubui binary",
		Long: `completion prints a script that completes commands, flags, namespaces, release
names and check IDs when the binary is run as kubectl-binderhubui.

For "kubectl binderhubui <TAB>", kubectl 1.26 and later instead run the helper
kubectl_complete-binderhubui found on PATH (shipped next to the binary); the
script printed here is not needed for that. See docs/install.md.`,
		Example: `  # bash, for the current shell
  source <(kubectl-binderhubui completion bash)

  # zsh, installed for every new shell
  kubectl-binderhubui completion zsh > "${fpath[1]}/_kubectl-binderhubui"

  # fish
  kubectl-binderhubui completion fish > ~/.config/fish/completions/kubectl-binderhubui.fish`,
		Args:      cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		ValidArgs: completionShells,
		RunE: func(cmd *cobra.Command, args []string) error {
			return writeCompletion(cmd.Root(), streams, args[0], !noDescriptions)
		},
	}
	cmd.Flags().BoolVar(&noDescriptions, "no-descriptions", false, "leave out the description beside each suggestion")

	return cmd
}

func writeCompletion(root *cobra.Command, streams genericiooptions.IOStreams, shell string, descriptions bool) error {
	// The process ends after this command, so setting the root's Use in place
	// is safe and saves rebuilding the tree.
	root.Use = binaryName

	var err error
	switch shell {
	case "bash":
		err = root.GenBashCompletionV2(streams.Out, descriptions)
	case "zsh":
		if descriptions {
			err = root.GenZshCompletion(streams.Out)
		} else {
			err = root.GenZshCompletionNoDesc(streams.Out)
		}
	case "fish":
		err = root.GenFishCompletion(streams.Out, descriptions)
	case "powershell":
		if descriptions {
			err = root.GenPowerShellCompletionWithDesc(streams.Out)
		} else {
			err = root.GenPowerShellCompletion(streams.Out)
		}
	}
	if err != nil {
		return fmt.Errorf("writing the %s completion script: %w", shell, err)
	}
	return nil
}

// registerCompletions attaches dynamic completion to the finished command
// tree. It goes by what each command declares (a RELEASE placeholder in Use,
// a --release flag, the name explain) so that command files need no
// cluster-listing code of their own, and a completion a command sets itself
// is never replaced.
func registerCompletions(root *cobra.Command, global *GlobalOptions) {
	_ = root.RegisterFlagCompletionFunc("namespace", completeNamespaces(global))
	_ = root.RegisterFlagCompletionFunc("context", completeContexts(global))

	releases := completeReleases(global)
	walkCommands(root, func(cmd *cobra.Command) {
		if cmd.LocalFlags().Lookup("release") != nil {
			_ = cmd.RegisterFlagCompletionFunc("release", releases)
		}
		if cmd.ValidArgsFunction != nil {
			return
		}
		switch {
		case cmd.Name() == "explain":
			cmd.ValidArgsFunction = whileArgsFit(completeCheckIDs)
		case strings.Contains(cmd.Use, "RELEASE"):
			cmd.ValidArgsFunction = whileArgsFit(releases)
		}
	})
}

// whileArgsFit suggests nothing once the command's own Args rule would
// reject one more argument (explain takes one ID), as cobra does not ask it.
func whileArgsFit(complete cobra.CompletionFunc) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if cmd.Args != nil && cmd.Args(cmd, append(slices.Clone(args), toComplete)) != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return complete(cmd, args, toComplete)
	}
}

func walkCommands(cmd *cobra.Command, visit func(*cobra.Command)) {
	visit(cmd)
	for _, child := range cmd.Commands() {
		walkCommands(child, visit)
	}
}

// completeNamespaces lists the namespaces of the cluster the kubectl flags
// typed so far point at.
func completeNamespaces(global *GlobalOptions) cobra.CompletionFunc {
	return fromCluster("namespaces", func(ctx context.Context, args []string, toComplete string) ([]cobra.Completion, error) {
		names, err := listNamespaces(ctx, global)
		return withPrefix(names, toComplete), err
	})
}

// fromCluster makes a completion function of a listing that asks the
// cluster: it bounds the wait, and a failure (no kubeconfig, cluster down,
// forbidden) gives no suggestions rather than an error at the prompt.
func fromCluster(what string, list func(ctx context.Context, args []string, toComplete string) ([]cobra.Completion, error)) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
		defer cancel()

		completions, err := list(ctx, args, toComplete)
		if err != nil {
			cobra.CompDebugln("listing "+what+": "+err.Error(), false)
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return completions, cobra.ShellCompDirectiveNoFileComp
	}
}

func listNamespaces(ctx context.Context, global *GlobalOptions) ([]string, error) {
	config, err := completionConfig(global)
	if err != nil {
		return nil, err
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return nil, err
	}

	list, err := client.CoreV1().Namespaces().List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(list.Items))
	for _, ns := range list.Items {
		names = append(names, ns.Name)
	}
	sort.Strings(names)

	return names, nil
}

// completeContexts lists the contexts of the kubeconfig; it needs no cluster.
func completeContexts(global *GlobalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		raw, err := global.ConfigFlags.ToRawKubeConfigLoader().RawConfig()
		if err != nil {
			cobra.CompDebugln("reading the kubeconfig: "+err.Error(), false)
			return nil, cobra.ShellCompDirectiveNoFileComp
		}

		var completions []cobra.Completion
		for name, kubeContext := range raw.Contexts {
			if strings.HasPrefix(name, toComplete) {
				completions = append(completions, cobra.CompletionWithDesc(name, "cluster "+kubeContext.Cluster))
			}
		}
		sort.Strings(completions)

		return completions, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeReleases lists Helm release names in the namespace (every
// namespace with -A) from the release records' labels alone. It offers every
// Helm release, not only binderhub-ui ones: telling them apart means decoding
// each release, too slow for a prompt.
func completeReleases(global *GlobalOptions) cobra.CompletionFunc {
	return fromCluster("Helm releases", func(ctx context.Context, args []string, toComplete string) ([]cobra.Completion, error) {
		refs, err := listReleases(ctx, global)
		return releaseCompletions(refs, args, toComplete), err
	})
}

func listReleases(ctx context.Context, global *GlobalOptions) ([]inspect.ReleaseRef, error) {
	namespace := ""
	if !global.AllNamespaces {
		ns, _, err := global.ConfigFlags.ToRawKubeConfigLoader().Namespace()
		if err != nil {
			return nil, err
		}
		namespace = ns
	}

	config, err := completionConfig(global)
	if err != nil {
		return nil, err
	}
	reader, err := inspect.NewReader(config)
	if err != nil {
		return nil, err
	}

	return reader.FindReleases(ctx, namespace, os.Getenv("HELM_DRIVER"))
}

// releaseCompletions turns release refs into suggestions, one per name, with
// the namespaces holding that name as the description; names already on the
// command line are not offered again.
func releaseCompletions(refs []inspect.ReleaseRef, args []string, toComplete string) []cobra.Completion {
	namespaces := map[string][]string{}
	var names []string
	for _, ref := range refs {
		if slices.Contains(args, ref.Name) || !strings.HasPrefix(ref.Name, toComplete) {
			continue
		}
		if _, seen := namespaces[ref.Name]; !seen {
			names = append(names, ref.Name)
		}
		namespaces[ref.Name] = append(namespaces[ref.Name], ref.Namespace)
	}
	sort.Strings(names)

	completions := make([]cobra.Completion, 0, len(names))
	for _, name := range names {
		completions = append(completions, cobra.CompletionWithDesc(name, "namespace "+strings.Join(namespaces[name], ", ")))
	}
	return completions
}

// completeCheckIDs offers the catalogue's check IDs with their titles. When
// what is typed starts no ID (IDs are upper case, names lower case), it
// offers check names instead, so that "explain redirect<TAB>" finds a check
// by its slug.
func completeCheckIDs(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	catalogue := drift.Catalogue()

	var byID, byName []cobra.Completion
	for _, check := range catalogue {
		if slices.Contains(args, check.ID) || slices.Contains(args, check.Name) {
			continue
		}
		if strings.HasPrefix(check.ID, toComplete) {
			byID = append(byID, cobra.CompletionWithDesc(check.ID, check.Title))
		}
		if strings.HasPrefix(check.Name, toComplete) {
			byName = append(byName, cobra.CompletionWithDesc(check.Name, check.ID+": "+check.Title))
		}
	}
	if len(byID) == 0 {
		return byName, cobra.ShellCompDirectiveNoFileComp
	}

	return byID, cobra.ShellCompDirectiveNoFileComp
}

// completionConfig is the REST config of the kubectl flags typed so far, with
// each request bounded as the whole completion is.
func completionConfig(global *GlobalOptions) (*rest.Config, error) {
	config, err := global.ConfigFlags.ToRESTConfig()
	if err != nil {
		return nil, err
	}
	config.Timeout = completionTimeout
	return config, nil
}

func withPrefix(names []string, prefix string) []cobra.Completion {
	var kept []cobra.Completion
	for _, name := range names {
		if strings.HasPrefix(name, prefix) {
			kept = append(kept, name)
		}
	}
	return kept
}

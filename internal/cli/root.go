// Package cli wires the cobra commands of kubectl-binderhubui onto the
// libraries in pkg/: inspect reads, drift judges, fix repairs.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/klog/v2"

	// Registers the exec, OIDC and other auth plugins that real kubeconfigs use.
	_ "k8s.io/client-go/plugin/pkg/client/auth"
)

// StandardStreams returns the process's stdin, stdout and stderr.
func StandardStreams() genericiooptions.IOStreams {
	return genericiooptions.IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr}
}

// Main runs the command line and returns the exit code.
func Main(args []string, streams genericiooptions.IOStreams) int {
	// Helm's values coalescing reports type conflicts through the standard
	// logger and quotes the offending value, which may be a secret. Nothing
	// else this program uses logs there, so silence it.
	log.SetOutput(io.Discard)

	root := NewRootCommand(streams)
	root.SetArgs(args)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)

	err := root.Execute()
	if err != nil {
		var findings *findingsError
		if !errors.As(err, &findings) {
			fmt.Fprintf(streams.ErrOut, "Error: %v\n", err)
		}
	}

	return exitCode(err)
}

// GlobalOptions are the flags every command shares.
type GlobalOptions struct {
	ConfigFlags   *genericclioptions.ConfigFlags
	AllNamespaces bool
	Verbosity     int
}

// NewRootCommand builds the command tree.
func NewRootCommand(streams genericiooptions.IOStreams) *cobra.Command {
	global := &GlobalOptions{
		ConfigFlags: genericclioptions.NewConfigFlags(true),
	}

	cmd := &cobra.Command{
		// The binary is kubectl-binderhubui; help and errors speak of the
		// command as people type it through kubectl.
		Use:         "kubectl-binderhubui",
		Annotations: map[string]string{cobra.CommandDisplayNameAnnotation: "kubectl binderhubui"},
		Short:       "Diagnose and repair JupyterHub + BinderHub (binderhub-ui) hubs",
		Long: `kubectl binderhubui diagnoses and repairs binderhub-ui hubs: JupyterHub and
BinderHub's UI deployed together as one Helm release (chart basehub).

  doctor   read a hub (live, or offline from values files) and report findings
  fix      apply the fixes doctor proposes to a values file
  explain  print what a check is about and how to fix it
  version  print the version of this plugin and of the libraries it is built with`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			configureLogging(streams.ErrOut, global.Verbosity)
		},
	}
	cmd.CompletionOptions.HiddenDefaultCmd = true

	flags := cmd.PersistentFlags()
	global.ConfigFlags.AddFlags(flags)
	flags.BoolVarP(&global.AllNamespaces, "all-namespaces", "A", false,
		"look for hubs in every namespace")
	flags.IntVarP(&global.Verbosity, "v", "v", 0,
		"log verbosity: 1 shows what is read, 6 each API request (levels above 6 are capped: they would log response bodies)")

	cmd.AddCommand(
		NewDoctorCommand(global, streams),
		NewFixCommand(global, streams),
		NewExplainCommand(streams),
		NewVersionCommand(streams),
		NewCompletionCommand(streams),
	)
	registerCompletions(cmd, global)

	return cmd
}

// maxVerbosity is the deepest log level allowed; see configureLogging.
const maxVerbosity = 6

// configureLogging points klog at stderr at the requested verbosity. klog is
// the one logger: client-go logs through it too.
func configureLogging(errOut io.Writer, verbosity int) {
	// client-go logs request headers from level 7 and response bodies from
	// level 8; a Secret list's body holds secret values, so cap the level.
	if verbosity > maxVerbosity {
		verbosity = maxVerbosity
	}

	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("v", fmt.Sprint(verbosity))
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("alsologtostderr", "false")
	klog.SetOutput(errOut)
	klog.LogToStderr(false)
}

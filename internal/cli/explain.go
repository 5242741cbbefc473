package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
)

// ExplainOptions holds explain's argument and the check it names.
type ExplainOptions struct {
	streams genericiooptions.IOStreams

	// Name is a check's ID ("BHU305", any case) or its name ("binder-ui-on").
	Name string

	check drift.Check
}

// NewExplainCommand builds `explain ID`.
func NewExplainCommand(streams genericiooptions.IOStreams) *cobra.Command {
	o := &ExplainOptions{streams: streams}

	cmd := &cobra.Command{
		Use:   "explain ID",
		Short: "Explain a check: why it exists and how to fix a failure",
		Long: `explain prints the documentation of one check of the catalogue, named by its
ID (BHU305) or its name (binder-ui-on), as doctor and fix show them.

Exit codes: 0 the check was found, 2 no check has that ID or name (the
known checks are listed).`,
		Example: `  kubectl binderhubui explain BHU305
  kubectl binderhubui explain redirect-to-server-off`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Complete(args)
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Run()
		},
	}

	return cmd
}

// Complete takes the check's ID or name from the arguments.
func (o *ExplainOptions) Complete(args []string) {
	o.Name = strings.TrimSpace(args[0])
}

// Validate finds the check; an unknown name lists the checks there are.
func (o *ExplainOptions) Validate() error {
	check, ok := lookupCheck(o.Name)
	if !ok {
		return usageErrorf("no check has the ID or name %q; the checks are:\n%s", o.Name, checkList())
	}
	o.check = check
	return nil
}

// Run prints the check's documentation.
func (o *ExplainOptions) Run() error {
	c := o.check
	fixable := "not fixable by `kubectl binderhubui fix`"
	if c.Fixable {
		fixable = "fixable by `kubectl binderhubui fix`"
	}
	_, err := fmt.Fprintf(o.streams.Out, "%s %s: %s\nSeverity %s, family %s, %s.\n\n%s\n",
		c.ID, c.Name, c.Title, c.Severity, c.Family, fixable, strings.TrimSpace(c.Doc))
	return err
}

// lookupCheck finds a check by name, or by ID whatever its case.
func lookupCheck(name string) (drift.Check, bool) {
	if check, ok := drift.Lookup(name); ok {
		return check, true
	}
	return drift.Lookup(strings.ToUpper(name))
}

// checkList is one line per check of the catalogue: ID, name and title.
func checkList() string {
	var b strings.Builder
	for _, c := range drift.Catalogue() {
		fmt.Fprintf(&b, "  %-7s %-26s %s\n", c.ID, c.Name, c.Title)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

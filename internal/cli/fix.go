package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericiooptions"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/fix"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// errLiveFix says what fix cannot do yet. Repairing a live hub means a Helm
// upgrade with patched values; that is planned, and until it exists fix
// works on a values file only.
var errLiveFix = errors.New("fixing a live hub (through a Helm upgrade) is not available yet; " +
	"fix edits a values file: give --values-file FILE, then deploy it as you usually do")

// FixOptions holds fix's flags and what Complete derives from them.
type FixOptions struct {
	global  *GlobalOptions
	streams genericiooptions.IOStreams

	// ValuesFile is the file to edit.
	ValuesFile string
	// Values and Defaults are the layers under it; ClusterDir and HubName a
	// 2i2c cluster folder's hub; ChartDir a chart whose defaults apply.
	Values     []string
	Defaults   []string
	ClusterDir string
	HubName    string
	ChartDir   string
	DryRun     bool
	// Checks limits the fix to these checks (IDs or names).
	Checks []string

	args     []string
	checkIDs []string
	offline  inspect.OfflineOptions
	target   os.FileInfo
}

// NewFixCommand builds `fix`.
func NewFixCommand(global *GlobalOptions, streams genericiooptions.IOStreams) *cobra.Command {
	o := &FixOptions{global: global, streams: streams}

	cmd := &cobra.Command{
		Use:   "fix --values-file FILE",
		Short: "Repair a hub's values file: apply the fixes doctor proposes",
		Long: `fix runs the offline doctor on a hub's values, collects the values patches of
the fixable findings, shows them as a unified diff of --values-file, and writes
them into that file (unless --dry-run). Only the lines of the changed values
change: comments, anchors, key order and every other line stay as they were.

The hub is read as doctor reads it offline: --defaults, the hub files of
--cluster-dir (with the layer 2i2c's deployer generates), --values, and
--values-file last, since later files win in Helm's merge. When --values-file
is one of the cluster folder's or --values files, it keeps its place there, and
a value that a later file sets again cannot be fixed in it (fix says so).

A value written as an alias (*name), or one that aliases elsewhere refer to,
is not rewritten; fix names it and leaves it to you. Findings that want
conflicting values for one path stop the fix.

The diff goes to standard output, with the values of credentials (passwords,
tokens, a literal JUPYTERHUB_API_TOKEN) shown as <redacted>; notes on what
could not be fixed go to standard error. The file is replaced atomically and
keeps its mode.

Fixing a live hub through a Helm upgrade is not available yet: without
--values-file fix stops with exit code 2.

Exit codes: 0 the file needed no change or was fixed, and no failing finding
of error severity remains (with --dry-run: would remain); 1 failing findings
of error severity remain that fix cannot repair in this file (not fixable,
set again by a later file, or written as an alias); 2 the tool failed (bad
flags, unreadable files, conflicting fixes, no --values-file).`,
		Example: `  # show what would change in a 2i2c hub file
  kubectl binderhubui fix --cluster-dir config/clusters/hhmi --hub binder \
    --values-file config/clusters/hhmi/binder.values.yaml --dry-run

  # fix one check in a file layered on the chart's defaults
  kubectl binderhubui fix --defaults basehub-defaults.values.yaml \
    --values-file hub.values.yaml --check BHU305`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Complete(cmd, args); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Run()
		},
	}

	flags := cmd.Flags()
	flags.StringVar(&o.ValuesFile, "values-file", "", "the values file to fix, in place")
	flags.StringArrayVarP(&o.Values, "values", "f", nil,
		"values files under --values-file, merged in order as helm upgrade -f does (repeatable)")
	flags.StringArrayVar(&o.Defaults, "defaults", nil,
		"values files under all others, like a chart's defaults (repeatable)")
	flags.StringVar(&o.ClusterDir, "cluster-dir", "", "a 2i2c cluster folder holding cluster.yaml")
	flags.StringVar(&o.HubName, "hub", "", "the hub of --cluster-dir (or the name to report)")
	flags.StringVar(&o.ChartDir, "chart", "", "put this chart's defaults under the values files")
	flags.BoolVar(&o.DryRun, "dry-run", false, "print the diff but do not write the file")
	flags.StringArrayVar(&o.Checks, "check", nil, "fix only this check, by ID or name (repeatable)")
	_ = cmd.RegisterFlagCompletionFunc("check", completeCheckIDs)
	_ = cmd.MarkFlagFilename("values-file", "yaml", "yml")

	return cmd
}

// Complete resolves the checks and builds the offline read.
func (o *FixOptions) Complete(cmd *cobra.Command, args []string) error {
	o.args = args
	for _, name := range o.Checks {
		check, ok := lookupCheck(name)
		if !ok {
			return usageErrorf("--check: no check has the ID or name %q; the checks are:\n%s", name, checkList())
		}
		o.checkIDs = append(o.checkIDs, check.ID)
	}

	o.offline = inspect.OfflineOptions{
		DefaultsFiles: o.Defaults,
		ChartDir:      o.ChartDir,
		ClusterDir:    o.ClusterDir,
		HubName:       o.HubName,
	}
	if f := cmd.Flags().Lookup("namespace"); f != nil && f.Changed {
		o.offline.Namespace = *o.global.ConfigFlags.Namespace
	}
	return nil
}

// Validate rejects what fix cannot do.
func (o *FixOptions) Validate() error {
	if o.ValuesFile == "" || len(o.args) > 0 {
		return errLiveFix
	}
	if o.global.AllNamespaces {
		return usageErrorf("-A reads a cluster; fix works on --values-file")
	}
	info, err := os.Stat(o.ValuesFile)
	if err != nil {
		return fmt.Errorf("reading --values-file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return usageErrorf("--values-file %s is not a regular file", o.ValuesFile)
	}
	o.target = info
	return nil
}

// Run reads and judges the hub, plans, shows the diff and writes the file.
func (o *FixOptions) Run() error {
	hub, later, err := o.read()
	if err != nil {
		return err
	}
	findings := o.evaluate(hub)

	plan, err := fix.NewPlan(findings)
	if err != nil {
		return err
	}
	patches, skipped := o.applicable(plan, later)

	before, after, patches, refused, err := o.edit(patches)
	if err != nil {
		return err
	}
	skipped = append(skipped, refused...)

	if diff := fix.Diff(o.ValuesFile, before, after); diff != "" {
		fmt.Fprint(o.streams.Out, fix.RedactDiff(diff))
	}
	o.reportSkipped(skipped)

	remaining, err := o.finish(before, after, plan, patches)
	if err != nil {
		return err
	}
	return o.reportRemaining(remaining)
}

// read reads the hub with --values-file as the last layer, unless it is
// already one of the hub's files; it returns the files layered after it.
func (o *FixOptions) read() (*inspect.Hub, []inspect.ValuesFile, error) {
	opts := o.offline
	opts.ValuesFiles = append(slices.Clone(o.Values), o.ValuesFile)
	hub, err := inspect.ReadOffline(opts)
	if err != nil {
		return nil, nil, err
	}

	if len(o.positions(hub)) > 1 {
		opts.ValuesFiles = slices.Clone(o.Values)
		if hub, err = inspect.ReadOffline(opts); err != nil {
			return nil, nil, err
		}
	}
	at := o.positions(hub)
	if len(at) == 0 {
		return nil, nil, fmt.Errorf("--values-file %s is not among the values files read", o.ValuesFile)
	}
	last := at[len(at)-1]

	return hub, hub.ValuesFiles[last+1:], nil
}

// positions are where the edited file sits among the hub's values files.
func (o *FixOptions) positions(hub *inspect.Hub) []int {
	var at []int
	for i, f := range hub.ValuesFiles {
		if info, err := os.Stat(f.Path); err == nil && os.SameFile(info, o.target) {
			at = append(at, i)
		}
	}
	return at
}

// evaluate runs the selected checks (all, by default).
func (o *FixOptions) evaluate(hub *inspect.Hub) []drift.Finding {
	checks := drift.Catalogue()
	if len(o.checkIDs) > 0 {
		checks = slices.DeleteFunc(checks, func(c drift.Check) bool { return !slices.Contains(o.checkIDs, c.ID) })
	}
	return drift.Evaluate(hub, checks).Findings
}

// skippedPatch is a patch fix will not write, and why.
type skippedPatch struct {
	patch  drift.Patch
	reason string
}

// applicable drops the patches whose path a later file sets again: written
// into the edited file they would change nothing Helm renders.
func (o *FixOptions) applicable(plan *fix.Plan, later []inspect.ValuesFile) ([]drift.Patch, []skippedPatch) {
	var keep []drift.Patch
	var skipped []skippedPatch
	for _, p := range plan.Patches {
		if pos, ok := inspect.Locate(later, p.Path); ok && pos.Exact {
			skipped = append(skipped, skippedPatch{patch: p, reason: fmt.Sprintf(
				"%s:%d sets it again, after %s; fix it there", pos.File, pos.Line, o.ValuesFile)})
			continue
		}
		keep = append(keep, p)
	}
	return keep, skipped
}

// edit applies the patches to the file's text. A patch the editor refuses
// (an alias, an anchored value) is set aside with the reason, and the rest
// are applied without it.
func (o *FixOptions) edit(patches []drift.Patch) (before, after []byte, applied []drift.Patch, refused []skippedPatch, err error) {
	for {
		before, after, err = fix.ApplyToValuesFile(o.ValuesFile, patches)
		var r *fix.RefusedError
		if !errors.As(err, &r) {
			return before, after, patches, refused, err
		}
		i := slices.IndexFunc(patches, func(p drift.Patch) bool { return p.Path == r.Path })
		if i < 0 {
			return nil, nil, nil, nil, err
		}
		refused = append(refused, skippedPatch{patch: patches[i], reason: r.Error()})
		patches = slices.Delete(slices.Clone(patches), i, i+1)
	}
}

// finish writes the file (not with --dry-run) and returns the failing
// findings that remain: judged again after a write, predicted from the
// plan on a dry run.
func (o *FixOptions) finish(before, after []byte, plan *fix.Plan, applied []drift.Patch) ([]drift.Finding, error) {
	changed := string(before) != string(after)
	switch {
	case !changed:
		fmt.Fprintf(o.streams.ErrOut, "%s: nothing to change\n", o.ValuesFile)
	case o.DryRun:
		fmt.Fprintf(o.streams.ErrOut, "%s: not written (--dry-run)\n", o.ValuesFile)
	default:
		if err := fix.WriteFile(o.ValuesFile, after); err != nil {
			return nil, err
		}
		// The rename gave the path a new file; find that one from now on.
		info, err := os.Stat(o.ValuesFile)
		if err != nil {
			return nil, fmt.Errorf("reading the fixed file again: %w", err)
		}
		o.target = info
		fmt.Fprintf(o.streams.ErrOut, "%s: fixed\n", o.ValuesFile)
	}

	if !changed || o.DryRun {
		return predictRemaining(plan, applied), nil
	}
	hub, _, err := o.read()
	if err != nil {
		return nil, fmt.Errorf("reading the fixed file again: %w", err)
	}
	var remaining []drift.Finding
	for _, f := range o.evaluate(hub) {
		if f.Status == drift.StatusFail {
			remaining = append(remaining, f)
		}
	}
	return remaining, nil
}

// predictRemaining is what the plan leaves failing when only the applied
// patches are written: unfixable findings, and fixable ones that lost a
// patch.
func predictRemaining(plan *fix.Plan, applied []drift.Patch) []drift.Finding {
	remaining := slices.Clone(plan.Unfixable)
	for _, f := range plan.Fixes {
		for _, p := range f.Patches {
			if !slices.ContainsFunc(applied, func(a drift.Patch) bool { return a.Path == p.Path }) &&
				!coveredByParent(applied, p.Path) {
				remaining = append(remaining, f)
				break
			}
		}
	}
	drift.SortFindings(remaining)
	return remaining
}

// coveredByParent reports whether an applied patch sets a parent of path.
func coveredByParent(applied []drift.Patch, path string) bool {
	return slices.ContainsFunc(applied, func(a drift.Patch) bool { return strings.HasPrefix(path, a.Path+".") })
}

func (o *FixOptions) reportSkipped(skipped []skippedPatch) {
	for _, s := range skipped {
		fmt.Fprintf(o.streams.ErrOut, "not fixed: %s: %s\n", s.patch.Path, s.reason)
	}
}

// reportRemaining lists what is still failing and decides the exit code:
// findings of error severity left failing fail the run.
func (o *FixOptions) reportRemaining(remaining []drift.Finding) error {
	if len(remaining) == 0 {
		return nil
	}
	fmt.Fprintf(o.streams.ErrOut, "%d finding(s) remain that fix cannot repair in this file:\n", len(remaining))
	worst := drift.Severity("")
	for _, f := range remaining {
		writeRemaining(o.streams.ErrOut, f)
		if f.Severity.Rank() > worst.Rank() {
			worst = f.Severity
		}
	}
	if worst == drift.SeverityError {
		return &findingsError{count: len(remaining)}
	}
	return nil
}

func writeRemaining(w io.Writer, f drift.Finding) {
	where := f.Object
	if f.Path != "" {
		where += " " + f.Path
	}
	how := f.Fix
	if how == "" {
		how = "see: kubectl binderhubui explain " + f.CheckID
	}
	fmt.Fprintf(w, "  %-7s %-8s %s: %s\n", f.CheckID, f.Severity, where, how)
}

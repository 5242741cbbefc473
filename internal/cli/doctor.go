package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"k8s.io/klog/v2"

	"github.com/binderhubui/kubectl-binderhubui/pkg/drift"
	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
	"github.com/binderhubui/kubectl-binderhubui/pkg/report"
)

// Output formats doctor can write.
var doctorOutputs = []string{"table", "json", "yaml", "sarif", "markdown"}

// DoctorOptions holds doctor's flags and what Complete derives from them.
type DoctorOptions struct {
	global  *GlobalOptions
	streams genericiooptions.IOStreams

	Releases []string
	Output   string
	FailOn   string
	Strict   bool
	Timeout  time.Duration

	Offline inspect.OfflineOptions

	namespace string
	driver    string
	failOn    drift.Severity
}

// NewDoctorCommand builds `doctor`.
func NewDoctorCommand(global *GlobalOptions, streams genericiooptions.IOStreams) *cobra.Command {
	o := &DoctorOptions{global: global, streams: streams}

	cmd := &cobra.Command{
		Use:   "doctor [RELEASE...]",
		Short: "Check binderhub-ui hubs and report what is wrong",
		Long: `doctor reads binderhub-ui hubs and runs every check on them. It only reads.

Live, it finds the Helm releases of binderhub-ui hubs in the namespace (or in
every namespace with -A), reads the deployed revision's values with Helm's own
functions, and reads the hub's live objects. Offline (--values, --cluster-dir)
it judges values files alone; checks that need the cluster are reported as
not evaluated.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it
(or, with --strict, a check that could not be evaluated), 2 the tool failed
(bad flags, cluster unreachable, no hub found, an unreadable release, a
release name that matches no hub).`,
		Example: `  # every hub in the current namespace
  kubectl binderhubui doctor

  # every hub in the cluster, as JSON
  kubectl binderhubui doctor -A -o json

  # a 2i2c cluster folder, before deploying
  kubectl binderhubui doctor --cluster-dir config/clusters/hhmi --hub binder`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Complete(cmd, args); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Run(cmd.Context())
		},
	}

	flags := cmd.Flags()
	flags.StringVarP(&o.Output, "output", "o", "table", "output format: "+strings.Join(doctorOutputs, ", "))
	flags.StringVar(&o.FailOn, "fail-on", string(drift.SeverityError),
		"exit 1 when a finding is at or above this severity: error, warning, info, or none")
	flags.BoolVar(&o.Strict, "strict", false,
		"exit 1 also when a check could not be evaluated (forbidden read, offline, encrypted values)")
	flags.DurationVar(&o.Timeout, "timeout", 60*time.Second, "give up on the cluster after this long")
	flags.StringArrayVarP(&o.Offline.ValuesFiles, "values", "f", nil,
		"judge these values files offline, merged in order as helm upgrade -f does (repeatable)")
	flags.StringArrayVar(&o.Offline.DefaultsFiles, "defaults", nil,
		"offline: values files that sit under all others, like a chart's defaults (repeatable)")
	flags.StringArrayVar(&o.Offline.Set, "set", nil, "offline: set a value as helm --set does (repeatable)")
	flags.StringVar(&o.Offline.ChartDir, "chart", "", "offline: put this chart's defaults under the values files")
	flags.StringVar(&o.Offline.ClusterDir, "cluster-dir", "", "offline: a 2i2c cluster folder holding cluster.yaml")
	flags.StringVar(&o.Offline.HubName, "hub", "", "offline: the hub of --cluster-dir to judge (or the name to report)")

	// Fixed choices complete as themselves, not as file names.
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(doctorOutputs, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions(
		[]string{string(drift.SeverityError), string(drift.SeverityWarning), string(drift.SeverityInfo), "none"},
		cobra.ShellCompDirectiveNoFileComp))

	return cmd
}

// helmDriver maps HELM_DRIVER, spelled as Helm accepts it, to the driver
// inspect reads with; "" for a driver doctor cannot read (sql, memory).
func helmDriver(env string) string {
	switch env {
	case "", "secret", "secrets":
		return inspect.DriverSecret
	case "configmap", "configmaps":
		return inspect.DriverConfigMap
	}
	return ""
}

// offline says whether doctor judges values files instead of a cluster.
func (o *DoctorOptions) offline() bool {
	return len(o.Offline.ValuesFiles) > 0 || o.Offline.ClusterDir != ""
}

// Complete fills in what the flags leave implicit.
func (o *DoctorOptions) Complete(cmd *cobra.Command, args []string) error {
	o.Releases = args
	o.failOn = drift.Severity(o.FailOn)
	o.driver = helmDriver(os.Getenv("HELM_DRIVER"))

	if o.offline() {
		if cmd.Flags().Changed("namespace") {
			o.Offline.Namespace = *o.global.ConfigFlags.Namespace
		}
		return nil
	}

	if o.global.AllNamespaces {
		return nil
	}
	namespace, _, err := o.global.ConfigFlags.ToRawKubeConfigLoader().Namespace()
	if err != nil {
		return fmt.Errorf("working out the namespace from the kubeconfig: %w", err)
	}
	o.namespace = namespace

	return nil
}

// Validate rejects flag combinations that cannot work.
func (o *DoctorOptions) Validate() error {
	if !slices.Contains(doctorOutputs, o.Output) {
		return usageErrorf("--output must be one of %s, not %q", strings.Join(doctorOutputs, ", "), o.Output)
	}
	if o.FailOn != "none" && o.failOn.Rank() == 0 {
		return usageErrorf("--fail-on must be error, warning, info or none, not %q", o.FailOn)
	}
	if o.offline() && o.global.AllNamespaces {
		return usageErrorf("-A reads a cluster; it cannot be combined with --values or --cluster-dir")
	}
	if o.offline() && len(o.Releases) > 0 {
		return usageErrorf("release names select live hubs; offline, name the hub with --hub")
	}
	if !o.offline() && (len(o.Offline.Set) > 0 || o.Offline.ChartDir != "" || len(o.Offline.DefaultsFiles) > 0) {
		return usageErrorf("--set, --defaults and --chart apply to offline values: add --values or --cluster-dir")
	}
	if o.Offline.ClusterDir == "" && o.Offline.HubName != "" && len(o.Offline.ValuesFiles) == 0 {
		return usageErrorf("--hub names a hub of --cluster-dir or of --values files")
	}
	if o.driver == "" {
		return usageErrorf("HELM_DRIVER=%s is not supported: use secret or configmap", os.Getenv("HELM_DRIVER"))
	}
	return nil
}

// Run reads, judges and prints.
func (o *DoctorOptions) Run(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()

	hubs, hubErrors, err := o.read(ctx)
	if err != nil {
		return err
	}

	catalogue := drift.Catalogue()
	reports := make([]drift.Report, 0, len(hubs))
	for _, hub := range hubs {
		reports = append(reports, drift.Evaluate(hub, catalogue))
	}
	doc := report.NewDocument(reports, hubErrors)

	if err := o.print(doc, hubs); err != nil {
		return err
	}

	if len(hubErrors) > 0 {
		return unreadableError(hubErrors)
	}
	if o.FailOn != "none" && doc.WorstFailure().Rank() >= o.failOn.Rank() && doc.WorstFailure() != "" {
		return &findingsError{}
	}
	if o.Strict && doc.Summary.NotEvaluated > 0 {
		return &findingsError{}
	}
	return nil
}

// read returns the hubs to judge, live or offline.
func (o *DoctorOptions) read(ctx context.Context) ([]*inspect.Hub, []report.HubError, error) {
	if o.offline() {
		hub, err := inspect.ReadOffline(o.Offline)
		if err != nil {
			return nil, nil, err
		}
		return []*inspect.Hub{hub}, nil, nil
	}

	config, err := o.global.ConfigFlags.ToRESTConfig()
	if err != nil {
		return nil, nil, fmt.Errorf("loading the kubeconfig: %w", err)
	}
	reader, err := inspect.NewReader(config)
	if err != nil {
		return nil, nil, err
	}

	start := time.Now()
	hubs, errs, err := reader.ReadAll(ctx, o.namespace, o.driver)
	if err != nil {
		return nil, nil, explainClusterError(err, config.Host)
	}
	klog.V(1).InfoS("read the cluster", "hubs", len(hubs), "apiRequests", reader.Requests(), "elapsed", time.Since(start).Round(time.Millisecond))

	hubs, hubErrors := o.selectReleases(hubs, errs)
	if len(hubs) == 0 && len(hubErrors) == 0 {
		return nil, nil, o.noHubError()
	}

	return hubs, hubErrors, nil
}

// selectReleases keeps the hubs (and read errors) named on the command line,
// or all of them when none was named.
func (o *DoctorOptions) selectReleases(hubs []*inspect.Hub, errs map[string]error) ([]*inspect.Hub, []report.HubError) {
	wanted := func(name string) bool {
		return len(o.Releases) == 0 || slices.Contains(o.Releases, name)
	}

	var kept []*inspect.Hub
	for _, hub := range hubs {
		if wanted(hub.Name) {
			kept = append(kept, hub)
		}
	}

	var hubErrors []report.HubError
	seen := map[string]bool{}
	for _, hub := range kept {
		seen[hub.Name] = true
	}
	for key, err := range errs {
		namespace, name, _ := strings.Cut(key, "/")
		if wanted(name) {
			seen[name] = true
			hubErrors = append(hubErrors, report.HubError{Hub: name, Namespace: namespace, Error: err.Error()})
		}
	}

	// A name that matches nothing is a mistake to say out loud, even when
	// other names matched: silence would read as "that hub is fine".
	if len(kept) > 0 || len(hubErrors) > 0 {
		for _, name := range o.Releases {
			if !seen[name] {
				hubErrors = append(hubErrors, report.HubError{Hub: name, Namespace: o.namespace,
					Error: "no binderhub-ui release of this name was found"})
			}
		}
	}
	slices.SortFunc(hubErrors, func(a, b report.HubError) int {
		return strings.Compare(a.Namespace+"/"+a.Hub, b.Namespace+"/"+b.Hub)
	})

	return kept, hubErrors
}

func (o *DoctorOptions) noHubError() error {
	where := fmt.Sprintf("namespace %q", o.namespace)
	if o.global.AllNamespaces {
		where = "any namespace"
	}
	if len(o.Releases) > 0 {
		return fmt.Errorf("no binderhub-ui hub named %s found in %s", strings.Join(o.Releases, ", "), where)
	}
	hint := "; try -A or -n NAMESPACE"
	if o.global.AllNamespaces {
		hint = "; if Helm stores releases elsewhere, set HELM_DRIVER (secret or configmap)"
	}
	return fmt.Errorf("no binderhub-ui hub found in %s (Helm driver %s)%s", where, o.driver, hint)
}

// print writes the report. SARIF and Markdown need the hubs as read, not
// only the findings: offline values files give results a file and line, and
// values name the hosts in the Markdown diagram.
func (o *DoctorOptions) print(doc report.Document, hubs []*inspect.Hub) error {
	switch o.Output {
	case "json":
		return report.WriteJSON(o.streams.Out, doc)
	case "yaml":
		return report.WriteYAML(o.streams.Out, doc)
	case "sarif":
		return report.WriteSARIF(o.streams.Out, doc, report.SARIFOptions{
			Checks: drift.Catalogue(), Hubs: hubs, ToolVersion: readVersionInfo(debug.ReadBuildInfo).Version,
		})
	case "markdown":
		return report.WriteMarkdown(o.streams.Out, doc, report.MarkdownOptions{Hubs: hubs})
	default:
		return report.WriteTable(o.streams.Out, doc, report.TableOptions{Color: useColor(o.streams.Out)})
	}
}

// useColor is true only for a terminal, and never when NO_COLOR is set
// (https://no-color.org: any non-empty value).
func useColor(out any) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := out.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// unreadableError names each release that could not be read and why, for
// stderr: the report on stdout may be JSON that nobody reads at 2 a.m.
func unreadableError(hubErrors []report.HubError) error {
	lines := make([]string, 0, len(hubErrors))
	for _, e := range hubErrors {
		lines = append(lines, fmt.Sprintf("  %s/%s: %s", e.Namespace, e.Hub, e.Error))
	}
	return fmt.Errorf("%d release(s) could not be read:\n%s", len(hubErrors), strings.Join(lines, "\n"))
}

// explainClusterError adds what an on-call person needs to a failed first
// contact with the cluster.
func explainClusterError(err error, host string) error {
	switch {
	case errors.Is(err, inspect.ErrForbidden):
		return fmt.Errorf("%w\n(doctor needs to list Secrets, or ConfigMaps with HELM_DRIVER=configmap, to find Helm releases)", err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("the API server at %s did not answer in time: %w", host, err)
	default:
		return fmt.Errorf("reading the cluster at %s: %w", host, err)
	}
}

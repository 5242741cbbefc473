package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"sigs.k8s.io/yaml"
)

// Set at link time by the Makefile (-ldflags -X); see LDFLAGS there.
var (
	version = "dev"
	commit  = "unknown"
)

// Modules whose versions decide how releases are decoded and how the cluster
// is talked to; a bug report is not reproducible without them.
const (
	helmModule     = "helm.sh/helm/v4"
	clientGoModule = "k8s.io/client-go"
)

// Output formats version can write; "" is the human form.
var versionOutputs = []string{"", "json", "yaml"}

// VersionInfo is what `version` reports.
type VersionInfo struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"goVersion"`
	Platform  string `json:"platform"`
	HelmSDK   string `json:"helmSDK"`
	ClientGo  string `json:"clientGo"`
}

// VersionOptions holds version's flags.
type VersionOptions struct {
	streams genericiooptions.IOStreams
	Output  string

	// readBuildInfo is debug.ReadBuildInfo, replaced in tests.
	readBuildInfo func() (*debug.BuildInfo, bool)
}

// NewVersionCommand builds `version`.
func NewVersionCommand(streams genericiooptions.IOStreams) *cobra.Command {
	return newVersionCommand(streams, debug.ReadBuildInfo)
}

func newVersionCommand(streams genericiooptions.IOStreams, read func() (*debug.BuildInfo, bool)) *cobra.Command {
	o := &VersionOptions{streams: streams, readBuildInfo: read}

	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version of this plugin and of the libraries it is built with",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.Validate(); err != nil {
				return err
			}
			return o.Run()
		},
	}

	cmd.Flags().StringVarP(&o.Output, "output", "o", "", "output format: json or yaml (default: text)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(
		[]string{"json", "yaml"}, cobra.ShellCompDirectiveNoFileComp))

	return cmd
}

// Validate rejects an unknown output format.
func (o *VersionOptions) Validate() error {
	if !slices.Contains(versionOutputs, o.Output) {
		return usageErrorf("--output must be json or yaml, not %q", o.Output)
	}
	return nil
}

// Run prints the version in the chosen format.
func (o *VersionOptions) Run() error {
	info := readVersionInfo(o.readBuildInfo)

	switch o.Output {
	case "json":
		enc := json.NewEncoder(o.streams.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(info); err != nil {
			return fmt.Errorf("encoding the version as JSON: %w", err)
		}
		return nil
	case "yaml":
		out, err := yaml.Marshal(info)
		if err != nil {
			return fmt.Errorf("encoding the version as YAML: %w", err)
		}
		_, err = o.streams.Out.Write(out)
		return err
	default:
		return writeVersionText(o.streams.Out, info)
	}
}

func writeVersionText(w io.Writer, info VersionInfo) error {
	_, err := fmt.Fprintf(w, `kubectl-binderhubui %s
  commit:     %s
  go:         %s
  platform:   %s
  helm sdk:   %s
  client-go:  %s
`, info.Version, info.Commit, info.GoVersion, info.Platform, info.HelmSDK, info.ClientGo)
	return err
}

// readVersionInfo combines the link-time variables with the build info that
// the Go toolchain embeds in every module-aware binary.
func readVersionInfo(read func() (*debug.BuildInfo, bool)) VersionInfo {
	info := VersionInfo{
		Version:   version,
		Commit:    commit,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
		HelmSDK:   "unknown",
		ClientGo:  "unknown",
	}

	build, ok := read()
	if !ok {
		return info
	}
	if build.GoVersion != "" {
		info.GoVersion = build.GoVersion
	}
	// `go install …@v1.2.3` sets no -ldflags but does record the module
	// version, so a binary installed that way still knows what it is.
	if info.Version == "dev" && build.Main.Version != "" && build.Main.Version != "(devel)" {
		info.Version = build.Main.Version
	}
	if info.Commit == "unknown" {
		info.Commit = buildSetting(build, "vcs.revision", "unknown")
	}
	info.HelmSDK = moduleVersion(build, helmModule)
	info.ClientGo = moduleVersion(build, clientGoModule)

	return info
}

// moduleVersion is the version of a dependency as linked, following a
// replace directive, since the replacement is what actually runs.
func moduleVersion(build *debug.BuildInfo, path string) string {
	for _, dep := range build.Deps {
		if dep.Path != path {
			continue
		}
		if dep.Replace == nil {
			return dep.Version
		}
		if dep.Replace.Version != "" {
			return dep.Replace.Version
		}
		return "replaced by " + dep.Replace.Path
	}
	return "not linked"
}

func buildSetting(build *debug.BuildInfo, key, fallback string) string {
	for _, s := range build.Settings {
		if s.Key == key && strings.TrimSpace(s.Value) != "" {
			return s.Value
		}
	}
	return fallback
}

package cli

import (
	"bytes"
	"encoding/json"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"k8s.io/cli-runtime/pkg/genericiooptions"
	"sigs.k8s.io/yaml"
)

// fakeBuild is build info as `go build` embeds it for a binary linking Helm
// and client-go, with client-go replaced as a fork would be.
func fakeBuild() (*debug.BuildInfo, bool) {
	return &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/binderhubui/kubectl-binderhubui", Version: "(devel)"},
		Deps: []*debug.Module{
			{Path: "helm.sh/helm/v4", Version: "v4.3.2"},
			{Path: "k8s.io/client-go", Version: "v0.37.2", Replace: &debug.Module{Path: "example.com/client-go", Version: "v0.37.3"}},
			{Path: "k8s.io/api", Version: "v0.37.2"},
		},
	}, true
}

func TestReadVersionInfo(t *testing.T) {
	platform := runtime.GOOS + "/" + runtime.GOARCH

	tests := []struct {
		name    string
		version string
		commit  string
		read    func() (*debug.BuildInfo, bool)
		want    VersionInfo
	}{
		{
			name:    "linked with -ldflags",
			version: "v0.3.0",
			commit:  "abc1234",
			read:    fakeBuild,
			want: VersionInfo{Version: "v0.3.0", Commit: "abc1234", GoVersion: "go1.26.8",
				Platform: platform, HelmSDK: "v4.3.2", ClientGo: "v0.37.3"},
		},
		{
			name:    "go install of a tagged module",
			version: "dev",
			commit:  "unknown",
			read: func() (*debug.BuildInfo, bool) {
				return &debug.BuildInfo{
					GoVersion: "go1.26.8",
					Main:      debug.Module{Version: "v0.4.0"},
					Settings:  []debug.BuildSetting{{Key: "vcs.revision", Value: "def5678"}},
				}, true
			},
			want: VersionInfo{Version: "v0.4.0", Commit: "def5678", GoVersion: "go1.26.8",
				Platform: platform, HelmSDK: "not linked", ClientGo: "not linked"},
		},
		{
			name:    "no build info",
			version: "dev",
			commit:  "unknown",
			read:    func() (*debug.BuildInfo, bool) { return nil, false },
			want: VersionInfo{Version: "dev", Commit: "unknown", GoVersion: runtime.Version(),
				Platform: platform, HelmSDK: "unknown", ClientGo: "unknown"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setLinkVars(t, tt.version, tt.commit)
			got := readVersionInfo(tt.read)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("readVersionInfo() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVersionCommandOutputs(t *testing.T) {
	setLinkVars(t, "v0.3.0", "abc1234")
	want := VersionInfo{Version: "v0.3.0", Commit: "abc1234", GoVersion: "go1.26.8",
		Platform: runtime.GOOS + "/" + runtime.GOARCH, HelmSDK: "v4.3.2", ClientGo: "v0.37.3"}

	decoders := map[string]func([]byte, any) error{
		"json": json.Unmarshal,
		"yaml": func(b []byte, v any) error { return yaml.UnmarshalStrict(b, v) },
	}
	for format, decode := range decoders {
		t.Run(format, func(t *testing.T) {
			out, err := runVersion(t, "-o", format)
			if err != nil {
				t.Fatalf("version -o %s: %v", format, err)
			}
			var got VersionInfo
			if err := decode([]byte(out), &got); err != nil {
				t.Fatalf("decoding %s output %q: %v", format, out, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("version -o %s mismatch (-want +got):\n%s", format, diff)
			}
		})
	}

	t.Run("text", func(t *testing.T) {
		out, err := runVersion(t)
		if err != nil {
			t.Fatalf("version: %v", err)
		}
		for _, line := range []string{"kubectl-binderhubui v0.3.0", "commit:     abc1234",
			"helm sdk:   v4.3.2", "client-go:  v0.37.3"} {
			if !strings.Contains(out, line) {
				t.Errorf("version output lacks %q:\n%s", line, out)
			}
		}
	})
}

func TestVersionCommandRejectsUnknownOutput(t *testing.T) {
	_, err := runVersion(t, "-o", "table")
	if err == nil || exitCode(err) != ExitToolError {
		t.Fatalf("version -o table: got error %v, want a usage error", err)
	}
}

func runVersion(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	// The fake build info keeps the test independent of how the test binary
	// was built.
	cmd := newVersionCommand(genericiooptions.IOStreams{Out: &out, ErrOut: &out}, fakeBuild)
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	err := cmd.Execute()
	return out.String(), err
}

func setLinkVars(t *testing.T, v, c string) {
	t.Helper()
	oldVersion, oldCommit := version, commit
	version, commit = v, c
	t.Cleanup(func() { version, commit = oldVersion, oldCommit })
}

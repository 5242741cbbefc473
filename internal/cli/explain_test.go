package cli

import (
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		name, arg string
	}{
		{"by ID", "BHU305"},
		{"by ID in lower case", "bhu305"},
		{"by name", "binder-ui-on"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI("explain", tt.arg)
		if code != ExitOK {
			t.Errorf("%s: exit %d: %s", tt.name, code, errOut)
			continue
		}
		if !strings.HasPrefix(out, "BHU305 binder-ui-on: ") || !strings.Contains(out, "enable_api_only_mode") {
			t.Errorf("%s: output does not explain BHU305:\n%s", tt.name, out)
		}
	}
}

func TestExplainUnknown(t *testing.T) {
	code, out, errOut := runCLI("explain", "BHU000")
	if code != ExitToolError {
		t.Errorf("exit %d, want %d", code, ExitToolError)
	}
	if out != "" || !strings.Contains(errOut, `no check has the ID or name "BHU000"`) ||
		!strings.Contains(errOut, "BHU305") || !strings.Contains(errOut, "redirect-to-server-off") {
		t.Errorf("an unknown ID should list the checks on stderr; got stdout %q, stderr:\n%s", out, errOut)
	}

	if code, _, _ := runCLI("explain"); code != ExitToolError {
		t.Errorf("explain without an ID: exit %d, want %d", code, ExitToolError)
	}
}

func TestDoctorMarkdownAndSARIF(t *testing.T) {
	h := copyHub(t)
	h.inject(t, "enable_api_only_mode: false", "enable_api_only_mode: true")

	code, out, errOut := runCLI(append([]string{"doctor", "-o", "markdown"}, h.offlineArgs()...)...)
	if code != ExitFindings {
		t.Fatalf("doctor -o markdown: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"```mermaid\nflowchart LR", `binder["binder.hhmi.2i2c.cloud<br/>`,
		`user -.->|"builds and launches<br/>FAIL BHU305"| binder`, "| error | BHU305 binder-ui-on |"} {
		if !strings.Contains(out, want) {
			t.Errorf("the Markdown report lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = runCLI(append([]string{"doctor", "-o", "sarif"}, h.offlineArgs()...)...)
	if code != ExitFindings || !strings.Contains(out, `"version": "2.1.0"`) || !strings.Contains(out, `"ruleId": "BHU305"`) {
		t.Errorf("doctor -o sarif: exit %d, output:\n%s", code, out)
	}
}

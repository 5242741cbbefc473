package drift

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func TestRedactURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://u:pw@hub.example.org/hub/api", "https://u:REDACTED@hub.example.org/hub/api"},
		{`"https://u:pw@hub.example.org/"`, `"https://u:REDACTED@hub.example.org/"`},
		{"from https://u:pw@a.org and http://v:pw2@b.org:8081/x", "from https://u:REDACTED@a.org and http://v:REDACTED@b.org:8081/x"},
		// net/url rejects these; the password still goes.
		{"https://u:p#w@hub.example.org/", "https://u:REDACTED@hub.example.org/"},
		{"https://u:p?w@hub.example.org/", "https://u:REDACTED@hub.example.org/"},
		{"https://u:p@ss@hub.example.org/", "https://u:REDACTED@hub.example.org/"},
		// Nothing to hide.
		{"https://hub.example.org/hub/api", "https://hub.example.org/hub/api"},
		{"https://token@github.com/org/repo", "https://token@github.com/org/repo"},
		{"http://binderhub:8090", "http://binderhub:8090"},
		{"https://hub.example.org/@user:name", "https://hub.example.org/@user:name"},
		{"access:services!service=binder", "access:services!service=binder"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := RedactURLs(tt.in); got != tt.want {
			t.Errorf("RedactURLs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNoURLPasswordInFindings plants a password in every URL the checks
// describe and expects it in no finding, offline and live, with the rest of
// the URL still shown.
func TestNoURLPasswordInFindings(t *testing.T) {
	const password = "PLANTEDurlPASSWORD"
	withPassword := func(host, path string) string { return "https://robot:" + password + "@" + host + path }
	plant := func(h *inspect.Hub) {
		setEnv(h, envAPIURL, envValue(envAPIURL, withPassword("hub.other.org", "/hub/api")))
		setEnv(h, envBaseURL, envValue(envBaseURL, withPassword("hub.other.org", "/")))
		setEnv(h, envCallbackURL, envValue(envCallbackURL, withPassword("binder.other.org", "/oauth_callback")))
		setValue(h, pathHubURL, withPassword("hub.other.org", ""))
		setValue(h, pathBadgeURL, withPassword("binder.other.org", ""))
		setValue(h, pathRedirectURI, withPassword("binder.other.org", "/oauth_callback"))
		setValue(h, pathBinderService+".url", "http://robot:"+password+"@binderhub:9999")
	}

	for _, live := range []bool{false, true} {
		hub := healthyHub(t, live)
		plant(hub)
		if live {
			env := healthyLiveEnv()
			env[4].Value = withPassword("hub.other.org", "/hub/api")
			env[5].Value = withPassword("hub.other.org", "/")
			env[6].Value = withPassword("binder.other.org", "/oauth_callback")
			hub.Objects.Deployments["binderhub"] = binderDeploymentWith(env)
		}

		redacted := map[string]string{}
		for _, f := range Evaluate(hub, Catalogue()).Findings {
			text := strings.Join([]string{f.Expected, f.Found, f.Reason, f.Fix}, "\n")
			if strings.Contains(text, password) {
				t.Errorf("live=%v: %s shows a URL's password: %q", live, f.CheckID, text)
			}
			if strings.Contains(text, "robot:REDACTED@") {
				redacted[f.CheckID] = "redacted"
			}
		}

		want := map[string]string{"BHU209": "redacted", "BHU306": "redacted", "BHU307": "redacted",
			"BHU403": "redacted", "BHU404": "redacted", "BHU405": "redacted"}
		if live {
			want["BHU504"] = "redacted"
		}
		if diff := cmp.Diff(want, redacted); diff != "" {
			t.Errorf("live=%v: checks showing the redacted URL (-want +got):\n%s", live, diff)
		}
	}
}

// TestDescribeRedactsURLs covers the helpers that render values.
func TestDescribeRedactsURLs(t *testing.T) {
	url := "https://u:pw@host.example.org/x"
	want := "https://u:REDACTED@host.example.org/x"
	got := []string{
		describe(url),
		describe([]any{url}),
		describeEnv(EnvVar{Name: envBaseURL, Value: url}, false),
	}
	if diff := cmp.Diff([]string{`"` + want + `"`, "[" + want + "]", `"` + want + `"`}, got); diff != "" {
		t.Errorf("described (-want +got):\n%s", diff)
	}
}

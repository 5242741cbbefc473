package drift

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// The variables binder needs to talk to the hub.
const (
	envAPIToken    = "JUPYTERHUB_API_TOKEN"
	envClientID    = "JUPYTERHUB_CLIENT_ID"
	envAPIURL      = "JUPYTERHUB_API_URL"
	envBaseURL     = "JUPYTERHUB_BASE_URL"
	envCallbackURL = "JUPYTERHUB_OAUTH_CALLBACK_URL"

	binderTokenKey = "hub.services.binder.apiToken"
	hubAPIPort     = "8081"
)

// envWant is what one variable should hold on this hub.
type envWant struct {
	expected string
	// entry is the extraEnv entry a fix writes; nil when the right value is
	// not known.
	entry map[string]any
	// unknown says why the right value is not known. A found value that ok
	// rejects is then not evaluated rather than failed.
	unknown string
	ok      func(v EnvVar) bool
}

// envRule judges one variable.
type envRule struct {
	name string
	// secret marks a variable whose literal value must never be shown.
	secret  bool
	applies func(c *Context) bool
	want    func(c *Context, found *EnvVar) envWant
}

// envRules are the variables the env checks judge, in catalogue order.
func envRules() []envRule {
	return []envRule{
		{name: envAPIToken, secret: true, want: wantAPIToken},
		{name: envClientID, want: wantClientID},
		{name: envAPIURL, want: wantAPIURL},
		{name: envBaseURL, want: wantBaseURL},
		{name: envCallbackURL, applies: (*Context).BinderAuth, want: wantCallbackURL},
	}
}

func envRuleFor(name string) envRule {
	for _, rule := range envRules() {
		if rule.name == name {
			return rule
		}
	}
	panic("drift: no env rule for " + name)
}

func wantAPIToken(c *Context, _ *EnvVar) envWant {
	secret := c.HubObjectName()
	return envWant{
		expected: fmt.Sprintf("from Secret %q key %q", secret, binderTokenKey),
		entry: map[string]any{"name": envAPIToken, "valueFrom": map[string]any{
			"secretKeyRef": map[string]any{"name": secret, "key": binderTokenKey},
		}},
		ok: func(v EnvVar) bool { return v.SecretName == secret && v.SecretKey == binderTokenKey },
	}
}

func wantClientID(c *Context, _ *EnvVar) envWant {
	id := c.BinderClientID()
	return envWant{
		expected: describe(id) + ", the binder service's oauth_client_id",
		entry:    map[string]any{"name": envClientID, "value": id},
		ok:       func(v EnvVar) bool { return !v.FromRef && v.Value == id },
	}
}

func wantAPIURL(c *Context, found *EnvVar) envWant {
	namespace := c.Namespace()
	if namespace == "" {
		namespace = "<namespace>"
	}
	inCluster := fmt.Sprintf("http://%s.%s.svc.cluster.local:%s/hub/api", c.HubObjectName(), namespace, hubAPIPort)
	public := ""
	if host := c.HubHost(); host != "" {
		public = "https://" + host + "/hub/api"
	}
	// A fix writes the in-cluster URL only when the namespace is known, so
	// that it never names a guessed namespace.
	value := public
	if c.Namespace() != "" && (public == "" || (found != nil && strings.HasPrefix(found.Value, "http://"))) {
		value = inCluster
	}
	w := envWant{
		expected: describe(inCluster) + " or " + describe(orPlaceholder(public, "https://<hub host>/hub/api")),
		entry:    map[string]any{"name": envAPIURL, "value": value},
		ok: func(v EnvVar) bool {
			return !v.FromRef && ((public != "" && sameURL(v.Value, public)) || c.isInClusterHubAPI(v.Value))
		},
	}
	// Without the hub's host only an in-cluster URL can be judged.
	if public == "" && found != nil && !strings.HasPrefix(found.Value, "http://") {
		w.unknown = "the hub's host is unknown, so a public API URL cannot be judged"
	}
	return w
}

// isInClusterHubAPI reports whether raw is this hub's API through its
// Service, by any in-cluster name of the Service in the hub's namespace.
func (c *Context) isInClusterHubAPI(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "http" || u.Port() != hubAPIPort {
		return false
	}
	if strings.TrimRight(u.Path, "/") != "/hub/api" {
		return false
	}
	svc, ns := c.HubObjectName(), c.Namespace()
	host := strings.ToLower(u.Hostname())
	if ns == "" {
		// The namespace is unknown offline without --hub, -n or a cluster
		// folder: any namespace's hub Service is accepted rather than judged
		// against a guess.
		first, rest, _ := strings.Cut(host, ".")
		namespace, suffix, _ := strings.Cut(rest, ".")
		return first == svc && (rest == "" || (namespace != "" && (suffix == "" || suffix == "svc" || suffix == "svc.cluster.local")))
	}
	names := []string{svc, svc + "." + ns, svc + "." + ns + ".svc", svc + "." + ns + ".svc.cluster.local"}
	return slices.Contains(names, host)
}

func wantBaseURL(c *Context, _ *EnvVar) envWant {
	want := ""
	if host := c.HubHost(); host != "" {
		want = "https://" + host + "/"
	}
	return urlWant(envBaseURL, want, "https://<hub host>/", "the hub's host is unknown")
}

func wantCallbackURL(c *Context, _ *EnvVar) envWant {
	return urlWant(envCallbackURL, c.BinderCallbackURL(),
		"https://<binder host>/oauth_callback", "binder's callback URL is unknown: neither the binder service's oauth_redirect_uri nor binder's host is set")
}

// urlWant wants the URL want ("" when unknown, then placeholder describes it).
func urlWant(name, want, placeholder, unknown string) envWant {
	if want == "" {
		return envWant{expected: placeholder, unknown: unknown, ok: func(EnvVar) bool { return false }}
	}
	return envWant{
		expected: describe(want),
		entry:    map[string]any{"name": name, "value": want},
		ok:       func(v EnvVar) bool { return !v.FromRef && sameURL(v.Value, want) },
	}
}

// orPlaceholder is value, or placeholder when value is "".
func orPlaceholder(value, placeholder string) string {
	if value == "" {
		return placeholder
	}
	return value
}

// judgeEnv runs one env rule over the environment BinderEnv returns.
func judgeEnv(name string) func(c *Context) []Result {
	rule := envRuleFor(name)
	return func(c *Context) []Result {
		// Unreadable comes first, before whether the rule applies: a check
		// whose input could not be read is never counted as passed.
		env, unreadable := c.BinderEnv()
		if unreadable != "" {
			return NotEvaluated(env.Object, env.PathOf(rule.name, nil), unreadable)
		}
		if rule.applies != nil && !rule.applies(c) {
			return nil
		}
		v := env.Find(rule.name)
		w := rule.want(c, v)
		if v != nil && w.ok(*v) {
			return nil
		}
		if v != nil && w.unknown != "" {
			return NotEvaluated(env.Object, env.PathOf(rule.name, v), w.unknown)
		}
		r := Result{Status: StatusFail, Object: env.Object, Path: env.PathOf(rule.name, v), Expected: w.expected, Found: "missing"}
		if v != nil {
			r.Found = describeEnv(*v, rule.secret)
		}
		r.Fix, r.Patches = envFix(c, rule, env.Live)
		return []Result{r}
	}
}

// describeEnv shows where a variable's value comes from, hiding secrets.
func describeEnv(v EnvVar, secret bool) string {
	switch {
	case v.SecretName != "":
		return fmt.Sprintf("from Secret %q key %q", v.SecretName, v.SecretKey)
	case v.FromRef:
		return "from a valueFrom source other than a Secret key"
	case secret:
		return fmt.Sprintf("a literal value of %d characters", len(v.Value))
	}
	return describe(v.Value)
}

// envFix proposes the corrected extraEnv when it sets rule's variable right.
func envFix(c *Context, rule envRule, live bool) (string, []Patch) {
	fixed, changed := correctedExtraEnv(c)
	after := findEnv(parseEnvList(fixed, c.resolveHubFullname), rule.name)
	if after != nil && rule.want(c, after).ok(*after) {
		if !changed {
			return "the values already set " + rule.name + " right; the running Deployment differs: upgrade the release", nil
		}
		return "replace " + pathExtraEnv + " with the corrected list (Helm replaces lists whole)",
			[]Patch{{Path: pathExtraEnv, Value: fixed}}
	}
	if live {
		return "set " + rule.name + " in " + pathExtraEnv + " and upgrade the release", nil
	}
	return "set " + rule.name + " in " + pathExtraEnv, nil
}

// correctedExtraEnv is binderhub-service.extraEnv with every variable the env
// checks can correct set right, in place, and missing ones appended. All env
// checks propose this same list, so applying any of their patches, or all,
// gives one result.
func correctedExtraEnv(c *Context) ([]any, bool) {
	list := slices.Clone(c.extraEnvList())
	vars := c.valuesEnv()
	changed := false
	for _, rule := range envRules() {
		if rule.applies != nil && !rule.applies(c) {
			continue
		}
		found := findEnv(vars, rule.name)
		w := rule.want(c, found)
		switch {
		case w.entry == nil:
		case found == nil:
			list = append(list, w.entry)
			changed = true
		case !w.ok(*found):
			list[found.Index] = w.entry
			changed = true
		}
	}
	if list == nil {
		list = []any{}
	}
	return list, changed
}

func envCheck(id, name, variable, title, doc string) Check {
	return Check{
		ID:       id,
		Name:     name,
		Title:    title,
		Severity: SeverityError,
		Family:   familyEnv,
		Fixable:  true,
		Doc: doc + "\n\nThe check judges the `binderhub` container of the live Deployment " +
			"`binderhub` when it was read (what runs, after the chart's `tpl`), else " +
			"`binderhub-service.extraEnv`: offline, or when the Deployment or its container " +
			"is missing (BHU505 reports that). When Deployments could not be read " +
			"(forbidden), the check is not evaluated. The patch always targets the values: it " +
			"replaces the whole `extraEnv` list, because Helm replaces lists, with every " +
			"variable the env checks know how to correct; all env checks propose the " +
			"same list.",
		Run: judgeEnv(variable),
	}
}

func checkEnvAPIToken() Check {
	return envCheck("BHU401", "env-api-token", envAPIToken,
		"Binder reads its hub API token from the hub Secret",
		"Binder authenticates to the hub's API with the `binder` service's token, which "+
			"the jupyterhub chart writes into Secret `hub` under key "+
			"`hub.services.binder.apiToken`. `JUPYTERHUB_API_TOKEN` must take it from there "+
			"(`valueFrom.secretKeyRef`); a literal token in values goes stale when the "+
			"chart rotates it. 2i2c's templated name `{{ include \"jupyterhub.hub.fullname\" . }}` "+
			"renders as `hub`.\n\n"+
			"**Fix:** set the variable from Secret `hub`, key `hub.services.binder.apiToken`.")
}

func checkEnvClientID() Check {
	return envCheck("BHU402", "env-client-id", envClientID,
		"Binder uses the binder service's OAuth client",
		"`JUPYTERHUB_CLIENT_ID` names the OAuth client binder logs users in with. It must "+
			"equal the binder service's `oauth_client_id` (`service-binder` by default), or "+
			"the hub rejects binder's logins as coming from an unknown client.\n\n"+
			"**Fix:** set `JUPYTERHUB_CLIENT_ID` to the service's `oauth_client_id`.")
}

func checkEnvAPIURL() Check {
	return envCheck("BHU403", "env-api-url", envAPIURL,
		"Binder calls this hub's API",
		"`JUPYTERHUB_API_URL` is where binder calls the hub's REST API. It must reach this "+
			"release's hub: the public `https://<hub host>/hub/api` or, as 2i2c's hubs do, "+
			"the in-cluster `http://hub.<namespace>.svc.cluster.local:8081/hub/api` (shorter "+
			"in-cluster names of the same Service pass too). A URL copied from another hub "+
			"points binder at the wrong hub. A public URL cannot be judged when the hub's "+
			"host is unknown.\n\n"+
			"**Fix:** set `JUPYTERHUB_API_URL` to one of those URLs.")
}

func checkEnvBaseURL() Check {
	return envCheck("BHU404", "env-base-url", envBaseURL,
		"Binder redirects logins to this hub",
		"`JUPYTERHUB_BASE_URL` is the hub's public URL, `https://<hub host>/`. Without it the "+
			"OAuth redirect to `/hub/api/oauth2/authorize` is appended to binder's own URL "+
			"instead of the hub's, and logging in to binder fails. A missing trailing slash "+
			"is tolerated.\n\n"+
			"**Fix:** set `JUPYTERHUB_BASE_URL` to `https://<hub host>/`.")
}

func checkEnvCallbackURL() Check {
	return envCheck("BHU405", "env-oauth-callback-url", envCallbackURL,
		"Binder's OAuth callback is the one the hub expects",
		"When binder authenticates (`BinderHub.auth_enabled: true`), "+
			"`JUPYTERHUB_OAUTH_CALLBACK_URL` is the callback binder registers and serves. It "+
			"must equal the binder service's `oauth_redirect_uri`, or the hub refuses the "+
			"login with a redirect_uri mismatch. Both must be "+
			"`https://<binder host>/oauth_callback` (BHU209 judges the service's side); only "+
			"when binder's host is unknown is the variable compared with whatever "+
			"`oauth_redirect_uri` says.\n\n"+
			"**Fix:** set `JUPYTERHUB_OAUTH_CALLBACK_URL` to `https://<binder host>/oauth_callback`.")
}

func checkEnvTokenSecret() Check {
	return Check{
		ID:       "BHU406",
		Name:     "env-api-token-secret",
		Title:    "The Secret key binder's token comes from exists",
		Severity: SeverityError,
		Family:   familyEnv,
		Live:     true,
		Doc: "A `secretKeyRef` to a missing Secret or key keeps the binderhub pod in " +
			"`CreateContainerConfigError`. The key `hub.services.binder.apiToken` exists in " +
			"Secret `hub` only while the hub declares the `binder` service. Live only: " +
			"offline, or when Secrets or Deployments could not be read, the check is not " +
			"evaluated.\n\n" +
			"**Fix:** declare the binder service (BHU207) and upgrade the release, or point " +
			"`JUPYTERHUB_API_TOKEN` at the Secret and key the chart writes.",
		Run: func(c *Context) []Result {
			env, unreadable := c.BinderEnv()
			if unreadable != "" {
				return NotEvaluated(env.Object, env.PathOf(envAPIToken, nil), unreadable)
			}
			v := env.Find(envAPIToken)
			if v == nil || v.SecretName == "" {
				return nil
			}
			return judgeTokenSecret(c, v.SecretName, v.SecretKey)
		},
	}
}

// judgeTokenSecret fails when the Secret and key binder's token comes from
// are missing, with a hint that fits why: the chart writes Secret hub and
// the key only while the values declare the binder service.
func judgeTokenSecret(c *Context, name, key string) []Result {
	chartWrites := name == c.HubObjectName() && key == binderTokenKey
	_, declared := c.Map(pathBinderService)
	fixes := secretFixes{
		missing: recreateFix("Secret/" + name),
		key:     "upgrade the release (helm upgrade with the same values) so the chart writes key " + key + " into Secret/" + name,
	}
	switch {
	case !chartWrites:
		point := fmt.Sprintf("point %s at Secret %q key %q, which the chart writes", envAPIToken, c.HubObjectName(), binderTokenKey)
		fixes = secretFixes{missing: point, key: point}
	case !declared:
		fixes.key = "declare the binder service (BHU207) and upgrade the release"
	}
	return secretKeyExists(c, name, key, fixes)
}

// secretFixes are the hints of secretKeyExists: for a missing Secret, and
// for a missing or empty key.
type secretFixes struct {
	missing, key string
}

// secretKeyExists fails when the live Secret name or its key is missing or
// empty; it reports key names and sizes, never values.
func secretKeyExists(c *Context, name, key string, fixes secretFixes) []Result {
	object := "Secret/" + name
	if reason := c.Unreadable(kindSecret); reason != "" {
		return NotEvaluated(object, key, reason)
	}
	secret := c.Secret(name)
	if secret == nil {
		return []Result{liveFail(object, "", "a Secret", "missing", fixes.missing)}
	}
	data, ok := secret.Data[key]
	if !ok {
		return []Result{liveFail(object, key, "key "+key, fmt.Sprintf("no such key (the Secret has %d keys)", len(secret.Data)), fixes.key)}
	}
	if len(data) == 0 {
		return []Result{liveFail(object, key, "a non-empty value", "empty", fixes.key)}
	}
	return nil
}

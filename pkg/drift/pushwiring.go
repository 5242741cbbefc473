package drift

import (
	"regexp"
	"sort"
	"strings"
)

const (
	pathExtraConfig      = pathBinder + ".extraConfig"
	pathBuildPushSecret  = pathBinder + ".config.KubernetesBuildExecutor.push_secret"
	runbookPushSecretKey = "01-binderhub-service-set-push-secret"
	pathChartPushSnippet = pathExtraConfig + ".binderhub-service-01-build-pods-docker-config"
	pushSecretFromEnv    = "import os\nc.KubernetesBuildExecutor.push_secret = os.environ[\"" + envPushSecret + "\"]\n"
)

// pushSecretAssignment matches a Python line of an extraConfig snippet that
// sets the build pods' push secret, and captures its right-hand side.
var pushSecretAssignment = regexp.MustCompile(`(?m)^\s*c\.KubernetesBuildExecutor\.push_secret\s*=\s*(.+?)\s*$`)

func checkPushSecretWiring() Check {
	return Check{
		ID:       "BHU608",
		Name:     "push-secret-wiring",
		Title:    "BinderHub gives build pods the push secret the chart writes",
		Severity: SeverityError,
		Family:   familyRegistry,
		Doc: "The chart writes the push credentials to the Secret it names in the binderhub " +
			"Deployment's `PUSH_SECRET_NAME` (`build-pods-docker-config`). BinderHub mounts " +
			"`KubernetesBuildExecutor.push_secret` into each build pod, and BinderHub's own " +
			"default is another name, so an `extraConfig` snippet must set it from " +
			"`os.environ[\"PUSH_SECRET_NAME\"]` (the chart's default snippet does; the runbook " +
			"adds `01-binderhub-service-set-push-secret` for the same reason). Snippets run " +
			"in key order, so the last one that sets `push_secret` wins; a literal name " +
			"other than the pushed Secret's, or no snippet at all, leaves build pods " +
			"without credentials and every push fails. Offline, when the values given do " +
			"not include the chart's default snippet (`binderhub-service-01-build-pods-docker-config`), " +
			"the check is not evaluated: pass `--chart`. A literal name is judged against " +
			"the live Deployment's `PUSH_SECRET_NAME`, so it is not evaluated when " +
			"Deployments could not be read.\n\n" +
			"**Fix:** add the runbook's snippet: `binderhub-service.extraConfig." +
			runbookPushSecretKey + "` = `import os` / " +
			"`c.KubernetesBuildExecutor.push_secret = os.environ[\"PUSH_SECRET_NAME\"]`.",
		Fixable: true,
		Run:     judgePushSecretWiring,
	}
}

func judgePushSecretWiring(c *Context) []Result {
	// A literal in config wins over nothing, but extraConfig runs after the
	// config sections and overrides it.
	setBy, rhs := lastPushSecretAssignment(c)
	if setBy == "" {
		if literal, ok := c.String(pathBuildPushSecret); ok {
			setBy, rhs = pathBuildPushSecret, `"`+literal+`"`
		}
	}
	if strings.Contains(rhs, envPushSecret) {
		return nil
	}

	// The chart's default snippet sets push_secret from the environment.
	// Offline values without the chart's defaults lack it, and it would run
	// after any snippet that sorts before it: only a later one is judged.
	if reason := c.defaultsMissing(pathChartPushSnippet); reason != "" && !runsAfterChartSnippet(setBy) {
		return NotEvaluated(ObjectValues, pathExtraConfig, reason)
	}
	if setBy == "" {
		return []Result{wiringFail("no extraConfig snippet sets KubernetesBuildExecutor.push_secret")}
	}

	// A literal name is right only if it is the Secret the chart pushes
	// with, which the live Deployment names.
	want, unreadable := c.pushSecretName()
	if unreadable != "" {
		return NotEvaluated(ObjectValues, setBy, unreadable)
	}
	if strings.Trim(rhs, `"'`) == want {
		return nil
	}

	found := setBy + " sets it to " + rhs
	if setBy == pathBuildPushSecret {
		return []Result{wiringFail(found)}
	}
	// A snippet's Python is the operator's to edit: no patch rewrites it.
	return []Result{valuesFail(setBy, wantWiring, found,
		"make "+setBy+" set push_secret from os.environ[\""+envPushSecret+"\"], or remove it")}
}

// runsAfterChartSnippet reports whether setBy is an extraConfig snippet that
// BinderHub runs after the chart's default one, which it then overrides.
func runsAfterChartSnippet(setBy string) bool {
	key, ok := strings.CutPrefix(setBy, pathExtraConfig+".")
	return ok && key > strings.TrimPrefix(pathChartPushSnippet, pathExtraConfig+".")
}

// wantWiring is the Expected of a push-secret wiring finding.
const wantWiring = `push_secret = os.environ["` + envPushSecret + `"]`

// wiringFail proposes the runbook's snippet, for a hub where no snippet sets
// push_secret (snippets run after the config sections, so it also overrides
// a literal there).
func wiringFail(found string) Result {
	path := pathExtraConfig + "." + runbookPushSecretKey
	return valuesFail(path, wantWiring, found, "set "+path+" to the runbook's snippet",
		Patch{Path: path, Value: pushSecretFromEnv})
}

// lastPushSecretAssignment returns the extraConfig key of the last snippet,
// in the order BinderHub runs them, that assigns push_secret, and what it
// assigns.
func lastPushSecretAssignment(c *Context) (key, rhs string) {
	snippets, _ := c.Map(pathExtraConfig)
	keys := make([]string, 0, len(snippets))
	for k := range snippets {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	for _, k := range keys {
		code, _ := snippets[k].(string)
		matches := pushSecretAssignment.FindAllStringSubmatch(code, -1)
		if len(matches) > 0 {
			key, rhs = pathExtraConfig+"."+k, matches[len(matches)-1][1]
		}
	}
	return key, rhs
}

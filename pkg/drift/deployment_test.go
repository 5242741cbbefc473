package drift

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

// forbiddenDeployments is the read error of a user who may not list
// Deployments.
const forbiddenDeployments = `forbidden: deployments.apps is forbidden: User "limited" cannot list resource "deployments"`

func forbiddingDeployments(h *inspect.Hub) {
	h.Objects.ReadErrors[inspect.KindDeployment] = forbiddenDeployments
}

func deletingDeployment(h *inspect.Hub) { delete(h.Objects.Deployments, binderDeployment) }

// TestEnvWithForbiddenDeployments: when Deployments cannot be read, what
// runs is unknown, so every check of binder's environment is not evaluated
// with the read error as the reason, even where the values are right or
// the rule would not apply.
func TestEnvWithForbiddenDeployments(t *testing.T) {
	livePath := func(name string) string { return "spec.template.spec.containers[binderhub].env[" + name + "]" }
	object := "Deployment/binderhub"

	runFaults(t, []faultCase{
		{check: "BHU401", name: "forbidden", live: true, edit: forbiddingDeployments, want: []view{notEvaluated(object, livePath(envAPIToken))}},
		{check: "BHU402", name: "forbidden", live: true, edit: forbiddingDeployments, want: []view{notEvaluated(object, livePath(envClientID))}},
		{check: "BHU403", name: "forbidden", live: true, edit: forbiddingDeployments, want: []view{notEvaluated(object, livePath(envAPIURL))}},
		{check: "BHU404", name: "forbidden", live: true, edit: forbiddingDeployments, want: []view{notEvaluated(object, livePath(envBaseURL))}},
		{check: "BHU405", name: "forbidden", live: true, edit: forbiddingDeployments, want: []view{notEvaluated(object, livePath(envCallbackURL))}},
		{check: "BHU405", name: "forbidden, unauthenticated", live: true, edit: edits(forbiddingDeployments, setting(pathBinderAuth, false)),
			want: []view{notEvaluated(object, livePath(envCallbackURL))}},
		{check: "BHU406", name: "forbidden", live: true, edit: forbiddingDeployments, want: []view{notEvaluated(object, livePath(envAPIToken))}},
		{check: "BHU604", name: "forbidden", live: true, edit: forbiddingDeployments,
			want: []view{notEvaluated("Secret/build-pods-docker-config", pushSecretKey)}},
	})

	report := Evaluate(edited(healthyHub(t, true), forbiddingDeployments), Catalogue())
	for _, id := range []string{"BHU401", "BHU402", "BHU403", "BHU404", "BHU405", "BHU406", "BHU505", "BHU604"} {
		if slices.Contains(report.Passed, id) {
			t.Errorf("%s passed although Deployments could not be read", id)
		}
		var reasons []string
		for _, f := range report.Findings {
			if f.CheckID == id {
				reasons = append(reasons, string(f.Status)+": "+f.Reason)
			}
		}
		if diff := cmp.Diff([]string{"not-evaluated: " + forbiddenDeployments}, reasons); diff != "" {
			t.Errorf("%s findings (-want +got):\n%s", id, diff)
		}
	}
}

// TestEnvWithMissingDeployment: when the Deployment or its container is
// missing, BHU505 reports it and the env checks judge the values.
func TestEnvWithMissingDeployment(t *testing.T) {
	renamed := func(h *inspect.Hub) {
		deploy := binderDeploymentWith(healthyLiveEnv())
		deploy.Spec.Template.Spec.Containers[0].Name = "sidecar"
		h.Objects.Deployments[binderDeployment] = deploy
	}

	runFaults(t, []faultCase{
		{check: "BHU401", name: "deployment missing, values right", live: true, edit: deletingDeployment},
		{check: "BHU403", name: "container missing, values right", live: true, edit: renamed},
		{check: "BHU404", name: "deployment missing, values wrong", live: true,
			edit: edits(deletingDeployment, settingEnv(envBaseURL, envValue(envBaseURL, "https://binder.example.org/"))),
			want: []view{fail(ObjectValues, pathExtraEnv+"[3]", `"https://hub.example.org/"`, `"https://binder.example.org/"`,
				set(pathExtraEnv, healthyEnv()))}},
		{check: "BHU406", name: "deployment missing, token Secret from the values", live: true,
			edit: edits(deletingDeployment, func(h *inspect.Hub) { delete(h.Objects.Secrets, "hub") }),
			want: []view{fail("Secret/hub", "", "a Secret", "missing")}},
	})

	report := Evaluate(edited(healthyHub(t, true), deletingDeployment), Catalogue())
	var failing []string
	for _, f := range report.Findings {
		failing = append(failing, f.CheckID+" "+f.Object+" "+f.Found)
	}
	if diff := cmp.Diff([]string{"BHU505 Deployment/binderhub missing"}, failing); diff != "" {
		t.Errorf("findings with the Deployment deleted (-want +got):\n%s", diff)
	}
}

// edited applies edit to hub and returns it.
func edited(hub *inspect.Hub, edit func(*inspect.Hub)) *inspect.Hub {
	edit(hub)
	return hub
}

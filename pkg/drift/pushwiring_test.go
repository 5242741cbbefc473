package drift

import (
	"testing"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func TestPushSecretWiring(t *testing.T) {
	snippets := pathExtraConfig
	chartDefault := snippets + ".binderhub-service-01-build-pods-docker-config"
	runbook := snippets + "." + runbookPushSecretKey
	want := `push_secret = os.environ["PUSH_SECRET_NAME"]`
	fixed := set(runbook, pushSecretFromEnv)
	noValuesRead := func(h *inspect.Hub) { deleteValue(h, snippets) }
	noDefaults := func(h *inspect.Hub) { h.HasDefaults = false }
	summaryDefaults := func(h *inspect.Hub) {
		h.ValuesFiles = []inspect.ValuesFile{{Path: "/d/basehub-defaults.values.yaml", Data: []byte("binderhub-service:\n  extraEnv: []\n"), Defaults: true}}
	}
	deploymentsForbidden := func(h *inspect.Hub) { h.Objects.ReadErrors[inspect.KindDeployment] = "forbidden" }
	literal := setting(snippets+".zz-push", "c.KubernetesBuildExecutor.push_secret = \"build-pods-docker-config\"\n")

	runFaults(t, []faultCase{
		{check: "BHU608", name: "chart default snippet", live: true},
		{check: "BHU608", name: "runbook snippet as well", edit: setting(runbook, pushSecretFromEnv)},
		{check: "BHU608", name: "literal that names the pushed Secret",
			edit: setting(chartDefault, "c.KubernetesBuildExecutor.push_secret = 'build-pods-docker-config'\n")},
		{check: "BHU608", name: "default snippet removed", edit: setting(chartDefault, nil),
			want: []view{fail(ObjectValues, runbook, want, "no extraConfig snippet sets KubernetesBuildExecutor.push_secret", fixed)}},
		{check: "BHU608", name: "a later snippet names another Secret",
			edit: setting(snippets+".zz-push", "c.KubernetesBuildExecutor.push_secret = \"binder-build-docker-config\"\n"),
			want: []view{fail(ObjectValues, snippets+".zz-push", want,
				snippets+`.zz-push sets it to "binder-build-docker-config"`)}},
		{check: "BHU608", name: "config literal with no snippet",
			edit: edits(setting(chartDefault, nil), setting(pathBuildPushSecret, "old-name")),
			want: []view{fail(ObjectValues, runbook, want, pathBuildPushSecret+` sets it to "old-name"`, fixed)}},
		{check: "BHU608", name: "offline values without the chart's defaults", edit: edits(noValuesRead, noDefaults),
			want: []view{notEvaluated(ObjectValues, snippets)}},
		{check: "BHU608", name: "defaults files that leave the snippet out", edit: edits(noValuesRead, summaryDefaults),
			want: []view{notEvaluated(ObjectValues, snippets)}},
		{check: "BHU608", name: "chart defaults given, extraConfig removed", edit: noValuesRead,
			want: []view{fail(ObjectValues, runbook, want, "no extraConfig snippet sets KubernetesBuildExecutor.push_secret", fixed)}},
		{check: "BHU608", name: "no defaults, runbook snippet", edit: edits(noValuesRead, noDefaults, setting(runbook, pushSecretFromEnv))},
		{check: "BHU608", name: "no defaults, a later snippet names another Secret",
			edit: edits(noValuesRead, noDefaults, setting(snippets+".zz-push", "c.KubernetesBuildExecutor.push_secret = \"other\"\n")),
			want: []view{fail(ObjectValues, snippets+".zz-push", want, snippets+`.zz-push sets it to "other"`)}},
		{check: "BHU608", name: "deployments forbidden, literal name", live: true, edit: edits(literal, deploymentsForbidden),
			want: []view{notEvaluated(ObjectValues, snippets+".zz-push")}},
		{check: "BHU608", name: "deployments forbidden, name from the environment", live: true, edit: deploymentsForbidden},
	})
}

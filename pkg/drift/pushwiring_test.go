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
		{check: "BHU608", name: "offline values without the chart's extraConfig", edit: noValuesRead,
			want: []view{notEvaluated(ObjectValues, snippets)}},
	})
}

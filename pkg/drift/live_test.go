package drift

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

func TestLiveChecks(t *testing.T) {
	replacingIngress := func(name, host, tls string) func(*inspect.Hub) {
		return func(h *inspect.Hub) { h.Objects.Ingresses[name] = ingress(name, host, tls) }
	}
	servicePort := func(port int32) func(*inspect.Hub) {
		return func(h *inspect.Hub) {
			h.Objects.Services["binderhub"] = &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "binderhub"},
				Spec: corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: port}}}}
		}
	}
	forbidding := func(kind string) func(*inspect.Hub) {
		return func(h *inspect.Hub) { h.Objects.ReadErrors[kind] = "forbidden" }
	}

	runFaults(t, []faultCase{
		{check: "BHU501", name: "offline", want: []view{notEvaluated("Ingress/jupyterhub", "spec.rules")}},
		{check: "BHU501", name: "host differs", live: true, edit: replacingIngress("jupyterhub", "old.example.org", "https-auto-tls"),
			want: []view{fail("Ingress/jupyterhub", "spec.rules[].host", "hub.example.org, the first host of jupyterhub.ingress.hosts", `["old.example.org"]`)}},
		{check: "BHU501", name: "missing", live: true, edit: func(h *inspect.Hub) { delete(h.Objects.Ingresses, "jupyterhub") },
			want: []view{fail("Ingress/jupyterhub", "", "an Ingress serving hub.example.org", "missing")}},
		{check: "BHU501", name: "missing and not enabled in the values", live: true,
			edit: edits(setting("jupyterhub.ingress.enabled", false), func(h *inspect.Hub) { delete(h.Objects.Ingresses, "jupyterhub") })},
		{check: "BHU501", name: "ingresses forbidden", live: true, edit: forbidding(inspect.KindIngress),
			want: []view{notEvaluated("Ingress/jupyterhub", "spec.rules")}},
		// A wrong hub_url is BHU306's finding: the Ingress matches the values.
		{check: "BHU501", name: "hub_url names another host", live: true, edit: setting(pathHubURL, "https://old.example.org")},

		{check: "BHU502", name: "host differs", live: true, edit: replacingIngress("binderhub", "old.example.org", "binder-https-auto-tls"),
			want: []view{fail("Ingress/binderhub", "spec.rules[].host", "binder.example.org, the first host of "+pathBinderIngress+".hosts", `["old.example.org"]`)}},
		{check: "BHU502", name: "missing", live: true, edit: func(h *inspect.Hub) { delete(h.Objects.Ingresses, "binderhub") },
			want: []view{fail("Ingress/binderhub", "", "an Ingress serving binder.example.org", "missing")}},
		{check: "BHU502", name: "enabled without hosts", live: true,
			edit: edits(deleting(pathBinderIngress+".hosts"), func(h *inspect.Hub) { delete(h.Objects.Ingresses, "binderhub") }),
			want: []view{fail("Ingress/binderhub", "", "an Ingress", "missing")}},
		// URL consistency is BHU307's and BHU209's: the Ingress matches the values.
		{check: "BHU502", name: "callback on another host", live: true,
			edit: edits(setting(pathRedirectURI, "https://login.example.org/oauth_callback"), setting(pathBadgeURL, "https://old.example.org"))},

		{check: "BHU503", name: "offline", want: []view{notEvaluated("Ingress", "spec.tls")}},
		{check: "BHU503", name: "certificate not issued yet", live: true,
			edit: func(h *inspect.Hub) { delete(h.Objects.Secrets, "binder-https-auto-tls") },
			want: []view{fail("Ingress/binderhub", "spec.tls[0].secretName", "Secret binder-https-auto-tls", "missing")}},
		{check: "BHU503", name: "secrets forbidden", live: true, edit: forbidding(inspect.KindSecret),
			want: []view{notEvaluated("Ingress", "spec.tls")}},

		{check: "BHU504", name: "chart default port", live: true, edit: servicePort(80),
			want: []view{fail("Service/binderhub", "spec.ports", "port 8090, from http://binderhub:8090", "ports [80]")}},
		{check: "BHU504", name: "values set the wrong port", live: true,
			edit: edits(servicePort(80), setting(pathBinderServicePort, 80.0)),
			want: []view{fail("Service/binderhub", "spec.ports", "port 8090, from http://binderhub:8090", "ports [80]",
				set(pathBinderServicePort, 8090))}},
		{check: "BHU504", name: "service missing", live: true, edit: func(h *inspect.Hub) { delete(h.Objects.Services, "binderhub") },
			want: []view{fail("Service/binderhub", "", "a Service for http://binderhub:8090", "missing")}},
		{check: "BHU504", name: "offline", want: []view{notEvaluated("Service/binderhub", "spec.ports")}},
		{check: "BHU504", name: "offline without a service entry", edit: deleting(pathBinderService),
			want: []view{notEvaluated("Service/binderhub", "spec.ports")}},
		{check: "BHU504", name: "no service url", live: true, edit: deleting(pathBinderService + ".url")},
		{check: "BHU504", name: "services forbidden", live: true, edit: forbidding(inspect.KindService),
			want: []view{notEvaluated("Service/binderhub", "spec.ports")}},

		{check: "BHU505", name: "offline", want: []view{notEvaluated("Deployment/binderhub", "spec.template.spec.containers")}},
		{check: "BHU505", name: "deployments forbidden", live: true, edit: forbidding(inspect.KindDeployment),
			want: []view{notEvaluated("Deployment/binderhub", "spec.template.spec.containers")}},
		{check: "BHU505", name: "missing", live: true, edit: func(h *inspect.Hub) { delete(h.Objects.Deployments, "binderhub") },
			want: []view{fail("Deployment/binderhub", "", "a Deployment with container binderhub", "missing")}},
		{check: "BHU505", name: "container renamed", live: true,
			edit: func(h *inspect.Hub) {
				deploy := binderDeploymentWith(healthyLiveEnv())
				deploy.Spec.Template.Spec.Containers[0].Name = "binder"
				h.Objects.Deployments["binderhub"] = deploy
			},
			want: []view{fail("Deployment/binderhub", "spec.template.spec.containers", "a container binderhub", `containers ["binder"]`)}},
		{check: "BHU505", name: "binder not enabled is BHU301's finding", live: true,
			edit: edits(setting("binderhub-service.enabled", false), func(h *inspect.Hub) { delete(h.Objects.Deployments, "binderhub") })},
	})
}

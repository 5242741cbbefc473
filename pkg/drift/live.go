package drift

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"

	"github.com/binderhubui/kubectl-binderhubui/pkg/inspect"
)

const pathBinderServicePort = pathBinder + ".service.port"

// binderService is the name of the Service the binderhub-service chart
// creates, with basehub's empty fullnameOverride.
const binderService = "binderhub"

func checkHubIngressHost() Check {
	return Check{
		ID:       "BHU501",
		Name:     "hub-ingress-host",
		Title:    "The hub's Ingress serves the host the release's values give",
		Severity: SeverityError,
		Family:   familyLive,
		Live:     true,
		Doc: "The live Ingress `jupyterhub` is what answers users at the hub's host. While " +
			"the release's values enable it (`jupyterhub.ingress.enabled`), it must exist and " +
			"serve the first host of `jupyterhub.ingress.hosts`. A difference is drift: the " +
			"Ingress was deleted or edited after Helm wrote it. Whether `BinderHub.hub_url` " +
			"names that host is BHU306's rule, not this one's, so the two never advise " +
			"opposite changes. Live only.\n\n" +
			"**Fix:** upgrade the release with the same values (`helm upgrade`), so that the " +
			"chart writes the Ingress again.",
		Run: func(c *Context) []Result {
			return judgeIngressHost(c, hubIngress, pathJupyterHub+".ingress")
		},
	}
}

func checkBinderIngressHost() Check {
	return Check{
		ID:       "BHU502",
		Name:     "binder-ingress-host",
		Title:    "Binder's Ingress serves the host the release's values give",
		Severity: SeverityError,
		Family:   familyLive,
		Live:     true,
		Doc: "The live Ingress `binderhub` is what answers users at binder's host. While the " +
			"release's values enable it (`binderhub-service.ingress.enabled`), it must exist " +
			"and serve the first host of `binderhub-service.ingress.hosts`. A difference is " +
			"drift: the Ingress was deleted or edited after Helm wrote it. Whether " +
			"`badge_base_url` and `oauth_redirect_uri` name that host is the rule of BHU307 " +
			"and BHU209. Live only.\n\n" +
			"**Fix:** upgrade the release with the same values (`helm upgrade`), so that the " +
			"chart writes the Ingress again.",
		Run: func(c *Context) []Result {
			return judgeIngressHost(c, binderIngress, pathBinderIngress)
		},
	}
}

// judgeIngressHost compares the live Ingress name with the ingress values
// at valuesPath: it must exist while they enable it and serve their first
// host. The values are the release's, so any difference is drift that an
// upgrade with the same values repairs.
func judgeIngressHost(c *Context, name, valuesPath string) []Result {
	object := "Ingress/" + name
	if reason := c.Unreadable(inspect.KindIngress); reason != "" {
		return NotEvaluated(object, "spec.rules", reason)
	}
	if enabled, _ := c.Bool(valuesPath + ".enabled"); !enabled {
		return nil
	}

	hostsPath := valuesPath + ".hosts"
	want := strings.ToLower(c.firstString(hostsPath))
	ing := c.Ingress(name)
	if ing == nil {
		expected := "an Ingress"
		if want != "" {
			expected = "an Ingress serving " + want
		}
		return []Result{liveFail(object, "", expected, "missing", recreateFix(object))}
	}

	hosts := ingressHosts(ing)
	if want == "" || slices.Contains(hosts, want) {
		return nil
	}
	return []Result{liveFail(object, "spec.rules[].host", want+", the first host of "+hostsPath, quoteList(hosts),
		"upgrade the release (helm upgrade with the same values) so the chart writes "+object+" with the values' host again")}
}

// ingressHosts are the rule hosts of ing, lower-cased.
func ingressHosts(ing *networkingv1.Ingress) []string {
	if ing == nil {
		return nil
	}
	var hosts []string
	for _, rule := range ing.Spec.Rules {
		if rule.Host != "" {
			hosts = append(hosts, strings.ToLower(rule.Host))
		}
	}
	return hosts
}

func checkIngressTLSSecrets() Check {
	return Check{
		ID:       "BHU503",
		Name:     "ingress-tls-secrets",
		Title:    "The certificates the Ingresses name exist",
		Severity: SeverityWarning,
		Family:   familyLive,
		Live:     true,
		Doc: "Each TLS entry of the Ingresses `jupyterhub` and `binderhub` names a Secret " +
			"that cert-manager fills with the host's certificate. While it is missing the " +
			"ingress controller serves its default certificate and browsers warn. Right " +
			"after an install cert-manager may still be issuing it, hence a warning. Live " +
			"only.\n\n" +
			"**Fix:** look at `kubectl describe certificate <secret> -n <hub>` and the " +
			"cert-manager logs; usually DNS for the host is not pointing at the cluster yet.",
		Run: func(c *Context) []Result {
			for _, kind := range []string{inspect.KindIngress, kindSecret} {
				if reason := c.Unreadable(kind); reason != "" {
					return NotEvaluated("Ingress", "spec.tls", reason)
				}
			}
			var results []Result
			for _, name := range []string{hubIngress, binderIngress} {
				ing := c.Ingress(name)
				if ing == nil {
					continue
				}
				for i, tls := range ing.Spec.TLS {
					if tls.SecretName == "" || c.Secret(tls.SecretName) != nil {
						continue
					}
					results = append(results, liveFail("Ingress/"+name, fmt.Sprintf("spec.tls[%d].secretName", i),
						"Secret "+tls.SecretName, "missing",
						"check the certificate "+tls.SecretName+" with kubectl describe certificate; cert-manager may still be issuing it"))
				}
			}
			return results
		},
	}
}

func checkBinderServicePort() Check {
	return Check{
		ID:       "BHU504",
		Name:     "binder-service-port",
		Title:    "The binder Service listens where the hub's service URL points",
		Severity: SeverityError,
		Family:   familyLive,
		Fixable:  true,
		Live:     true,
		Doc: "The hub's `binder` service has `url: http://binderhub:8090`; the hub proxies " +
			"`/services/binder` there. basehub sets the Service `binderhub` to port 8090 " +
			"(`binderhub-service.service.port`; the subchart's own default is 80). If the " +
			"Service listens elsewhere, or is missing, the route is dead. Live only.\n\n" +
			"**Fix:** set `binderhub-service.service.port` to the port of the service URL, " +
			"or change the URL. A Service the values already ask for but that is missing " +
			"comes back with an upgrade of the release with the same values.",
		Run: judgeBinderServicePort,
	}
}

func judgeBinderServicePort(c *Context) []Result {
	raw, _ := c.String(pathBinderService + ".url")
	name, port, ok := serviceURLTarget(raw)
	object := "Service/" + orPlaceholder(name, binderService)
	if reason := c.Unreadable(inspect.KindService); reason != "" {
		return NotEvaluated(object, "spec.ports", reason)
	}
	if !ok {
		return nil
	}

	svc := c.Service(name)
	if svc == nil {
		return []Result{liveFail(object, "", "a Service for "+raw, "missing", missingServiceFix(c, name))}
	}
	var ports []string
	for _, p := range svc.Spec.Ports {
		if p.Port == port {
			return nil
		}
		ports = append(ports, strconv.Itoa(int(p.Port)))
	}
	r := liveFail(object, "spec.ports", fmt.Sprintf("port %d, from %s", port, raw), "ports ["+strings.Join(ports, ", ")+"]",
		fmt.Sprintf("set %s to %d and upgrade the release", pathBinderServicePort, port))
	if v, _ := c.Value(pathBinderServicePort); fmt.Sprint(v) != strconv.Itoa(int(port)) {
		r.Patches = []Patch{{Path: pathBinderServicePort, Value: int(port)}}
	} else {
		// The values already give the port: the live Service drifted.
		r.Fix = recreateFix(object)
	}
	return []Result{r}
}

// missingServiceFix is the hint for a missing Service name that the hub's
// binder service URL points at: the chart creates Service binderhub only
// while binderhub-service is enabled, and no other name.
func missingServiceFix(c *Context, name string) string {
	enabled, _ := c.Bool(pathBinder + ".enabled")
	switch {
	case !enabled:
		return "enable binderhub-service and upgrade the release"
	case name != binderService:
		return fmt.Sprintf("point %s.url at Service %s, which the chart creates", pathBinderService, binderService)
	}
	return recreateFix("Service/" + name)
}

func checkBinderDeployment() Check {
	return Check{
		ID:       "BHU505",
		Name:     "binder-deployment",
		Title:    "Binder's Deployment runs the binderhub container",
		Severity: SeverityError,
		Family:   familyLive,
		Live:     true,
		Doc: "The binderhub-service chart runs binder as the Deployment `binderhub` with the " +
			"container `binderhub`, whose environment the env checks (BHU401 to BHU406) " +
			"judge. While either is missing binder does not run, and those checks judge " +
			"`binderhub-service.extraEnv` in the values instead; this check carries the " +
			"fault. A hub whose values do not enable `binderhub-service` is BHU301's " +
			"finding. Live only; when Deployments could not be read, not evaluated.\n\n" +
			"**Fix:** upgrade the release with the same values (`helm upgrade`), so that the " +
			"chart recreates the Deployment.",
		Run: judgeBinderDeployment,
	}
}

func judgeBinderDeployment(c *Context) []Result {
	object := "Deployment/" + binderDeployment
	if reason := c.Unreadable(inspect.KindDeployment); reason != "" {
		return NotEvaluated(object, "spec.template.spec.containers", reason)
	}
	if enabled, _ := c.Bool(pathBinder + ".enabled"); !enabled {
		return nil
	}

	deploy := c.Deployment(binderDeployment)
	if deploy == nil {
		return []Result{liveFail(object, "", "a Deployment with container "+binderContainer, "missing", recreateFix(object))}
	}
	if c.binderContainer() != nil {
		return nil
	}
	var names []string
	for _, container := range deploy.Spec.Template.Spec.Containers {
		names = append(names, container.Name)
	}
	return []Result{liveFail(object, "spec.template.spec.containers", "a container "+binderContainer,
		"containers "+quoteList(names), recreateFix(object))}
}

// serviceURLTarget is the Service name (the first label of the host) and
// port of an in-cluster http URL.
func serviceURLTarget(raw string) (string, int32, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Hostname() == "" {
		return "", 0, false
	}
	name, _, _ := strings.Cut(u.Hostname(), ".")
	port := 80
	if u.Scheme == "https" {
		port = 443
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return "", 0, false
		}
	}
	return name, int32(port), true
}

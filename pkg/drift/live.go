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

func checkHubIngressHost() Check {
	return Check{
		ID:       "BHU501",
		Name:     "hub-ingress-host",
		Title:    "The hub's Ingress serves the host binder sends users to",
		Severity: SeverityError,
		Family:   familyLive,
		Doc: "Binder sends users to `BinderHub.hub_url`. The live Ingress `jupyterhub` must " +
			"exist and serve that URL's host, or users land on a host nothing answers. " +
			"Live only.\n\n" +
			"**Fix:** make `jupyterhub.ingress.hosts` and `BinderHub.hub_url` name the same " +
			"host and upgrade the release.",
		Run: func(c *Context) []Result {
			return judgeIngressHost(c, hubIngress, pathHubURL)
		},
	}
}

func checkBinderIngressHost() Check {
	return Check{
		ID:       "BHU502",
		Name:     "binder-ingress-host",
		Title:    "Binder's Ingress serves the host its links and callback use",
		Severity: SeverityError,
		Family:   familyLive,
		Doc: "The live Ingress `binderhub` must exist and serve the host of " +
			"`BinderHub.badge_base_url` and, when binder authenticates, of the binder " +
			"service's `oauth_redirect_uri`. Otherwise shared links or the login callback " +
			"go to a host nothing answers. Live only.\n\n" +
			"**Fix:** make `binderhub-service.ingress.hosts`, `badge_base_url` and " +
			"`oauth_redirect_uri` name the same host and upgrade the release.",
		Run: func(c *Context) []Result {
			paths := []string{pathBadgeURL}
			if c.BinderAuth() {
				paths = append(paths, pathRedirectURI)
			}
			return judgeIngressHost(c, binderIngress, paths...)
		},
	}
}

// judgeIngressHost fails when the live Ingress name does not serve the
// host of each URL at urlPaths in the values.
func judgeIngressHost(c *Context, name string, urlPaths ...string) []Result {
	object := "Ingress/" + name
	if reason := c.Unreadable(inspect.KindIngress); reason != "" {
		return NotEvaluated(object, "spec.rules", reason)
	}
	ing := c.Ingress(name)
	hosts := ingressHosts(ing)
	var results []Result
	for _, path := range urlPaths {
		raw, _ := c.String(path)
		want := urlHost(raw)
		switch {
		case want == "":
			continue
		case ing == nil:
			return []Result{liveFail(object, "", "an Ingress serving "+want, "missing",
				"enable the ingress in the values and upgrade the release")}
		case !slices.Contains(hosts, want):
			results = append(results, liveFail(object, "spec.rules[].host", want+", the host of "+path,
				quoteList(hosts), "make the ingress hosts and "+path+" agree and upgrade the release"))
		}
	}
	return results
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
		Doc: "The hub's `binder` service has `url: http://binderhub:8090`; the hub proxies " +
			"`/services/binder` there. basehub sets the Service `binderhub` to port 8090 " +
			"(`binderhub-service.service.port`; the subchart's own default is 80). If the " +
			"Service listens elsewhere the route is dead. Live only.\n\n" +
			"**Fix:** set `binderhub-service.service.port` to the port of the service URL, " +
			"or change the URL.",
		Run: func(c *Context) []Result {
			raw, _ := c.String(pathBinderService + ".url")
			name, port, ok := serviceURLTarget(raw)
			if !ok {
				return nil
			}
			object := "Service/" + name
			if reason := c.Unreadable(inspect.KindService); reason != "" {
				return NotEvaluated(object, "spec.ports", reason)
			}
			svc := c.Service(name)
			if svc == nil {
				return []Result{liveFail(object, "", "a Service for "+raw, "missing", "enable binderhub-service and upgrade the release")}
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
			}
			return []Result{r}
		},
	}
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

package drift

import "slices"

const (
	pathAPIOnly       = pathBinderHub + ".enable_api_only_mode"
	pathBaseURL       = pathBinderHub + ".base_url"
	pathHubURL        = pathBinderHub + ".hub_url"
	pathBadgeURL      = pathBinderHub + ".badge_base_url"
	pathBinderIngress = pathBinder + ".ingress"

	binderTLSSecret = "binder-https-auto-tls"
)

func checkBinderEnabled() Check {
	return Check{
		ID:       "BHU301",
		Name:     "binder-enabled",
		Title:    "The binderhub-service chart is enabled",
		Severity: SeverityError,
		Family:   familyBinder,
		Fixable:  true,
		Doc: "basehub bundles BinderHub as the `binderhub-service` subchart, off by " +
			"default. A binderhub-ui hub without it has no binder at all.\n\n" +
			"**Fix:** set `binderhub-service.enabled: true`.",
		Run: func(c *Context) []Result {
			return expectValue(c, pathBinder+".enabled", true, false)
		},
	}
}

func checkBinderIngress() Check {
	return Check{
		ID:       "BHU302",
		Name:     "binder-ingress",
		Title:    "Binder has its own public host",
		Severity: SeverityError,
		Family:   familyBinder,
		Fixable:  true,
		Doc: "The binder UI is served on its own domain, next to the hub's, through the " +
			"`binderhub-service` chart's Ingress. It must be enabled and name the host.\n\n" +
			"**Fix:** set `binderhub-service.ingress.enabled: true` and " +
			"`binderhub-service.ingress.hosts: [<binder host>]`. The patch takes the host " +
			"from `BinderHub.badge_base_url` when the hosts are missing.",
		Run: func(c *Context) []Result {
			results := expectValue(c, pathBinderIngress+".enabled", true, false)
			if hosts, _ := c.Strings(pathBinderIngress + ".hosts"); len(hosts) > 0 {
				return results
			}
			hostsPath := pathBinderIngress + ".hosts"
			badge, _ := c.String(pathBadgeURL)
			if host := urlHost(badge); host != "" {
				return append(results, setTo(hostsPath, []any{host}, "unset"))
			}
			return append(results, valuesFail(hostsPath, "[<binder host>]", "unset",
				"set "+hostsPath+" to binder's public host"))
		},
	}
}

func checkBinderTLS() Check {
	return Check{
		ID:       "BHU303",
		Name:     "binder-ingress-tls",
		Title:    "Binder's host is served over TLS",
		Severity: SeverityWarning,
		Family:   familyBinder,
		Fixable:  true,
		Doc: "Every URL the hub and binder exchange (`badge_base_url`, the OAuth callback) " +
			"is `https://`. Without a TLS entry for binder's host, cert-manager issues no " +
			"certificate and browsers refuse the binder UI.\n\n" +
			"**Fix:** add `{hosts: [<binder host>], secretName: binder-https-auto-tls}` to " +
			"`binderhub-service.ingress.tls`.",
		Run: func(c *Context) []Result {
			hosts, _ := c.Strings(pathBinderIngress + ".hosts")
			if len(hosts) == 0 {
				return nil
			}
			tlsPath := pathBinderIngress + ".tls"
			tls, _ := c.List(tlsPath)
			var results []Result
			for _, host := range hosts {
				if tlsCovers(tls, host) {
					continue
				}
				fixed := append(slices.Clone(tls), map[string]any{
					"hosts":      []any{host},
					"secretName": binderTLSSecret,
				})
				results = append(results, valuesFail(tlsPath, "an entry for "+host, describeTLS(tls),
					"add a TLS entry for "+host, Patch{Path: tlsPath, Value: fixed}))
			}
			return results
		},
	}
}

// tlsCovers reports whether an Ingress tls list from values names host.
func tlsCovers(tls []any, host string) bool {
	for _, entry := range tls {
		m, _ := entry.(map[string]any)
		hosts, _ := m["hosts"].([]any)
		for _, h := range hosts {
			if s, ok := h.(string); ok && sameHost(s, host) {
				return true
			}
		}
	}
	return false
}

// describeTLS lists the hosts of a tls list from values.
func describeTLS(tls []any) string {
	if len(tls) == 0 {
		return "no TLS entries"
	}
	var hosts []string
	for _, entry := range tls {
		m, _ := entry.(map[string]any)
		list, _ := m["hosts"].([]any)
		for _, h := range list {
			if s, ok := h.(string); ok {
				hosts = append(hosts, s)
			}
		}
	}
	return "TLS entries for " + quoteList(hosts)
}

func checkBaseURL() Check {
	return Check{
		ID:       "BHU304",
		Name:     "binder-base-url",
		Title:    "Binder is served at the root of its host",
		Severity: SeverityError,
		Family:   familyBinder,
		Fixable:  true,
		Doc: "The chart's default `base_url: /services/binder` suits binder behind the " +
			"hub's proxy. A binderhub-ui binder has its own host and Ingress at `/`; with " +
			"the default, the Ingress path, the startup probe and every UI link point under " +
			"`/services/binder` and the UI's root returns 404. Offline without the chart's " +
			"defaults an absent key is not evaluated, as basehub's default is the trap.\n\n" +
			"**Fix:** set `binderhub-service.config.BinderHub.base_url: /`.",
		Run: func(c *Context) []Result {
			if reason := c.defaultsMissing(pathBaseURL); reason != "" {
				return NotEvaluated(ObjectValues, pathBaseURL, reason)
			}
			return expectValue(c, pathBaseURL, "/", "/")
		},
	}
}

func checkAPIOnlyMode() Check {
	return Check{
		ID:       "BHU305",
		Name:     "binder-ui-on",
		Title:    "Binder serves its web UI",
		Severity: SeverityError,
		Family:   familyBinder,
		Fixable:  true,
		Doc: "The binderhub-service chart defaults to `enable_api_only_mode: true`, which " +
			"serves only the build API: no form, no badges, no launch pages. A " +
			"binderhub-ui hub exists for that UI. Offline without the chart's defaults an " +
			"absent key is not evaluated.\n\n" +
			"**Fix:** set `binderhub-service.config.BinderHub.enable_api_only_mode: false`.",
		Run: func(c *Context) []Result {
			if reason := c.defaultsMissing(pathAPIOnly); reason != "" {
				return NotEvaluated(ObjectValues, pathAPIOnly, reason)
			}
			return expectValue(c, pathAPIOnly, false, false)
		},
	}
}

func checkHubURL() Check {
	return Check{
		ID:       "BHU306",
		Name:     "binder-hub-url",
		Title:    "Binder sends users to this hub's public URL",
		Severity: SeverityError,
		Family:   familyBinder,
		Fixable:  true,
		Doc: "`BinderHub.hub_url` is where binder sends a user's browser once their server " +
			"is started, and (without `hub_url_local`) where it checks the hub's health. It " +
			"must be `https://<hub host>`, the host of `jupyterhub.ingress.hosts` (or of " +
			"the live Ingress `jupyterhub`). When the hub host is unknown the check is not " +
			"evaluated.\n\n" +
			"**Fix:** set `binderhub-service.config.BinderHub.hub_url: https://<hub host>`.",
		Run: func(c *Context) []Result {
			return expectURL(c, pathHubURL, httpsURL(c.HubHost()),
				"the hub's host is unknown: jupyterhub.ingress.hosts is unset and no live Ingress was read")
		},
	}
}

func checkBadgeURL() Check {
	return Check{
		ID:       "BHU307",
		Name:     "binder-badge-url",
		Title:    "Binder's badges and links use binder's public URL",
		Severity: SeverityError,
		Family:   familyBinder,
		Fixable:  true,
		Doc: "`BinderHub.badge_base_url` is the URL binder puts into the launch links and " +
			"badges it shows. It must be `https://<binder host>`, or shared links lead " +
			"nowhere.\n\n" +
			"**Fix:** set `binderhub-service.config.BinderHub.badge_base_url: " +
			"https://<binder host>`.",
		Run: func(c *Context) []Result {
			return expectURL(c, pathBadgeURL, httpsURL(c.BinderHost()),
				"binder's host is unknown: binderhub-service.ingress.hosts is unset and no live Ingress was read")
		},
	}
}

func checkImagePrefix() Check {
	return Check{
		ID:       "BHU308",
		Name:     "binder-image-prefix",
		Title:    "Binder knows where to push built images",
		Severity: SeverityError,
		Family:   familyBinder,
		Doc: "`BinderHub.image_prefix` is the repository path, registry host included, " +
			"that built images are pushed to and pulled from. Without it binder cannot " +
			"build.\n\n" +
			"**Fix:** set `binderhub-service.config.BinderHub.image_prefix`, e.g. " +
			"`quay.io/<org>/<hub>-`, to a repository the registry credentials can push to.",
		Run: func(c *Context) []Result {
			if prefix, _ := c.String(pathImagePrefix); prefix != "" {
				return nil
			}
			return []Result{valuesFail(pathImagePrefix, "a registry repository prefix", "unset",
				"set "+pathImagePrefix+" to the registry repository binder pushes to")}
		},
	}
}

// httpsURL is https://host, or "" for an unknown host.
func httpsURL(host string) string {
	if host == "" {
		return ""
	}
	return "https://" + host
}

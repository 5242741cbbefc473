package drift

const (
	pathNoConfirm     = pathBinderService + ".oauth_no_confirm"
	pathRedirectURI   = pathBinderService + ".oauth_redirect_uri"
	defaultBinderURL  = "http://binderhub:8090"
	binderServiceName = "binder"
)

func checkBinderService() Check {
	return Check{
		ID:       "BHU207",
		Name:     "binder-service",
		Title:    "The hub declares the binder service",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "Binder is an externally managed JupyterHub service called `binder`: the " +
			"entry under `jupyterhub.hub.services.binder` gives it its API token (which " +
			"the chart stores in Secret `hub`), its OAuth client and the role it is " +
			"granted. basehub's defaults declare it; a hub's values must not remove it. " +
			"Offline without the chart's defaults (`--chart` or `--defaults`) an absent " +
			"entry is not evaluated; one set to null is a removal and fails.\n\n" +
			"**Fix:** declare `jupyterhub.hub.services.binder` with `oauth_client_id: " +
			"service-binder`, `url: http://binderhub:8090`, `display: false` and " +
			"`oauth_no_confirm: true` (plus `oauth_redirect_uri` when binder authenticates).",
		Run: func(c *Context) []Result {
			if _, ok := c.Map(pathBinderService); ok {
				return nil
			}
			if reason := c.defaultsMissing(pathBinderService); reason != "" {
				return NotEvaluated(ObjectValues, pathBinderService, reason)
			}
			service := map[string]any{
				"oauth_client_id":  defaultBinderClientID,
				"url":              defaultBinderURL,
				"display":          false,
				"oauth_no_confirm": true,
			}
			if uri := c.BinderCallbackURL(); c.BinderAuth() && uri != "" {
				service["oauth_redirect_uri"] = uri
			}
			return []Result{valuesFail(pathBinderService, "a service entry", "missing",
				"declare the binder service", Patch{Path: pathBinderService, Value: service})}
		},
	}
}

func checkOAuthNoConfirm() Check {
	return Check{
		ID:       "BHU208",
		Name:     "binder-oauth-no-confirm",
		Title:    "Logging in to binder skips the OAuth confirmation page",
		Severity: SeverityWarning,
		Family:   familyHub,
		Fixable:  true,
		Doc: "Without `oauth_no_confirm: true` every user is asked to authorize the " +
			"`binder` service the first time they log in to binder, a page that looks " +
			"like a third party asking for access. basehub's defaults set it; offline " +
			"without them an absent key is not evaluated.\n\n" +
			"**Fix:** set `jupyterhub.hub.services.binder.oauth_no_confirm: true`.",
		Run: func(c *Context) []Result {
			if _, ok := c.Map(pathBinderService); !ok {
				return nil
			}
			if reason := c.defaultsMissing(pathNoConfirm); reason != "" {
				return NotEvaluated(ObjectValues, pathNoConfirm, reason)
			}
			return expectValue(c, pathNoConfirm, true, false)
		},
	}
}

func checkOAuthRedirectURI() Check {
	return Check{
		ID:       "BHU209",
		Name:     "binder-oauth-redirect-uri",
		Title:    "The hub returns logged-in users to binder's public host",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "When binder authenticates users (`BinderHub.auth_enabled: true`), the hub " +
			"sends them back after login to the binder service's `oauth_redirect_uri`. " +
			"Binder has its own host, so this must be `https://<binder host>/oauth_callback`; " +
			"otherwise JupyterHub rejects the login with a redirect_uri mismatch.\n\n" +
			"**Fix:** set `jupyterhub.hub.services.binder.oauth_redirect_uri` to " +
			"`https://<binder host>/oauth_callback`, the host of " +
			"`binderhub-service.ingress.hosts`.",
		Run: func(c *Context) []Result {
			if !c.BinderAuth() {
				return nil
			}
			if _, ok := c.Map(pathBinderService); !ok {
				return nil
			}
			host := c.BinderHost()
			if host == "" {
				if uri, _ := c.String(pathRedirectURI); uri == "" {
					return []Result{valuesFail(pathRedirectURI, "https://<binder host>/oauth_callback", "unset",
						"set binderhub-service.ingress.hosts and then "+pathRedirectURI)}
				}
			}
			want := ""
			if host != "" {
				want = "https://" + host + "/oauth_callback"
			}
			return expectURL(c, pathRedirectURI, want, "binder's host is unknown: binderhub-service.ingress.hosts is unset")
		},
	}
}

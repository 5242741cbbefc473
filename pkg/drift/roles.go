package drift

import (
	"slices"
	"strings"
)

const (
	pathUserRole      = pathLoadRoles + ".user"
	pathUserScopes    = pathUserRole + ".scopes"
	pathBinderRole    = pathLoadRoles + ".binder"
	pathSpawnerAuth   = "jupyterhub.hub.config.BinderSpawnerMixin.auth_enabled"
	scopeBinderAccess = "access:services!service=binder"
	scopeSelf         = "self"
)

func checkUserBinderAccess() Check {
	return Check{
		ID:       "BHU210",
		Name:     "user-role-binder-access",
		Title:    "Users may access the binder service",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "Binder is a JupyterHub service; a user whose roles do not grant " +
			"`access:services!service=binder` cannot log in to it (admins can, through " +
			"their unfiltered `access:services`, which hides the problem from them). " +
			"Without a `user` entry in `loadRoles` JupyterHub's default user role applies, " +
			"which grants only `self`. The check follows JupyterHub's scope rules: " +
			"`access:services` also grants it.\n\n" +
			"**Fix:** add `access:services!service=binder` to " +
			"`jupyterhub.hub.loadRoles.user.scopes`, keeping `self`.",
		Run: func(c *Context) []Result {
			if _, ok := c.Map(pathUserRole); !ok {
				return []Result{valuesFail(pathUserRole, "a user role granting "+scopeBinderAccess,
					"unset: JupyterHub's default user role grants only self", "define the user role",
					Patch{Path: pathUserScopes, Value: toAnyList([]string{scopeSelf, scopeBinderAccess})})}
			}
			scopes, _ := c.Strings(pathUserScopes)
			if Covers(scopes, scopeBinderAccess) {
				return nil
			}
			return []Result{fixUserScopes(c, scopes, "scopes granting "+scopeBinderAccess)}
		},
	}
}

func checkUserSelf() Check {
	return Check{
		ID:       "BHU211",
		Name:     "user-role-self",
		Title:    "The user role keeps the self scope",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "A `user` entry in `loadRoles` replaces JupyterHub's default user role, " +
			"scopes included: a list without `self` takes away users' rights to their own " +
			"servers, tokens and user model, so they cannot start or reach a server.\n\n" +
			"**Fix:** add `self` to `jupyterhub.hub.loadRoles.user.scopes`.",
		Run: func(c *Context) []Result {
			if _, ok := c.Map(pathUserRole); !ok {
				return nil
			}
			scopes, _ := c.Strings(pathUserScopes)
			if slices.Contains(scopes, scopeSelf) {
				return nil
			}
			return []Result{fixUserScopes(c, scopes, "scopes including self")}
		},
	}
}

// fixUserScopes is the failing Result on the user role's scopes. Its patch
// adds both what BHU210 and what BHU211 need, so that applying either
// patch, or both, gives the same list.
func fixUserScopes(c *Context, scopes []string, expected string) Result {
	fixed := slices.Clone(scopes)
	if !slices.Contains(fixed, scopeSelf) {
		fixed = append([]string{scopeSelf}, fixed...)
	}
	if !Covers(fixed, scopeBinderAccess) {
		fixed = append(fixed, scopeBinderAccess)
	}
	return valuesFail(pathUserScopes, expected, quoteList(scopes),
		"set "+pathUserScopes+" to "+quoteList(fixed),
		Patch{Path: pathUserScopes, Value: toAnyList(fixed)})
}

func checkBinderRole() Check {
	return Check{
		ID:       "BHU212",
		Name:     "binder-role",
		Title:    "The binder service may start servers and read users",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "Binder calls the hub's API with its service token to look up the user and " +
			"start a server from the built image. The `binder` role in `loadRoles` must " +
			"list the service `binder` and grant `servers` and `read:users`; when binder " +
			"does not authenticate (`BinderHub.auth_enabled: false`) it creates users " +
			"itself and needs `admin:users`, which also grants `read:users`. Scopes are " +
			"judged by JupyterHub's rules, so broader scopes such as `admin:servers` pass.\n\n" +
			"**Fix:** define `jupyterhub.hub.loadRoles.binder` with `services: [binder]` and " +
			"`scopes: [servers, read:users]` (authenticated) or `[servers, admin:users]`.",
		Run: func(c *Context) []Result {
			needed := binderRoleScopes(c)
			if _, ok := c.Map(pathBinderRole); !ok {
				role := map[string]any{"services": []any{binderServiceName}, "scopes": toAnyList(needed)}
				return []Result{valuesFail(pathBinderRole, "a role for service binder", "unset",
					"define the binder role", Patch{Path: pathBinderRole, Value: role})}
			}

			var results []Result
			services, _ := c.Strings(pathBinderRole + ".services")
			if !slices.Contains(services, binderServiceName) {
				results = append(results, appendTo(pathBinderRole+".services", services, binderServiceName))
			}
			scopes, _ := c.Strings(pathBinderRole + ".scopes")
			var missing []string
			for _, want := range needed {
				if !Covers(scopes, want) {
					missing = append(missing, want)
				}
			}
			if len(missing) > 0 {
				results = append(results, appendTo(pathBinderRole+".scopes", scopes, missing...))
			}
			return results
		},
	}
}

// binderRoleScopes are the scopes binder needs: admin:users when it creates
// users itself because it does not authenticate them.
func binderRoleScopes(c *Context) []string {
	if c.BinderAuth() {
		return []string{"servers", "read:users"}
	}
	return []string{"servers", "admin:users"}
}

// appendTo is the failing Result on a list of strings that lacks items.
func appendTo(path string, list []string, items ...string) Result {
	fixed := append(slices.Clone(list), items...)
	return valuesFail(path, "including "+strings.Join(items, ", "), quoteList(list),
		"add "+strings.Join(items, ", ")+" to "+path,
		Patch{Path: path, Value: toAnyList(fixed)})
}

func checkAuthConsistent() Check {
	return Check{
		ID:       "BHU213",
		Name:     "auth-consistent",
		Title:    "Binder and the hub's spawner agree on authentication",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "`binderhub-service.config.BinderHub.auth_enabled` and " +
			"`jupyterhub.hub.config.BinderSpawnerMixin.auth_enabled` must be equal. " +
			"Both true is the runbook's authenticated hub; both false is the " +
			"unauthenticated variant several production hubs use, and is not a fault. " +
			"When they differ, the spawner either demands a login binder never performed " +
			"or serves authenticated users' servers without checking them. Unset means " +
			"false for both.\n\n" +
			"**Fix:** set `jupyterhub.hub.config.BinderSpawnerMixin.auth_enabled` to the " +
			"value of `BinderHub.auth_enabled`.",
		Run: func(c *Context) []Result {
			binder := c.BinderAuth()
			results := expectValue(c, pathSpawnerAuth, binder, false)
			for i := range results {
				results[i].Expected = describe(binder) + ", as " + pathBinderAuth
			}
			return results
		},
	}
}

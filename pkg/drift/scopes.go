package drift

import "strings"

// JupyterHub grants a scope's subscopes along with it, and a role's scopes may
// carry a filter ("!service=binder") that narrows them to one object. Whether a
// role grants what binder needs is therefore a question of coverage, not of
// string equality: "admin:users" grants "read:users", and "access:services"
// grants "access:services!service=binder". The rules below are those of
// JupyterHub 5.x (jupyterhub/scopes.py: scope_definitions, _expand_scope and
// _expand_self_scope).

// subscopes are the scopes that holding base also grants, one level down.
func subscopes(base string) []string {
	switch base {
	case "admin:users":
		return []string{"admin:auth_state", "users", "read:roles:users", "delete:users"}
	case "users":
		return []string{"read:users", "list:users", "users:activity"}
	case "list:users":
		return []string{"read:users:name"}
	case "read:users":
		return []string{"read:users:name", "read:users:groups", "read:users:activity"}
	case "read:roles":
		return []string{"read:roles:users", "read:roles:services", "read:roles:groups"}
	case "users:activity":
		return []string{"read:users:activity"}
	case "admin:servers":
		return []string{"admin:server_state", "servers"}
	case "servers":
		return []string{"read:servers", "delete:servers"}
	case "read:servers":
		return []string{"read:users:name"}
	case "tokens":
		return []string{"read:tokens"}
	case "admin:groups":
		return []string{"groups", "read:roles:groups", "delete:groups"}
	case "groups":
		return []string{"read:groups", "list:groups"}
	case "list:groups":
		return []string{"read:groups:name"}
	case "read:groups":
		return []string{"read:groups:name"}
	case "list:services":
		return []string{"read:services:name"}
	case "read:services":
		return []string{"read:services:name"}
	}
	return nil
}

// selfScopes are what a user's "self" metascope stands for, each filtered to
// the user itself ("!user").
func selfScopes() []string {
	return []string{
		"read:users", "read:users:name", "read:users:groups", "users:activity",
		"read:users:activity", "servers", "delete:servers", "read:servers",
		"tokens", "read:tokens", "access:servers",
	}
}

// scope is a parsed scope: a base name and an optional filter, the part after
// "!" ("service=binder", or "user" for the owner itself).
type scope struct {
	base   string
	filter string
}

func parseScope(s string) scope {
	base, filter, _ := strings.Cut(strings.TrimSpace(s), "!")
	return scope{base: base, filter: filter}
}

// expandScopes is every scope that held grants: each scope itself, its
// subscopes transitively with the parent's filter, and "self" spelled out.
func expandScopes(held []string) map[scope]bool {
	out := map[scope]bool{}
	var add func(s scope)
	add = func(s scope) {
		// A server filter makes no sense on user fields, so JupyterHub drops
		// read:users* scopes reached through a !server= filtered scope.
		if strings.HasPrefix(s.filter, "server") && strings.HasPrefix(s.base, "read:user") {
			return
		}
		if out[s] {
			return
		}
		out[s] = true
		for _, sub := range subscopes(s.base) {
			add(scope{base: sub, filter: s.filter})
		}
	}

	for _, h := range held {
		s := parseScope(h)
		add(s)
		if s == (scope{base: "self"}) {
			for _, base := range selfScopes() {
				add(scope{base: base, filter: "user"})
			}
		}
	}
	return out
}

// Covers reports whether holding the scopes held grants want, with
// JupyterHub's subscopes and filters: an unfiltered scope covers every
// filtered form of itself and of its subscopes; a filtered scope covers only
// the same filter, which its subscopes inherit.
func Covers(held []string, want string) bool {
	w := parseScope(want)
	expanded := expandScopes(held)
	return expanded[scope{base: w.base}] || expanded[w]
}

package seed

import (
	"fmt"
	"slices"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
)

// Fault is one way a binderhub-ui hub departs from the runbook, for seeding a
// faulty hub. Each one breaks a single thing a check is expected to find.
type Fault string

const (
	// FaultUserRoleNoBinderAccess drops access:services!service=binder from
	// the user role, so non-admin users cannot reach the binder.
	FaultUserRoleNoBinderAccess Fault = "user-role-no-binder-access"
	// FaultAPIOnlyMode sets BinderHub.enable_api_only_mode back to the
	// basehub default true, which turns the binder's UI off.
	FaultAPIOnlyMode Fault = "api-only-mode"
	// FaultNoHubAPIURL drops JUPYTERHUB_API_URL from the binder's extraEnv.
	FaultNoHubAPIURL Fault = "no-hub-api-url"
	// FaultWrongHubURL points BinderHub.hub_url at the binder's own URL.
	FaultWrongHubURL Fault = "wrong-hub-url"
	// FaultPushRegistryMismatch makes the push Secret's registry differ
	// from the one images are pushed to (DockerRegistry.url, image_prefix).
	FaultPushRegistryMismatch Fault = "push-registry-mismatch"
)

// AllFaults lists every Fault, in a stable order.
var AllFaults = []Fault{
	FaultUserRoleNoBinderAccess,
	FaultAPIOnlyMode,
	FaultNoHubAPIURL,
	FaultWrongHubURL,
	FaultPushRegistryMismatch,
}

// binderAccessScope is the user role scope that lets users reach the binder.
const binderAccessScope = "access:services!service=binder"

// WithFaults returns hub with faults added to its Extra values. The faults are
// worked out from hub's own values, so lists are edited, not replaced blindly.
func WithFaults(hub Hub, faults ...Fault) (Hub, error) {
	vals, err := Values(hub)
	if err != nil {
		return Hub{}, err
	}

	layer := map[string]any{}
	for _, f := range faults {
		if err := addFault(layer, vals, f); err != nil {
			return Hub{}, fmt.Errorf("adding fault %s to hub %s: %w", f, hub.Name, err)
		}
	}
	hub.Extra = loader.MergeMaps(hub.Extra, layer)

	return hub, nil
}

func addFault(layer, vals map[string]any, f Fault) error {
	binderHub := []string{"binderhub-service", "config", "BinderHub"}
	switch f {
	case FaultUserRoleNoBinderAccess:
		scopes, _ := lookupPath(vals, "jupyterhub", "hub", "loadRoles", "user", "scopes")
		kept := slices.DeleteFunc(anySlice(scopes), func(s any) bool { return s == binderAccessScope })
		setPath(layer, kept, "jupyterhub", "hub", "loadRoles", "user", "scopes")
	case FaultAPIOnlyMode:
		setPath(layer, true, append(binderHub, "enable_api_only_mode")...)
	case FaultNoHubAPIURL:
		env, _ := lookupPath(vals, "binderhub-service", "extraEnv")
		kept := slices.DeleteFunc(anySlice(env), func(e any) bool {
			m, _ := e.(map[string]any)
			return m["name"] == "JUPYTERHUB_API_URL"
		})
		setPath(layer, kept, "binderhub-service", "extraEnv")
	case FaultWrongHubURL:
		own, _ := lookupPath(vals, append(binderHub, "badge_base_url")...)
		wrong, _ := own.(string)
		if wrong == "" {
			wrong = "https://binder.example.invalid"
		}
		setPath(layer, wrong, append(binderHub, "hub_url")...)
	case FaultPushRegistryMismatch:
		server, _ := lookupPath(vals, "binderhub-service", "buildPodsRegistryCredentials", "server")
		other := "https://index.docker.io/v1/"
		if server == other {
			other = "https://quay.io"
		}
		setPath(layer, other, "binderhub-service", "buildPodsRegistryCredentials", "server")
	default:
		return fmt.Errorf("unknown fault")
	}

	return nil
}

// anySlice copies v if it is a list, so that editing it leaves the values alone.
func anySlice(v any) []any {
	s, _ := v.([]any)
	return slices.Clone(s)
}

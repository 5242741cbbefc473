package drift

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
)

const (
	pathCredentials    = pathBinder + ".buildPodsRegistryCredentials"
	pathPullSecret     = pathJupyterHub + ".imagePullSecret"
	pathPullSecrets    = pathJupyterHub + ".imagePullSecrets"
	pathSingleuserPull = pathJupyterHub + ".singleuser.image.pullSecrets"

	defaultPushSecret = "build-pods-docker-config"
	pushSecretKey     = "config.json"
	pullSecretBase    = "image-pull-secret"
	pullSecretKey     = ".dockerconfigjson"
	envPushSecret     = "PUSH_SECRET_NAME"
	quayHost          = "quay.io"
)

func checkRegistryCredentials() Check {
	return Check{
		ID:       "BHU601",
		Name:     "registry-credentials",
		Title:    "Build pods have a registry server and user to push with",
		Severity: SeverityError,
		Family:   familyRegistry,
		Doc: "The binderhub-service chart writes `buildPodsRegistryCredentials` into the " +
			"Secret `build-pods-docker-config`, which build pods use to push images. " +
			"`server` (e.g. `https://quay.io`) and `username` (a robot account, or " +
			"`_json_key` for Google's registries) must both be set.\n\n" +
			"**Fix:** set `binderhub-service.buildPodsRegistryCredentials.server` and " +
			"`.username` for the registry of `image_prefix`.",
		Run: func(c *Context) []Result {
			var results []Result
			for _, key := range []string{"server", "username"} {
				path := pathCredentials + "." + key
				if v, _ := c.String(path); v != "" {
					continue
				}
				results = append(results, valuesFail(path, "set", "unset or empty", "set "+path))
			}
			return results
		},
	}
}

func checkRegistryPassword() Check {
	return Check{
		ID:       "BHU602",
		Name:     "registry-password",
		Title:    "Build pods have a registry password",
		Severity: SeverityError,
		Family:   familyRegistry,
		Doc: "`buildPodsRegistryCredentials.password` is the registry password or robot " +
			"token; without it every push fails. It belongs in the hub's encrypted values " +
			"file, so offline, when that file could not be read, the check is not " +
			"evaluated. The value is never shown.\n\n" +
			"**Fix:** set `binderhub-service.buildPodsRegistryCredentials.password` in the " +
			"encrypted values file.",
		Run: func(c *Context) []Result {
			path := pathCredentials + ".password"
			if v, _ := c.String(path); v != "" {
				return nil
			}
			if missing, ok := c.MissingValues(); ok {
				return NotEvaluated(ObjectValues, path, missing)
			}
			return []Result{valuesFail(path, "set", "unset or empty", "set "+path+" in the encrypted values file")}
		},
	}
}

func checkRegistryHostMatch() Check {
	return Check{
		ID:       "BHU603",
		Name:     "registry-host-match",
		Title:    "Binder pushes to the registry its credentials are for",
		Severity: SeverityError,
		Family:   familyRegistry,
		Doc: "The registry host of `BinderHub.image_prefix` (its first path segment; a " +
			"prefix without one means Docker Hub) must be the host of " +
			"`buildPodsRegistryCredentials.server`, or build pods push with credentials " +
			"for another registry and are refused. `docker.io` and `index.docker.io` are " +
			"the same registry.\n\n" +
			"**Fix:** make `image_prefix` and `buildPodsRegistryCredentials.server` name " +
			"the same registry.",
		Run: func(c *Context) []Result {
			server, _ := c.String(pathCredentials + ".server")
			want := c.ImagePrefixHost()
			if server == "" || want == "" {
				return nil
			}
			if got := registryHost(server); got != want {
				return []Result{valuesFail(pathCredentials+".server", want+", the registry of image_prefix", got,
					"make image_prefix and the credentials' server name the same registry")}
			}
			return nil
		},
	}
}

func checkPushSecret() Check {
	return Check{
		ID:       "BHU604",
		Name:     "push-secret",
		Title:    "The build pods' push credentials cover binder's registry",
		Severity: SeverityError,
		Family:   familyRegistry,
		Live:     true,
		Doc: "Build pods push with the docker config in the Secret named by the binderhub " +
			"Deployment's `PUSH_SECRET_NAME` (`build-pods-docker-config`), key " +
			"`config.json`. It must be valid JSON whose `auths` has an entry for the " +
			"registry host of `image_prefix` (`https://quay.io`, `quay.io` and " +
			"`https://quay.io/v1/` all count). Only sizes and hosts are reported. Live " +
			"only; when Secrets or Deployments could not be read, not evaluated.\n\n" +
			"**Fix:** set `buildPodsRegistryCredentials` for that registry and upgrade the " +
			"release. When they are set already, the live Secret has drifted: upgrade the " +
			"release with the same values.",
		Run: func(c *Context) []Result {
			name, unreadable := c.pushSecretName()
			object := "Secret/" + name
			if !c.Live() {
				return NotEvaluated(object, pushSecretKey, c.Unreadable(kindSecret))
			}
			if unreadable != "" {
				return NotEvaluated(object, pushSecretKey, unreadable)
			}
			host := c.ImagePrefixHost()
			if host == "" {
				return nil
			}
			server, _ := c.String(pathCredentials + ".server")
			fixes := dockerConfigFixes{missing: recreateFix(object),
				content: "set " + pathCredentials + " for " + host + " and upgrade the release"}
			if registryHost(server) == host {
				fixes.content = rewriteFix(object, pathCredentials)
			}
			return judgeDockerConfig(c, name, pushSecretKey, host, fixes)
		},
	}
}

// pushSecretName is the Secret the live binderhub Deployment names in
// PUSH_SECRET_NAME, else the chart's default name. unreadable says why the
// live name could not be read: Deployments were forbidden.
func (c *Context) pushSecretName() (name, unreadable string) {
	env, unreadable := c.BinderEnv()
	if env.Live {
		if v := env.Find(envPushSecret); v != nil && v.Value != "" {
			return v.Value, unreadable
		}
	}
	return defaultPushSecret, unreadable
}

// rewriteFix is the hint for a live Secret whose content differs from what
// the values at path make the chart write into it.
func rewriteFix(object, path string) string {
	return "upgrade the release (helm upgrade with the same values) so the chart writes " + object +
		" again from " + path
}

// dockerConfigFixes are the hints of judgeDockerConfig: for a missing
// Secret or key, and for content without the registry.
type dockerConfigFixes struct {
	missing, content string
}

// judgeDockerConfig fails unless the live Secret name has a docker config at
// key with an auths entry for host. It reports sizes and hosts only.
func judgeDockerConfig(c *Context, name, key, host string, fixes dockerConfigFixes) []Result {
	results := secretKeyExists(c, name, key, secretFixes{missing: fixes.missing, key: fixes.missing})
	if len(results) > 0 {
		return results
	}
	object := "Secret/" + name
	data := c.Secret(name).Data[key]
	hosts, err := dockerConfigHosts(data)
	if err != nil {
		return []Result{liveFail(object, key, "a docker config with auths",
			fmt.Sprintf("%s (%d bytes)", err, len(data)), fixes.content)}
	}
	if !slices.Contains(hosts, host) {
		return []Result{liveFail(object, key+".auths", "an entry for "+host,
			"entries for "+quoteList(hosts), fixes.content)}
	}
	return nil
}

// dockerConfigHosts are the registry hosts of a docker config's auths.
func dockerConfigHosts(data []byte) ([]string, error) {
	var config struct {
		Auths map[string]json.RawMessage `json:"auths"`
	}
	if err := json.Unmarshal(data, &config); err != nil {
		return nil, errors.New("not valid JSON")
	}
	if config.Auths == nil {
		return nil, errors.New("no auths")
	}
	hosts := make([]string, 0, len(config.Auths))
	for key := range config.Auths {
		hosts = append(hosts, registryHost(key))
	}
	sort.Strings(hosts)
	return hosts, nil
}

func checkQuayPullSecret() Check {
	return Check{
		ID:       "BHU605",
		Name:     "quay-pull-secret",
		Title:    "User servers can pull private images from quay.io",
		Severity: SeverityWarning,
		Family:   familyRegistry,
		Doc: "Repositories created by pushing to quay.io are private by default, so user " +
			"servers cannot pull the images binder built unless the hub has a pull secret. " +
			"The runbook's workaround is `jupyterhub.imagePullSecret` with the robot " +
			"account's credentials; `jupyterhub.imagePullSecrets` or " +
			"`singleuser.image.pullSecrets` also do. Offline, when encrypted values files " +
			"could not be read and the plain ones set no pull secret, the check is not " +
			"evaluated: the encrypted file is where the runbook puts it. Making the " +
			"repositories public also removes the need.\n\n" +
			"**Fix:** in the encrypted values file set `jupyterhub.imagePullSecret` with " +
			"`create: true`, `registry: quay.io` and the robot account's username and " +
			"password.",
		Run: func(c *Context) []Result {
			if c.ImagePrefixHost() != quayHost {
				return nil
			}
			if create, _ := c.Bool(pathPullSecret + ".create"); create {
				return nil
			}
			for _, path := range []string{pathPullSecrets, pathSingleuserPull} {
				if v, _ := c.Value(path); entryCount(v) > 0 {
					return nil
				}
			}
			if missing, ok := c.MissingValues(); ok {
				return NotEvaluated(ObjectValues, pathPullSecret+".create",
					missing+"; they may set jupyterhub.imagePullSecret")
			}
			found := "no pull secret: imagePullSecret.create is not true and no imagePullSecrets are listed"
			return []Result{valuesFail(pathPullSecret+".create", "true, or a pull secret listed", found,
				"set jupyterhub.imagePullSecret with the robot account's credentials in the encrypted values file, or make the repositories public")}
		},
	}
}

func checkPullSecretRegistry() Check {
	return Check{
		ID:       "BHU606",
		Name:     "pull-secret-registry",
		Title:    "The image pull secret is for binder's registry",
		Severity: SeverityWarning,
		Family:   familyRegistry,
		Doc: "When the hub creates `image-pull-secret`, its `registry` (empty means Docker " +
			"Hub) must be the registry host of `image_prefix`, or user servers still cannot " +
			"pull the built images.\n\n" +
			"**Fix:** set `jupyterhub.imagePullSecret.registry` to the registry of " +
			"`image_prefix`, with credentials for it.",
		Run: func(c *Context) []Result {
			if create, _ := c.Bool(pathPullSecret + ".create"); !create {
				return nil
			}
			want := c.ImagePrefixHost()
			registry, _ := c.String(pathPullSecret + ".registry")
			got := "docker.io"
			if registry != "" {
				got = registryHost(registry)
			}
			if want == "" || got == want {
				return nil
			}
			return []Result{valuesFail(pathPullSecret+".registry", want+", the registry of image_prefix", got,
				"set "+pathPullSecret+".registry to "+want+" with credentials for it")}
		},
	}
}

func checkPullSecretLive() Check {
	return Check{
		ID:       "BHU607",
		Name:     "pull-secret-live",
		Title:    "The image pull secret exists and covers binder's registry",
		Severity: SeverityWarning,
		Family:   familyRegistry,
		Live:     true,
		Doc: "With `jupyterhub.imagePullSecret.create: true` the chart creates Secret " +
			"`image-pull-secret` as a Helm hook before each install or upgrade. It must " +
			"exist and its `.dockerconfigjson` must have an entry for the registry of " +
			"`image_prefix`. Only hosts and sizes are reported. Live only.\n\n" +
			"**Fix:** upgrade the release (the hook recreates the Secret) and check " +
			"`jupyterhub.imagePullSecret.registry`.",
		Run: func(c *Context) []Result {
			name := c.JupyterHubObjectName(pullSecretBase)
			object := "Secret/" + name
			if !c.Live() {
				return NotEvaluated(object, pullSecretKey, c.Unreadable(kindSecret))
			}
			host := c.ImagePrefixHost()
			if create, _ := c.Bool(pathPullSecret + ".create"); !create || host == "" {
				return nil
			}
			registry, _ := c.String(pathPullSecret + ".registry")
			fixes := dockerConfigFixes{missing: recreateFix(object),
				content: "set " + pathPullSecret + ".registry to " + host + " with credentials for it and upgrade the release"}
			if got := registryHost(registry); got == host || (registry == "" && host == "docker.io") {
				fixes.content = rewriteFix(object, pathPullSecret)
			}
			return judgeDockerConfig(c, name, pullSecretKey, host, fixes)
		},
	}
}

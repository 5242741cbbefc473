package drift

const (
	pathBinderhubUI    = "jupyterhub.custom.binderhubUI.enabled"
	pathConfigurator   = "jupyterhub.custom.jupyterhubConfigurator.enabled"
	pathHomepageBranch = "jupyterhub.custom.homepage.gitRepoBranch"
	pathStorageType    = "jupyterhub.singleuser.storage.type"
	pathRedirect       = "jupyterhub.hub.redirectToServer"

	homepageBranch = "no-homepage-subsections"
)

// volumeMount is a value that mounts storage into user servers; a hub
// without persistent storage must leave it empty. byDefaults marks one that
// basehub's defaults fill, so that offline without them an absent key says
// nothing.
type volumeMount struct {
	path       string
	byDefaults bool
}

func volumeMounts() []volumeMount {
	return []volumeMount{
		{path: "jupyterhub.singleuser.storage.extraVolumeMounts", byDefaults: true},
		{path: "jupyterhub.singleuser.extraVolumeMounts"},
		{path: "jupyterhub.singleuser.initContainers"},
		{path: "jupyterhub.custom.singleuserAdmin.extraVolumeMounts", byDefaults: true},
	}
}

func checkBinderhubUI() Check {
	return Check{
		ID:       "BHU201",
		Name:     "binderhub-ui-enabled",
		Title:    "The hub spawns servers for the BinderHub UI",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "`jupyterhub.custom.binderhubUI.enabled` makes basehub build the hub's spawner " +
			"from `BinderSpawnerMixin` and `KubeSpawner`. Without it, servers that binder " +
			"asks for start from the hub's default image instead of the built one, while " +
			"the binder UI is on (`binderhub-service` enabled, `enable_api_only_mode: false`).\n\n" +
			"**Fix:** set `jupyterhub.custom.binderhubUI.enabled: true`.",
		Run: func(c *Context) []Result {
			enabled, _ := c.Bool(pathBinder + ".enabled")
			apiOnly, _ := c.Bool(pathAPIOnly)
			if !enabled || apiOnly {
				return nil
			}
			return expectValue(c, pathBinderhubUI, true, false)
		},
	}
}

func checkConfigurator() Check {
	return Check{
		ID:       "BHU202",
		Name:     "configurator-disabled",
		Title:    "The JupyterHub configurator is off",
		Severity: SeverityWarning,
		Family:   familyHub,
		Fixable:  true,
		Doc: "The jupyterhub-configurator lets admins change the user image and other " +
			"spawner options from a web form. On a binderhub-ui hub the image comes from " +
			"binder, so the form only misleads. The check runs only where the key exists.\n\n" +
			"**Fix:** set `jupyterhub.custom.jupyterhubConfigurator.enabled: false`.",
		Run: func(c *Context) []Result {
			if _, present := c.Value(pathConfigurator); !present {
				return nil
			}
			return expectValue(c, pathConfigurator, false, nil)
		},
	}
}

func checkHomepageBranch() Check {
	return Check{
		ID:       "BHU203",
		Name:     "homepage-branch",
		Title:    "The login page uses the simple homepage",
		Severity: SeverityInfo,
		Family:   familyHub,
		Doc: "The runbook points the hub's login page at the `no-homepage-subsections` " +
			"branch of 2i2c's default homepage repository, which leaves out the sections " +
			"that describe a persistent hub. Hubs with their own homepage repository or " +
			"templates can ignore this advice.\n\n" +
			"**Fix:** if the hub uses the default homepage, set " +
			"`jupyterhub.custom.homepage.gitRepoBranch: no-homepage-subsections`.",
		Run: func(c *Context) []Result {
			branch, _ := c.String(pathHomepageBranch)
			if branch == homepageBranch {
				return nil
			}
			found := describe(branch)
			if branch == "" {
				found = "unset"
			}
			return []Result{valuesFail(pathHomepageBranch, describe(homepageBranch), found,
				"if the hub uses 2i2c's default homepage, track the "+homepageBranch+" branch")}
		},
	}
}

func checkStorageType() Check {
	return Check{
		ID:       "BHU204",
		Name:     "storage-none",
		Title:    "User servers get no persistent storage",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "A binderhub-ui hub has no persistent storage: servers are ephemeral and " +
			"start from a built image. basehub's default `static` storage mounts the " +
			"hub's NFS share as home, which such a hub does not have, so servers fail " +
			"to start or write into a share nobody backs up.\n\n" +
			"**Fix:** set `jupyterhub.singleuser.storage.type: none`.",
		Run: func(c *Context) []Result {
			return expectValue(c, pathStorageType, "none", "dynamic")
		},
	}
}

func checkVolumeMounts() Check {
	return Check{
		ID:       "BHU205",
		Name:     "no-volume-mounts",
		Title:    "No storage is mounted into user servers",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "basehub's defaults mount the shared home directories (`extraVolumeMounts`, " +
			"the admin's `singleuserAdmin.extraVolumeMounts`) and may run init containers " +
			"that prepare them. Without storage these mounts point at volumes that do not " +
			"exist. Checked: " + "`jupyterhub.singleuser.storage.extraVolumeMounts`, " +
			"`jupyterhub.singleuser.extraVolumeMounts` (where present), " +
			"`jupyterhub.singleuser.initContainers` and " +
			"`jupyterhub.custom.singleuserAdmin.extraVolumeMounts`. Offline without the " +
			"chart's defaults, an absent key that basehub's defaults fill (the first and " +
			"the last) is not evaluated.\n\n" +
			"**Fix:** set each of them to null (an empty key in YAML). An empty map does " +
			"not work: Helm merges it into the chart's default map and keeps the defaults.",
		Run: func(c *Context) []Result {
			var results []Result
			for _, mount := range volumeMounts() {
				path := mount.path
				if reason := c.defaultsMissing(path); mount.byDefaults && reason != "" {
					results = append(results, NotEvaluated(ObjectValues, path, reason)...)
					continue
				}
				v, _ := c.Value(path)
				if entryCount(v) == 0 {
					continue
				}
				results = append(results, valuesFail(path, "null or empty", describeEntries(v),
					setFix(path, nil), Patch{Path: path, Value: nil}))
			}
			return results
		},
	}
}

func checkRedirectToServer() Check {
	return Check{
		ID:       "BHU206",
		Name:     "redirect-to-server-off",
		Title:    "The hub does not send users straight to a server",
		Severity: SeverityError,
		Family:   familyHub,
		Fixable:  true,
		Doc: "With JupyterHub's default `redirectToServer: true`, logging in starts a " +
			"server from the hub's default image instead of showing the binder UI, and " +
			"users never reach binder. Unset means true.\n\n" +
			"**Fix:** set `jupyterhub.hub.redirectToServer: false`.",
		Run: func(c *Context) []Result {
			return expectValue(c, pathRedirect, false, true)
		},
	}
}

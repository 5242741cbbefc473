package drift

// Catalogue returns every check, in ID order. It builds a new list on each
// call, so callers may filter or reorder it freely.
func Catalogue() []Check {
	return []Check{
		checkReleaseFailed(),
		checkReleasePending(),
		checkReleaseDeployed(),

		checkBinderhubUI(),
		checkConfigurator(),
		checkHomepageBranch(),
		checkStorageType(),
		checkVolumeMounts(),
		checkRedirectToServer(),
		checkBinderService(),
		checkOAuthNoConfirm(),
		checkOAuthRedirectURI(),
		checkUserBinderAccess(),
		checkUserSelf(),
		checkBinderRole(),
		checkAuthConsistent(),

		checkBinderEnabled(),
		checkBinderIngress(),
		checkBinderTLS(),
		checkBaseURL(),
		checkAPIOnlyMode(),
		checkHubURL(),
		checkBadgeURL(),
		checkImagePrefix(),

		checkEnvAPIToken(),
		checkEnvClientID(),
		checkEnvAPIURL(),
		checkEnvBaseURL(),
		checkEnvCallbackURL(),
		checkEnvTokenSecret(),

		checkHubIngressHost(),
		checkBinderIngressHost(),
		checkIngressTLSSecrets(),
		checkBinderServicePort(),
		checkBinderDeployment(),

		checkRegistryCredentials(),
		checkRegistryPassword(),
		checkRegistryHostMatch(),
		checkPushSecret(),
		checkQuayPullSecret(),
		checkPullSecretRegistry(),
		checkPullSecretLive(),
		checkPushSecretWiring(),
	}
}

// Lookup finds a check of the catalogue by its ID ("BHU206") or its name
// ("redirect-to-server-off").
func Lookup(id string) (Check, bool) {
	for _, check := range Catalogue() {
		if check.ID == id || check.Name == id {
			return check, true
		}
	}
	return Check{}, false
}

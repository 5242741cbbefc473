package drift

import (
	"net/url"
	"regexp"
)

// redactedPassword replaces the password of a URL's userinfo in output.
const redactedPassword = "REDACTED"

// urlToken matches a URL inside any text: a scheme, "://", then everything
// up to the next white space or quote. Values quoted by describe end at the
// quote.
var urlToken = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"'<>]+`)

// looseUserinfo finds "user:password@" after a scheme in a URL that
// net/url rejects, such as one whose password holds an unescaped "#" or
// "?". The password may hold "@" (the last one before the path ends the
// userinfo) but no "/", which would end the authority.
var looseUserinfo = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*://[^:@/]*):[^/]*@`)

// RedactURLs returns text with the password of every URL in it replaced by
// REDACTED, so that a URL from values with credentials
// (https://user:password@host/) can be shown in a finding or a diagram.
// Text without such a URL is returned unchanged.
func RedactURLs(text string) string {
	return urlToken.ReplaceAllStringFunc(text, redactURL)
}

// redactURL hides the password of one URL.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return looseUserinfo.ReplaceAllString(raw, "${1}:"+redactedPassword+"@")
	}
	if u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); !ok {
		return raw
	}
	u.User = url.UserPassword(u.User.Username(), redactedPassword)
	return u.String()
}

var (
	// credentialKey matches values keys that hold a credential (password,
	// apiToken, auth, …); "key" alone names a Secret's key and is kept.
	credentialKey = regexp.MustCompile(`(?i)(password|passwd|token|secret|credential|.key$|^auth$|dockerconfigjson)`)
	// referenceKey matches keys that only name a secret (secretName,
	// secretKeyRef): their values are names, not secrets.
	referenceKey = regexp.MustCompile(`(?i)(name|ref)$`)
	// credentialEnv matches environment variable names that hold credentials.
	credentialEnv = regexp.MustCompile(`(?i)(password|passwd|token|secret|credential|key)`)
)

// IsCredentialKey reports whether a values key holds a credential, so that
// whatever prints values (a diff, a patch) hides its value.
func IsCredentialKey(key string) bool {
	return credentialKey.MatchString(key) && !referenceKey.MatchString(key)
}

// IsCredentialEnv reports whether an environment variable's name says its
// value is a credential (JUPYTERHUB_API_TOKEN).
func IsCredentialEnv(name string) bool {
	return credentialEnv.MatchString(name)
}

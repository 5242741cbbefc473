package drift

import (
	"net/url"
	"strings"
)

// urlHost is the lower-case host (with any port) of a URL, tolerating a
// missing scheme; "" when there is none.
func urlHost(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if !strings.Contains(raw, "://") {
		raw = "//" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// sameURL compares two URLs, ignoring a trailing slash and the case of the
// scheme and host.
func sameURL(a, b string) bool {
	return normalURL(a) == normalURL(b)
}

func normalURL(raw string) string {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

// registryHost folds a registry server address or a docker config "auths"
// key ("https://quay.io", "quay.io", "https://index.docker.io/v1/") to a host,
// with Docker Hub's aliases all called docker.io.
func registryHost(server string) string {
	host := urlHost(server)
	switch host {
	case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com":
		return "docker.io"
	}
	return host
}

// imagePrefixHost is the registry host of a BinderHub image_prefix. As in
// Docker's image references, the first path segment is a registry only when
// it looks like a host (a dot, a port or localhost); otherwise, as in a bare
// "name-" prefix, the image goes to Docker Hub.
func imagePrefixHost(prefix string) string {
	first, _, found := strings.Cut(strings.TrimSpace(prefix), "/")
	if !found || !(strings.ContainsAny(first, ".:") || first == "localhost") {
		return "docker.io"
	}
	return registryHost(first)
}

// sameHost compares two host names, ignoring case.
func sameHost(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

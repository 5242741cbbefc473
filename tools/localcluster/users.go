package main

import (
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"os"
	"strings"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// clusterName names the cluster and the admin context in every kubeconfig.
const clusterName = "localcluster"

// extraUsers have no permissions beyond those of every authenticated user
// (discovery, reviewing themselves), so a test grants exactly what it checks.
var extraUsers = []string{"limited", "reader", "writer"}

// user is one identity of the static token file.
type user struct {
	name   string
	token  string
	groups []string
}

// newUsers returns the admin, whom system:masters lets do anything, then the
// extra users, each with a fresh random token: nothing that grants access to a
// cluster is ever a fixed string.
func newUsers() ([]user, error) {
	users := []user{{name: "admin", groups: []string{"system:masters"}}}
	for _, name := range extraUsers {
		users = append(users, user{name: name})
	}

	for i := range users {
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, err
		}
		users[i].token = hex.EncodeToString(secret)
	}

	return users, nil
}

// writeTokenFile writes the --token-auth-file: token, user name, uid and an
// optional quoted list of groups.
func writeTokenFile(path string, users []user) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, u := range users {
		record := []string{u.token, u.name, u.name}
		if len(u.groups) > 0 {
			record = append(record, strings.Join(u.groups, ","))
		}
		if err := w.Write(record); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}

	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// writeKubeconfigs writes the admin's kubeconfig and one for each extra user.
// Contexts are named apart so that the files can be merged with KUBECONFIG.
func writeKubeconfigs(l layout, serverURL string, ca []byte, users []user) error {
	for i, u := range users {
		path, context := l.kubeconfig, clusterName
		if i > 0 {
			path, context = l.userKubeconfig(u.name), clusterName+"-"+u.name
		}

		cfg := clientcmdapi.NewConfig()
		cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: serverURL, CertificateAuthorityData: ca}
		cfg.AuthInfos[u.name] = &clientcmdapi.AuthInfo{Token: u.token}
		cfg.Contexts[context] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: u.name}
		cfg.CurrentContext = context
		if err := clientcmd.WriteToFile(*cfg, path); err != nil {
			return err
		}
	}

	return nil
}

// restConfig is a client configuration for u, used to wait for readiness.
func restConfig(serverURL string, ca []byte, u user) *rest.Config {
	return &rest.Config{
		Host:            serverURL,
		BearerToken:     u.token,
		TLSClientConfig: rest.TLSClientConfig{CAData: ca},
	}
}

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// stopTimeout bounds the API server's graceful shutdown after a signal; it
// usually takes about a second.
const stopTimeout = 30 * time.Second

// options are the command-line settings of one run.
type options struct {
	dir  string
	port int
}

// layout names the files of a state directory, so that every writer and the
// flags handed to the API server agree on them.
type layout struct {
	dir         string
	certDir     string
	etcdDir     string
	caCert      string
	saKey       string
	tokens      string
	auditLog    string
	auditPolicy string
	kubeconfig  string
	ready       string
}

func newLayout(dir string) layout {
	certDir := filepath.Join(dir, "certs")

	return layout{
		dir:         dir,
		certDir:     certDir,
		etcdDir:     filepath.Join(dir, "etcd"),
		caCert:      filepath.Join(certDir, "ca.crt"),
		saKey:       filepath.Join(certDir, "service-account.key"),
		tokens:      filepath.Join(dir, "tokens.csv"),
		auditLog:    filepath.Join(dir, "audit.log"),
		auditPolicy: filepath.Join(dir, "audit-policy.yaml"),
		kubeconfig:  filepath.Join(dir, "kubeconfig"),
		ready:       filepath.Join(dir, "ready"),
	}
}

// userKubeconfig is the kubeconfig of one of the extra test users.
func (l layout) userKubeconfig(user string) string {
	return filepath.Join(l.dir, "kubeconfig-"+user)
}

// run prepares the state directory, starts etcd and the API server, announces
// the server once it answers, and serves until SIGINT or SIGTERM.
func run(opts options) error {
	if opts.dir == "" {
		return errors.New("--dir is required")
	}
	dir, err := filepath.Abs(opts.dir)
	if err != nil {
		return fmt.Errorf("resolving --dir: %w", err)
	}
	l := newLayout(dir)

	if err := os.MkdirAll(l.certDir, 0o700); err != nil {
		return fmt.Errorf("creating state directory: %w", err)
	}

	// A ready file left by a run that was killed would tell waiters that this
	// run is up before it is.
	if err := os.Remove(l.ready); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing stale ready file: %w", err)
	}

	ca, err := writeCerts(l)
	if err != nil {
		return fmt.Errorf("writing certificates: %w", err)
	}
	users, err := newUsers()
	if err != nil {
		return fmt.Errorf("generating tokens: %w", err)
	}
	if err := writeTokenFile(l.tokens, users); err != nil {
		return fmt.Errorf("writing token file: %w", err)
	}
	if err := os.WriteFile(l.auditPolicy, []byte(auditPolicy), 0o600); err != nil {
		return fmt.Errorf("writing audit policy: %w", err)
	}

	ports, err := freePorts(3)
	if err != nil {
		return fmt.Errorf("choosing ports: %w", err)
	}
	port := opts.port
	if port == 0 {
		port = ports[2]
	}
	serverURL := fmt.Sprintf("https://127.0.0.1:%d", port)
	if err := writeKubeconfigs(l, serverURL, ca, users); err != nil {
		return fmt.Errorf("writing kubeconfigs: %w", err)
	}

	etcd, etcdURL, err := startEtcd(l.etcdDir, ports[0], ports[1])
	if err != nil {
		return fmt.Errorf("starting etcd: %w", err)
	}
	defer etcd.Close()

	server := newAPIServer(apiServerArgs(l, etcdURL, port))
	admin := restConfig(serverURL, ca, users[0])

	return serve(l, server, admin)
}

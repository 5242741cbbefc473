package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

const (
	// readyTimeout bounds the wait for /readyz; it usually passes in 2–4 s.
	readyTimeout = 2 * time.Minute

	// serviceCIDR is the Service address range; the server takes its first
	// address for the kubernetes Service, which the serving certificate names.
	serviceCIDR = "10.0.0.0/16"
)

// auditPolicy records every request at Metadata level (user, verb, resource,
// no bodies), which is what tests need to assert which verbs a run used.
// RequestReceived is left out: each request would otherwise be logged twice.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
- level: Metadata
`

// apiServer is the real kube-apiserver command run inside this process.
type apiServer struct {
	cmd  *cobra.Command
	done chan struct{}
	err  error
}

// newAPIServer builds the kube-apiserver command with args. Building it also
// installs the server's SIGINT/SIGTERM handler, so it may happen only once.
func newAPIServer(args []string) *apiServer {
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)

	return &apiServer{cmd: cmd, done: make(chan struct{})}
}

// apiServerArgs are the kube-apiserver flags of a local cluster.
func apiServerArgs(l layout, etcdURL string, port int) []string {
	return []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(port),

		// The kubernetes Service may not point at a loopback address, so the
		// server keeps no endpoints for itself.
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none",

		// --cert-dir finds the pair writeCerts made; without it the server would
		// generate a self-signed one that no kubeconfig trusts.
		"--cert-dir=" + l.certDir,
		"--service-cluster-ip-range=" + serviceCIDR,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + l.saKey,
		"--service-account-signing-key-file=" + l.saKey,
		"--token-auth-file=" + l.tokens,
		"--authorization-mode=RBAC",

		// Real charts ask for privileged containers (binderhub's docker-api
		// DaemonSet); without this they fail to install.
		"--allow-privileged=true",
		"--audit-log-path=" + l.auditLog,
		"--audit-policy-file=" + l.auditPolicy,

		// The server applies its own --v to klog, which would undo our -v.
		"--v=" + flag.Lookup("v").Value.String(),
	}
}

// start runs the server in the background; done closes when it returns.
func (s *apiServer) start() {
	go func() {
		s.err = s.cmd.Execute()
		close(s.done)
	}()
}

// stopped describes a server that returned on its own.
func (s *apiServer) stopped(when string) error {
	if s.err != nil {
		return fmt.Errorf("API server stopped %s: %w", when, s.err)
	}

	return fmt.Errorf("API server stopped %s", when)
}

// serve starts the server, announces it once it is ready, and returns after a
// signal has stopped it, or as soon as it fails.
func serve(l layout, server *apiServer, admin *rest.Config) error {
	ctx := server.cmd.Context()
	server.start()

	if err := waitReady(ctx, server, admin); err != nil {
		return err
	}
	if err := announce(l); err != nil {
		return err
	}
	defer os.Remove(l.ready)

	select {
	case <-server.done:
		return server.stopped("unexpectedly")
	case <-ctx.Done():
	}

	// The signal also cancelled the server's own context: give its graceful
	// shutdown time to finish before etcd goes away underneath it.
	select {
	case <-server.done:
		return server.err
	case <-time.After(stopTimeout):
		return fmt.Errorf("API server did not stop within %s", stopTimeout)
	}
}

// waitReady polls until every readiness check passes and the default
// namespace, which the server creates shortly after start, exists.
func waitReady(ctx context.Context, server *apiServer, admin *rest.Config) error {
	client, err := kubernetes.NewForConfig(admin)
	if err != nil {
		return fmt.Errorf("building readiness client: %w", err)
	}
	deadline := time.After(readyTimeout)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()

	for !isReady(ctx, client) {
		select {
		case <-server.done:
			return server.stopped("before it was ready")
		case <-ctx.Done():
			return errors.New("interrupted before the API server was ready")
		case <-deadline:
			return fmt.Errorf("API server not ready after %s", readyTimeout)
		case <-tick.C:
		}
	}

	return nil
}

func isReady(ctx context.Context, client kubernetes.Interface) bool {
	var status int
	client.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).StatusCode(&status)
	if status != http.StatusOK {
		return false
	}
	_, err := client.CoreV1().Namespaces().Get(ctx, metav1.NamespaceDefault, metav1.GetOptions{})

	return err == nil
}

// announce tells waiters the cluster is up: the ready file for those that
// poll, a line on stdout for the process that started us.
func announce(l layout) error {
	line := "ready kubeconfig=" + l.kubeconfig + "\n"
	if err := os.WriteFile(l.ready, []byte(line), 0o600); err != nil {
		return fmt.Errorf("writing ready file: %w", err)
	}
	_, err := fmt.Print(line)

	return err
}

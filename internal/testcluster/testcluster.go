// Package testcluster gives end-to-end tests a real Kubernetes API server.
//
// By default it runs the localcluster binary (tools/localcluster, built by
// `make bin/localcluster`) as a child process with a fresh state directory.
// To reuse a cluster that is already up, set BINDERHUBUI_TEST_KUBECONFIG, and
// BINDERHUBUI_TEST_CLUSTER_DIR for its audit log and test-user kubeconfigs.
//
// The server runs no controller-manager, scheduler or kubelet: objects are
// stored and served but nothing reconciles them, so tests create what a
// controller would (see CreateNamespace) and use a fresh namespace each.
package testcluster

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Environment variables that steer Start.
const (
	// EnvKubeconfig names the admin kubeconfig of a running cluster to reuse.
	EnvKubeconfig = "BINDERHUBUI_TEST_KUBECONFIG"
	// EnvClusterDir names the state directory of that cluster, for its audit
	// log and the test users' kubeconfigs.
	EnvClusterDir = "BINDERHUBUI_TEST_CLUSTER_DIR"
	// EnvBinary overrides where the localcluster binary is.
	EnvBinary = "BINDERHUBUI_LOCALCLUSTER"
)

const (
	// rootModule is the module whose go.mod marks the repository root.
	rootModule = "github.com/binderhubui/kubectl-binderhubui"

	// readyTimeout bounds the server's start; it is usually ready in 3 s.
	readyTimeout = 60 * time.Second

	// stopTimeout bounds the graceful stop before the server is killed.
	stopTimeout = 30 * time.Second

	// logTail is how many lines of the server's log an error carries.
	logTail = 30
)

// Cluster is a running API server that tests can talk to.
type Cluster struct {
	// Kubeconfig is the path of the admin's kubeconfig (group system:masters).
	Kubeconfig string
	// Dir is the cluster's state directory; empty when a reused cluster was
	// given without EnvClusterDir.
	Dir string

	cmd    *exec.Cmd
	exited chan struct{}
}

// Start returns the cluster named by EnvKubeconfig if set, and otherwise
// starts a new one and waits until it serves. Call it once, from TestMain, and
// Stop the cluster when the tests are done.
func Start() (*Cluster, error) {
	if kubeconfig := os.Getenv(EnvKubeconfig); kubeconfig != "" {
		return &Cluster{Kubeconfig: kubeconfig, Dir: os.Getenv(EnvClusterDir)}, nil
	}

	binary, err := findBinary()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "binderhubui-testcluster-")
	if err != nil {
		return nil, fmt.Errorf("creating cluster directory: %w", err)
	}

	c, err := start(binary, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}

	return c, nil
}

// start runs binary with state in dir and waits for its ready line.
func start(binary, dir string) (*Cluster, error) {
	// The server's log goes to a file rather than a pipe: it is long, and a
	// pipe nobody drains would stall the server.
	logFile, err := os.Create(filepath.Join(dir, "server.log"))
	if err != nil {
		return nil, fmt.Errorf("creating server log: %w", err)
	}
	defer logFile.Close()

	cmd := exec.Command(binary, "--dir", dir)
	cmd.Stderr = logFile
	cmd.SysProcAttr = stopWithParent()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", binary, err)
	}

	c := &Cluster{Dir: dir, cmd: cmd, exited: make(chan struct{})}
	ready := make(chan string, 1)
	go func() {
		// Wait closes the pipe, so it must follow the last read.
		watchStdout(stdout, ready)
		cmd.Wait()
		close(c.exited)
	}()

	select {
	case c.Kubeconfig = <-ready:
		return c, nil
	case <-c.exited:
		return nil, fmt.Errorf("localcluster exited before it was ready (%v); its log ends:\n%s",
			cmd.ProcessState, c.logTail())
	case <-time.After(readyTimeout):
		tail := c.logTail()
		c.stopProcess()
		return nil, fmt.Errorf("localcluster not ready after %s; its log ends:\n%s", readyTimeout, tail)
	}
}

// watchStdout hands on the kubeconfig path from the server's first ready
// line, and reads on to the end so that later output never blocks the server.
func watchStdout(stdout io.Reader, ready chan<- string) {
	scanner := bufio.NewScanner(stdout)
	announced := false
	for scanner.Scan() {
		path, ok := strings.CutPrefix(scanner.Text(), "ready kubeconfig=")
		if ok && !announced {
			ready <- path
			announced = true
		}
	}
}

// findBinary locates the localcluster binary: EnvBinary, or bin/localcluster
// at the repository root.
func findBinary() (string, error) {
	if binary := os.Getenv(EnvBinary); binary != "" {
		return binary, nil
	}

	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	binary := filepath.Join(root, "bin", "localcluster")
	if _, err := os.Stat(binary); err != nil {
		return "", fmt.Errorf("no localcluster binary at %s: run `make bin/localcluster` first, or set %s: %w",
			binary, EnvBinary, err)
	}

	return binary, nil
}

// repoRoot walks up from the working directory, which go test sets to the
// package's own, to the go.mod of the root module. Nested modules such as
// tools/localcluster are passed over.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}

	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(data, []byte("module "+rootModule+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s above the working directory: set %s to the localcluster binary",
				rootModule, EnvBinary)
		}
		dir = parent
	}
}

// Stop stops a cluster that Start started, and removes its state directory.
// A reused cluster is left running.
func (c *Cluster) Stop() {
	if c.cmd == nil {
		return
	}

	c.stopProcess()
	os.RemoveAll(c.Dir)
}

// stopProcess stops the server and waits for it to exit.
func (c *Cluster) stopProcess() {
	// SIGTERM lets the server shut down gracefully and close etcd cleanly.
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(stopTimeout):
		c.cmd.Process.Kill()
		<-c.exited
	}
}

// logTail returns the last lines of the server's log.
func (c *Cluster) logTail() string {
	data, err := os.ReadFile(filepath.Join(c.Dir, "server.log"))
	if err != nil {
		return fmt.Sprintf("(no server log: %v)", err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > logTail {
		lines = lines[len(lines)-logTail:]
	}

	return strings.Join(lines, "\n")
}

// AuditLogPath is the server's audit log, one JSON event a line; see
// ReadAuditEvents.
func (c *Cluster) AuditLogPath() string {
	return c.path("audit.log")
}

// UserKubeconfig is the kubeconfig of a test user (limited, reader, writer).
// These users start with no permissions: bind RBAC roles to them by name.
func (c *Cluster) UserKubeconfig(user string) string {
	return c.path("kubeconfig-" + user)
}

// path names a file of the state directory, or is empty without one.
func (c *Cluster) path(name string) string {
	if c.Dir == "" {
		return ""
	}

	return filepath.Join(c.Dir, name)
}

// RESTConfig is the admin's client configuration.
func (c *Cluster) RESTConfig() (*rest.Config, error) {
	return restConfig(c.Kubeconfig)
}

// Clientset is a client for the admin.
func (c *Cluster) Clientset() (kubernetes.Interface, error) {
	return clientset(c.Kubeconfig)
}

// UserClientset is a client for a test user (see UserKubeconfig).
func (c *Cluster) UserClientset(user string) (kubernetes.Interface, error) {
	if c.Dir == "" {
		return nil, errors.New("no test users: the reused cluster has no " + EnvClusterDir)
	}

	return clientset(c.UserKubeconfig(user))
}

func restConfig(kubeconfig string) (*rest.Config, error) {
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %w", kubeconfig, err)
	}

	// client-go's default of 5 requests a second would make fixture setup the
	// slowest part of a test; the local server takes far more.
	cfg.QPS, cfg.Burst = 200, 400

	return cfg, nil
}

func clientset(kubeconfig string) (kubernetes.Interface, error) {
	cfg, err := restConfig(kubeconfig)
	if err != nil {
		return nil, err
	}

	return kubernetes.NewForConfig(cfg)
}

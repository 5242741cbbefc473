package seed

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/loader"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/kube"
	ri "helm.sh/helm/v4/pkg/release"
	rcommon "helm.sh/helm/v4/pkg/release/common"
	release "helm.sh/helm/v4/pkg/release/v1"
	"helm.sh/helm/v4/pkg/storage"
	"helm.sh/helm/v4/pkg/storage/driver"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// hookTimeout bounds the wait for the chart's hooks (the image pull Secret),
// which are ready as soon as they exist. Nothing else is waited for: a test
// API server has no controllers, so Deployments never become ready.
const hookTimeout = time.Minute

// Render renders hub's release without a cluster, as `helm install
// --dry-run=client` does. Lookups find nothing, so generated secrets are new.
// The manifest is in Manifest, the hooks (image pull Secret) in Hooks.
func Render(ctx context.Context, chartDir string, hub Hub) (*release.Release, error) {
	ch, vals, err := prepare(chartDir, hub)
	if err != nil {
		return nil, err
	}

	in := newInstall(action.NewConfiguration(), hub.Name)
	in.DryRunStrategy = action.DryRunClient

	return asRelease(in.RunWithContext(ctx, ch, vals))
}

// Install creates namespace hub.Name with its default ServiceAccount, then
// installs hub as release hub.Name into it with the chart at chartDir. It
// waits for hooks only. Releases are stored by Helm's secrets driver, or the
// one $HELM_DRIVER names.
func Install(ctx context.Context, kubeconfigPath, chartDir string, hub Hub) (*release.Release, error) {
	ch, vals, err := prepare(chartDir, hub)
	if err != nil {
		return nil, err
	}

	if err := ensureNamespace(ctx, kubeconfigPath, hub.Name); err != nil {
		return nil, err
	}

	cfg, err := newConfiguration(kubeconfigPath, hub.Name)
	if err != nil {
		return nil, err
	}

	return asRelease(newInstall(cfg, hub.Name).RunWithContext(ctx, ch, vals))
}

// Upgrade upgrades release hubName to the chart at chartDir with the values
// of its last release plus extra, like `helm upgrade --reuse-values --set`.
// It fails, as helm does, while the last release is pending.
func Upgrade(ctx context.Context, kubeconfigPath, chartDir, hubName string, extra map[string]any) (*release.Release, error) {
	ch, err := loadChart(chartDir)
	if err != nil {
		return nil, err
	}

	cfg, err := newConfiguration(kubeconfigPath, hubName)
	if err != nil {
		return nil, err
	}

	return upgrade(ctx, cfg, ch, hubName, extra)
}

func upgrade(ctx context.Context, cfg *action.Configuration, ch *chart.Chart, name string, extra map[string]any) (*release.Release, error) {
	if extra == nil {
		extra = map[string]any{}
	}

	up := action.NewUpgrade(cfg)
	up.Namespace = name
	up.ReuseValues = true
	up.WaitStrategy = kube.HookOnlyStrategy
	up.Timeout = hookTimeout

	return asRelease(up.RunWithContext(ctx, name, ch, extra))
}

// MarkLatest records a new revision of release hubName, a copy of the last
// one with status "failed" or "pending-upgrade", through Helm's storage: what
// a failed or interrupted `helm upgrade` leaves. Nothing in the cluster but
// the release record changes; the previous revision keeps its status.
func MarkLatest(ctx context.Context, kubeconfigPath, hubName, status string) (*release.Release, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	cfg, err := newConfiguration(kubeconfigPath, hubName)
	if err != nil {
		return nil, err
	}

	return markLatest(cfg.Releases, hubName, rcommon.Status(status))
}

func markLatest(store *storage.Storage, name string, status rcommon.Status) (*release.Release, error) {
	var description string
	switch status {
	case rcommon.StatusFailed:
		description = fmt.Sprintf("Upgrade %q failed: simulated by seed.MarkLatest", name)
	case rcommon.StatusPendingUpgrade:
		description = "Preparing upgrade"
	default:
		return nil, fmt.Errorf("marking release %s: status %q is not %q or %q",
			name, status, rcommon.StatusFailed, rcommon.StatusPendingUpgrade)
	}

	last, err := asRelease(store.Last(name))
	if err != nil {
		return nil, fmt.Errorf("reading the last revision of release %s: %w", name, err)
	}

	next := *last
	next.Version = last.Version + 1
	next.Info = &release.Info{
		FirstDeployed: last.Info.FirstDeployed,
		LastDeployed:  time.Now(),
		Status:        status,
		Description:   description,
		Notes:         last.Info.Notes,
	}
	if err := store.Create(&next); err != nil {
		return nil, fmt.Errorf("recording revision %d of release %s: %w", next.Version, name, err)
	}

	return &next, nil
}

func newInstall(cfg *action.Configuration, name string) *action.Install {
	in := action.NewInstall(cfg)
	in.ReleaseName = name
	in.Namespace = name
	in.WaitStrategy = kube.HookOnlyStrategy
	in.Timeout = hookTimeout

	return in
}

// prepare loads the chart and merges hub's values, the inputs of an install.
func prepare(chartDir string, hub Hub) (*chart.Chart, map[string]any, error) {
	vals, err := Values(hub)
	if err != nil {
		return nil, nil, err
	}

	ch, err := loadChart(chartDir)
	if err != nil {
		return nil, nil, err
	}

	return ch, vals, nil
}

func loadChart(dir string) (*chart.Chart, error) {
	c, err := loader.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("loading chart %s: %w", dir, err)
	}

	ch, ok := c.(*chart.Chart)
	if !ok {
		return nil, fmt.Errorf("loading chart %s: not a v2 chart", dir)
	}

	return ch, nil
}

// asRelease narrows an action's result to the v2-chart release type it stores.
func asRelease(r ri.Releaser, err error) (*release.Release, error) {
	rel, ok := r.(*release.Release)
	if !ok && r != nil {
		return nil, errors.Join(err, fmt.Errorf("unexpected release type %T", r))
	}

	return rel, err
}

// restConfigFlags reads kubeconfigPath and scopes requests to namespace. It
// raises the client-side rate limit as the helm CLI does: an install sends
// a few dozen requests at once.
func restConfigFlags(kubeconfigPath, namespace string) *genericclioptions.ConfigFlags {
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &kubeconfigPath
	flags.Namespace = &namespace
	flags.WrapConfigFn = func(c *rest.Config) *rest.Config {
		c.QPS, c.Burst = 50, 100
		return c
	}

	return flags
}

// Installed reports whether release hubName already has a revision, so that
// seeding twice (make demo run again) leaves the hub as it is.
func Installed(kubeconfigPath, hubName string) (bool, error) {
	cfg, err := newConfiguration(kubeconfigPath, hubName)
	if err != nil {
		return false, err
	}

	history, err := cfg.Releases.History(hubName)
	if err != nil && !errors.Is(err, driver.ErrReleaseNotFound) {
		return false, fmt.Errorf("reading the history of release %s: %w", hubName, err)
	}

	return len(history) > 0, nil
}

func newConfiguration(kubeconfigPath, namespace string) (*action.Configuration, error) {
	cfg := action.NewConfiguration()
	if err := cfg.Init(restConfigFlags(kubeconfigPath, namespace), namespace, os.Getenv("HELM_DRIVER")); err != nil {
		return nil, fmt.Errorf("configuring helm for namespace %s: %w", namespace, err)
	}

	return cfg, nil
}

// ensureNamespace creates the namespace and its default ServiceAccount, which
// a cluster without controllers does not make and without which no Pod of the
// namespace is admitted.
func ensureNamespace(ctx context.Context, kubeconfigPath, name string) error {
	restConfig, err := restConfigFlags(kubeconfigPath, name).ToRESTConfig()
	if err != nil {
		return fmt.Errorf("reading kubeconfig %s: %w", kubeconfigPath, err)
	}

	client, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return fmt.Errorf("creating a client for %s: %w", kubeconfigPath, err)
	}

	return createNamespace(ctx, client, name)
}

func createNamespace(ctx context.Context, client kubernetes.Interface, name string) error {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"name": name}}}
	_, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating namespace %s: %w", name, err)
	}

	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default", Namespace: name}}
	_, err = client.CoreV1().ServiceAccounts(name).Create(ctx, sa, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating service account %s/default: %w", name, err)
	}

	return nil
}

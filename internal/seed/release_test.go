package seed

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart/common"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	kubefake "helm.sh/helm/v4/pkg/kube/fake"
	rcommon "helm.sh/helm/v4/pkg/release/common"
	"helm.sh/helm/v4/pkg/storage"
	"helm.sh/helm/v4/pkg/storage/driver"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

// fakeConfiguration is a Helm configuration with releases in memory and a
// Kubernetes client that accepts everything, as Helm's own action tests use.
func fakeConfiguration(namespace string) *action.Configuration {
	cfg := action.NewConfiguration(action.ConfigurationSetLogger(slog.DiscardHandler))
	mem := driver.NewMemory()
	mem.SetNamespace(namespace)
	cfg.Releases = storage.Init(mem)
	cfg.KubeClient = &kubefake.PrintingKubeClient{Out: io.Discard}
	cfg.Capabilities = common.DefaultCapabilities

	return cfg
}

func mustLoadChart(t *testing.T) *chart.Chart {
	t.Helper()
	ch, err := loadChart(ChartDir())
	if err != nil {
		t.Fatal(err)
	}

	return ch
}

// history lists a release's revisions as "revision:status".
func history(t *testing.T, store *storage.Storage, name string) []string {
	t.Helper()
	revs, err := store.History(name)
	if err != nil {
		t.Fatal(err)
	}

	var out []string
	for _, r := range revs {
		rel, err := asRelease(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d:%s", rel.Version, rel.Info.Status))
	}

	return out
}

func TestInstallUpgradeMarkLatest(t *testing.T) {
	ctx := context.Background()
	const name = "demo"
	cfg := fakeConfiguration(name)
	hub := Hub{Name: name, Extra: map[string]any{"binderhub-service": map[string]any{"enabled": true}}}

	vals, err := Values(hub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := asRelease(newInstall(cfg, name).RunWithContext(ctx, mustLoadChart(t), vals)); err != nil {
		t.Fatalf("install: %v", err)
	}

	extra := map[string]any{"jupyterhub": map[string]any{"hub": map[string]any{"redirectToServer": false}}}
	up, err := upgrade(ctx, cfg, mustLoadChart(t), name, extra)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	wantConfig := map[string]any{
		"binderhub-service": map[string]any{"enabled": true},
		"jupyterhub":        map[string]any{"hub": map[string]any{"redirectToServer": false}},
	}
	if diff := cmp.Diff(wantConfig, up.Config); diff != "" {
		t.Errorf("upgraded values are not the reused ones plus extra (-want +got):\n%s", diff)
	}

	if _, err := markLatest(cfg.Releases, name, rcommon.StatusPendingUpgrade); err != nil {
		t.Fatalf("marking pending: %v", err)
	}
	want := []string{"1:superseded", "2:deployed", "3:pending-upgrade"}
	if diff := cmp.Diff(want, history(t, cfg.Releases, name)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}

	// A pending last revision blocks upgrades, as it does for helm.
	if _, err := upgrade(ctx, cfg, mustLoadChart(t), name, nil); err == nil {
		t.Error("upgrade over a pending revision succeeded, want an error")
	}
}

func TestMarkLatestFailed(t *testing.T) {
	const name = "demo"
	cfg := fakeConfiguration(name)
	if _, err := asRelease(newInstall(cfg, name).RunWithContext(context.Background(), mustLoadChart(t), nil)); err != nil {
		t.Fatalf("install: %v", err)
	}

	rel, err := markLatest(cfg.Releases, name, rcommon.StatusFailed)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rel.Info.Description, "failed") {
		t.Errorf("description %q does not say the upgrade failed", rel.Info.Description)
	}
	want := []string{"1:deployed", "2:failed"}
	if diff := cmp.Diff(want, history(t, cfg.Releases, name)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}

	if _, err := markLatest(cfg.Releases, name, rcommon.StatusDeployed); err == nil {
		t.Error("marking a revision deployed succeeded, want an error")
	}
	if _, err := markLatest(cfg.Releases, "absent", rcommon.StatusFailed); err == nil {
		t.Error("marking a missing release succeeded, want an error")
	}
}

func TestCreateNamespace(t *testing.T) {
	ctx := context.Background()
	client := fake.NewClientset()
	for range 2 { // the second run finds both and succeeds
		if err := createNamespace(ctx, client, "demo"); err != nil {
			t.Fatal(err)
		}
	}

	if _, err := client.CoreV1().ServiceAccounts("demo").Get(ctx, "default", metav1.GetOptions{}); err != nil {
		t.Errorf("default service account: %v", err)
	}
}

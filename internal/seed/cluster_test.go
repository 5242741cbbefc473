package seed

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

// ClusterEnv names a kubeconfig for the opt-in test against a real API
// server (one without controllers is enough). Unset, the test is skipped.
const ClusterEnv = "BINDERHUBUI_SEED_KUBECONFIG"

func TestClusterInstallUpgradeMarkLatest(t *testing.T) {
	kubeconfig := os.Getenv(ClusterEnv)
	if kubeconfig == "" {
		t.Skipf("%s not set", ClusterEnv)
	}
	ctx := context.Background()
	name := "seed-" + strings.ToLower(rand.Text()[:8])
	hub := Hub{
		Name:    name,
		Domain:  name + ".example.org",
		Extra:   map[string]any{"binderhub-service": map[string]any{"enabled": true}},
		Secrets: SecretValues{ServiceTokens: map[string]string{"binder": "planted-binder-token"}},
	}

	if _, err := Install(ctx, kubeconfig, ChartDir(), hub); err != nil {
		t.Fatalf("install: %v", err)
	}
	before := hubSecret(ctx, t, kubeconfig, name)
	if got := before["hub.services.binder.apiToken"]; got != "planted-binder-token" {
		t.Errorf("binder token = %q, want the planted one", got)
	}

	// The upgrade must keep generated tokens: the chart looks them up.
	extra := map[string]any{"jupyterhub": map[string]any{"hub": map[string]any{"redirectToServer": false}}}
	if _, err := Upgrade(ctx, kubeconfig, ChartDir(), name, extra); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	if diff := cmp.Diff(before, hubSecret(ctx, t, kubeconfig, name), ignoreKey("values.yaml")); diff != "" {
		t.Errorf("hub Secret changed on upgrade (-before +after):\n%s", diff)
	}

	if _, err := MarkLatest(ctx, kubeconfig, name, "pending-upgrade"); err != nil {
		t.Fatalf("mark latest: %v", err)
	}
	if _, err := Upgrade(ctx, kubeconfig, ChartDir(), name, nil); err == nil {
		t.Error("upgrade over a pending revision succeeded, want an error")
	}
}

func ignoreKey(key string) cmp.Option {
	return cmp.FilterPath(func(p cmp.Path) bool {
		m, ok := p.Last().(cmp.MapIndex)
		return ok && m.Key().String() == key
	}, cmp.Ignore())
}

// hubSecret reads the data of Secret hub in namespace ns.
func hubSecret(ctx context.Context, t *testing.T, kubeconfig, ns string) map[string]string {
	t.Helper()
	config, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		t.Fatal(err)
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		t.Fatal(err)
	}

	s, err := client.CoreV1().Secrets(ns).Get(ctx, "hub", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]string{}
	for k, v := range s.Data {
		data[k] = string(v)
	}

	return data
}

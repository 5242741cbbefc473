package testcluster

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// CreateNamespace creates namespace name with its default ServiceAccount. The
// server refuses Pods in a namespace without one, and with no controller-manager
// running nothing else creates it. Use a fresh name per test: a deleted
// namespace stays Terminating forever here.
func (c *Cluster) CreateNamespace(ctx context.Context, name string) error {
	client, err := c.Clientset()
	if err != nil {
		return err
	}

	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if _, err := client.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("creating namespace %s: %w", name, err)
	}

	// On a reused cluster that does run a controller-manager, it may have made
	// the ServiceAccount first.
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "default"}}
	_, err = client.CoreV1().ServiceAccounts(name).Create(ctx, sa, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("creating default service account in %s: %w", name, err)
	}

	return nil
}

package inspect

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"helm.sh/helm/v4/pkg/chart/common/util"
	rspb "helm.sh/helm/v4/pkg/release/v1"
	"helm.sh/helm/v4/pkg/storage/driver"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/klog/v2"
)

// ErrNotBinderHubUI is returned by ReadHub for a release that is not a
// binderhub-ui hub (another chart, or a basehub hub without BinderHub).
var ErrNotBinderHubUI = errors.New("not a binderhub-ui hub")

// ReadHub decodes the release record ref points at with Helm's own storage
// driver, computes the values Helm would render with, and reads the live
// objects of the release's namespace. It returns (nil, nil) for a release that
// is not a binderhub-ui hub.
func (r *Reader) ReadHub(ctx context.Context, ref ReleaseRef) (*Hub, error) {
	rel, err := r.readRelease(ref)
	if err != nil {
		return nil, err
	}

	values, err := util.CoalesceValues(rel.Chart, rel.Config)
	if err != nil {
		return nil, fmt.Errorf("computing the values of release %s/%s revision %d: %w", ref.Namespace, ref.Name, ref.Revision, err)
	}

	// The effective values are coalesced with the release's own chart, so
	// they hold its defaults.
	hub := &Hub{
		Name:        ref.Name,
		Namespace:   ref.Namespace,
		Source:      SourceCluster,
		Release:     releaseSummary(ref, rel),
		UserValues:  rel.Config,
		Values:      values,
		HasDefaults: true,
	}
	if hub.UserValues == nil {
		hub.UserValues = map[string]any{}
	}
	if !IsBinderHubUI(hub) {
		klog.V(1).InfoS("skipping a release that is not a binderhub-ui hub", "namespace", ref.Namespace, "release", ref.Name, "chart", hub.Release.Chart)
		return nil, nil
	}

	hub.Objects = r.readObjects(ctx, ref.Namespace)

	return hub, nil
}

// readRelease fetches and decodes one revision through Helm's driver, which
// understands records written by Helm 3 and Helm 4 alike.
func (r *Reader) readRelease(ref ReleaseRef) (*rspb.Release, error) {
	var store driver.Driver
	if ref.Driver == DriverConfigMap {
		store = driver.NewConfigMaps(r.client.CoreV1().ConfigMaps(ref.Namespace))
	} else {
		store = driver.NewSecrets(r.client.CoreV1().Secrets(ref.Namespace))
	}

	klog.V(1).InfoS("reading release record", "namespace", ref.Namespace, "record", ref.RecordName)
	releaser, err := store.Get(ref.RecordName)
	if err != nil {
		if apierrors.IsForbidden(errors.Unwrap(err)) || apierrors.IsForbidden(err) {
			return nil, fmt.Errorf("reading release record %s/%s: %w", ref.Namespace, ref.RecordName, ErrForbidden)
		}
		return nil, fmt.Errorf("reading release record %s/%s (is it corrupt?): %w", ref.Namespace, ref.RecordName, err)
	}

	rel, ok := releaser.(*rspb.Release)
	if !ok || rel == nil || rel.Chart == nil || rel.Chart.Metadata == nil {
		return nil, fmt.Errorf("release record %s/%s holds no chart: it is corrupt or of an unknown format", ref.Namespace, ref.RecordName)
	}

	return rel, nil
}

func releaseSummary(ref ReleaseRef, rel *rspb.Release) *Release {
	summary := &Release{
		Name:           ref.Name,
		Namespace:      ref.Namespace,
		Driver:         ref.Driver,
		Revision:       rel.Version,
		Status:         ref.Status,
		LatestRevision: ref.LatestRevision,
		LatestStatus:   ref.LatestStatus,
		Chart:          rel.Chart.Metadata.Name,
		ChartVersion:   rel.Chart.Metadata.Version,
		AppVersion:     rel.Chart.Metadata.AppVersion,
	}
	if rel.Info != nil {
		summary.Status = string(rel.Info.Status)
		if rel.Version == ref.LatestRevision {
			summary.LatestDescription = rel.Info.Description
		}
	}
	for _, dep := range rel.Chart.Metadata.Dependencies {
		summary.Dependencies = append(summary.Dependencies, dep.Name)
	}

	return summary
}

// IsBinderHubUI says whether a release is a binderhub-ui hub: a chart that
// bundles jupyterhub and binderhub-service, with either BinderHub or the
// binderhubUI switch on. A half-configured hub still counts, so that doctor
// can say what is missing.
func IsBinderHubUI(hub *Hub) bool {
	if hub.Release != nil && !hasDependencies(hub.Release, "jupyterhub", "binderhub-service") && hub.Release.Chart != "basehub" {
		return false
	}

	binder, _ := LookupValue(hub.Values, "binderhub-service", "enabled")
	ui, _ := LookupValue(hub.Values, "jupyterhub", "custom", "binderhubUI", "enabled")

	return binder == true || ui == true
}

func hasDependencies(rel *Release, names ...string) bool {
	have := map[string]bool{}
	for _, dep := range rel.Dependencies {
		have[dep] = true
	}
	for _, name := range names {
		if !have[name] {
			return false
		}
	}
	return true
}

// LookupValue walks keys through nested values maps and returns the value
// there, and whether every key was present. Reading, judging and seeding all
// walk values the same way, through this one function.
func LookupValue(values map[string]any, keys ...string) (any, bool) {
	var current any = values
	for _, key := range keys {
		m, ok := current.(map[string]any)
		if !ok {
			return nil, false
		}
		if current, ok = m[key]; !ok {
			return nil, false
		}
	}
	return current, true
}

// readObjects lists, in parallel, each kind of live object the checks need in
// one namespace: one request per kind. Helm's own records are left out by
// label, so a long release history is never downloaded. A kind that cannot be
// read is recorded in ReadErrors rather than failing the whole hub.
func (r *Reader) readObjects(ctx context.Context, namespace string) *Objects {
	objects := &Objects{
		Secrets:     map[string]*corev1.Secret{},
		ConfigMaps:  map[string]*corev1.ConfigMap{},
		Deployments: map[string]*appsv1.Deployment{},
		Services:    map[string]*corev1.Service{},
		Ingresses:   map[string]*networkingv1.Ingress{},
		ReadErrors:  map[string]string{},
	}
	notHelm := metav1.ListOptions{LabelSelector: helmOwnerLabel + "!=" + helmOwner}
	all := metav1.ListOptions{}

	var mu sync.Mutex
	var wg sync.WaitGroup
	read := func(kind string, list func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := list()
			if err == nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			objects.ReadErrors[kind] = describeReadError(err)
			klog.V(1).InfoS("could not read live objects", "namespace", namespace, "kind", kind, "reason", objects.ReadErrors[kind])
		}()
	}

	read(KindSecret, func() error {
		list, err := r.client.CoreV1().Secrets(namespace).List(ctx, notHelm)
		if err == nil {
			for i := range list.Items {
				objects.Secrets[list.Items[i].Name] = &list.Items[i]
			}
		}
		return err
	})
	read(KindConfigMap, func() error {
		list, err := r.client.CoreV1().ConfigMaps(namespace).List(ctx, notHelm)
		if err == nil {
			for i := range list.Items {
				objects.ConfigMaps[list.Items[i].Name] = &list.Items[i]
			}
		}
		return err
	})
	read(KindDeployment, func() error {
		list, err := r.client.AppsV1().Deployments(namespace).List(ctx, all)
		if err == nil {
			for i := range list.Items {
				objects.Deployments[list.Items[i].Name] = &list.Items[i]
			}
		}
		return err
	})
	read(KindService, func() error {
		list, err := r.client.CoreV1().Services(namespace).List(ctx, all)
		if err == nil {
			for i := range list.Items {
				objects.Services[list.Items[i].Name] = &list.Items[i]
			}
		}
		return err
	})
	read(KindIngress, func() error {
		list, err := r.client.NetworkingV1().Ingresses(namespace).List(ctx, all)
		if err == nil {
			for i := range list.Items {
				objects.Ingresses[list.Items[i].Name] = &list.Items[i]
			}
		}
		return err
	})
	wg.Wait()

	return objects
}

// describeReadError turns an API error into a short reason for a
// not-evaluated finding. API errors carry no object contents, so no secret
// value can leak through them.
func describeReadError(err error) string {
	switch {
	case apierrors.IsForbidden(err):
		return "forbidden: " + err.Error()
	case apierrors.IsUnauthorized(err):
		return "unauthorized: " + err.Error()
	default:
		return err.Error()
	}
}

package inspect

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/klog/v2"
)

// Helm's storage drivers, named as HELM_DRIVER names them.
const (
	DriverSecret    = "secret"
	DriverConfigMap = "configmap"
)

// Label keys and values Helm puts on its release records.
const (
	helmOwnerLabel   = "owner"
	helmOwner        = "helm"
	helmNameLabel    = "name"
	helmStatusLabel  = "status"
	helmVersionLabel = "version"
	statusDeployed   = "deployed"
)

// ReleaseRef points at one Helm release found in a namespace: which revision
// holds the values to judge, and what the newest revision says.
type ReleaseRef struct {
	Name      string
	Namespace string
	Driver    string
	// Revision is the deployed revision, or the newest one when none is
	// deployed (a first install that failed or is still pending).
	Revision int
	Status   string
	// LatestRevision and LatestStatus describe the newest revision.
	LatestRevision int
	LatestStatus   string
	// RecordName is the Secret or ConfigMap holding Revision.
	RecordName string
}

// ErrForbidden marks a read that RBAC refused.
var ErrForbidden = errors.New("forbidden")

// FindReleases lists Helm release records by their labels only (metadata, not
// payloads) and returns one ref per release name. namespace "" means every
// namespace. Only the labels are read here, so a long history costs one small
// list, never the decoding of old revisions.
func (r *Reader) FindReleases(ctx context.Context, namespace, driver string) ([]ReleaseRef, error) {
	resource := schema.GroupVersionResource{Version: "v1", Resource: "secrets"}
	if driver == DriverConfigMap {
		resource.Resource = "configmaps"
	}

	list, err := r.metadata.Resource(resource).Namespace(namespace).List(ctx, metav1.ListOptions{
		LabelSelector: helmOwnerLabel + "=" + helmOwner,
	})
	if err != nil {
		where := "namespace " + strconv.Quote(namespace)
		if namespace == "" {
			where = "any namespace"
		}
		if apierrors.IsForbidden(err) {
			return nil, fmt.Errorf("listing Helm release records (%s) in %s: %w: %v", resource.Resource, where, ErrForbidden, err)
		}
		return nil, fmt.Errorf("listing Helm release records (%s) in %s: %w", resource.Resource, where, err)
	}

	type key struct{ namespace, name string }
	byRelease := map[key]*ReleaseRef{}
	for _, item := range list.Items {
		labels := item.GetLabels()
		name := labels[helmNameLabel]
		revision, err := strconv.Atoi(labels[helmVersionLabel])
		if name == "" || err != nil {
			klog.V(2).InfoS("skipping a Helm record without name or version labels", "record", item.GetName())
			continue
		}

		k := key{item.GetNamespace(), name}
		ref := byRelease[k]
		if ref == nil {
			ref = &ReleaseRef{Name: name, Namespace: item.GetNamespace(), Driver: driverName(driver)}
			byRelease[k] = ref
		}
		status := labels[helmStatusLabel]
		if revision > ref.LatestRevision {
			ref.LatestRevision, ref.LatestStatus = revision, status
		}
		if status == statusDeployed && revision > ref.Revision {
			ref.Revision, ref.Status, ref.RecordName = revision, status, item.GetName()
		}
		if ref.Status != statusDeployed && revision >= ref.LatestRevision {
			ref.Revision, ref.Status, ref.RecordName = revision, status, item.GetName()
		}
	}

	refs := make([]ReleaseRef, 0, len(byRelease))
	for _, ref := range byRelease {
		refs = append(refs, *ref)
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Namespace != refs[j].Namespace {
			return refs[i].Namespace < refs[j].Namespace
		}
		return refs[i].Name < refs[j].Name
	})

	return refs, nil
}

func driverName(driver string) string {
	if driver == DriverConfigMap {
		return DriverConfigMap
	}
	return DriverSecret
}

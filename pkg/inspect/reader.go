package inspect

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
)

// Reader reads hubs from one cluster. It counts the API requests it makes so
// that the cost of a run can be measured and kept small.
type Reader struct {
	client   kubernetes.Interface
	metadata metadata.Interface
	requests atomic.Int64
}

// NewReader builds a Reader on a copy of config whose transport counts requests.
func NewReader(config *rest.Config) (*Reader, error) {
	r := &Reader{}

	counted := rest.CopyConfig(config)
	counted.Wrap(func(next http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(req *http.Request) (*http.Response, error) {
			r.requests.Add(1)
			return next.RoundTrip(req)
		})
	})

	client, err := kubernetes.NewForConfig(counted)
	if err != nil {
		return nil, fmt.Errorf("building the Kubernetes client: %w", err)
	}
	meta, err := metadata.NewForConfig(counted)
	if err != nil {
		return nil, fmt.Errorf("building the metadata client: %w", err)
	}
	r.client, r.metadata = client, meta

	return r, nil
}

// Requests is the number of API requests made so far.
func (r *Reader) Requests() int64 {
	return r.requests.Load()
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// ReadAll finds every binderhub-ui release in namespace ("" for all) and reads
// each one. A hub that cannot be read is returned with its error in errs, keyed
// by "namespace/name", so one broken record does not hide the others.
func (r *Reader) ReadAll(ctx context.Context, namespace, driver string) (hubs []*Hub, errs map[string]error, err error) {
	refs, err := r.FindReleases(ctx, namespace, driver)
	if err != nil {
		return nil, nil, err
	}

	errs = map[string]error{}
	for _, ref := range refs {
		hub, err := r.ReadHub(ctx, ref)
		if err != nil {
			errs[ref.Namespace+"/"+ref.Name] = err
			continue
		}
		if hub != nil {
			hubs = append(hubs, hub)
		}
	}

	return hubs, errs, nil
}

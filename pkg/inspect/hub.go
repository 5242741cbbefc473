// Package inspect reads a binderhub-ui hub: its Helm release (from the cluster,
// or offline from values files) and the live objects the checks need. It only
// reads. What it could not read is recorded, so that checks needing it report
// "not evaluated" instead of passing.
package inspect

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// Source says where a hub's facts came from.
type Source string

const (
	// SourceCluster is a hub read from a live cluster: its Helm release record
	// and its live objects.
	SourceCluster Source = "cluster"
	// SourceValues is a hub read offline from values files: there are no live
	// objects and no release record.
	SourceValues Source = "values"
)

// Hub is everything read about one binderhub-ui hub. Release name, namespace
// and hub name are the same for 2i2c-style hubs, but they are kept apart here.
type Hub struct {
	Name      string
	Namespace string
	Source    Source

	// Release is the Helm release record; nil offline.
	Release *Release

	// UserValues are the values the user supplied (helm get values).
	UserValues map[string]any
	// Values are the effective values: chart defaults coalesced with UserValues
	// the way Helm renders them (helm get values --all).
	Values map[string]any
	// ValuesFiles are the files the values came from, in the order given,
	// offline only; used to point a finding at a file and line.
	ValuesFiles []ValuesFile
	// HasDefaults says whether Values include the chart's defaults: true for
	// a release read from a cluster, and offline when a chart or defaults
	// files were given. Without them a key that only the defaults set is
	// absent, and checks judging it are not evaluated.
	HasDefaults bool
	// MissingValues names values that exist but could not be read, such as
	// encrypted secret files offline. Checks needing them are not evaluated.
	MissingValues []string

	// Objects holds the live objects; nil offline.
	Objects *Objects
}

// Release is what the Helm release record says about the hub.
type Release struct {
	Name      string
	Namespace string
	// Driver is the Helm storage driver the record was read with.
	Driver string
	// Revision and Status are those of the revision whose values are judged:
	// the deployed one, or the latest when none is deployed.
	Revision int
	Status   string
	// LatestRevision and LatestStatus are those of the newest revision, which
	// may be failed or pending while an older one is still deployed.
	LatestRevision    int
	LatestStatus      string
	LatestDescription string
	Chart             string
	ChartVersion      string
	AppVersion        string
	// Dependencies are the names of the chart's subcharts.
	Dependencies []string
}

// Objects are the live objects in the hub's namespace that the checks read,
// keyed by name. A kind whose read failed has an entry in ReadErrors.
type Objects struct {
	Secrets     map[string]*corev1.Secret
	ConfigMaps  map[string]*corev1.ConfigMap
	Deployments map[string]*appsv1.Deployment
	Services    map[string]*corev1.Service
	Ingresses   map[string]*networkingv1.Ingress

	// ReadErrors maps a kind ("Secret", "Deployment", …) to why it could not be
	// read, e.g. "forbidden: …". Checks needing that kind are not evaluated.
	ReadErrors map[string]string
}

// Kinds read into Objects.
const (
	KindSecret     = "Secret"
	KindConfigMap  = "ConfigMap"
	KindDeployment = "Deployment"
	KindService    = "Service"
	KindIngress    = "Ingress"
)

// ValuesFile is one values file given offline, kept whole so that a finding's
// path can be located in it.
type ValuesFile struct {
	Path string
	Data []byte
	// Defaults marks a file given as defaults (like a chart's values.yaml):
	// a finding about a key the user's files lack points into their files,
	// not into the defaults.
	Defaults bool
}

# The local test cluster: a real kube-apiserver and an embedded etcd in one
# binary. It is built from its own module, tools/localcluster, so that the
# plugin's go.mod never carries Kubernetes server code.

LOCALCLUSTER := $(BIN)/localcluster
LOCALCLUSTER_SRC := $(wildcard tools/localcluster/*.go) tools/localcluster/go.mod tools/localcluster/go.sum \
	mk/localcluster.mk
CLUSTER_DIR := .demo/cluster
CLUSTER_PID := $(CLUSTER_DIR)/pid
CLUSTER_LOG := $(CLUSTER_DIR)/server.log

# Without a version stamped in, the server calls itself v0.0.0-master and
# `kubectl version` fails. Keep in step with k8s.io/kubernetes in
# tools/localcluster/go.mod.
K8S_VERSION := v1.37.2
K8S_VERSION_PKGS := k8s.io/component-base/version k8s.io/client-go/pkg/version
LOCALCLUSTER_LDFLAGS := $(foreach p,$(K8S_VERSION_PKGS),-X $(p).gitVersion=$(K8S_VERSION) \
	-X $(p).gitMajor=1 -X $(p).gitMinor=37 -X $(p).gitTreeState=clean)

.PHONY: cluster-up cluster-down

# Every dependency is pinned by go.mod and go.sum, so these sources are all
# that can change the binary; Go's build cache keeps a rebuild to a relink.
# No -trimpath: parts of the Kubernetes code find files by source path.
$(LOCALCLUSTER): $(LOCALCLUSTER_SRC)
	cd tools/localcluster && $(GO) build -ldflags '$(LOCALCLUSTER_LDFLAGS)' -o $(abspath $@) .

# cluster-up starts the cluster in the background with its state in
# $(CLUSTER_DIR) and returns once it serves. The ready file is removed first,
# so that one left by a killed run is not taken for this one.
cluster-up: $(LOCALCLUSTER)
	@mkdir -p $(CLUSTER_DIR)
	@if [ -f $(CLUSTER_PID) ] && kill -0 "$$(cat $(CLUSTER_PID))" 2>/dev/null; then \
		echo "cluster already running: KUBECONFIG=$(abspath $(CLUSTER_DIR))/kubeconfig"; \
		exit 0; \
	fi; \
	rm -f $(CLUSTER_DIR)/ready; \
	nohup $(LOCALCLUSTER) --dir $(CLUSTER_DIR) >$(CLUSTER_LOG) 2>&1 & \
	echo $$! >$(CLUSTER_PID); \
	for _ in $$(seq 600); do \
		if [ -f $(CLUSTER_DIR)/ready ]; then \
			echo "cluster up: KUBECONFIG=$(abspath $(CLUSTER_DIR))/kubeconfig"; \
			exit 0; \
		fi; \
		if ! kill -0 "$$(cat $(CLUSTER_PID))" 2>/dev/null; then \
			echo "localcluster exited before it was ready:" >&2; \
			tail -n 30 $(CLUSTER_LOG) >&2; \
			rm -f $(CLUSTER_PID); \
			exit 1; \
		fi; \
		sleep 0.1; \
	done; \
	echo "cluster not ready after 60s; see $(CLUSTER_LOG)" >&2; \
	exit 1

# cluster-down stops the cluster started by cluster-up and waits for it to
# exit, so that a following cluster-up can reuse the state directory.
cluster-down:
	@if [ ! -f $(CLUSTER_PID) ]; then echo "no cluster running"; exit 0; fi; \
	pid=$$(cat $(CLUSTER_PID)); \
	if kill "$$pid" 2>/dev/null; then \
		for _ in $$(seq 300); do kill -0 "$$pid" 2>/dev/null || break; sleep 0.1; done; \
	fi; \
	if kill -0 "$$pid" 2>/dev/null; then \
		echo "localcluster (pid $$pid) did not stop within 30s" >&2; \
		exit 1; \
	fi; \
	rm -f $(CLUSTER_PID); \
	echo "cluster stopped"

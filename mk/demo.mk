# make demo: the main job end to end on this machine. It starts the local
# cluster, installs two real hubs' values as Helm releases (one as it runs in
# production, one with faults), and runs doctor through the real kubectl.
DEMO_KUBECONFIG = $(abspath $(CLUSTER_DIR))/kubeconfig
# Recursive (=): CLUSTER_DIR comes from localcluster.mk, included after this file.
DEMO_HEALTHY := opensci/big-binder
DEMO_FAULTY := opensci/small-binder

.PHONY: demo
demo: $(PLUGIN) cluster-up
	@echo
	@echo "== seeding hubs: $(DEMO_HEALTHY) (healthy) and $(DEMO_FAULTY) (with faults)"
	$(GO) run ./internal/seed/seedhub --kubeconfig $(DEMO_KUBECONFIG) \
		--healthy $(DEMO_HEALTHY) --faulty $(DEMO_FAULTY)
	@echo
	@echo "== kubectl binderhubui doctor -A"
	@PATH="$(abspath $(BIN)):$$PATH" KUBECONFIG=$(DEMO_KUBECONFIG) kubectl binderhubui doctor -A; \
	code=$$?; \
	echo; \
	echo "doctor exited $$code (0: nothing at or above --fail-on, 1: findings, 2: doctor failed)"; \
	[ $$code -le 1 ]
	@echo
	@echo "The cluster is still running. Try doctor yourself:"
	@echo "  export KUBECONFIG=$(DEMO_KUBECONFIG) PATH=$(abspath $(BIN)):\$$PATH"
	@echo "  kubectl binderhubui doctor -n small-binder -o yaml"
	@echo "  kubectl binderhubui explain BHU210"
	@echo "Stop it with: make cluster-down"

# Distribution: release archives, the krew manifest, and the tests that install
# them with the real krew and Helm CLIs.
#
#   make dist              archives for every platform + dist/kubectl-binderhubui.krew.yaml
#   make test-dist         `make dist` twice must give the same bytes
#   make test-krew         validate the manifest, krew-install the linux/amd64 archive,
#                          run `kubectl binderhubui version` through /usr/bin/kubectl
#   make test-helm-plugin  install plugin.yaml with Helm 4 and Helm 3, run it
#   make test-dist-all     all three

DIST ?= dist
DIST_PLATFORMS ?= linux/amd64,linux/arm64,darwin/amd64,darwin/arm64,windows/amd64,windows/arm64
# Every archived file is stamped with the commit's time, not the build's, so
# that a rebuild matches byte for byte. SOURCE_DATE_EPOCH overrides it, as the
# reproducible-builds convention has it.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
DIST_URL ?= https://github.com/binderhubui/kubectl-binderhubui/releases/download/$(VERSION)

# Tools built from their own modules under tools/, so the plugin's go.mod
# never names them. Each is rebuilt only when its go.mod or go.sum changes.
HELM := $(BIN)/helm
HELM3 := $(BIN)/helm3
KREW := $(BIN)/krew
KREW_VALIDATE := $(BIN)/validate-krew-manifest

.PHONY: dist test-dist test-krew test-helm-plugin test-dist-all

dist:
	rm -rf $(DIST)
	$(GO) run ./hack/dist -go '$(GO)' -out $(DIST) -version '$(VERSION)' -commit '$(COMMIT)' \
		-ldflags '$(LDFLAGS)' -platforms '$(DIST_PLATFORMS)' -source-date $(SOURCE_DATE_EPOCH) \
		-url-base '$(DIST_URL)' -krew-template .krew.yaml

test-dist:
	GO='$(GO)' DIST='$(DIST)' DIST_PLATFORMS='$(DIST_PLATFORMS)' hack/check-reproducible.sh

# dist-vars-NAME prints a variable, so that the check above can fix the
# version, commit and time stamp once for both of its builds.
dist-vars-%:
	@echo '$($*)'

# test-krew builds dist/ afresh, so that it never tests an older build;
# REUSE_DIST=1 takes dist/ as it is (test-dist-all has just built it).
test-krew: $(KREW) $(KREW_VALIDATE)
	@if [ "$(REUSE_DIST)" != 1 ] || [ ! -f $(DIST)/kubectl-binderhubui.krew.yaml ]; then \
		$(MAKE) --no-print-directory dist; \
	fi
	hack/test-krew.sh $(DIST) $(KREW) $(KREW_VALIDATE)

test-helm-plugin: $(PLUGIN) $(HELM) $(HELM3)
	hack/test-helm-plugin.sh $(HELM) $(HELM3)

test-dist-all:
	$(MAKE) --no-print-directory test-dist
	$(MAKE) --no-print-directory test-krew REUSE_DIST=1
	$(MAKE) --no-print-directory test-helm-plugin

$(HELM): tools/helm/go.mod tools/helm/go.sum
	cd tools/helm && $(GO) build -trimpath -o $(abspath $@) helm.sh/helm/v4/cmd/helm

$(HELM3): tools/helm3/go.mod tools/helm3/go.sum
	cd tools/helm3 && $(GO) build -trimpath -o $(abspath $@) helm.sh/helm/v3/cmd/helm

$(KREW) $(KREW_VALIDATE) &: tools/krew/go.mod tools/krew/go.sum
	cd tools/krew && $(GO) build -trimpath -o $(abspath $(BIN))/ \
		sigs.k8s.io/krew/cmd/krew sigs.k8s.io/krew/cmd/validate-krew-manifest

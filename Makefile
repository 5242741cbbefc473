# kubectl-binderhubui: build, test and demo. Fragments under mk/ add the local
# cluster, the demo and distribution targets.
SHELL := /bin/bash
GO ?= go
BIN := bin
PLUGIN := $(BIN)/kubectl-binderhubui
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
VERSION_PKG := github.com/binderhubui/kubectl-binderhubui/internal/cli
LDFLAGS := -X $(VERSION_PKG).version=$(VERSION) -X $(VERSION_PKG).commit=$(COMMIT)

.PHONY: all build test unit-test e2e-test docs check-docs clean
all: build

build: $(PLUGIN)

# -trimpath here, in the tests and in the tool builds lets them share one
# compile of the Kubernetes and Helm packages with the release builds, which
# need it for reproducible archives.
$(PLUGIN): FORCE
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $@ ./cmd/kubectl-binderhubui

FORCE:

include $(wildcard mk/*.mk)

clean:
	rm -rf $(BIN) dist .demo

# test runs everything: unit tests, end-to-end tests against the local API
# server (built first, with the Helm 4 and Helm 3 CLIs the tests drive), and
# the distribution checks from mk/dist.mk.
test: $(PLUGIN) $(BIN)/localcluster $(BIN)/helm $(BIN)/helm3
	BINDERHUBUI_LOCALCLUSTER=$(CURDIR)/$(BIN)/localcluster $(GO) test -trimpath -count=1 -timeout 30m ./...
	$(MAKE) --no-print-directory test-dist-all DIST_PLATFORMS=$(TEST_DIST_PLATFORMS)

# The distribution checks build one platform per OS (tar.gz and zip archives,
# native and cross builds): each cold cross build costs minutes on 2 cores.
# `make test-dist-all` alone checks all six.
TEST_DIST_PLATFORMS ?= linux/amd64,darwin/arm64,windows/amd64

docs:
	$(GO) run ./internal/gendocs -out docs/checks.md

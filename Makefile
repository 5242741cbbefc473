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

$(PLUGIN): FORCE
	$(GO) build -ldflags '$(LDFLAGS)' -o $@ ./cmd/kubectl-binderhubui

FORCE:

include $(wildcard mk/*.mk)

clean:
	rm -rf $(BIN) dist .demo

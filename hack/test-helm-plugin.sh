#!/usr/bin/env bash
# Installs the Helm plugin from this checkout into a throw-away Helm home with
# the real Helm 4 and Helm 3 CLIs, and checks that:
#   - `helm binderhubui version` runs the built binary;
#   - Helm's -n, --kube-context, --kube-as-group, --debug and the kubeconfig's
#     namespace reach the binary as its own flags (through a stand-in binary
#     that prints its arguments);
#   - `helm __complete binderhubui …` reaches the binary's completion.
# Usage: hack/test-helm-plugin.sh HELM4 HELM3 (defaults: bin/helm bin/helm3);
# bin/kubectl-binderhubui must be built.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
helms=("${1:-$repo/bin/helm}" "${2:-$repo/bin/helm3}")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

expect_output() { # description, want (a line of the output), command...
	local what=$1 want=$2 got
	shift 2
	if ! got=$("$@" 2>&1); then
		fail "$what: command failed: $*"$'\n'"$got"
		return
	fi
	if ! grep -qxF -- "$want" <<<"$got"; then
		fail "$what: want a line '$want', got:"$'\n'"$got"
		return
	fi
	echo "ok: $what"
	passed=$((passed + 1))
}

# A kubeconfig whose current context sets a namespace; nothing dials it.
cat >"$work/kubeconfig" <<'KUBECONFIG'
apiVersion: v1
kind: Config
clusters:
- {name: c, cluster: {server: "https://127.0.0.1:1"}}
users:
- {name: u, user: {token: unused}}
contexts:
- {name: ctx, context: {cluster: c, user: u, namespace: from-kubeconfig}}
- {name: prod, context: {cluster: c, user: u}}
current-context: ctx
KUBECONFIG

# The same plugin files, with a stand-in binary beside plugin.yaml (where a
# release archive puts it, so it is found before bin/ or PATH).
stub="$work/stub-plugin"
mkdir -p "$stub/scripts"
cp "$repo/plugin.yaml" "$repo/plugin.complete" "$stub/"
cp "$repo/scripts/helm-plugin.sh" "$stub/scripts/"
cat >"$stub/kubectl-binderhubui" <<'STUB'
#!/bin/sh
echo "args: $*"
STUB
chmod +x "$stub/kubectl-binderhubui"

for helm in "${helms[@]}"; do
	name=$(basename "$helm")
	home="$work/$name"
	mkdir -p "$home"
	export HELM_CONFIG_HOME="$home/config" HELM_CACHE_HOME="$home/cache"
	export KUBECONFIG="$work/kubeconfig"
	# Each install gets its own data home rather than its own HELM_PLUGINS:
	# Helm 4.3's local-directory install writes under HELM_DATA_HOME/plugins
	# whatever HELM_PLUGINS says, while plugins are loaded from HELM_PLUGINS.
	unset HELM_PLUGINS HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG HELM_DRIVER

	echo "== $name: $("$helm" version --short 2>/dev/null || "$helm" version)"

	export HELM_DATA_HOME="$home/data"
	"$helm" plugin install "$repo" >/dev/null
	expect_output "$name: plugin listed" "binderhubui" \
		sh -c "'$helm' plugin list | awk 'NR > 1 {print \$1}'"
	expect_output "$name: version runs the built binary" "kubectl-binderhubui $("$repo/bin/kubectl-binderhubui" version -o json | sed -n 's/.*"version": "\(.*\)".*/\1/p')" \
		"$helm" binderhubui version
	expect_output "$name: completion through plugin.complete" $'version\tPrint the version of this plugin and of the libraries it is built with' \
		"$helm" __complete binderhubui ver

	export HELM_DATA_HOME="$home/stub-data"
	"$helm" plugin install "$stub" >/dev/null
	expect_output "$name: namespace from the kubeconfig" "args: --namespace=from-kubeconfig doctor" \
		"$helm" binderhubui doctor
	expect_output "$name: -n and --kube-context before the plugin name" \
		"args: --namespace=hubs --context=prod doctor -o json" \
		"$helm" -n hubs --kube-context prod binderhubui doctor -o json
	expect_output "$name: Helm flags after the plugin name" \
		"args: --namespace=hubs --context=prod --as-group=a --as-group=b --v=1 doctor binder -A" \
		"$helm" binderhubui doctor --namespace hubs --kube-context=prod binder --kube-as-group a --kube-as-group b -A --debug
	expect_output "$name: a value with spaces stays one argument" \
		"args: --namespace=default --certificate-authority=/tmp/a b/ca.crt version" \
		"$helm" --kube-ca-file "/tmp/a b/ca.crt" -n default binderhubui version
done

echo "helm-plugin: $passed passed, $failures failed"
[ "$failures" -eq 0 ]

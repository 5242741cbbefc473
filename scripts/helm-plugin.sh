#!/bin/sh
# Helm runs this for `helm binderhubui ...` (see plugin.yaml).
#
# Helm takes its own global flags (-n, --kube-context, --kubeconfig, --debug
# and the --kube-* ones) off the command line before the plugin sees it, and
# passes them on as HELM_* variables instead. This maps them back onto
# kubectl-binderhubui's kubectl-style flags, so that
# `helm -n hubs --kube-context prod binderhubui doctor` reads the cluster and
# namespace Helm itself would. KUBECONFIG (Helm exports it for --kubeconfig)
# and HELM_DRIVER (doctor reads it) need no mapping.
#
# The mapped flags go first: a flag the user also types after the command
# name comes later and wins.
set -eu

plugin_dir=${HELM_PLUGIN_DIR:-$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)}

# A release archive has the binary beside plugin.yaml; a source checkout has
# it in bin/ after `make build`; otherwise krew or `go install` put it on PATH.
binary=""
for candidate in "$plugin_dir/kubectl-binderhubui" "$plugin_dir/bin/kubectl-binderhubui"; do
	if [ -x "$candidate" ]; then
		binary=$candidate
		break
	fi
done
if [ -z "$binary" ]; then
	binary=$(command -v kubectl-binderhubui || true)
fi
if [ -z "$binary" ]; then
	echo "helm binderhubui: kubectl-binderhubui not found in $plugin_dir or on PATH;" \
		"run 'make build' in $plugin_dir or 'kubectl krew install binderhubui'" >&2
	exit 2
fi

user_args=$#

# Helm always sets HELM_NAMESPACE: the -n value, else the kubeconfig
# context's namespace, else "default".
if [ -n "${HELM_NAMESPACE:-}" ]; then set -- "$@" "--namespace=$HELM_NAMESPACE"; fi
if [ -n "${HELM_KUBECONTEXT:-}" ]; then set -- "$@" "--context=$HELM_KUBECONTEXT"; fi
if [ -n "${HELM_KUBEAPISERVER:-}" ]; then set -- "$@" "--server=$HELM_KUBEAPISERVER"; fi
if [ -n "${HELM_KUBETOKEN:-}" ]; then set -- "$@" "--token=$HELM_KUBETOKEN"; fi
if [ -n "${HELM_KUBEASUSER:-}" ]; then set -- "$@" "--as=$HELM_KUBEASUSER"; fi
if [ -n "${HELM_KUBECAFILE:-}" ]; then set -- "$@" "--certificate-authority=$HELM_KUBECAFILE"; fi
if [ -n "${HELM_KUBETLS_SERVER_NAME:-}" ]; then set -- "$@" "--tls-server-name=$HELM_KUBETLS_SERVER_NAME"; fi
if [ "${HELM_KUBEINSECURE_SKIP_TLS_VERIFY:-}" = "true" ]; then set -- "$@" "--insecure-skip-tls-verify"; fi
if [ -n "${HELM_KUBEASGROUPS:-}" ]; then
	# Helm joins repeated --kube-as-group values with commas. Helm 3 parses
	# flags typed after the plugin name twice and so lists each group twice:
	# keep the first of each.
	set -f
	old_ifs=$IFS
	IFS=,
	seen=,
	for group in $HELM_KUBEASGROUPS; do
		case $seen in *,"$group",*) continue ;; esac
		seen=$seen$group,
		set -- "$@" "--as-group=$group"
	done
	IFS=$old_ifs
	set +f
fi
# Helm's --debug has no value; the closest is doctor's first log level.
if [ "${HELM_DEBUG:-}" = "true" ]; then set -- "$@" "--v=1"; fi

# Move the user's arguments behind the mapped flags, keeping their order.
while [ "$user_args" -gt 0 ]; do
	set -- "$@" "$1"
	shift
	user_args=$((user_args - 1))
done

exec "$binary" "$@"

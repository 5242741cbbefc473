#!/usr/bin/env bash
# Checks the krew manifest that `make dist` wrote, with krew's own tools:
#   1. validate-krew-manifest accepts it (structure, version, selectors);
#   2. `krew install --manifest --archive` installs every platform's archive
#      (KREW_OS/KREW_ARCH pick the platform), into throw-away KREW_ROOTs;
#   3. for this machine's platform, the real kubectl finds the installed
#      plugin on PATH: `kubectl binderhubui version` runs, and, with the
#      completion helper linked as the manifest's caveats say,
#      `kubectl __complete binderhubui …` completes through it.
# Usage: hack/test-krew.sh DIST_DIR KREW VALIDATE_KREW_MANIFEST
set -euo pipefail
dist=$(cd "$1" && pwd)
krew=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
validate=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
kubectl=${KUBECTL:-/usr/bin/kubectl}
manifest="$dist/kubectl-binderhubui.krew.yaml"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each check stops the script when it fails, so reaching the end means all passed.
passed=0
ok() {
	echo "ok: $*"
	passed=$((passed + 1))
}

# The validator takes the plugin's name from the file name, and would
# download each archive from its release URL and require a LICENSE file in
# it; installing from the local archives below covers the download.
cp "$manifest" "$work/binderhubui.yaml"
"$validate" -manifest "$work/binderhubui.yaml" -skip-install 2>"$work/validate.log" ||
	{ cat "$work/validate.log" >&2; exit 1; }
ok "validate-krew-manifest"

version=$(sed -n 's/^  version: //p' "$manifest")
for archive in "$dist"/kubectl-binderhubui_*_*_*.{tar.gz,zip}; do
	[ -e "$archive" ] || continue
	platform=${archive##*/kubectl-binderhubui_}
	platform=${platform#*_}
	platform=${platform%.tar.gz}
	platform=${platform%.zip}
	os=${platform%_*} arch=${platform#*_}
	root="$work/krew-$os-$arch"
	KREW_ROOT=$root KREW_OS=$os KREW_ARCH=$arch \
		"$krew" install --manifest="$manifest" --archive="$archive" </dev/null >"$work/install.log" 2>&1 ||
		{ cat "$work/install.log" >&2; exit 1; }
	bin=kubectl-binderhubui
	[ "$os" = windows ] && bin=$bin.exe
	if [ ! -e "$root/bin/$bin" ]; then
		echo "FAIL: krew installed $os/$arch but $root/bin/$bin is missing" >&2
		exit 1
	fi
	ok "krew install $os/$arch ($(basename "$archive"))"
done

os=$(go env GOOS) arch=$(go env GOARCH)
root="$work/krew-$os-$arch"
[ -d "$root" ] || { echo "FAIL: no archive for this machine ($os/$arch) in $dist" >&2; exit 1; }
export PATH="$root/bin:$PATH"
got=$("$kubectl" binderhubui version)
echo "$got" | sed 's/^/    /'
grep -q '^  helm sdk:   v4\.' <<<"$got" || { echo "FAIL: no Helm SDK version in the output" >&2; exit 1; }
ok "$kubectl binderhubui version (through krew's PATH)"

# Link the helper where the manifest's caveats tell users to.
helper="$root/store/binderhubui/$version/kubectl_complete-binderhubui"
grep -qF 'store/binderhubui/'"$version"'/kubectl_complete-binderhubui' "$manifest" ||
	{ echo "FAIL: the caveats do not point at $helper" >&2; exit 1; }
ln -s "$helper" "$root/bin/"
want=$'version\tPrint the version of this plugin and of the libraries it is built with'
got=$("$kubectl" __complete binderhubui ver 2>/dev/null)
grep -qxF "$want" <<<"$got" || { echo "FAIL: kubectl completion through the helper gave:"$'\n'"$got" >&2; exit 1; }
ok "kubectl __complete binderhubui (helper linked as the caveats say, store version $version)"

echo "krew: $passed passed, 0 failed"

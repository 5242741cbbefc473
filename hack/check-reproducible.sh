#!/usr/bin/env bash
# Proves that `make dist` is reproducible: it builds the release twice, from
# two copies of the source tree in different folders, and compares every file
# byte for byte. The first build's output is left in dist/ for test-krew.
#
# The copies are taken once, before either build, and the version, commit
# and time stamp are read once from git, so that edits or commits made while
# the check runs cannot tell the two builds apart; the differing folders show
# that the checkout's path does not reach the output.
#
# FRESH_CACHE=1 gives the second build an empty Go build cache, so that none
# of it comes from the first build's compiler output (slow: every platform is
# compiled from scratch). DIST_PLATFORMS narrows the platforms.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${DIST:-dist}
case $dist in /*) ;; *) dist=$PWD/$dist ;; esac

work=$(mktemp -d)
cleanup() {
	chmod -R u+w "$work" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# Everything git would commit: tracked files and untracked, unignored ones.
for copy in a b; do
	mkdir -p "$work/$copy"
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf - | tar -xf - -C "$work/$copy"
done

vars=(
	VERSION="$(make --no-print-directory -s -f Makefile dist-vars-VERSION)"
	COMMIT="$(make --no-print-directory -s -f Makefile dist-vars-COMMIT)"
	SOURCE_DATE_EPOCH="$(make --no-print-directory -s -f Makefile dist-vars-SOURCE_DATE_EPOCH)"
)
if [ -n "${DIST_PLATFORMS:-}" ]; then vars+=(DIST_PLATFORMS="$DIST_PLATFORMS"); fi
echo "building ${vars[*]}"

build() { # copy, extra environment...
	local copy=$1 start=$SECONDS
	shift
	if ! env "$@" make --no-print-directory -C "$work/$copy" dist DIST=out "${vars[@]}" \
		>"$work/$copy.log" 2>&1; then
		cat "$work/$copy.log" >&2
		return 1
	fi
	echo "make dist in copy $copy: $((SECONDS - start))s"
}

build a
if [ "${FRESH_CACHE:-0}" = 1 ]; then
	mkdir "$work/gocache"
	build b GOCACHE="$work/gocache"
else
	build b
fi

first=$(cd "$work/a/out" && find . -type f | sort)
second=$(cd "$work/b/out" && find . -type f | sort)
if [ "$first" != "$second" ]; then
	echo "the two builds wrote different files:" >&2
	diff <(echo "$first") <(echo "$second") >&2 || true
	exit 1
fi

differ=0
while read -r file; do
	if ! cmp -s "$work/a/out/$file" "$work/b/out/$file"; then
		echo "differs: $file" >&2
		differ=$((differ + 1))
	fi
done <<<"$first"
count=$(wc -l <<<"$first")

rm -rf "$dist"
mkdir -p "$(dirname "$dist")"
cp -R "$work/a/out" "$dist"

if [ "$differ" -gt 0 ]; then
	echo "not reproducible: $differ of $count files differ" >&2
	exit 1
fi
echo "reproducible: all $count files identical"
grep -h . "$dist"/*.sha256

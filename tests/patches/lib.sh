# Shared by the patch checks: where Debian's sources go, how to fetch them.
# Sourced by bash scripts; set -euo pipefail is theirs.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=${KVMBOOT_PATCH_WORK:-$ROOT/build/patches}
COLLECT=$ROOT/bin/kvmboot-collect
STUB_BZIMAGE=$ROOT/build/guest/stub-bzimage.bin

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { say "$*"; exit 1; }
# Exit status 77: the check could not run here (the caller skips).
cannot() { say "cannot check: $*"; exit 77; }

# apt-get source needs a deb-src entry: made from the deb entry, once.
deb_src_ensure() {
	local list=/etc/apt/sources.list.d/kvmboot-deb-src.sources
	grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
	[ -r /etc/apt/sources.list.d/debian.sources ] || cannot "no deb-src entry and no debian.sources to make one"
	[ "$(id -u)" = 0 ] || cannot "adding a deb-src entry needs root"
	sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$list"
	apt-get update -qq >/dev/null 2>&1 || cannot "apt-get update failed"
}

# Downloads Debian's source package PKG into $WORK/PKG (kept for next time).
source_fetch() {
	local pkg=$1
	mkdir -p "$WORK/$pkg"
	if ! ls "$WORK/$pkg"/*.dsc >/dev/null 2>&1; then
		deb_src_ensure
		(cd "$WORK/$pkg" && apt-get source -qq --download-only "$pkg" >/dev/null 2>&1) ||
			cannot "apt-get source $pkg failed (no network to the Debian mirror?)"
	fi
	ls "$WORK/$pkg"/*.dsc | head -1
}

# Checks that PATCH applies with git am (in a repository of just the files
# it touches, as they are in DIR: a patch sees nothing else), then applies
# it to DIR with patch -p1, so that both ways are tried.
patch_apply() {
	local dir=$1 patch=$2 scratch file
	scratch=$(mktemp -d "$WORK/am-XXXXXX")
	for file in $(sed -n 's|^+++ b/||p' "$patch"); do
		mkdir -p "$scratch/$(dirname "$file")"
		cp "$dir/$file" "$scratch/$file"
	done
	(cd "$scratch" && git init -q . && git add -A &&
		git -c user.name=kvmboot -c user.email=kvmboot@localhost commit -qm "pristine source" &&
		git -c user.name=kvmboot -c user.email=kvmboot@localhost am -q "$patch") ||
		die "$(basename "$patch") does not apply with git am"
	rm -rf "$scratch"
	(cd "$dir" && patch -p1 -s < "$patch") || die "$(basename "$patch") does not apply with patch -p1"
}

# The milestone names of a database's first boot, in order.
boot_points() {
	sqlite3 "$1" "SELECT group_concat(name, ' ') FROM (SELECT name FROM run_points WHERE run_id = 1 ORDER BY seq)"
}

# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the patch checks: which sources, where they go, how to fetch them.
# Sourced by bash scripts; set -euo pipefail is theirs.
#
# KVMBOOT_PATCH_SOURCE picks the sources a check proves the patch on:
#   debian    Debian 12's source packages, Debian's own patches applied (default)
#   upstream  the newest upstream release tarball that the Debian mirror
#             serves (the orig tarball of a version in sid's source index),
#             as released: no Debian patch applied

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SOURCE_KIND=${KVMBOOT_PATCH_SOURCE:-debian}
WORK=${KVMBOOT_PATCH_WORK:-$ROOT/build/patches/$SOURCE_KIND}
COLLECT=${KVMBOOT_BIN:-$ROOT/bin}/kvmboot-collect
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

case $SOURCE_KIND in
debian | upstream) ;;
*) die "KVMBOOT_PATCH_SOURCE='$SOURCE_KIND': use debian or upstream" ;;
esac

# Downloads Debian's source package PKG into $WORK/PKG (kept for next
# time); prints its .dsc. The newest version the mirror serves: the index
# may list newer ones than it has.
debian_fetch() {
	local pkg=$1 v
	mkdir -p "$WORK/$pkg"
	if ! ls "$WORK/$pkg"/*.dsc >/dev/null 2>&1; then
		deb_src_ensure
		for v in $(apt-cache showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -rVu); do
			(cd "$WORK/$pkg" && apt-get source -qq --download-only "$pkg=$v" >/dev/null 2>&1) && break
			rm -f "$WORK/$pkg/${pkg}"_*
		done
		ls "$WORK/$pkg"/*.dsc >/dev/null 2>&1 ||
			cannot "apt-get source $pkg failed (no network to the Debian mirror?)"
	fi
	ls "$WORK/$pkg"/*.dsc | head -1
}

mirror() {
	local uri
	uri=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
	echo "${uri:-http://deb.debian.org/debian}"
}

# "SHA256 pool/.../FILE" of each upstream tarball of PKG in sid's index.
sid_tarballs() {
	local pkg=$1 index=$WORK/sid-Sources
	if [ ! -s "$index" ]; then
		mkdir -p "$WORK"
		curl -fsS "$(mirror)/dists/sid/main/source/Sources.xz" | xz -dc > "$index.part" ||
			cannot "cannot fetch sid's source index from $(mirror)"
		mv "$index.part" "$index"
	fi
	awk -v pkg="$pkg" 'BEGIN { RS = ""; FS = "\n" }
		$1 == "Package: " pkg {
			dir = ""
			for (i = 1; i <= NF; i++)
				if ($i ~ /^Directory: /)
					dir = substr($i, 12)
			for (i = 1; i <= NF; i++)
				if ($i ~ /^ [0-9a-f]+ [0-9]+ .*\.orig\.tar\./ &&
				    split($i, w, " ") == 3 && length(w[1]) == 64)	# SHA-256
					print w[1], dir "/" w[3]
		}' "$index" | sort -u
}

# Downloads the newest upstream release of PKG the mirror serves into
# $WORK/PKG (kept for next time), checked against the index; prints it.
upstream_fetch() {
	local pkg=$1 sum path file
	mkdir -p "$WORK/$pkg"
	file=$(ls "$WORK/$pkg/${pkg}"_*.orig.tar.* 2>/dev/null | head -1)
	if [ -z "$file" ]; then
		command -v curl >/dev/null || cannot "fetching upstream tarballs needs curl"
		while read -r sum path; do
			file=$WORK/$pkg/${path##*/}
			if curl -fsS -o "$file.part" "$(mirror)/$path" 2>/dev/null &&
				echo "$sum  $file.part" | sha256sum -c --quiet >/dev/null 2>&1; then
				mv "$file.part" "$file"
				break
			fi
			rm -f "$file.part"
			file=
		done < <(sid_tarballs "$pkg" | sort -k2 -rV)
		[ -n "$file" ] || cannot "no upstream release of $pkg could be fetched from $(mirror)"
	fi
	echo "$file"
}

# The upstream version in a tarball's name: qemu_10.2.2+ds.orig.tar.xz is 10.2.2.
tarball_version() {
	local name=${2##*/}
	name=${name#"$1"_}
	name=${name%%.orig.tar.*}
	echo "${name%%+*}"
}

# PKG's release tarball: Debian's orig tarball, of Debian 12's version or
# of the newest upstream release; prints it.
source_orig() {
	if [ "$SOURCE_KIND" = upstream ]; then
		upstream_fetch "$1"
	else
		debian_fetch "$1" >/dev/null
		ls "$WORK/$1/$1"_*.orig.tar.* | head -1
	fi
}

# PKG's version: Debian's (1.16.2-1) or upstream's (1.17.0).
source_version() {
	if [ "$SOURCE_KIND" = upstream ]; then
		tarball_version "$1" "$(upstream_fetch "$1")"
	else
		sed -n 's/^Version: //p' "$(debian_fetch "$1")"
	fi
}

# Unpacks PKG's source into DIR, afresh: Debian's package with its
# patches, or the upstream tarball as released.
source_tree() {
	local pkg=$1 dir=$2 from
	rm -rf "$dir"
	if [ "$SOURCE_KIND" = upstream ]; then
		from=$(upstream_fetch "$pkg")
		mkdir -p "$dir"
		tar -xf "$from" -C "$dir" --strip-components=1 || die "cannot unpack $from"
	else
		from=$(debian_fetch "$pkg")
		dpkg-source -x -q "$from" "$dir" >/dev/null 2>&1 || die "cannot unpack $from"
	fi
}

# Checks that PATCH applies with git am (in a repository of just the files
# it touches, as they are in DIR: a patch sees nothing else), then applies
# it to DIR with patch -p1, so that both ways are tried.
patch_apply() {
	local dir=$1 patch=$2 scratch file
	scratch=$(mktemp -d "$WORK/am-XXXXXX")
	for file in $(sed -n 's|^+++ b/||p' "$patch"); do
		[ -e "$dir/$file" ] || continue		# a file the patch creates
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

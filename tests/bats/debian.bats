#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package: make deb builds it (dpkg-buildpackage -b, the C unit
# tests included), lintian finds nothing to say, it holds what a host that
# runs kvmboot every night needs, and installed with dpkg into a throwaway
# root it runs. About 30 s here.

load helpers

setup_file() {
	command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null &&
		command -v lintian >/dev/null || skip "needs dpkg-dev, debhelper and lintian (make deps)"
	(cd "$ROOT" && dpkg-checkbuilddeps) || skip "build dependencies missing (make deps)"
	export DEB_OUT=$BATS_FILE_TMPDIR/deb
	VERSION=$(cd "$ROOT" && dpkg-parsechangelog -S Version)
	export VERSION DEB=$DEB_OUT/kvmboot_${VERSION}_$(dpkg --print-architecture).deb
	make -C "$ROOT" -s deb DEB_DIR="$DEB_OUT" > "$BATS_FILE_TMPDIR/build.log" 2>&1 ||
		{ tail -50 "$BATS_FILE_TMPDIR/build.log"; return 1; }
}

@test "make deb builds kvmboot_VERSION_ARCH.deb, the version of the Makefile, the unit tests run" {
	[ -s "$DEB" ]
	[ "$VERSION" = "$(sed -n 's/^VERSION *:= *//p' "$ROOT/Makefile")" ]
	# dh_auto_test ran the C unit tests: none failed, and there were some.
	run grep -c '^ok ' "$BATS_FILE_TMPDIR/build.log"
	[ "$output" -gt 50 ]
	run grep '^not ok ' "$BATS_FILE_TMPDIR/build.log"
	assert_failure
}

@test "lintian: no error, no warning, no info" {
	run lintian --pedantic --display-info --fail-on error,warning,info,pedantic \
		"$DEB_OUT/kvmboot_${VERSION}_$(dpkg --print-architecture).changes"
	assert_success
	refute_output --regexp '^[EWIPX]: '
}

@test "the package holds binaries, manual pages, completion, schema, stap script, patches" {
	run bash -c "dpkg-deb -c '$DEB' | awk '{ print \$6 }' | sed 's|^\./|/|' | grep -v '/\$' | sort"
	assert_success
	local f
	for f in /usr/bin/kvmboot-collect /usr/bin/kvmboot-report /usr/bin/kvmboot-stap \
		/usr/share/man/man1/kvmboot-collect.1.gz /usr/share/man/man1/kvmboot-report.1.gz \
		/usr/share/man/man1/kvmboot-stap.1.gz /usr/share/man/man5/kvmboot.5.gz \
		/usr/share/bash-completion/completions/kvmboot-report \
		/usr/share/bash-completion/completions/kvmboot-collect \
		/usr/share/kvmboot/schema.sql /usr/share/kvmboot/kvmboot.stp \
		/usr/share/kvmboot/patches/README.md \
		/usr/share/doc/kvmboot/copyright /usr/share/doc/kvmboot/changelog.gz; do
		assert_line "$f"
	done
	local p
	for p in "$ROOT"/patches/*/*.patch; do
		assert_line "/usr/share/kvmboot/patches/${p#"$ROOT"/patches/}"
	done
	# Nothing but /usr.
	refute_line --regexp '^/(etc|var|opt|bin|lib|sbin)/'
}

@test "it depends on the libraries it links, and recommends or suggests the tools around it" {
	run dpkg-deb -f "$DEB" Depends
	local lib
	for lib in libtracefs1 libtraceevent1 libtracecmd1 libsqlite3-0 libdw1 libelf1 libc6; do
		[[ $output == *"$lib "* ]] || { echo "Depends lacks $lib: $output"; return 1; }
	done
	[ "$(dpkg-deb -f "$DEB" Recommends)" = "gnuplot-nox | gnuplot, qemu-system-x86" ]
	[ "$(dpkg-deb -f "$DEB" Suggests)" = "linux-perf, sqlite3, systemtap, trace-cmd" ]
	[ "$(dpkg-deb -f "$DEB" Architecture)" = "$(dpkg --print-architecture)" ]
}

@test "installed with dpkg into a throwaway root: it runs, its manuals and completion work, and it removes cleanly" {
	local root=$BATS_TEST_TMPDIR/root
	mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
	touch "$root/var/lib/dpkg/status"
	# The libraries are the host's: the throwaway root has no record of them.
	run dpkg --root="$root" --force-depends -i "$DEB"
	assert_success
	run "$root/usr/bin/kvmboot-collect" --version
	assert_success
	assert_output "kvmboot-collect $VERSION"
	run "$root/usr/bin/kvmboot-report" --version
	assert_output "kvmboot-report $VERSION"
	# The manual pages are gzipped and still render, and name /usr/share.
	run bash -c "MANWIDTH=80 man --warnings -l '$root/usr/share/man/man5/kvmboot.5.gz' 2>&1"
	assert_success
	assert_output --partial "/usr/share/kvmboot/schema.sql"
	refute_output --partial "warning"
	# The installed completion, through its kvmboot-collect link, with the
	# installed binaries.
	run env KVMBOOT_COMPLETION="$root/usr/share/bash-completion/completions/kvmboot-collect" \
		"$ROOT/tests/tools/complete" "$root/usr/bin/kvmboot-report plot "
	assert_success
	assert_output "$(printf '%s\n' trend timeline dist)"
	# kvmboot-stap finds its script in /usr/share/kvmboot (checked where
	# stap cannot run, so that it stops at its checks).
	if ! [ -e "/lib/modules/$(uname -r)/build/.config" ] || ! [ -e /proc/modules ]; then
		run "$root/usr/bin/kvmboot-stap" qemu-system-x86
		assert_failure 1
		assert_output --partial "SystemTap cannot run on this host"
		refute_output --partial "kvmboot.stp is neither"
	fi
	run dpkg --root="$root" -r kvmboot
	assert_success
	[ -z "$(find "$root" -path "$root/var/lib/dpkg" -prune -o ! -type d -print)" ]
}

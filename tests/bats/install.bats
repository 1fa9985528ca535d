#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# make install and make uninstall into a scratch prefix.

load helpers

@test "make install puts binaries, schema, stap script, patches, manual pages and completion under PREFIX; uninstall removes them" {
	local prefix=$BATS_TEST_TMPDIR/prefix
	make -C "$ROOT" -s install PREFIX="$prefix" >/dev/null
	"$prefix/bin/kvmboot-collect" --version
	"$prefix/bin/kvmboot-report" --version
	[ -s "$prefix/share/kvmboot/schema.sql" ]
	[ -s "$prefix/share/kvmboot/kvmboot.stp" ]
	ls "$prefix"/share/kvmboot/patches/{seabios,qemu,linux}/0001-*.patch
	[ -s "$prefix/share/kvmboot/patches/qboot/README.md" ]
	# The manual pages, naming the installed data directory.
	local page
	for page in man1/kvmboot-collect.1 man1/kvmboot-report.1 man1/kvmboot-stap.1 man5/kvmboot.5; do
		[ -s "$prefix/share/man/$page" ] || { echo "$page is not installed"; return 1; }
	done
	MANWIDTH=80 man -l "$prefix/share/man/man5/kvmboot.5" 2>/dev/null | grep -q "$prefix/share/kvmboot/schema.sql"
	# The completion, under both names bash-completion looks for.
	local completions=$prefix/share/bash-completion/completions
	[ -s "$completions/kvmboot-report" ]
	[ "$(readlink "$completions/kvmboot-collect")" = kvmboot-report ]
	grep -q '^complete -F _kvmboot_collect kvmboot-collect$' "$completions/kvmboot-collect"
	# The installed kvmboot-stap finds its script in share/kvmboot (checked
	# where stap cannot run, so that it stops at its checks).
	if ! [ -e "/lib/modules/$(uname -r)/build/.config" ] || ! [ -e /proc/modules ]; then
		run "$prefix/bin/kvmboot-stap" qemu-system-x86
		assert_failure 1
		refute_output --partial "kvmboot.stp is neither"
		rm "$prefix/share/kvmboot/kvmboot.stp"
		run "$prefix/bin/kvmboot-stap" qemu-system-x86
		assert_failure 1
		assert_output --partial "kvmboot.stp is neither beside"
	fi
	make -C "$ROOT" -s uninstall PREFIX="$prefix" >/dev/null
	[ -z "$(find "$prefix" ! -type d)" ]
}

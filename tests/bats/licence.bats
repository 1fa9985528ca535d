#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The licence: GPL-2.0-or-later, its text in LICENSE and a line in every
# source file, so that a file copied out of the tree still says so.

load helpers

@test "LICENSE is the GPL-2 text Debian ships" {
	[ -f /usr/share/common-licenses/GPL-2 ] || skip "no /usr/share/common-licenses/GPL-2 (base-files)"
	cmp "$ROOT/LICENSE" /usr/share/common-licenses/GPL-2
}

@test "every source file carries SPDX-License-Identifier: GPL-2.0-or-later" {
	command -v git > /dev/null && git -C "$ROOT" rev-parse --git-dir > /dev/null 2>&1 ||
		skip "not a git checkout: the file list comes from git ls-files"
	run "$ROOT/tests/tools/spdx-check"
	assert_success
	assert_output ""
}

@test "the check finds a source file without the line" {
	command -v git > /dev/null && git -C "$ROOT" rev-parse --git-dir > /dev/null 2>&1 ||
		skip "not a git checkout"
	# A throwaway clone of the tree with one file's line taken out.
	git clone -q "$ROOT" "$BATS_TEST_TMPDIR/tree"
	mkdir -p "$BATS_TEST_TMPDIR/tree/tests/tools"
	cp "$ROOT/tests/tools/spdx-check" "$BATS_TEST_TMPDIR/tree/tests/tools/"
	sed -i '/SPDX-License-Identifier/d' "$BATS_TEST_TMPDIR/tree/collector/main.c"
	run "$BATS_TEST_TMPDIR/tree/tests/tools/spdx-check"
	assert_failure
	assert_output "collector/main.c"
}

#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input: exit 2, one clear message, nothing stored before is changed.

load helpers

setup() {
	common_setup
}

# Fingerprint of the database and its side files.
db_state() {
	sha256sum "$DB" 2>/dev/null
	ls "$DB"* 2>/dev/null
}

# A database holding one real session.
make_db() {
	require_tracing
	$COLLECT -q -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1) || return 1
	[ "$(sql 'SELECT count(*) FROM runs')" = 1 ]
}

@test "--help and --version" {
	run $COLLECT --help
	assert_success
	assert_line --index 0 "usage: kvmboot-collect [OPTIONS] [--] VMM-COMMAND [ARGS...]"
	assert_output --partial "-T, --timeout SEC"
	assert_output --partial "qboot-2019"
	# It fits an 80-column terminal.
	[ -z "$($COLLECT --help | awk 'length > 79')" ]
	run $COLLECT -V
	assert_success
	assert_output --regexp '^kvmboot-collect [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "bad options: exit 2 with a message, the database untouched" {
	make_db
	local before
	before=$(db_state)
	local cases=(
		"-n 0 qemu|--runs: '0' is not a whole number from 1 to 100000"
		"-T -1 qemu|--timeout: '-1' is not a number of seconds above 0 and at most 86400"
		"-t nokey qemu|--tag: 'nokey' is not KEY=VALUE"
		"-p 0xf4:6 qemu|--point: '0xf4:6' is not PORT:VALUE=NAME"
		"--table nope qemu|--table: no table 'nope' (see kvmboot-collect --help)"
		"--bogus qemu|unknown option '--bogus' (see kvmboot-collect --help)"
		"-n 3|no VMM command given"
	)
	local c args want
	for c in "${cases[@]}"; do
		args=${c%%|*}
		want=${c#*|}
		run $COLLECT $args
		assert_failure 2
		[ "${#lines[@]}" = 1 ]
		assert_output --partial "kvmboot-collect: $want"
	done
	[ "$(db_state)" = "$before" ]
}

@test "a file that is not SQLite as --db: exit 2, file unchanged" {
	echo "my precious notes" > "$BATS_TEST_TMPDIR/notes.txt"
	local before
	before=$(sha256sum "$BATS_TEST_TMPDIR/notes.txt")
	require_tracing
	run $COLLECT -n 1 -d "$BATS_TEST_TMPDIR/notes.txt" -- $(synth_qemu 0xf5:1)
	assert_failure 2
	assert_output "kvmboot-collect: '$BATS_TEST_TMPDIR/notes.txt' is not an SQLite database"
	[ "$(sha256sum "$BATS_TEST_TMPDIR/notes.txt")" = "$before" ]
	[ ! -e "$BATS_TEST_TMPDIR/notes.txt-wal" ]
	assert_no_leftovers
}

@test "an SQLite database that is not kvmboot's: exit 2, unchanged" {
	require_tracing
	sqlite3 "$DB" "CREATE TABLE accounts (id, balance); INSERT INTO accounts VALUES (1, 100)"
	local before
	before=$(db_state)
	run $COLLECT -n 1 -- $(synth_qemu 0xf5:1)
	assert_failure 2
	assert_output "kvmboot-collect: '$DB' is an SQLite database, but not a kvmboot one"
	[ "$(db_state)" = "$before" ]
}

@test "a database from a newer kvmboot: exit 2, unchanged" {
	make_db
	sqlite3 "$DB" "PRAGMA user_version = 999"
	local before
	before=$(db_state)
	run $COLLECT -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1)
	assert_failure 2
	assert_output --partial "has schema version 999, newer than this kvmboot knows"
	assert_output --partial "use a newer kvmboot"
	[ "$(db_state)" = "$before" ]
	assert_no_leftovers
}

@test "a directory as --db: exit 2" {
	require_tracing
	run $COLLECT -n 1 -d "$BATS_TEST_TMPDIR" -- $(synth_qemu 0xf5:1)
	assert_failure 2
	assert_output "kvmboot-collect: '$BATS_TEST_TMPDIR' is a directory, not a database file"
}

#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# What kvmboot-report takes as people type it: relative dates and the
# times it prints itself for --since/--until, --local, sql's query from a
# file or standard input, -f names in any case.

load helpers
bats_require_minimum_version 1.5.0	# run --separate-stderr

setup() {
	common_setup
	FIXTURE=$BATS_TEST_TMPDIR/fixture.db
	"$ROOT/tests/fixtures/make-db" "$FIXTURE" "$ROOT/tests/fixtures/report.sql"
}

# Session N of the fixture started WHEN (an SQLite time modifier) before now.
session_dated() {
	sqlite3 "$FIXTURE" "UPDATE sessions SET started_at =
		strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '$2') WHERE id = $1"
}

ids() {
	"$REPORT" -d "$FIXTURE" -f csv sessions --status all "$@" | tail -n +2 | cut -d, -f1 | paste -sd' '
}

@test "--since/--until: relative dates, named days, and the times kvmboot prints" {
	session_dated 1 '-20 days'
	session_dated 2 '-3 days'
	session_dated 3 '-2 hours'
	[ "$(ids --since -7d)" = "2 3" ]
	[ "$(ids --since '2 weeks ago')" = "2 3" ]
	[ "$(ids --since 2.weeks.ago --until -1d)" = "2" ]
	[ "$(ids --since -3h)" = "3" ]
	[ "$(ids --until '1 week ago')" = "1" ]
	[ "$(ids --since yesterday --until now)" = "3" ]
	[ "$(ids --since tomorrow)" = "" ]
	# The stored time, as the csv prints it, is a bound that includes it.
	at=$("$REPORT" -d "$FIXTURE" -f csv sessions | awk -F, 'NR == 3 { print $2 }')
	[[ $at =~ ^20[0-9-]+T[0-9:]+\.[0-9]{3}Z$ ]]
	[ "$(ids --since "$at")" = "2 3" ]
	[ "$(ids --until "$at")" = "1" ]
	# changes takes them too (its --since also names a session).
	run --separate-stderr "$REPORT" -d "$FIXTURE" -f csv changes --since -7d --status all
	assert_success
	[ "$stderr" = "" ]
	run --separate-stderr "$REPORT" -d "$FIXTURE" changes --since tomorrow
	assert_success
	[ "$stderr" = "kvmboot-report: no boot matches the selection" ]
	run --separate-stderr "$REPORT" -d "$FIXTURE" sessions --since '7 days'
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-report: --since: '7 days' is not a date (YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z], -7d, -2h, '2 weeks ago', yesterday, today, now)" ]
}

@test "--local: tables say the zone they print; dates without Z are local" {
	run "$REPORT" -d "$FIXTURE" sessions
	assert_line --index 0 "id  start UTC         label  tags        boots  ok"
	assert_line --index 1 " 1  2026-11-01 10:00  base   commit=aaa      5   5"
	TZ=Europe/Paris run "$REPORT" -d "$FIXTURE" --local sessions
	assert_line --index 0 "id  start local       label  tags        boots  ok"
	assert_line --index 1 " 1  2026-11-01 11:00  base   commit=aaa      5   5"
	# csv and json keep the stored UTC time whatever the zone.
	TZ=Europe/Paris run "$REPORT" -d "$FIXTURE" --local -f csv sessions
	assert_line --index 1 --partial ",2026-11-01T10:00:00.000Z,"
	[ "$(TZ=Europe/Paris ids --local --since 2026-11-02T11:00)" = "2 3" ]
	[ "$(TZ=Europe/Paris ids --local --since 2026-11-02T11:01)" = "3" ]
	[ "$(TZ=Europe/Paris ids --local --since 2026-11-02T10:00Z)" = "2 3" ]
	[ "$(TZ=Europe/Paris ids --since 2026-11-02T11:00)" = "3" ]
	# --by day: the local day. 23:30 UTC is the next day in Paris.
	sqlite3 "$FIXTURE" "UPDATE sessions SET started_at = '2026-11-01T23:30:00.000Z' WHERE id = 2"
	run "$REPORT" -d "$FIXTURE" -f csv summary --by day
	assert_line --partial "2026-11-01,milestone,vmm_init_end,10,"
	TZ=Europe/Paris run "$REPORT" -d "$FIXTURE" --local -f csv summary --by day
	assert_line --partial "2026-11-01,milestone,vmm_init_end,5,"
	assert_line --partial "2026-11-02,milestone,vmm_init_end,5,"
	# plot trend --by day: the same local days, and its axis says so.
	command -v gnuplot >/dev/null || return 0
	run "$REPORT" -d "$FIXTURE" plot trend --by day --script -o "$BATS_TEST_TMPDIR/utc.svg"
	assert_success
	grep -qx "set xlabel 'day (UTC)'" "$BATS_TEST_TMPDIR/utc.gp"
	grep -q "('2026-11-01' 0, '2026-11-03' 1)" "$BATS_TEST_TMPDIR/utc.gp"
	TZ=Europe/Paris run "$REPORT" -d "$FIXTURE" --local plot trend --by day --script \
		-o "$BATS_TEST_TMPDIR/local.svg"
	assert_success
	grep -qx "set xlabel 'day (local time)'" "$BATS_TEST_TMPDIR/local.gp"
	grep -q "('2026-11-01' 0, '2026-11-02' 1, '2026-11-03' 2)" "$BATS_TEST_TMPDIR/local.gp"
}

@test "sql: the query from a file or standard input; -f in any case" {
	printf -- '-- how many boots per label\nSELECT s.label, count(*) AS boots\n  FROM runs r JOIN sessions s ON s.id = r.session_id\n GROUP BY s.label ORDER BY s.label;\n' > "$BATS_TEST_TMPDIR/q.sql"
	want='label,boots
base,5
cand,7'
	run "$REPORT" -d "$FIXTURE" -f csv sql --file "$BATS_TEST_TMPDIR/q.sql"
	assert_success
	assert_output "$want"
	run "$REPORT" -d "$FIXTURE" -f CSV sql - < "$BATS_TEST_TMPDIR/q.sql"
	assert_success
	assert_output "$want"
	run "$REPORT" -d "$FIXTURE" -f Csv sql --file - < "$BATS_TEST_TMPDIR/q.sql"
	assert_output "$want"
	run "$REPORT" -d "$FIXTURE" -f JSON sql 'SELECT 1 AS one'
	assert_success
	[ "$(jq -c . <<< "$output")" != "" ]
	# Still one read-only statement, whatever its source.
	echo "DELETE FROM runs" > "$BATS_TEST_TMPDIR/w.sql"
	run --separate-stderr "$REPORT" -d "$FIXTURE" sql --file "$BATS_TEST_TMPDIR/w.sql"
	[ "$status" = 2 ]
	[[ $stderr == *"refused: the statement would write"* ]]
	echo "SELECT 1; SELECT 2" | { run --separate-stderr "$REPORT" -d "$FIXTURE" sql -
		[ "$status" = 2 ]; [ "$stderr" = "kvmboot-report: give one statement at a time" ]; }
	run --separate-stderr "$REPORT" -d "$FIXTURE" sql 'SELECT 1' --file "$BATS_TEST_TMPDIR/q.sql"
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-report: usage: kvmboot-report sql 'SELECT ...'|-|--file FILE (one of them)" ]
	run --separate-stderr "$REPORT" -d "$FIXTURE" sql --file "$BATS_TEST_TMPDIR/none.sql"
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-report: cannot read the query from '$BATS_TEST_TMPDIR/none.sql': No such file or directory" ]
	head -c 1100000 /dev/zero | tr '\0' ' ' > "$BATS_TEST_TMPDIR/big.sql"
	run --separate-stderr "$REPORT" -d "$FIXTURE" sql --file "$BATS_TEST_TMPDIR/big.sql"
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-report: the query in '$BATS_TEST_TMPDIR/big.sql' is longer than 1 MiB" ]
	run --separate-stderr "$REPORT" -d "$FIXTURE" -f yaml sql 'SELECT 1'
	[ "$status" = 2 ]
}

# Runs the reporter on a terminal (a pty of script(1)); prints its screen output.
on_terminal() {
	script -qec "$1" /dev/null | tr -d '\r'
}

@test "tables fold to the terminal's width, and never in a pipe" {
	command -v script >/dev/null || skip "needs script(1) (bsdutils)"
	# A pipe: one line per row and per header, whatever the width.
	run "$REPORT" -d "$FIXTURE" runs
	assert_success
	[ "$(grep -c '^run ' <<< "$output")" = 1 ]
	assert_line --regexp '^run +session +boot +status +cpu +vmm_init_end +fw_start +fw_do_boot +linux_start_kernel +vmm_exit +detail$'
	[ "$(grep -c '^ *[0-9]' <<< "$output")" = 10 ]
	run "$REPORT" -d "$FIXTURE" summary
	refute_line --regexp '^  [a-z]'	# no phase name wrapped onto a second line
	assert_line --regexp '^fw_start\.\.linux_start_kernel +1 '
	# A terminal 60 columns wide ($COLUMNS): blocks no wider, each with the key.
	run on_terminal "COLUMNS=60 '$REPORT' -d '$FIXTURE' runs"
	assert_success
	[ "$(grep -c '^run ' <<< "$output")" -ge 2 ]
	[ "$(awk '{ if (length > n) n = length } END { print n }' <<< "$output")" -le 60 ]
	# Without $COLUMNS, the terminal's own width: 200 takes every column.
	run on_terminal "stty cols 200; env -u COLUMNS '$REPORT' -d '$FIXTURE' runs"
	[ "$(grep -c '^run ' <<< "$output")" = 1 ]
	run on_terminal "stty cols 70; env -u COLUMNS '$REPORT' -d '$FIXTURE' runs"
	[ "$(grep -c '^run ' <<< "$output")" -ge 2 ]
	[ "$(awk '{ if (length > n) n = length } END { print n }' <<< "$output")" -le 70 ]
}

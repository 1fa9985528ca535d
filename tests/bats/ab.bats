#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --ab: a baseline and a candidate booted in turn on one host, as two
# sessions, judged by kvmboot-report compare, whose exit status is ours.

load helpers

setup() {
	require_tracing
	common_setup
	FAST=$(synth_qemu 0xf5:1 delay:2 0xf4:6 0xf4:7)
	SLOW=$(synth_qemu 0xf5:1 delay:2 0xf4:6 delay:6 0xf4:7)
}

teardown() {
	kill_test_vmms
	sanitizer_check
}

@test "--ab: a slower candidate is found (exit 1); two tagged sessions, boots in turn" {
	run $COLLECT --ab -n 8 --ok-exit 1 -l "fast vs slow" -t commit=abc -- $FAST ::: $SLOW
	assert_failure 1
	assert_output --partial "== baseline (ab=base)"
	assert_output --partial "== candidate (ab=cand)"
	assert_output --partial "== kvmboot-report compare (8 pairs)"
	assert_output --regexp "kernel +regressed "
	assert_output --partial "verdict: REGRESSED: "
	# Two sessions of 8 ok boots, one label, each with its tags, one pair id.
	[ "$(sql "SELECT group_concat(v, ' ') FROM (SELECT t.value AS v FROM session_tags t WHERE t.key = 'ab' ORDER BY v)")" = "base cand" ]
	[ "$(sql "SELECT count(DISTINCT value) FROM session_tags WHERE key = 'ab_pair'")" = 1 ]
	[ "$(sql "SELECT count(*) FROM session_tags WHERE key = 'commit' AND value = 'abc'")" = 2 ]
	[ "$(sql "SELECT count(DISTINCT label), count(*) FROM sessions")" = "1|2" ]
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" = 16 ]
	# In start order, boots 1-2, 3-4, ... are each one pair: one of each side.
	[ "$(sql "WITH o AS (SELECT session_id, row_number() OVER (ORDER BY started_at, id) - 1 AS k FROM runs)
		  SELECT count(*) FROM (SELECT k / 2 FROM o GROUP BY k / 2 HAVING count(DISTINCT session_id) = 2)")" = 8 ]
	# The base's boot seq n and the candidate's run in the same pair.
	[ "$(sql "SELECT count(DISTINCT seq) FROM runs")" = 8 ]
	assert_no_leftovers
}

@test "--ab: a same-speed candidate passes (exit 0) once decided" {
	# This host's VMM start-up varies by tens of ms: a wider floor, and
	# pairs until the comparison is decided.
	run $COLLECT --ab -n 6 --ab-until-decided 40 --ab-compare "--min-change-ms 300" \
		--ok-exit 1 -- $FAST ::: $FAST
	assert_success
	assert_output --partial "verdict: pass (exit 0)"
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" -ge 12 ]
}

@test "--ab usage errors: exit 2, nothing stored" {
	local cases=(
		"-- $FAST ::: $SLOW|':::' separates --ab's two commands: give --ab"
		"--ab -- $FAST|--ab needs two commands"
		"--ab -- $FAST :::|--ab needs two commands"
		"--ab -- $FAST ::: $SLOW ::: $FAST|--ab: give one ':::' between the two commands"
		"--ab -j 2 -- $FAST ::: $SLOW|--ab boots its two commands in turn: -j does not go with it"
		"--ab-until-decided 5 -- $FAST|--ab-until-decided goes with --ab"
	)
	local c
	for c in "${cases[@]}"; do
		run $COLLECT ${c%%|*}
		assert_failure 2
		assert_output --partial "kvmboot-collect: ${c#*|}"
	done
	[ ! -e "$DB" ]
	assert_no_leftovers
}

#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot-report changes on real boots of the synthetic guest: twelve
# nightly sessions whose delay grows by 20% from the seventh on, and twelve
# with no change, dated a night apart with --started-at. The delay is
# wall-clock time (the guest's wait:MS reads the PIT): a busy loop would
# take as long as the CPU other jobs leave it, and a loaded machine would
# move it by more than 20%.

load helpers

# The firmware waits 100 ms, then 120 ms (+20%); 3 boots a night.
nightly() {	# nightly LABEL MS DAY
	"$COLLECT" -q -n 3 -T 30 --ok-exit 1 -l "$1" -t "commit=$1-$3" \
		--started-at "2026-01-$(printf %02d "$3")T02:00:00Z" \
		-- $(synth_qemu 0xf5:1 "wait:$2" 0xf5:5 0xf4:6 0xf4:7)
}

setup_file() {
	[ "$(id -u)" = 0 ] && [ -c /dev/kvm ] || return 0
	export DB="$BATS_FILE_TMPDIR/boots.db" KVMBOOT_DB="$BATS_FILE_TMPDIR/boots.db"
	MARK=kvmboot-changes-$$
	local day
	for day in $(seq 1 12); do
		nightly grow $((day < 7 ? 100 : 120)) "$day" || true
		nightly steady 100 "$day" || true
	done
}

setup() {
	require_tracing
	export DB="$BATS_FILE_TMPDIR/boots.db" KVMBOOT_DB="$BATS_FILE_TMPDIR/boots.db"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM runs WHERE status = 'ok'")" = 72 ]
	OUT=$BATS_TEST_TMPDIR
}

# The id of the Nth session (from 1, in time order) of LABEL.
session_of() {
	sqlite3 "$DB" "SELECT id FROM sessions WHERE label = '$1' ORDER BY started_at LIMIT 1 OFFSET $(($2 - 1))"
}

@test "changes: a delay 20% longer from the seventh session on is one change there" {
	local seventh
	seventh=$(session_of grow 7)
	run "$REPORT" changes --label grow --stage firmware -f csv
	assert_success
	[ "${#lines[@]}" = 2 ]
	IFS=, read -r group measure kind session started tags before after change rest <<< "${lines[1]}"
	[ "$group,$measure,$kind,$session,$tags" = "grow,firmware,change,$seventh,commit=grow-7" ]
	[ "$started" = 2026-01-07T02:00:00.000Z ]
	awk -v c="$change" 'BEGIN { exit !(c > 0.15 && c < 0.25) }'
	# The span of the wait alone, the same change.
	run "$REPORT" changes --label grow --span fw_start..fw_do_boot -f csv
	assert_success
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f2,4)" = "fw_start..fw_do_boot,$seventh" ]
	# Nothing moved where there is no delay (the vmm stage, and the total,
	# hold the VMM's start-up: as long as the machine's load makes it).
	for stage in loader kernel userspace; do
		run "$REPORT" changes --label grow --stage "$stage" -f csv
		assert_success
		[ "${#lines[@]}" = 1 ]
	done
}

@test "changes: twelve sessions with no change have none" {
	# Where the guest waits (the vmm stage, and the total, hold the VMM's
	# start-up: as long as the machine's load makes it, and that changes).
	run "$REPORT" changes --label steady --stage firmware --stage loader --stage kernel \
		--stage userspace
	assert_success
	assert_line "no change point in any of the 4 series"
	run "$REPORT" changes --label steady --stage firmware -f csv
	assert_success
	assert_output "group,measure,kind,session,started_at,tags,before_ns,after_ns,change,ci_low,ci_high,p,sessions_before,sessions_after,boots_before,boots_after"
}

@test "changes: the table, by label, and --fail-recent as an exit status" {
	local seventh
	seventh=$(session_of grow 7)
	run "$REPORT" changes --stage firmware
	assert_success
	assert_line --partial "label grow, firmware: 12 sessions, 36 boots"
	# A pipe: one line per row, never folded; the start in UTC, as the header says.
	assert_line --regexp "^kind +session +started UTC +tags +before +after +change +95% CI +p +sessions\$"
	assert_line --regexp "^change +$seventh +2026-01-07 02:00 +commit=grow-7 +[0-9.]+ +[0-9.]+ +\+[0-9]+\.[0-9]% +\+[0-9.]+%\.\.\+[0-9.]+% +[0-9.e-]+ +6\|6\$"
	# --local: the start in local time, and the header says so.
	TZ=Asia/Tokyo run "$REPORT" --local changes --stage firmware
	assert_line --regexp "^kind +session +started local +tags "
	assert_line --regexp "^change +$seventh +2026-01-07 11:00 +commit=grow-7 "
	assert_line "1 change point in 1 of 2 series"
	refute_line --partial "label steady"
	# The change starts at the 6th newest session of grow.
	run "$REPORT" changes --stage firmware --fail-recent 6
	assert_failure 1
	assert_line --regexp "^REGRESSED: boot time rose in the newest 6 sessions: label grow firmware at session $seventh \(\+[0-9.]+%\)\$"
	run "$REPORT" changes --stage firmware --fail-recent 5
	assert_success
	assert_line "no change raised boot time in the newest 5 sessions"
	run "$REPORT" changes --stage firmware --fail-recent 6 -f json
	assert_failure 1
	# The json envelope, tags as an object.
	[ "$(jq -c '[.command, .rows[0].session, .rows[0].tags, .rows[0].started_at]' <<< "$output")" = \
	  "[\"changes\",$seventh,{\"commit\":\"grow-7\"},\"2026-01-07T02:00:00.000Z\"]" ]
}

@test "changes --since: the drift of each series since then" {
	local first
	first=$(session_of grow 1)
	run "$REPORT" changes --stage firmware --since "$first" -f csv
	assert_success
	# grow: its change, and the drift from its first sessions to its last.
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f1,3,4 | sort | tr '\n' ' ')" = \
	  "grow,change,$(session_of grow 7) grow,drift,$first steady,drift,$(session_of steady 1) " ]
	printf '%s\n' "${lines[@]}" | awk -F, '$1 == "grow" && $3 == "drift" { ok = $9 > 0.15 && $9 < 0.25 && $12 < 0.01 && $13 == 6 && $14 == 6 } END { exit !ok }'
	printf '%s\n' "${lines[@]}" | awk -F, '$1 == "steady" && $3 == "drift" { ok = $9 > -0.03 && $9 < 0.03 && $13 == 6 && $14 == 6 } END { exit !ok }'
	# From the ninth night on: four sessions, no change, the first two against the last two.
	run "$REPORT" changes --since 2026-01-09 --label grow --stage firmware -f csv
	assert_success
	[ "$(printf '%s\n' "${lines[@]:1}" | cut -d, -f3,4,13,14)" = "drift,$(session_of grow 9),2,2" ]
}

@test "plot trend: the change point is marked with its change, segments as steps" {
	command -v gnuplot >/dev/null || skip "needs gnuplot (Debian package gnuplot-nox)"
	run "$REPORT" plot trend --label grow --stage firmware -o "$OUT/grow.svg" --script
	assert_success
	grep -q 'firmware by session' "$OUT/grow.svg"
	grep -q 'change point: boot time rose' "$OUT/grow.svg"
	grep -Eq '>\+[0-9]+\.[0-9]%<' "$OUT/grow.svg"
	! grep -q 'boot time fell' "$OUT/grow.svg"
	# The steps: the first six sessions at one median, the last six at another.
	[ "$(sed -n '/^\$seg0 << EOD/,/^EOD/p' "$OUT/grow.gp" | sed '1d;$d' | cut -d' ' -f1 | tr '\n' ' ')" = \
	  "-0.500 5.500 5.500 11.500 " ]
	run "$REPORT" plot trend --label steady --stage firmware -o "$OUT/steady.svg"
	assert_success
	! grep -q 'change point:' "$OUT/steady.svg"
}

@test "changes: bad input gives one message and exit 2" {
	local cases=(
		"changes --by day|changes: --by label, host or tag:KEY (a series is a history of sessions)"
		"changes --min-change x|--min-change: 'x' is not a percentage from 0 to 1000"
		"changes --fail-recent 0|--fail-recent: '0' is not a whole number of sessions above 0"
		"changes --since nope|--since: 'nope' is not a date (YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z], -7d, -2h, '2 weeks ago', yesterday, today, now) or a session of the database"
		"changes --since 2026-02-30|--since: '2026-02-30' is not a date (YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z], -7d, -2h, '2 weeks ago', yesterday, today, now)"
		"changes --phase a..b|--phase: 'a..b' is not FROM..TO of two milestones in the database"
		"changes --stage nope|--stage: no stage 'nope' (see 'kvmboot-report time', or define it: --stage nope=A..B)"
		"changes --stage firmware --milestone fw_start|give one --milestone, --phase or --span (or --stage NAME)"
		"changes --span nope..vmm_exit|--span: no milestone 'nope' in the database (kvmboot-report summary lists them)"
		"changes --threshold 5|option '--threshold' does not apply to 'changes'"
		"plot trend --fail-recent 3 -o $OUT/x.png|option '--fail-recent' does not apply to 'plot'"
	)
	local c
	for c in "${cases[@]}"; do
		run "$REPORT" ${c%%|*}
		assert_failure 2
		assert_output "kvmboot-report: ${c#*|}"
	done
	run "$REPORT" changes 3
	assert_failure 2
	assert_output --partial "kvmboot-report: usage: kvmboot-report changes [SELECT] [--by label|host|tag:KEY]"
}

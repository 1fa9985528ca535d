#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot-report: golden files from an SQL fixture with round numbers, and
# the commands against databases filled by the real collector.

load helpers
bats_require_minimum_version 1.5.0	# run --separate-stderr

GOLDEN=$ROOT/tests/golden

setup() {
	common_setup
	FIXTURE=$BATS_TEST_TMPDIR/fixture.db
	"$ROOT/tests/fixtures/make-db" "$FIXTURE" "$ROOT/tests/fixtures/report.sql"
}

# Compares the output of `kvmboot-report -d FIXTURE ARGS` with golden file
# NAME (UPDATE_GOLDEN=1 rewrites it); EXPECT is the exit status.
golden() {
	local name=$1 expect=$2
	shift 2
	run "$REPORT" -d "$FIXTURE" "$@"
	[ "$status" = "$expect" ] || { echo "exit $status, expected $expect: $output"; return 1; }
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		printf '%s\n' "$output" > "$GOLDEN/$name"
	fi
	diff -u "$GOLDEN/$name" <(printf '%s\n' "$output")
}

@test "show: golden output in every format" {
	for f in table csv json markdown; do
		golden "show.$f" 0 -f "$f" show 3
	done
}

@test "summary --by label: golden output in every format" {
	for f in table csv json markdown; do
		golden "summary.$f" 0 -f "$f" summary --by label
	done
}

@test "compare: golden output in every format, exit 3 when 5 boots a side cannot decide" {
	for f in table csv json markdown; do
		golden "compare.$f" 3 -f "$f" compare label:base session:2
	done
}

@test "summary statistics are exact, a missing milestone is counted" {
	run "$REPORT" -d "$FIXTURE" -f json summary --label base
	assert_success
	[ "$(jq -c '.rows[] | select(.name == "vmm_init_end") | [.n, .missing, .median_ns, .mean_ns, .stddev_ns, .min_ns, .p90_ns, .p99_ns, .max_ns]' <<< "$output")" = "[5,0,42000000,42000000,1581139,40000000,44000000,44000000,44000000]" ]
	[ "$(jq -c '.rows[] | select(.name == "fw_do_boot") | [.n, .missing, .median_ns, .mean_ns, .stddev_ns]' <<< "$output")" = "[4,1,97500000,97250000,1707825]" ]
	# The boot without fw_do_boot has its own phase, not a misaligned one.
	[ "$(jq -c '.rows[] | select(.name == "fw_start..linux_start_kernel") | [.n, .median_ns]' <<< "$output")" = "[1,100000000]" ]
	[ "$(jq -c '.rows[] | select(.name == "fw_start..fw_do_boot") | [.n, .stddev_ns]' <<< "$output")" = "[4,0]" ]
}

@test "sessions and runs; --status all shows failed and timed-out boots" {
	run "$REPORT" -d "$FIXTURE" sessions
	assert_success
	assert_output "id  start UTC         label  tags        boots  ok
 1  2026-11-01 10:00  base   commit=aaa      5   5
 2  2026-11-02 10:00  cand   commit=bbb      5   5
 3  2026-11-03 10:00  cand   commit=bbb      2   0"
	run "$REPORT" -d "$FIXTURE" -f csv runs
	assert_success
	[ "${#lines[@]}" = 11 ]
	run "$REPORT" -d "$FIXTURE" -f csv runs --status all --session 3
	assert_success
	# The fixture's boots predate CPU accounting: batch, cpu and RSS are empty.
	assert_output "run,session,boot,status,uuid,batch,cpu_ns,max_rss_kb,vmm_init_end_ns,fw_start_ns,vmm_exit_ns,detail
11,3,1,failed,cccccccc-0000-4000-8000-000000000011,,,,,,30000000,the VMM exited with status 3
12,3,2,timeout,cccccccc-0000-4000-8000-000000000012,,,,40000000,45000000,1000000000,killed after the 1 s timeout"
}

@test "selections: --label, --tag, --since, --until, --last, uuid prefixes" {
	count() { "$REPORT" -d "$FIXTURE" -f csv runs --status all "$@" | tail -n +2 | wc -l; }
	[ "$(count --label cand)" = 7 ]
	[ "$(count --tag commit=aaa)" = 5 ]
	[ "$(count --since 2026-11-02)" = 7 ]
	[ "$(count --until 2026-11-01)" = 5 ]
	[ "$(count --since 2026-11-01T10:00 --until 2026-11-02T09:59)" = 5 ]
	[ "$(count --last 1)" = 2 ]
	[ "$(count --last 2 --label cand)" = 7 ]
	[ "$(count --session 2222)" = 5 ]
	[ "$(count --session 1 --session 3)" = 7 ]
	run "$REPORT" -d "$FIXTURE" -f csv show aaaaaaaa-0000-4000-8000-000000000002
	assert_success
	[ "${#lines[@]}" = 11 ]	# the header, 6 points, then 4 stages
}

@test "an empty selection is said on stderr, with the boots --status all would add" {
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err cmd
	for cmd in runs show summary export; do
		"$REPORT" -d "$FIXTURE" -f csv $cmd --session 3 > "$out" 2> "$err"
		[ "$(cat "$err")" = "kvmboot-report: no ok boot matches the selection, but 2 boots that are not ok do (--status all shows them)" ]
		[ "$(wc -l < "$out")" = 1 ]	# the header row, nothing else
	done
	"$REPORT" -d "$FIXTURE" -f json runs --since 2027-01-01 > "$out" 2> "$err"
	[ "$(cat "$err")" = "kvmboot-report: no boot matches the selection" ]
	[ "$(jq '.rows | length' "$out")" = 0 ]
	"$REPORT" -d "$FIXTURE" runs --session 3 --status all > "$out" 2> "$err"
	[ ! -s "$err" ]
	"$REPORT" -d "$FIXTURE" runs --session 1 > "$out" 2> "$err"
	[ ! -s "$err" ]
}

@test "compare: too few boots is inconclusive (exit 3), not green; no ok boot is an error" {
	run "$REPORT" -d "$FIXTURE" -f json compare session:1 session:2 --milestone fw_do_boot
	assert_failure 3
	[ "$(jq -r '.rows[0].verdict' <<< "$output")" = "inconclusive" ]
	[ "$(jq -r '.rows[0].reason' <<< "$output")" = "too few boots (a median's 95% CI needs 6 a side)" ]
	[ "$(jq -r '.rows[0].more_boots' <<< "$output")" -ge 1 ]
	run "$REPORT" -d "$FIXTURE" compare last~1 last
	assert_failure 2
	assert_output "kvmboot-report: candidate 'last' has no ok boot to compare"
	run "$REPORT" -d "$FIXTURE" compare session:1 session:1
	assert_failure 3
	assert_output --partial "verdict: inconclusive (exit 3)"
	run "$REPORT" -d "$FIXTURE" compare session:2 session:1 --threshold 10
	assert_failure 3
	refute_line --regexp '^[a-z_.]+ +(regressed|improved|pass) '
}

@test "sql: reads in any format, refuses to write" {
	run "$REPORT" -d "$FIXTURE" -f json sql "SELECT label, count(*) AS n FROM sessions GROUP BY label ORDER BY label"
	assert_success
	[ "$(jq -c .rows <<< "$output")" = '[{"label":"base","n":1},{"label":"cand","n":2}]' ]
	local before
	before=$(sha256sum "$FIXTURE")
	for statement in "DELETE FROM runs" "UPDATE sessions SET label = 'x'" "DROP TABLE points" \
			 "CREATE TABLE t (x)" "VACUUM INTO '$BATS_TEST_TMPDIR/copy.db'"; do
		run "$REPORT" -d "$FIXTURE" sql "$statement"
		assert_failure 2
		assert_output --partial "refused: the statement would write"
	done
	run "$REPORT" -d "$FIXTURE" sql "SELECT 1; DELETE FROM runs"
	assert_failure 2
	[ "$(sha256sum "$FIXTURE")" = "$before" ]
	[ ! -e "$BATS_TEST_TMPDIR/copy.db" ]
}

@test "sql: bounded in time and memory; past a bound a message naming the option, exit 2, nothing printed" {
	local forever='WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)'
	# Time: a query that never returns a row.
	SECONDS=0
	run --separate-stderr timeout 60 "$REPORT" -d "$FIXTURE" sql --timeout 1 "$forever SELECT max(x) FROM c"
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "kvmboot-report: the query ran longer than --timeout 1 s and was stopped (give a larger --timeout SEC, or 0 for no limit)" ]
	[ "$SECONDS" -lt 30 ]
	# What we buffer of the result: rows without end.
	run --separate-stderr timeout 60 "$REPORT" -d "$FIXTURE" sql --timeout 0 --max-memory 16 "$forever SELECT x FROM c"
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "kvmboot-report: the result grew past --max-memory 16 MiB and was not printed (narrow the query, e.g. with LIMIT, or give a larger --max-memory MB)" ]
	# SQLite's own heap: one value of 200 MB.
	local big='WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000)
		   SELECT length(group_concat(hex(randomblob(100)))) AS n FROM c'
	run --separate-stderr timeout 60 "$REPORT" -d "$FIXTURE" -f csv sql --max-memory 16 "$big"
	assert_failure 2
	[ -z "$output" ]
	[ "$stderr" = "kvmboot-report: the query needed more than --max-memory 16 MiB and was stopped (give a larger --max-memory MB, or 0 for no limit)" ]
	# Within the defaults, and with no limits, the same query answers.
	run timeout 60 "$REPORT" -d "$FIXTURE" -f csv sql "$big"
	assert_success
	assert_output "n
200999999"
	run "$REPORT" -d "$FIXTURE" -f csv sql --timeout 0 --max-memory 0 "SELECT count(*) AS n FROM runs"
	assert_success
	assert_output "n
12"
	# Bad values, and the options elsewhere.
	run "$REPORT" -d "$FIXTURE" sql --timeout -1 "SELECT 1"
	assert_failure 2
	assert_output "kvmboot-report: --timeout: '-1' is not a number of seconds from 0 (no limit) to 1000000"
	run "$REPORT" -d "$FIXTURE" sql --max-memory 1.5 "SELECT 1"
	assert_failure 2
	assert_output "kvmboot-report: --max-memory: '1.5' is not a whole number of MiB from 0 (no limit) to 1073741824"
	run "$REPORT" -d "$FIXTURE" runs --timeout 5
	assert_failure 2
	assert_output "kvmboot-report: option '--timeout' does not apply to 'runs'"
	run "$REPORT" sql --help
	assert_output --partial "--timeout SEC"
	assert_output --partial "--max-memory MB"
}

# Every command in every format, the plots too, on DB: exit 0, 1 or 2, and
# no report from a sanitizer (make SANITIZE=address,undefined builds them).
sweep() {
	local db=$1 f cmd args status
	while read -r f cmd; do
		read -r -a args <<< "$cmd"
		[ "${args[0]}" = sql ] && args=(sql "${args[*]:1}")
		status=0
		"$REPORT" -d "$db" -f "$f" "${args[@]}" > /dev/null 2> "$BATS_TEST_TMPDIR/err" || status=$?
		# 3: compare and gate could not decide (too few boots), an answer
		if { [ "$status" -gt 2 ] && ! { [ "$status" = 3 ] && [[ $cmd =~ ^(compare|gate) ]]; }; } ||
		   grep -qE 'runtime error|Sanitizer' "$BATS_TEST_TMPDIR/err"; then
			echo "-f $f $cmd: exit $status"
			cat "$BATS_TEST_TMPDIR/err"
			return 1
		fi
	done < <(for f in table csv json markdown; do
		printf "$f %s\n" sessions "sessions --status all" runs "runs --status all" show "show 1" \
			"show --status all" summary "summary --status all" "summary --by label" \
			"summary --by session" "summary --by day" "summary --by tag:commit" \
			"compare label:base label:cand" "compare last last~1 --milestone fw_start" \
			export "export --status all" console\ 1 "sql SELECT * FROM run_milestones" \
			"sql SELECT * FROM sessions WHERE 0" "sql SELECT 1 AS a, NULL, 1.5, x'00ff'" \
			"sql PRAGMA table_info(runs)" "sql BEGIN" gate "gate --milestones" \
			"gate 2 --baseline label:base --span fw_start..vmm_exit" time "time 1" changes \
			"changes --by host" "changes --since 2000-01-01 --fail-recent 3" \
			"changes --by tag:commit --phase fw_start..fw_do_boot"
	done; printf 'junit gate %s\n' "" "2 --baseline label:base"
	# The report page, made and then made again over it (run on the second database).
	printf 'table html -o %s\n' "$BATS_TEST_TMPDIR/site" \
		"$BATS_TEST_TMPDIR/site --by tag:commit --pages all --min-change 0 --alpha 0.5"
	for k in "trend" "trend --by tag:commit" "timeline" "timeline 1" "timeline --by label" \
			"dist --by label" "dist --by day --status all --phase fw_start..fw_do_boot" \
			"trend --min-change 0 --alpha 0.5"; do
		printf 'table plot %s -o %s\n' "$k" "$BATS_TEST_TMPDIR/chart.png" "$k" "$BATS_TEST_TMPDIR/chart.svg"
	done)
}

@test "every command in every format survives the fixture and an empty database" {
	sweep "$FIXTURE"
	"$ROOT/tests/fixtures/make-db" "$BATS_TEST_TMPDIR/empty.db" /dev/null
	sweep "$BATS_TEST_TMPDIR/empty.db"
}

@test "every command leaves the database file as it was, json parses" {
	local before
	before=$(sha256sum "$FIXTURE")
	for args in "sessions" "runs" "show 1" "summary --by tag:commit" "export" \
		    "compare label:base label:cand" "sql 'SELECT * FROM run_milestones'"; do
		eval "\"$REPORT\" -d \"$FIXTURE\" -f json $args" |
			jq -e '(.rows | type == "array") and .kvmboot_version != null' >/dev/null
	done
	[ "$(sha256sum "$FIXTURE")" = "$before" ]
}

@test "bad input: one clear message and exit 2" {
	local cases=(
		"sessions --session 99|no session '99' in the database (kvmboot-report sessions lists them)"
		"runs --label nope|no session has the label 'nope'"
		"runs --tag commit=zzz|no session has the tag commit=zzz"
		"show 999|no boot '999' in the database"
		"compare label:base nope|'nope' is not session:ID, label:TEXT, tag:KEY=VALUE, last or last~N"
		"compare label:base last --milestone nope|--milestone: no milestone 'nope' in the database"
		"summary --by color|--by: 'color' is not label, session, day, host or tag:KEY"
		"runs --by label|option '--by' does not apply to 'runs'"
		"runs --since 2026-02-30|--since: '2026-02-30' is not a date"
		"runs --status maybe|--status: 'maybe' is not 'ok' or 'all'"
		"compare label:base|usage: kvmboot-report compare BASE CAND"
		"frobnicate|unknown command 'frobnicate'"
		"-f xml runs|--format: 'xml' is not table, csv, json or markdown"
		"-f junit runs|--format: junit applies to gate only"
		"gate --baseline yesterday|--baseline: 'yesterday' is not last:N, session:ID, label:TEXT or tag:KEY=VALUE"
		"gate --baseline last:0|--baseline: 'last:0' is not last:N"
		"gate --same colour|--same: 'colour' is not host, cpu, kernel, vmm, cmdline or none"
		"gate --max-failed some|--max-failed: 'some' is not a number of boots (2) or a percentage (10%)"
		"gate --stages /nonexistent|--stages: cannot open '/nonexistent': No such file or directory"
		"gate --stage kernel|--stage: 'kernel' is not NAME=A..B (each end A or A|B|...)"
		"gate --span fw_start..nope|--span: no milestone 'nope' in the database"
		"gate nope|no session 'nope' in the database"
		"gate 1|no baseline for session 1: last:7 (same label, same host) matches no other session"
		"gate 1 2|usage: kvmboot-report gate [CAND] [--baseline last:N|SPEC]"
		"time --session 1 3|time takes a RUN or a selection, not both"
		"compare label:base last --min-change-ms -1|--min-change-ms: '-1' is not a number"
	)
	local c
	for c in "${cases[@]}"; do
		run "$REPORT" -d "$FIXTURE" ${c%%|*}
		assert_failure 2
		[ "${#lines[@]}" = 1 ] || { echo "$output"; return 1; }
		assert_output --partial "kvmboot-report: ${c#*|}"
	done
}

@test "a missing database says where it looked; not kvmboot's, newer: refused" {
	run "$REPORT" -d "$BATS_TEST_TMPDIR/none.db" sessions
	assert_failure 2
	assert_output "kvmboot-report: no database at '$BATS_TEST_TMPDIR/none.db' (from -d); create one with: sudo kvmboot-collect -d '$BATS_TEST_TMPDIR/none.db' -- VMM-COMMAND..."
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
	cd "$BATS_TEST_TMPDIR"
	unset KVMBOOT_DB
	run "$REPORT" runs
	assert_failure 2
	assert_output --partial "no database at 'kvmboot.db' (from \$KVMBOOT_DB, else ./kvmboot.db)"
	echo "not a database" > notes.txt
	run "$REPORT" -d notes.txt runs
	assert_failure 2
	assert_output "kvmboot-report: 'notes.txt' is not an SQLite database"
	sqlite3 "$FIXTURE" "PRAGMA user_version = 99"
	run "$REPORT" -d "$FIXTURE" runs
	assert_failure 2
	assert_output --partial "has schema version 99, newer than this kvmboot knows"
}

@test "output to a full disk or a closed pipe: exit non-zero" {
	run "$REPORT" -d "$FIXTURE" export -f csv
	assert_success
	run bash -c "'$REPORT' -d '$FIXTURE' export > /dev/full"
	assert_failure 2
	assert_output --partial "cannot write the output"
	run bash -c "'$REPORT' -d '$FIXTURE' sql 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000) SELECT x FROM c' | head -1; exit \${PIPESTATUS[0]}"
	assert_failure
}

@test "--help, per-command help, --version" {
	run "$REPORT" --help
	assert_success
	assert_line --index 0 "usage: kvmboot-report [-d FILE] [-f table|csv|json|markdown] COMMAND [ARGS]"
	assert_output --partial "Percentiles are nearest-rank"
	run "$REPORT" compare --help
	assert_success
	assert_output --partial "Exit status: 0 pass or improved, 1 regressed or failed boots,"
	run "$REPORT" gate --help
	assert_success
	assert_output --partial "--baseline last:N    the N sessions before CAND, same label and host"
	# Every help fits an 80-column terminal.
	local cmd
	for cmd in "" sessions runs show summary compare gate time export sql console plot changes; do
		[ -z "$("$REPORT" $cmd --help | awk 'length > 79')" ] || { echo "$cmd --help is too wide"; return 1; }
	done
	run "$REPORT" --version
	assert_success
	assert_output --regexp '^kvmboot-report [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "needs no root: an ordinary user reads a root-owned WAL database" {
	[ "$(id -u)" = 0 ] || skip "needs root to become another user"
	id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
	local dir db
	dir=$(mktemp -d /tmp/kvmboot-ro-XXXXXX)
	db="$dir/boots?#%.db"	# characters a SQLite URI would misread
	cp "$FIXTURE" "$db"
	[ "$(sqlite3 "$db" 'PRAGMA journal_mode = WAL')" = wal ]
	chmod 755 "$dir"
	chmod 644 "$db"
	# nobody cannot create boots.db-shm here: the reader must still work.
	run su nobody -s /bin/sh -c "'$REPORT' -d '$db' -f csv sessions"
	local listing
	listing=$(ls "$dir")
	rm -rf "$dir"
	assert_success
	[ "${#lines[@]}" = 4 ]
	[ "$listing" = "boots?#%.db" ]
}

@test "real boots: runs, summary and a regression found by compare" {
	require_tracing
	# 10 a side: with Holm over every row, 6 against 6 can never be significant
	$COLLECT -q -n 10 --ok-exit 1 -l fast -- $(synth_qemu 0xf5:1 delay:1 0xf5:5 0xf4:6) || true
	$COLLECT -q -n 10 --ok-exit 1 -l slow -- $(synth_qemu 0xf5:1 delay:8 0xf5:5 0xf4:6) || true
	$COLLECT -q -n 2 -T 1 --ok-exit 1 -l hang -- $(synth_qemu 0xf5:1 hang) || true
	run "$REPORT" -f csv runs --label fast
	assert_success
	[ "${#lines[@]}" = 11 ]
	[ "${lines[0]}" = "run,session,boot,status,uuid,batch,cpu_ns,max_rss_kb,vmm_init_end_ns,fw_start_ns,fw_do_boot_ns,linux_start_kernel_ns,vmm_exit_ns,detail" ]
	# Real boots: the VMM's CPU time and peak RSS, as the kernel accounted them.
	[ "$(cut -d, -f7,8 <<< "${lines[1]}" | awk -F, '$1 > 0 && $2 > 1000 { print "measured" }')" = measured ]
	run "$REPORT" -f csv runs --label hang --status all
	[ "$(cut -d, -f4 <<< "$output" | tail -n +2 | sort -u)" = timeout ]
	run "$REPORT" -f json summary --by label
	[ "$(jq -c '[.rows[] | select(.name == "fw_start..fw_do_boot") | [.group, .n]]' <<< "$output")" = '[["fast",10],["slow",10]]' ]
	run "$REPORT" compare label:fast label:slow
	assert_failure 1
	assert_output --regexp "fw_start\.\.fw_do_boot +regressed "
	# The slow guest busy-waits longer: its VMM's CPU time grew too.
	assert_output --regexp "vmm cpu +regressed "
	assert_output --partial "verdict: REGRESSED: "
	# the same boots on both sides: never a regression (pass, or inconclusive
	# where this host's noise keeps the CI from lying inside +-5%)
	run "$REPORT" compare label:fast label:fast
	[ "$status" = 0 ] || [ "$status" = 3 ]
	refute_line --regexp '^[a-z_.]+ +regressed '
}

# Copies DB to COPY with its boots renumbered in ORDER (SQL over runs),
# their ids FACTOR apart (points and console lines follow their boots).
runs_renumbered() {
	local db=$1 copy=$2 order=$3 factor=$4
	rm -f "$copy"
	sqlite3 "$db" ".backup '$copy'"
	sqlite3 "$copy" "CREATE TEMP TABLE map AS
			 SELECT id AS old, row_number() OVER (ORDER BY $order) * $factor AS new FROM runs;
		UPDATE runs SET id = -(SELECT new FROM map WHERE old = runs.id);
		UPDATE runs SET id = -id;
		UPDATE points SET run_id = -(SELECT new FROM map WHERE old = points.run_id);
		UPDATE points SET run_id = -run_id;
		UPDATE console_lines SET run_id = -(SELECT new FROM map WHERE old = console_lines.run_id);
		UPDATE console_lines SET run_id = -run_id;"
}

@test "summary shown group by group: the output of the whole history read at once" {
	require_tracing
	# Sessions with other milestones each (the third has a custom point),
	# labels and tags across sessions, and one with no ok boot.
	$COLLECT -q -n 3 --ok-exit 1 -l fast -t commit=aaa -- $(synth_qemu 0xf5:1 delay:1 0xf5:5 0xf4:6) || true
	$COLLECT -q -n 3 --ok-exit 1 -l slow -t commit=bbb -- $(synth_qemu 0xf5:1 delay:3 0xf5:5 0xf4:6 0xf4:7) || true
	$COLLECT -q -n 3 --ok-exit 1 -l fast -t commit=bbb -- $(synth_qemu 0xf5:1 delay:2 0xf4:9 0xf5:5 0xf4:6) || true
	$COLLECT -q -n 1 -T 1 --ok-exit 1 -l hang -- $(synth_qemu 0xf5:1 hang) || true
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" = 9 ]
	local dense=$BATS_TEST_TMPDIR/dense.db sparse=$BATS_TEST_TMPDIR/sparse.db order args
	# Run ids 70,001 apart put every boot in a window of its own (16,384
	# ids), and the groups are shown as their boots are all read; ids 1
	# apart are one window: the whole history at once, as summary read it
	# before. In the order of sessions, and with the sessions' boots
	# interleaved, so that the first session's boots are read last.
	for order in "id" "seq, session_id"; do
		runs_renumbered "$DB" "$dense" "$order" 1
		runs_renumbered "$DB" "$sparse" "$order" 70001
		for args in "summary" "summary --by session" "summary --by label" \
			    "summary --by tag:commit" "summary --by session --status all" \
			    "-f csv summary --by session" "-f json summary --by label"; do
			"$REPORT" -d "$dense" $args > "$BATS_TEST_TMPDIR/dense.out"
			"$REPORT" -d "$sparse" $args > "$BATS_TEST_TMPDIR/sparse.out"
			diff -u "$BATS_TEST_TMPDIR/dense.out" "$BATS_TEST_TMPDIR/sparse.out" ||
				{ echo "differs: $order, $args"; return 1; }
		done
	done
	run "$REPORT" -d "$sparse" summary --by session
	assert_success
	[ "$(grep -c "boots: milestones (time since the VMM's exec)" <<< "$output")" = 3 ]
	assert_line --regexp '^point 9 +3 '
}

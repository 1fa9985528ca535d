#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Spans, stages and phases on databases made with sqlite3 from the schema
# alone: exact numbers, no VMM needed.

load helpers

# Session ID (label LABEL) with boots of the given milestone:ms lists; the
# first boot of a list marked "!STATUS" has that status.
session_sql() {
	local id=$1 label=$2 run point seq t name status
	shift 2
	echo "INSERT INTO sessions (id, uuid, started_at, host, host_kernel, kvmboot_version, label,
	  vmm_command, vmm_binary, vmm_user, point_table, trace_clock, runs_requested, warmup, timeout_ns)
	  VALUES ($id, 'uuid-$id', '2026-11-0${id}T10:00:00.000Z', 'h', 'k', '0.1.0', '$label', 'q', '/q',
	  'root', 'qboot', 'mono', 1, 0, 1);"
	for run in "$@"; do
		status=ok
		[[ $run == !* ]] && { status=${run%% *}; status=${status#!}; run=${run#* }; }
		seq=$((seq + 1))
		echo "INSERT INTO runs (id, uuid, session_id, seq, status, started_at, wall_ns)
		  VALUES ($id$seq, 'r$id-$seq', $id, $seq, '$status', '2026-11-01T10:00:00.000Z', 1);"
		point=0
		for p in $run; do
			name=${p%:*} t=${p##*:} point=$((point + 1))
			echo "INSERT OR IGNORE INTO milestones (name, ord) VALUES ('$name', 500 + length('$name'));
			  INSERT INTO points (run_id, seq, milestone_id, source, time_ns)
			  SELECT $id$seq, $point, id, 'pio', $t * 1000000 FROM milestones WHERE name = '$name';"
		done
	done
}

setup() {
	common_setup
}

make_db() {
	"$ROOT/tests/fixtures/make-db" "$DB" <(cat)
}

@test "run_phases and summary agree where a pair of milestones occurs twice in a boot" {
	# fw_start..fw_do_boot twice in each boot: 10 then 30 ms, 20 then 50 ms
	session_sql 1 a "vmm_exec:0 vmm_init_end:5 fw_start:6 fw_do_boot:16 fw_start:17 fw_do_boot:47 vmm_exit:50" \
		"vmm_exec:0 vmm_init_end:5 fw_start:6 fw_do_boot:26 fw_start:27 fw_do_boot:77 vmm_exit:80" | make_db
	[ "$(sql "SELECT count(*), sum(duration_ns) FROM run_phases WHERE phase = 'fw_start..fw_do_boot'")" = "2|30000000" ]
	run "$REPORT" -f csv summary
	assert_success
	assert_line "all,phase,fw_start..fw_do_boot,2,0,15000000,15000000,7071068,10000000,20000000,20000000,20000000"
	# the pair back the other way is a phase of its own, once a boot
	[ "$(sql "SELECT count(*) FROM run_phases WHERE phase = 'fw_do_boot..fw_start'")" = 2 ]
}

@test "spans: any two milestones, in summary, show, compare and plot; --phase names --span" {
	session_sql 1 a "vmm_exec:0 vmm_init_end:5 fw_start:6 fw_do_boot:16 linux_start_kernel:40 linux_start_user:60 vmm_exit:61" | make_db
	run "$REPORT" -f csv summary --span fw_start..linux_start_user --span 'linux_start_user|vmm_exit..vmm_exit'
	assert_success
	assert_line --regexp '^all,span,fw_start\.\.linux_start_user,1,0,54000000,54000000,,54000000,'
	assert_line --regexp '^all,span,linux_start_user\|vmm_exit\.\.vmm_exit,1,0,1000000,'
	assert_line --regexp '^all,stage,kernel,1,0,20000000,'
	run "$REPORT" show 11 --span fw_start..linux_start_user
	assert_line --regexp '^span fw_start\.\.linux_start_user +- +54\.000$'
	assert_line --regexp '^stage firmware +- +11\.000$'
	run "$REPORT" -f json compare session:1 session:1 --span fw_start..linux_start_user
	assert_failure 3
	[ "$(jq -r '[.rows[] | .kind + " " + .name] | join(",")' <<< "$output")" = "span fw_start..linux_start_user" ]
	command -v gnuplot >/dev/null || skip "needs gnuplot"
	run "$REPORT" plot trend --span fw_start..linux_start_user -o "$BATS_TEST_TMPDIR/t.svg" --script
	assert_success
	grep -q "fw_start..linux_start_user" "$BATS_TEST_TMPDIR/t.gp"
	grep -q "^0 54.000000 " "$BATS_TEST_TMPDIR/t.gp"
}

@test "stages: the same history with more milestones (uprobes, console, custom points) keeps every stage" {
	local plain="vmm_exec:0 vmm_init_end:30 fw_start:40 fw_do_boot:500 linux_start_kernel:900 linux_start_user:1500 vmm_exit:2000"
	local more="vmm_exec:0 fn:main:5 vmm_init_end:30 fw_start:40 seabios_booting:450 fw_do_boot:500 point_9:600 linux_version:880 linux_start_kernel:900 linux_start_user:1500 linux_run_init:1510 vmm_exit:2000"
	{ session_sql 1 plain "$plain" "$plain"; session_sql 2 more "$more" "$more"; } | make_db
	run "$REPORT" -f csv summary --by label
	assert_success
	local a b
	a=$(grep '^plain,stage,' <<< "$output" | cut -d, -f3-)
	b=$(grep '^more,stage,' <<< "$output" | cut -d, -f3-)
	[ -n "$a" ] && [ "$a" = "$b" ]
	[ "$(grep -c '^plain,stage,' <<< "$output")" = 6 ]
	run "$REPORT" time --label more
	assert_output "Boot: 30.0 ms (vmm) + 470.0 ms (firmware) + 400.0 ms (loader) + 600.0 ms (kernel) + 500.0 ms (userspace) = 2.00 s (medians of 2 boots)"
}

@test "compare: failed candidate boots fail it, as in gate" {
	local b="vmm_exec:0 vmm_init_end:5 fw_start:6 vmm_exit:20"
	{ session_sql 1 base "$b" "$b" "$b" "$b" "$b" "$b"
	  session_sql 2 cand "$b" "$b" "$b" "$b" "$b" "$b" "!timeout $b" "!timeout $b"; } | make_db
	run "$REPORT" compare session:1 session:2
	assert_failure 1
	assert_output --partial "not ok: 2 of 8 candidate boots (base: 0 of 6): more often than the base, the comparison fails"
	run "$REPORT" compare session:2 session:1
	refute_output --partial "not ok:"
}

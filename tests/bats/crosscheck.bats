#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot's numbers against an independent reading of the same boots: perf
# record (clock mono, as kvmboot's instance) runs around kvmboot-collect,
# and tests/tools/perf-milestones reads its events with no kvmboot code.
# The two timestamp each event separately, a few microseconds apart here.

load helpers

TOLERANCE_NS=100000	# 0.1 ms: seen under 5 us; a decoding error is milliseconds

setup() {
	require_tracing
	common_setup
}

teardown() {
	kill_test_vmms
	sanitizer_check
}

@test "live milestones agree with perf record of the same boots" {
	command -v perf >/dev/null || skip "needs perf (Debian package linux-perf)"
	local T=$BATS_TEST_TMPDIR bad
	perf record -q -k mono -a -o "$T/perf.data" \
		-e sched:sched_process_exec -e sched:sched_process_exit \
		-e kvm:kvm_pio --filter 'port == 244 || port == 245' \
		-e syscalls:sys_enter_ioctl --filter 'cmd == 44672' -- \
		$COLLECT -q -n 3 --ok-exit 1 -- $(synth_qemu 0xf5:1 delay:10 0xf4:6 0xf4:9 0xf4:6 0xf4:7 exit:0)
	perf script -i "$T/perf.data" --ns -F pid,tid,time,event,trace 2>/dev/null |
		"$ROOT/tests/tools/perf-milestones" > "$T/perf.txt"
	sql "SELECT CASE WHEN source = 'pio' THEN 'pio:' || port || ':' || value ELSE name END
	     || '|' || time_ns FROM run_points
	     WHERE name IN ('vmm_init_end', 'vmm_exit') OR source = 'pio' ORDER BY run_id, seq" > "$T/kvmboot.txt"
	[ "$(wc -l < "$T/kvmboot.txt")" = 21 ]	# 3 boots: init end, 5 writes, exit
	[ "$(wc -l < "$T/perf.txt")" = 21 ]
	bad=$(paste -d'|' "$T/kvmboot.txt" "$T/perf.txt" | awk -F'|' -v tol="$TOLERANCE_NS" '
		{ d = $2 - $4; if (d < 0) d = -d }
		$1 != $3 || d > tol { print NR ": kvmboot " $1 " " $2 ", perf " $3 " " $4 }')
	[ -z "$bad" ] || { echo "$bad"; return 1; }
}

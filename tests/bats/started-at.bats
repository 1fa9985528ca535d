#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --started-at TIME: sessions and boots dated in the past, for imports of
# old recordings and for live collection (a backfilled nightly history).

load helpers

setup() {
	common_setup
	T=$BATS_TEST_TMPDIR
}

teardown() {
	kill_test_vmms
	sanitizer_check
}

# A VMM of pid $1 exec'd at $2 s (trace clock) that writes fw_start and exits.
vmm_lines() {
	printf ' qemu-system-x86 %d [000] %s: sched:sched_process_exec: filename=/usr/bin/qemu-system-x86_64 pid=%d old_pid=%d\n' "$1" "$2" "$1" "$1"
	printf ' qemu-system-x86 %d [000] %s: kvm:kvm_pio: pio_write at 0xf5 size 1 count 1 val 0x1 \n' "$1" "$3"
	printf ' qemu-system-x86 %d [000] %s: sched:sched_process_exit: comm=qemu-system-x86 pid=%d prio=120\n' "$1" "$4" "$1"
}

@test "--import --started-at: the session at TIME, each boot at TIME plus its offset in the trace" {
	{
		vmm_lines 100 100.000000000 100.100000000 100.200000000
		vmm_lines 200 3700.500000000 3700.600000000 3700.700000000	# an hour later
		vmm_lines 300 86500.250000000 86500.300000000 86500.400000000	# a day later
	} > "$T/nightly.txt"
	run $COLLECT --import "$T/nightly.txt" --started-at 2025-11-30T10:33:29.923Z -l old
	assert_success
	[ "$(sql "SELECT started_at FROM sessions")" = 2025-11-30T10:33:29.923Z ]
	[ "$(sql "SELECT group_concat(started_at, ' ') FROM (SELECT started_at FROM runs ORDER BY seq)")" = \
	  "2025-11-30T10:33:29.923Z 2025-11-30T11:33:30.423Z 2025-12-01T10:33:30.173Z" ]
	# Without it: the time of the import, for the session and every boot.
	$COLLECT -q --import "$T/nightly.txt" -l now
	[ "$(sql "SELECT count(*) FROM sessions WHERE label = 'now' AND started_at > '2026-01-01'")" = 1 ]
	# Plain dates are UTC midnight; stap's times start at each exec: every boot at TIME.
	$COLLECT -q --import-stap "$ROOT/tests/fixtures/stap-output.txt" --started-at 2024-02-29 -l stap
	[ "$(sql "SELECT group_concat(r.started_at, ' ') FROM runs r JOIN sessions s ON s.id = r.session_id WHERE s.label = 'stap'")" = \
	  "2024-02-29T00:00:00.000Z 2024-02-29T00:00:00.000Z" ]
	[ "$(sql "SELECT started_at FROM sessions WHERE label = 'stap'")" = 2024-02-29T00:00:00.000Z ]
}

@test "collection --started-at: the session at TIME, each boot at TIME plus its real offset" {
	require_tracing
	run $COLLECT --started-at 2026-10-01T02:00:00Z -n 3 --ok-exit 1 -- $(synth_qemu 0xf5:1 0xf4:6)
	assert_success
	[ "$(sql "SELECT started_at FROM sessions")" = 2026-10-01T02:00:00.000Z ]
	[ "$(sql "SELECT count(*) FROM runs WHERE started_at >= '2026-10-01T02:00:00.000Z' AND started_at < '2026-10-01T02:01:00.000Z'")" = 3 ]
	[ "$(sql "SELECT group_concat(seq) FROM (SELECT seq FROM runs ORDER BY started_at, seq)")" = 1,2,3 ]
	# Real offsets: the next boot starts no earlier than the last one's launch to reap.
	[ "$(sql "SELECT count(*) FROM runs a JOIN runs b ON b.seq = a.seq + 1
		  WHERE (julianday(b.started_at) - julianday(a.started_at)) * 86400000 >= a.wall_ns / 1000000 - 1")" = 2 ]
}

@test "--watch --started-at: each watched boot at TIME plus its offset since the watch began" {
	require_tracing
	local args i
	args=$(synth_qemu 0xf5:1 0xf4:6)
	$COLLECT --watch --comm qemu-system-x86_64 -n 2 --duration 60 --started-at 2026-10-02T02:00Z \
		3>&- > "$T/watch.out" 2>&1 &
	local watcher=$! status=0
	for ((i = 0; i < 300; i++)); do
		grep -q '^kvmboot-collect: watching for ' "$T/watch.out" && break
		sleep 0.1
	done
	$args 3>&- 2>/dev/null || true
	$args 3>&- 2>/dev/null || true
	wait $watcher || status=$?
	[ "$status" = 0 ] || { cat "$T/watch.out"; false; }
	[ "$(sql "SELECT started_at FROM sessions")" = 2026-10-02T02:00:00.000Z ]
	[ "$(sql "SELECT count(*) FROM runs WHERE started_at > '2026-10-02T02:00:00.000Z' AND started_at < '2026-10-02T02:01:00.000Z'")" = 2 ]
	[ "$(sql "SELECT group_concat(seq) FROM (SELECT seq FROM runs ORDER BY started_at, seq)")" = 1,2 ]
}

@test "--started-at: a bad or a future time is a usage error, nothing stored" {
	run $COLLECT --import x.txt --started-at 2026-02-30
	assert_failure 2
	assert_output "kvmboot-collect: --started-at: '2026-02-30' is not a UTC time such as 2026-11-30, 2026-11-30T10:33 or 2026-11-30T10:33:29.923Z"
	run $COLLECT --started-at 2026-11-30T10:33+01:00 -- true
	assert_failure 2
	assert_output --partial "'2026-11-30T10:33+01:00' is not a UTC time"
	local future
	future=$(date -u -d '+2 days' +%Y-%m-%d)
	run $COLLECT --started-at "$future" -- true
	assert_failure 2
	assert_output --regexp "^kvmboot-collect: --started-at: '$future' is in the future \(now is [0-9T:.-]+Z\): give the time the recording was made$"
	[ ! -e "$DB" ]
}

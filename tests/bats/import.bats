#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --import: traces recorded here of real boots of the synthetic guest, by
# perf record, and by trace-cmd (extract and report; trace-cmd record
# itself is refused in this sandbox: it cannot write ftrace_enabled);
# --import-stap and the SystemTap scripts.

load helpers

EVENTS=(sched:sched_process_exec sched:sched_process_exit sched:sched_process_fork kvm:kvm_entry)
SEQ=(0xf5:1 0xf5:5 0xf4:9 0xf4:6 0xf4:7)
EXPECTED="vmm_exec vmm_init_end fw_start fw_do_boot initrd_done linux_start_kernel linux_start_user vmm_exit"

setup() {
	common_setup
	T=$BATS_TEST_TMPDIR
}

teardown() {
	kill_test_vmms
	[ -z "${INSTANCE:-}" ] || rmdir "$TRACEFS/instances/$INSTANCE" 2>/dev/null || true
	sanitizer_check
}

# perf record of one boot (all CPUs, so that the VMM's threads are in it).
perf_record() {
	command -v perf >/dev/null || skip "needs perf (Debian package linux-perf)"
	local args=() e
	for e in "${EVENTS[@]}" "$@"; do args+=(-e "$e"); done
	perf record -q -o "$T/perf.data" "${args[@]}" -e kvm:kvm_pio --filter 'port == 244 || port == 245' \
		-e syscalls:sys_enter_ioctl --filter 'cmd == 44672' -a -- $(synth_qemu "${SEQ[@]}") \
		3>&- >/dev/null 2>&1 || true
	[ -s "$T/perf.data" ]
}

# A boot recorded in a tracefs instance of the test's own; prints its name.
instance_record() {
	INSTANCE=kvmboot-test-$$
	local d=$TRACEFS/instances/$INSTANCE e
	mkdir "$d"
	echo mono > "$d/trace_clock"
	for e in sched/sched_process_exec sched/sched_process_exit sched/sched_process_fork \
		 kvm/kvm_entry kvm/kvm_pio syscalls/sys_enter_ioctl; do
		echo 1 > "$d/events/$e/enable"
	done
	echo 'port == 244 || port == 245' > "$d/events/kvm/kvm_pio/filter"
	echo 'cmd == 44672' > "$d/events/syscalls/sys_enter_ioctl/filter"
	$(synth_qemu "${SEQ[@]}") 3>&- >/dev/null 2>&1 || true
	echo 0 > "$d/tracing_on"
}

@test "perf script, default fields: one boot, decoded as live" {
	require_tracing
	perf_record
	perf script -i "$T/perf.data" > "$T/perf.txt" 2>/dev/null
	run $COLLECT --import "$T/perf.txt" -l imported -t from=perf -p 0xf4:9=initrd_done
	assert_success
	[ "$(run_points 1)" = "$EXPECTED" ]
	[ "$(sql "SELECT label, vmm_command FROM sessions")" = "imported|(import) $T/perf.txt" ]
	[ "$(sql "SELECT vmm_binary FROM sessions")" = "$(readlink -f "$(command -v qemu-system-x86_64)")" ] ||
		[ "$(sql "SELECT vmm_binary FROM sessions")" = "/usr/bin/qemu-system-x86_64" ]
	[ "$(sql "SELECT DISTINCT source FROM run_points WHERE name = 'vmm_init_end'")" = kvm_run_ioctl ]
	[ "$(sql "SELECT count(*) FROM run_phases WHERE duration_ns < 0")" = 0 ]
}

@test "perf script -F comm,pid,tid,..., with and without --ns, gives the same boot" {
	require_tracing
	perf_record
	perf script -i "$T/perf.data" > "$T/us.txt" 2>/dev/null
	perf script -i "$T/perf.data" -F comm,pid,tid,cpu,time,event,trace --ns > "$T/ns.txt" 2>/dev/null
	perf script -i "$T/perf.data" -F comm,pid,tid,cpu,time,event,trace > "$T/fields.txt" 2>/dev/null
	$COLLECT -q --import "$T/us.txt" -l us -p 0xf4:9=initrd_done
	$COLLECT -q --import "$T/ns.txt" -l ns -p 0xf4:9=initrd_done
	$COLLECT -q --import "$T/fields.txt" -l fields -p 0xf4:9=initrd_done
	[ "$(run_points 2)" = "$EXPECTED" ]
	[ "$(run_points 3)" = "$EXPECTED" ]
	# ns against us: the same to the microsecond; fields against default: identical.
	[ "$(sql "SELECT max(abs(a.time_ns - b.time_ns)) < 1000 FROM run_points a JOIN run_points b ON b.run_id = 2 AND b.seq = a.seq WHERE a.run_id = 1")" = 1 ]
	[ "$(sql "SELECT count(*) FROM run_points WHERE run_id = 2 AND time_ns % 1000 != 0")" -gt 0 ]
	[ "$(sql "SELECT count(*) FROM run_points a JOIN run_points b ON b.run_id = 3 AND b.seq = a.seq AND b.time_ns = a.time_ns WHERE a.run_id = 1")" = "$(sql "SELECT count(*) FROM run_points WHERE run_id = 1")" ]
}

@test "without fork events or pids, vCPU threads are tied by name, with a warning" {
	require_tracing
	EVENTS=(sched:sched_process_exec sched:sched_process_exit kvm:kvm_entry)
	perf_record
	perf script -i "$T/perf.data" > "$T/nofork.txt" 2>/dev/null
	run $COLLECT --import "$T/nofork.txt" -p 0xf4:9=initrd_done
	assert_success
	assert_output --partial "warning: "
	assert_output --partial "events tied to a process by its name only"
	[ "$(run_points 1)" = "$EXPECTED" ]
}

@test "trace-cmd report (extract of an instance) and a tracefs trace file" {
	require_tracing
	command -v trace-cmd >/dev/null || skip "needs trace-cmd"
	instance_record
	cp "$TRACEFS/instances/$INSTANCE/trace" "$T/trace.txt"
	trace-cmd extract -B "$INSTANCE" -o "$T/trace.dat" >/dev/null 2>&1
	trace-cmd report -i "$T/trace.dat" > "$T/report.txt" 2>/dev/null
	grep -q "^$INSTANCE: " "$T/report.txt"	# an instance's lines carry its name
	run $COLLECT --import "$T/report.txt" -p 0xf4:9=initrd_done
	assert_success
	[ "$(run_points 1)" = "$EXPECTED" ]
	run $COLLECT --import "$T/trace.txt" -p 0xf4:9=initrd_done
	assert_success
	[ "$(run_points 2)" = "$EXPECTED" ]
	[ "$(sql "SELECT a.time_ns = b.time_ns FROM run_points a JOIN run_points b ON b.run_id = 2 AND b.seq = a.seq WHERE a.run_id = 1 AND a.name = 'linux_start_kernel'")" = 1 ]
}

@test "two VMMs in one trace are two boots; --table applies" {
	require_tracing
	command -v perf >/dev/null || skip "needs perf (Debian package linux-perf)"
	local cmd
	cmd=$(synth_qemu 0xf5:1 0xf5:4 0xf4:5)
	perf record -q -o "$T/two.data" -e sched:sched_process_exec -e sched:sched_process_exit \
		-e sched:sched_process_fork -e kvm:kvm_pio --filter 'port == 244 || port == 245' \
		-e syscalls:sys_enter_ioctl --filter 'cmd == 44672' -a -- sh -c "$cmd; $cmd" \
		3>&- >/dev/null 2>&1 || true
	perf script -i "$T/two.data" > "$T/two.txt" 2>/dev/null
	run $COLLECT --import "$T/two.txt" --table qboot-2019
	assert_success
	[ "$(sql 'SELECT count(*) FROM runs')" = 2 ]
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start fw_do_boot linux_start_kernel vmm_exit" ]
	[ "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM run_points WHERE run_id = 2 ORDER BY seq)")" = "vmm_exec vmm_init_end fw_start fw_do_boot linux_start_kernel vmm_exit" ]
}

@test "a malformed line: its number, exit 2, nothing stored; no VMM: exit 2" {
	require_tracing
	$COLLECT -q -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1)
	local before
	before=$(sqlite3 "$DB" "SELECT count(*) FROM runs; SELECT count(*) FROM sessions")
	printf '%s\n' " qemu-system-x86 27203 [001]  4640.661379: sched:sched_process_exec: filename=/usr/bin/qemu pid=27203 old_pid=27203" \
		" qemu-system-x86 27203 [001]  4640.701379: kvm:kvm_pio: pio_write at 0xf5 size 1 count 1 val 0x1 " \
		"this is not a trace line" > "$T/bad.txt"
	run $COLLECT --import "$T/bad.txt"
	assert_failure 2
	assert_output "kvmboot-collect: $T/bad.txt:3: cannot read this line: 'this is not a trace line'"
	printf '%s\n' "       bash 1 [000]  1.000000: sched:sched_process_exec: filename=/bin/bash pid=1 old_pid=1" > "$T/novmm.txt"
	run $COLLECT --import "$T/novmm.txt"
	assert_failure 2
	assert_output --partial "no VMM in '$T/novmm.txt'"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM runs; SELECT count(*) FROM sessions")" = "$before" ]
	run $COLLECT --import "$T/none.txt"
	assert_failure 2
	assert_output "kvmboot-collect: cannot read '$T/none.txt': No such file or directory"
	run $COLLECT --import "$T"
	assert_failure 2
	assert_output "kvmboot-collect: cannot read '$T': Is a directory"
	run $COLLECT --import "$T/bad.txt" -- qemu-system-x86_64
	assert_failure 2
	assert_output "kvmboot-collect: --import reads a trace: give no VMM command"
}

# Issue 9: a port 0x100f4 was read as 0xf4, a time past 2^64 ns or a pid
# past 2^32 wrapped, a negative stap time was stored, trailing text accepted.
@test "a number out of range or trailing text: file:line, what is wrong, the line; nothing stored" {
	$COLLECT -q --import-stap "$ROOT/tests/fixtures/stap-output.txt" -l before
	local before exec long
	before=$(sqlite3 "$DB" "SELECT count(*) FROM runs; SELECT count(*) FROM sessions")
	exec=" qemu-system-x86 27203 [001]  4640.661379: sched:sched_process_exec: filename=/usr/bin/qemu pid=27203 old_pid=27203"
	printf '%s\n' "$exec" " qemu-system-x86 27203 [001]  4640.701379: kvm:kvm_pio: pio_write at 0x100f4 size 1 count 1 val 0x1 " > "$T/port.txt"
	run $COLLECT --import "$T/port.txt"
	assert_failure 2
	assert_output "kvmboot-collect: $T/port.txt:2: port '0x100f4' is past 0xffff: ' qemu-system-x86 27203 [001]  4640.701379: kvm:kvm_pio: pio_write at 0x100f4 size 1 count 1 val 0x1 '"
	printf '%s\n' "$exec" " qemu-system-x86 27203 [001] 18446744074.000000: kvm:kvm_entry: vcpu 0" > "$T/time.txt"
	run $COLLECT --import "$T/time.txt"
	assert_failure 2
	assert_output "kvmboot-collect: $T/time.txt:2: time '18446744074.000000' is past 2^64 ns: ' qemu-system-x86 27203 [001] 18446744074.000000: kvm:kvm_entry: vcpu 0'"
	printf '%s\n' "$exec" " qemu-system-x86 4294967297 [001]  4640.701379: kvm:kvm_entry: vcpu 0" > "$T/pid.txt"
	run $COLLECT --import "$T/pid.txt"
	assert_failure 2
	assert_output --partial "pid.txt:2: tid '4294967297' is past 4194304: '"
	printf 'kvmboot-stap 1 0 exec /x\nkvmboot-stap 1 -5 kvm_entry\n' > "$T/neg.txt"
	run $COLLECT --import-stap "$T/neg.txt"
	assert_failure 2
	assert_output "kvmboot-collect: $T/neg.txt:2: time '-5' is negative: 'kvmboot-stap 1 -5 kvm_entry'"
	printf 'kvmboot-stap 1 0 exec /x\nkvmboot-stap 1 5 pio 0xf4 0x6 junk\n' > "$T/junk.txt"
	run $COLLECT --import-stap "$T/junk.txt"
	assert_failure 2
	assert_output "kvmboot-collect: $T/junk.txt:2: trailing 'junk' after the event's fields: 'kvmboot-stap 1 5 pio 0xf4 0x6 junk'"
	# A long line is quoted cut, with "..."
	long=" qemu-system-x86 27203 [001]  4640.701379: kvm:kvm_pio: pio_write at 0xf4 size 1 count 1 val 0x1 $(printf 'x%.0s' {1..300})"
	printf '%s\n' "$exec" "$long" > "$T/long.txt"
	run $COLLECT --import "$T/long.txt"
	assert_failure 2
	assert_output "kvmboot-collect: $T/long.txt:2: trailing 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' after the event's fields: '${long:0:100}...'"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM runs; SELECT count(*) FROM sessions")" = "$before" ]
}

@test "--import-stap: the script's line format gives the expected boots" {
	run $COLLECT --import-stap "$ROOT/tests/fixtures/stap-output.txt" --table qboot,probe404 -l stap
	assert_success
	[ "$(sql 'SELECT count(*) FROM runs')" = 2 ]
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start probe 3 linux_start_kernel linux_start_user vmm_exit" ]
	[ "$(sql "SELECT group_concat(time_ns, ' ') FROM (SELECT time_ns FROM run_points WHERE run_id = 1 ORDER BY seq)")" = "0 41234567 45000000 45100000 45200000 45300000 46000000" ]
	[ "$(sql "SELECT DISTINCT source FROM run_points WHERE name = 'vmm_init_end'")" = kvm_entry ]
	[ "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM run_points WHERE run_id = 2 ORDER BY seq)")" = "vmm_exec vmm_init_end fw_start linux_start_kernel linux_start_user vmm_exit" ]
	printf 'kvmboot-stap 1 0 exec /x\nkvmboot-stap 1 5 pio 0xf4\n' > "$BATS_TEST_TMPDIR/bad.txt"
	run $COLLECT --import-stap "$BATS_TEST_TMPDIR/bad.txt"
	assert_failure 2
	assert_output "kvmboot-collect: $BATS_TEST_TMPDIR/bad.txt:2: the value is missing: 'kvmboot-stap 1 5 pio 0xf4'"
}

# How far process PID has read FILE (its offset there), or nothing.
read_offset() {
	local fd
	for fd in /proc/$1/fd/*; do
		if [ "$(readlink "$fd")" = "$2" ]; then
			awk '/^pos:/ { print $2 }' "/proc/$1/fdinfo/${fd##*/}" 2>/dev/null
			return
		fi
	done
}

# Issue 9: SIGINT during a long --import was swallowed (it ran on, exit 0).
@test "SIGINT during a long --import: exit 130, nothing of it stored" {
	$COLLECT -q --import-stap "$ROOT/tests/fixtures/stap-output.txt" -l before
	"$ROOT/bench/import-speed" --generate 1000000 > "$T/big.txt"
	$COLLECT --import "$T/big.txt" -l interrupted 3>&- > "$T/out.txt" 2>&1 &
	local pid=$! i offset=0
	for ((i = 0; i < 500; i++)); do	# until it has read some of the file
		offset=$(read_offset $pid "$T/big.txt")
		[ "${offset:-0}" -gt 0 ] && break
		sleep 0.01
	done
	[ "${offset:-0}" -gt 0 ]
	kill -INT $pid
	local status=0
	wait $pid || status=$?
	[ "$status" = 130 ]
	grep -q "interrupted by signal 2 (Interrupt): nothing imported" "$T/out.txt"
	[ "$(sql "SELECT group_concat(label) FROM sessions")" = before ]
	[ "$(sql "SELECT count(*) FROM runs")" = 2 ]
	[ "$(sql "PRAGMA integrity_check")" = ok ]
}

@test "--import -: standard input, the same boots as the file" {
	"$ROOT/bench/import-speed" --generate 20000 > "$T/gen.txt"
	$COLLECT -q --import "$T/gen.txt" -l file
	$COLLECT -q --import - -l stdin < "$T/gen.txt"
	[ "$(sql "SELECT vmm_command FROM sessions WHERE label = 'stdin'")" = "(import) (standard input)" ]
	[ "$(sql "SELECT count(*) FROM runs WHERE session_id = 2")" = 4 ]
	[ "$(sql "SELECT group_concat(r.seq || ':' || m.name || '@' || p.time_ns, ' ') FROM points p JOIN runs r ON r.id = p.run_id JOIN milestones m ON m.id = p.milestone_id WHERE r.session_id = 1 ORDER BY r.seq, p.seq")" = \
	   "$(sql "SELECT group_concat(r.seq || ':' || m.name || '@' || p.time_ns, ' ') FROM points p JOIN runs r ON r.id = p.run_id JOIN milestones m ON m.id = p.milestone_id WHERE r.session_id = 2 ORDER BY r.seq, p.seq")" ]
	printf 'kvmboot-stap 1 0 exec /x\nkvmboot-stap 1 5 pio 0xf4 0x6\n' | $COLLECT -q --import-stap - -l stap
	[ "$(sql "SELECT count(*) FROM runs WHERE session_id = 3")" = 1 ]
	run $COLLECT --import - <<< "garbage"
	assert_failure 2
	assert_output "kvmboot-collect: <stdin>:1: cannot read this line: 'garbage'"
}

@test "a perf.data or another binary file: what it is, and how to make text of it" {
	require_tracing
	perf_record
	run $COLLECT --import "$T/perf.data"
	assert_failure 2
	assert_output "kvmboot-collect: '$T/perf.data' is a perf.data file (binary): import its text, made with: perf script -F comm,pid,tid,cpu,time,event,trace --ns -i $T/perf.data > boots.txt"
	run $COLLECT --import - < "$T/perf.data"
	assert_failure 2
	assert_output --partial "'<stdin>' is a perf.data file (binary): import its text, made with: perf script -F comm,pid,tid,cpu,time,event,trace --ns -i perf.data > boots.txt"
	run $COLLECT --import "$COLLECT"
	assert_failure 2
	assert_output "kvmboot-collect: '$COLLECT' is a binary file, not a text trace: give perf script or trace-cmd report output, a tracefs trace file or a trace.dat"
	[ ! -e "$DB" ]
}

# Boots recorded into a tracefs instance of the test's own, extracted to
# trace.dat (trace-cmd record cannot write ftrace_enabled here).
tracedat_record() {
	command -v trace-cmd >/dev/null || skip "needs trace-cmd"
	instance_record
	instance_record_again
	trace-cmd extract -B "$INSTANCE" -o "$T/trace.dat" >/dev/null 2>&1
	[ -s "$T/trace.dat" ]
}

# One more boot into the instance of instance_record.
instance_record_again() {
	echo 1 > "$TRACEFS/instances/$INSTANCE/tracing_on"
	$(synth_qemu "${SEQ[@]}") 3>&- >/dev/null 2>&1 || true
	echo 0 > "$TRACEFS/instances/$INSTANCE/tracing_on"
}

# Every milestone of session N: boot, name, time; in order.
session_points() {
	sql "SELECT r.seq, m.name, p.source, p.time_ns FROM points p JOIN runs r ON r.id = p.run_id
	     JOIN milestones m ON m.id = p.milestone_id WHERE r.session_id = $1 ORDER BY r.seq, p.seq"
}

@test "a trace.dat is read directly: the milestones of trace-cmd report's text, to the ns" {
	require_tracing
	tracedat_record
	run $COLLECT --import "$T/trace.dat" -l dat -p 0xf4:9=initrd_done
	assert_success
	trace-cmd report -t -i "$T/trace.dat" > "$T/report.txt" 2>/dev/null	# -t: times in ns
	$COLLECT -q --import "$T/report.txt" -l text -p 0xf4:9=initrd_done
	$COLLECT -q --import - -l stdin -p 0xf4:9=initrd_done < "$T/trace.dat"
	[ "$(sql "SELECT count(*) FROM runs WHERE session_id = 1")" = 2 ]
	[ "$(run_points 1)" = "$EXPECTED" ]
	[ "$(run_points 2)" = "$EXPECTED" ]
	[ "$(session_points 1)" = "$(session_points 2)" ]
	[ "$(session_points 1)" = "$(session_points 3)" ]
	[ "$(sql "SELECT count(*) FROM run_points WHERE run_id = 1 AND time_ns % 1000 != 0")" -gt 0 ]
	[ "$(sql "SELECT vmm_binary, vmm_command FROM sessions WHERE id = 1")" = \
	   "/usr/bin/qemu-system-x86_64|(import) $T/trace.dat" ]
	run $COLLECT --import-stap "$T/trace.dat"
	assert_failure 2
	assert_output "kvmboot-collect: '$T/trace.dat' is a trace.dat of trace-cmd, not the output of kvmboot.stp: import it with --import"
	head -c 20000 "$T/trace.dat" > "$T/cut.dat"
	run $COLLECT --import "$T/cut.dat"
	assert_failure 2
	assert_output --partial "kvmboot-collect: '$T/cut.dat' is a trace.dat, but "
}

# stap's parser wants a kernel build tree; a stub one is enough to parse.
stub_build_tree() {
	mkdir -p "$BATS_TEST_TMPDIR/kbuild/include/config"
	uname -r > "$BATS_TEST_TMPDIR/kbuild/include/config/kernel.release"
	touch "$BATS_TEST_TMPDIR/kbuild/.config" "$BATS_TEST_TMPDIR/kbuild/Module.symvers" \
		"$BATS_TEST_TMPDIR/kbuild/Makefile"
}

@test "stap -p1 parses every script in stap/ (and fails on a broken one)" {
	command -v stap >/dev/null || skip "needs stap (Debian package systemtap)"
	stub_build_tree
	local s n=0
	for s in "$ROOT"/stap/*.stp; do
		run stap -p1 -r "$BATS_TEST_TMPDIR/kbuild" "$s" qemu-system-x86
		assert_success
		assert_output --partial 'probe kernel.trace("kvm:kvm_pio")'
		n=$((n + 1))
	done
	[ "$n" -ge 1 ]
	echo 'probe begin { x = }' > "$BATS_TEST_TMPDIR/broken.stp"
	run stap -p1 -r "$BATS_TEST_TMPDIR/kbuild" "$BATS_TEST_TMPDIR/broken.stp"
	assert_failure
	assert_output --partial "parse error"
}

@test "kvmboot-stap where SystemTap cannot run: why, and the tracefs way" {
	[ -e "/lib/modules/$(uname -r)/build/.config" ] && [ -e /proc/modules ] &&
		skip "SystemTap can run on this host"
	run "$ROOT/stap/kvmboot-stap" qemu-system-x86 -o "$BATS_TEST_TMPDIR/out.txt"
	assert_failure 1
	assert_line --index 0 "kvmboot-stap: SystemTap cannot run on this host:"
	assert_output --partial "kvmboot-collect records the same milestones through tracefs"
	[ ! -e "$BATS_TEST_TMPDIR/out.txt" ]
}

@test "kvmboot-stap --help says what it runs and how to import it, on any host" {
	run "$ROOT/stap/kvmboot-stap" --help
	assert_success
	assert_line --index 0 "usage: kvmboot-stap [STAP-OPTIONS] [NAME]"
	assert_output --partial "kvmboot-collect --import-stap boots.txt"
	[ -z "$("$ROOT/stap/kvmboot-stap" --help | awk 'length > 79')" ]
}

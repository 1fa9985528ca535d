#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot-collect end to end: real QEMU/KVM, real tracefs, real SQLite.

load helpers

setup() {
	require_tracing
	common_setup
}

teardown() {
	kill_test_vmms
	sanitizer_check
}

@test "N boots give N runs with the expected milestones in order" {
	run $COLLECT -n 3 --ok-exit 5 -l synth -- $(synth_qemu 0xf5:1 0xf5:5 0xf4:6 0xf4:7 exit:2)
	assert_success
	assert_output --partial "3 boots stored in '$DB'"
	assert_output --partial "linux_start_user"
	[ "$(sql 'SELECT count(*) FROM runs')" = 3 ]
	[ "$(sql 'SELECT group_concat(seq) FROM runs ORDER BY id')" = "1,2,3" ]
	for id in 1 2 3; do
		[ "$(run_points $id)" = "vmm_exec vmm_init_end fw_start fw_do_boot linux_start_kernel linux_start_user vmm_exit" ]
	done
	# Times grow along each boot, from 0 at the exec.
	[ "$(sql "SELECT count(*) FROM run_phases WHERE duration_ns < 0")" = 0 ]
	[ "$(sql "SELECT DISTINCT time_ns FROM run_points WHERE name = 'vmm_exec'")" = 0 ]
	[ "$(sql "SELECT DISTINCT status || ' ' || exit_code FROM runs")" = "ok 5" ]
	[ "$(sql "SELECT DISTINCT source FROM run_points WHERE name = 'vmm_init_end'")" = kvm_run_ioctl ]
	[ "$(sql "SELECT group_concat(port || ':' || value, ' ') FROM run_points WHERE run_id = 1 AND source = 'pio'")" = "245:1 245:5 244:6 244:7" ]
	assert_no_leftovers
}

@test "-p names a custom point; a point written twice is stored twice, in order" {
	run $COLLECT -n 1 --ok-exit 1 -p 0xf4:9=initrd_loaded -p 244:6=kernel_entry -- \
		$(synth_qemu 0xf4:9 0xf4:6 0xf4:10 0xf4:9)
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end initrd_loaded kernel_entry point 10 initrd_loaded vmm_exit" ]
	[ "$(sql "SELECT count(*) FROM milestones WHERE name IN ('initrd_loaded', 'point 10') AND ord >= 1000")" = 2 ]
}

@test "--table qboot-2019 uses the older numbering" {
	run $COLLECT -n 1 --ok-exit 1 --table qboot-2019 -- $(synth_qemu 0xf5:1 0xf5:4 0xf4:5 0xf4:6)
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start fw_do_boot linux_start_kernel linux_start_user vmm_exit" ]
	[ "$(sql 'SELECT point_table FROM sessions')" = qboot-2019 ]
}

@test "the stub bzImage boots through real SeaBIOS and the linuxboot option ROM" {
	run $COLLECT -n 1 --ok-exit 1 -- qemu-system-x86_64 -name "$MARK" -accel kvm \
		-display none -nodefaults -m 128 -kernel "$STUB_BZIMAGE" \
		-device isa-debug-exit,iobase=0x501
	assert_success
	# SeaBIOS prints its banner on 0x402 (the default console) first.
	[ "$(run_points 1)" = "vmm_exec vmm_init_end seabios_version linux_start_kernel linux_start_user vmm_exit" ]
	# SeaBIOS and the option ROM take real time before the stub runs.
	[ "$(sql "SELECT linux_start_kernel_ns - vmm_init_end_ns > 100000000 FROM run_milestones")" = 1 ]
}

@test "session and run metadata are stored: label, tags, command, VMM version, host" {
	run $COLLECT -n 2 -w 1 --ok-exit 1 -l "nightly x" -t commit=1a2b3c -t branch=main -- $(synth_qemu 0xf5:1)
	assert_success
	[ "$(sql 'SELECT label, runs_requested, warmup FROM sessions')" = "nightly x|2|1" ]
	[ "$(sql 'SELECT tags FROM session_overview')" = "branch=main commit=1a2b3c" ]
	[ "$(sql 'SELECT boots, boots_ok FROM session_overview')" = "2|2" ]
	[ "$(sql 'SELECT vmm_binary FROM sessions')" = "$(readlink -f "$(command -v qemu-system-x86_64)")" ]
	run sql 'SELECT vmm_version FROM sessions'
	assert_output --partial "QEMU emulator version"
	[ "$(sql 'SELECT host FROM sessions')" = "$(uname -n)" ]
	run sql 'SELECT vmm_command FROM sessions'
	assert_output --regexp "^qemu-system-x86_64 -name $MARK .*-fw_cfg name=opt/kvmboot/seq,file=/"
	[ "$(sql 'SELECT count(DISTINCT uuid) FROM runs')" = 2 ]
	[ "$(sql "SELECT count(*) FROM runs WHERE started_at GLOB '20[0-9][0-9]-*T*Z' AND wall_ns > 0 AND exec_mono_ns > 0")" = 2 ]
}

@test "a guest that never exits times out, is killed, and the next boot still runs" {
	run $COLLECT -n 2 -T 1 --ok-exit 1 -- $(synth_qemu 0xf5:1 hang)
	assert_failure 1
	assert_output --partial "boot 1/2: timeout, "
	assert_output --partial "boot 2/2: timeout, "
	[ "$(sql "SELECT group_concat(status || '/' || exit_signal) FROM runs")" = "timeout/9,timeout/9" ]
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start vmm_exit" ]
	assert_no_leftovers
}

@test "a VMM exit status outside --ok-exit is a failed boot, and the session goes on" {
	run $COLLECT -n 2 -- $(synth_qemu 0xf5:1 exit:2)
	assert_failure 1
	assert_output --regexp "boot 1/2: failed, [0-9.]+ ms: the VMM exited with status 5 \\(isa-debug-exit's \\(value << 1\\) \\| 1\\? --ok-exit 5 counts it as a good boot\\)"
	[ "$(sql "SELECT group_concat(status || '/' || exit_code) FROM runs")" = "failed/5,failed/5" ]
}

@test "a VMM that daemonizes: what left its group is killed, and the boot says so" {
	run $COLLECT -n 1 -T 30 --ok-exit 1 -- $(synth_qemu 0xf5:1 hang) -daemonize
	assert_failure 1
	assert_output --partial "the VMM left 1 process outside its process group, killed now"
	[ "$(sql "SELECT status FROM runs")" = failed ]
	[ "$(sql "SELECT wall_ns < 20000000000 FROM runs")" = 1 ]
	assert_no_leftovers
}

@test "a helper in a session of its own outlives a VMM that exits well: killed, and counted" {
	# The trace sees the helper forked and not exited, so the collector
	# looks for what the boot left even though the VMM itself exited well.
	local helper="sleep 4$$.$BATS_TEST_NUMBER" left
	run $COLLECT -n 2 --ok-exit 1 -- sh -c "setsid $helper & exec \"\$@\"" sh $(synth_qemu 0xf5:1 exit:0)
	left=$(pgrep -f -- "^$helper\$" || true)
	[ -z "$left" ] || kill $left	# a failed test must not leave it to hold bats
	assert_success
	[ -z "$left" ]
	[ "$(sql "SELECT group_concat(status || '|' || status_detail, ',') FROM runs")" = \
	  "ok|the VMM left 1 process outside its process group, killed now (does it daemonize? run it in the foreground),ok|the VMM left 1 process outside its process group, killed now (does it daemonize? run it in the foreground)" ]
	assert_no_leftovers
}

@test "helpers that exit before their VMM leave no zombie behind while the session goes on" {
	# Reparented to the collector when their VMM exits; the trace saw them
	# exit, so there is no search for strays, but they must be reaped.
	local zombies=$BATS_TEST_TMPDIR/zombies
	run $COLLECT -n 3 --ok-exit 1 --cleanup "ps -o stat= --ppid \$PPID | grep -c Z >> $zombies; true" \
		-- sh -c 'sleep 0.01 & exec "$@"' sh $(synth_qemu 0xf5:1 exit:0)
	assert_success
	[ "$(cat "$zombies")" = "$(printf '0\n0\n0')" ]
	[ "$(sql "SELECT group_concat(status || '|' || coalesce(status_detail, ''), ',') FROM runs")" = "ok|,ok|,ok|" ]
}

@test "helpers in the VMM's own group are killed with it and are no stray" {
	local helper="sleep 3$$.$BATS_TEST_NUMBER"
	run $COLLECT -n 1 --ok-exit 1 -- sh -c "$helper & exec \"\$@\"" sh $(synth_qemu 0xf5:1 exit:0)
	assert_success
	[ "$(sql "SELECT status || '|' || coalesce(status_detail, '') FROM runs")" = "ok|" ]
	run pgrep -f -- "^$helper\$"
	assert_failure
}

@test "a VMM that fails to start: its own message, stored as failed, no more boots" {
	run $COLLECT -n 5 -- qemu-system-x86_64 -name "$MARK" -no-such-option
	assert_failure 1
	assert_output --partial "the VMM exited with status 1: qemu-system-x86_64: -no-such-option: invalid option"
	assert_output --partial "not running the remaining boots"
	[ "$(sql "SELECT count(*), min(status) FROM runs")" = "1|failed" ]
	assert_no_leftovers
}

@test "progress: a line per boot in a CI log, a live line on a terminal, none with -q" {
	local cmd
	cmd=$(synth_qemu 0xf5:1)
	run $COLLECT -n 2 -w 1 --ok-exit 1 -- $cmd
	assert_success
	assert_line --regexp "^kvmboot-collect: warm-up boot 1/1: ok, [0-9]+\.[0-9]{3} ms$"
	assert_line --regexp "^kvmboot-collect: boot 1/2: ok, [0-9]+\.[0-9]{3} ms$"
	assert_line --regexp "^kvmboot-collect: boot 2/2: ok, [0-9]+\.[0-9]{3} ms$"
	run $COLLECT -n 2 --progress none --ok-exit 1 -- $cmd
	assert_success
	refute_output --partial "boot 1/2"
	run $COLLECT -q -n 2 --ok-exit 1 -- $cmd
	assert_success
	assert_output ""
	# A terminal (script(1) gives it one) gets the line that boots overwrite.
	run script -qec "$COLLECT -n 2 --ok-exit 1 -- $cmd" /dev/null
	assert_success
	assert_output --partial $'\r\e[Kboot 2/2: last '
	refute_output --partial "kvmboot-collect: boot 1/2"
	run $COLLECT -n 1 --progress sometimes -- $cmd
	assert_failure 2
	assert_output "kvmboot-collect: --progress: 'sometimes' is not auto, line or none"
}

@test "the end-of-session summary counts only ok boots and says so" {
	# One good boot, then one the guest fails (exit status 5).
	local seq=$BATS_TEST_TMPDIR/alt
	run $COLLECT -n 2 --ok-exit 1 -- sh -c 'if [ -e "$0" ]; then exit 7; fi; touch "$0"; exec "$@"' "$seq" $(synth_qemu 0xf5:1)
	assert_failure 1
	assert_output --partial "2 boots stored"
	assert_output --partial ", 1 ok"
	assert_output --partial "(the 1 ok boot only; see kvmboot-report runs --status all for the others)"
	assert_line --regexp "^fw_start +1 "
}

@test "-j 4: boots side by side, each boot's milestones its own" {
	local dir=$BATS_TEST_TMPDIR/storm i
	mkdir "$dir"
	# Boot number N (in start order) writes point 20+N: whose point is whose.
	for ((i = 0; i < 8; i++)); do
		"$MKSEQ" 0xf5:1 delay:2 0xf4:$((20 + i)) 0xf4:6 > "$dir/seq$i"
	done
	echo 0 > "$dir/n"
	run $COLLECT -n 8 -j 4 --ok-exit 1 -- sh -c '
		n=$(flock "$0/lock" sh -c "n=\$(cat $0/n); echo \$((n + 1)) > $0/n; echo \$n")
		exec qemu-system-x86_64 -name "$1" -accel kvm -display none -nodefaults \
			-bios "$2" -device isa-debug-exit,iobase=0x501 \
			-fw_cfg "name=opt/kvmboot/seq,file=$0/seq$n"' "$dir" "$MARK" "$SYNTH_BIOS"
	assert_success
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" = 8 ]
	# Each boot has all its milestones, once, and exactly one custom point;
	# the eight custom points are the eight guests'.
	local id
	for id in $(sql "SELECT id FROM runs"); do
		run run_points $id
		assert_output --regexp "^vmm_exec vmm_init_end fw_start point 2[0-7] linux_start_kernel vmm_exit$"
	done
	[ "$(sql "SELECT count(DISTINCT name) FROM run_points WHERE name LIKE 'point %'")" = 8 ]
	# Four at a time: two batches of four, numbered.
	[ "$(sql "SELECT group_concat(batch || ':' || n, ' ') FROM (SELECT batch, count(*) AS n FROM runs GROUP BY batch ORDER BY batch)")" = "1:4 2:4" ]
	run "$REPORT" -f csv runs
	assert_line --regexp "^[0-9]+,1,[0-9]+,ok,[^,]+,2,[0-9]+,[0-9]+,"
	assert_no_leftovers
}

@test "-j 2: boots that end at the same moment keep their own exit status" {
	# Both VMMs end while the collector is stopped: it finds them ended in
	# one wake-up, and the end of the first (its orphans reaped) must not
	# reap the second before the second's own wait reads its status.
	local dir=$BATS_TEST_TMPDIR/pair i pid
	mkdir "$dir"
	$COLLECT -q -n 2 -j 2 --ok-exit 5 -- sh -c 'echo $$ > "$0/vmm.$$"
		while ! [ -e "$0/go" ]; do sleep 0.02; done; exit 5' "$dir" 3>&- >/dev/null 2>&1 &
	local collector=$!
	for ((i = 0; i < 200; i++)); do
		[ "$(cat "$dir"/vmm.* 2>/dev/null | wc -l)" = 2 ] && break
		sleep 0.05
	done
	kill -STOP $collector
	touch "$dir/go"
	local zombies=0
	for pid in $(cat "$dir"/vmm.*); do
		for ((i = 0; i < 200; i++)); do
			[ "$(awk '{ print $3 }' /proc/$pid/stat)" = Z ] && break
			sleep 0.05
		done
		[ "$(awk '{ print $3 }' /proc/$pid/stat)" = Z ] && zombies=$((zombies + 1))
	done
	kill -CONT $collector
	[ "$zombies" = 2 ]
	local status=0
	wait $collector || status=$?
	[ "$status" = 1 ]	# not a VMM: no vCPU ran
	run sql "SELECT exit_code, status_detail FROM runs ORDER BY id"
	assert_output "5|the VMM exited with status 5 without ever running a vCPU (no KVM_RUN): is it a VMM, and does it use KVM?
5|the VMM exited with status 5 without ever running a vCPU (no KVM_RUN): is it a VMM, and does it use KVM?"
	assert_no_leftovers
}

@test "--prepare and --cleanup run around every boot, warm-ups too, untimed" {
	local log=$BATS_TEST_TMPDIR/hooks
	run $COLLECT -n 2 -w 1 --ok-exit 1 --prepare "echo prepare >> $log; sleep 0.3" \
		--cleanup "echo cleanup >> $log" -- $(synth_qemu 0xf5:1)
	assert_success
	[ "$(tr '\n' ' ' < "$log")" = "prepare cleanup prepare cleanup prepare cleanup " ]
	# The prepare's 0.3 s is not in any boot's time.
	[ "$(sql "SELECT count(*) FROM runs WHERE wall_ns < 300000000")" = 2 ]
}

@test "a failing --prepare ends the session with exit 2, the boots so far kept" {
	local count=$BATS_TEST_TMPDIR/count
	# Fails on its third run: two boots are stored before.
	run $COLLECT -n 5 --ok-exit 1 --prepare "echo >> $count; [ \$(wc -l < $count) -lt 3 ] || { echo no more disk >&2; exit 3; }" -- $(synth_qemu 0xf5:1)
	assert_failure 2
	assert_output --partial "kvmboot-collect: --prepare before boot 3/5 failed: "
	assert_output --partial "exited with status 3: no more disk"
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" = 2 ]
	assert_no_leftovers
}

@test "--prepare runs as the VMM's user" {
	local dir
	dir=$(mktemp -d /tmp/kvmboot-hook-XXXXXX)
	chmod 777 "$dir"
	run $COLLECT -n 1 -u nobody --prepare "id -un > $dir/who" -- sh -c 'exit 1'
	local who=$(cat "$dir/who")
	rm -rf "$dir"
	[ "$who" = nobody ]
}

@test "a VMM that never runs a vCPU is not an ok boot, though it exits 0" {
	run $COLLECT -n 3 -- /bin/true
	assert_failure 1
	assert_output --regexp "boot 1/3: failed, [0-9.]+ ms: the VMM exited with status 0 without ever running a vCPU \\(no KVM_RUN\\)"
	assert_output --partial "not running the remaining boots"
	[ "$(sql "SELECT count(*), min(status), min(exit_code) FROM runs")" = "1|failed|0" ]
	assert_no_leftovers
}

@test "stdout to a full disk after boots were stored: exit 4, and the boots stay" {
	run bash -c "'$COLLECT' -n 2 --ok-exit 1 -- $(synth_qemu 0xf5:1) > /dev/full"
	assert_failure 4
	assert_output --partial "kvmboot-collect: cannot write the output: No space left on device"
	assert_output --partial "kvmboot-collect: 2 boots were stored all the same"
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" = 2 ]
	# Nothing stored (a usage error): still 2.
	run bash -c "'$COLLECT' --help > /dev/full"
	assert_failure 2
}

@test "a read-only file system says so, for a new database and an old one" {
	local ro=$BATS_TEST_TMPDIR/ro
	mkdir "$ro"
	mount -t tmpfs -o size=1m tmpfs "$ro" || skip "cannot mount a tmpfs here"
	$COLLECT -q -n 1 --ok-exit 1 -d "$ro/old.db" -- $(synth_qemu 0xf5:1)
	mount -o remount,ro "$ro"
	run $COLLECT -n 1 --ok-exit 1 -d "$ro/new.db" -- $(synth_qemu 0xf5:1)
	local new_status=$status new_output=$output
	run $COLLECT -n 1 --ok-exit 1 -d "$ro/old.db" -- $(synth_qemu 0xf5:1)
	umount "$ro"
	[ "$new_status" = 2 ]
	[ "$new_output" = "kvmboot-collect: cannot open '$ro/new.db': the file system is read-only" ]
	assert_failure 2
	assert_output "kvmboot-collect: cannot open '$ro/old.db': the file system is read-only"
	assert_no_leftovers
}

@test "a VMM that does not exist: exit 2, clear message, no database created" {
	run $COLLECT -n 1 -- /nonexistent/qemu -m 1
	assert_failure 2
	assert_output "kvmboot-collect: cannot run the VMM '/nonexistent/qemu': No such file or directory"
	[ ! -e "$DB" ]
	run $COLLECT -n 1 -- no-such-vmm-binary
	assert_failure 2
	assert_output --partial "(not found in PATH)"
	[ ! -e "$DB" ]
	assert_no_leftovers
}

@test "-u runs the VMM as another user" {
	id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
	run $COLLECT -n 1 -u nobody -- sh -c 'id -un >&2; exit 3'
	assert_failure 1
	assert_output --regexp "the VMM exited with status 3 \(isa-debug-exit.*good boot\): nobody"
	[ "$(sql 'SELECT vmm_user FROM sessions')" = nobody ]
	run $COLLECT -n 1 -u no-such-user-here -- true
	assert_failure 2
	assert_output "kvmboot-collect: --user: no user 'no-such-user-here' on this host"
}

@test "SIGINT mid-session: no instance, no VMM, the finished boots are kept" {
	$COLLECT -n 200 --ok-exit 1 -- $(synth_qemu 0xf5:1 delay:3 0xf4:6) 3>&- >/dev/null 2>&1 &
	local pid=$!
	wait_for_sql 1 "SELECT count(*) >= 2 FROM runs"
	[ -d "$(instance_of $pid)" ]
	kill -INT $pid
	local status=0
	wait $pid || status=$?
	[ "$status" = 130 ]
	[ -z "$(instance_of $pid)" ]
	assert_no_leftovers
	# Every stored boot is whole: no boot in flight was half-written.
	local n=$(sql "SELECT count(*) FROM runs")
	[ "$n" -ge 2 ] && [ "$n" -lt 200 ]
	[ "$(sql "SELECT count(*) FROM run_milestones WHERE vmm_exit_ns IS NULL OR linux_start_kernel_ns IS NULL")" = 0 ]
	[ "$(sql "PRAGMA integrity_check")" = ok ]
}

@test "SIGINT while another process holds the database lock: out within a second" {
	$COLLECT -q -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1)
	# Another writer holds the lock until its input ends: until fd 4 closes
	# (below, or when the test's shell exits).
	local fifo=$BATS_TEST_TMPDIR/holder-input
	mkfifo "$fifo"
	sqlite3 "$DB" < "$fifo" 3>&- &
	local holder=$!
	exec 4> "$fifo"
	echo "BEGIN IMMEDIATE;" >&4
	# The boot lasts long enough (delay:2) to be seen by the polls below,
	# and ends; then the collector waits for the lock.
	$COLLECT -n 1 --ok-exit 1 -l blocked -- $(synth_qemu 0xf5:1 delay:2) 3>&- 4>&- >/dev/null 2>&1 &
	local pid=$! i
	for ((i = 0; i < 100; i++)); do pgrep -f -- "$(vmm_pattern)" >/dev/null && break; sleep 0.05; done
	for ((i = 0; i < 100; i++)); do pgrep -f -- "$(vmm_pattern)" >/dev/null || break; sleep 0.05; done
	kill -0 $pid	# still there: waiting for the lock (its 30 s timeout)
	local start=$(date +%s%N)
	kill -INT $pid
	local status=0
	wait $pid || status=$?
	local took=$(( ($(date +%s%N) - start) / 1000000 ))
	exec 4>&-
	wait $holder 2>/dev/null || true
	[ "$status" = 130 ]
	[ "$took" -lt 1000 ] || { echo "took $took ms"; false; }
	# Nothing partial: the interrupted session stored nothing.
	[ "$(sql "SELECT count(*) FROM sessions WHERE label = 'blocked'")" = 0 ]
	assert_no_leftovers
}

@test "SIGTERM while a boot hangs kills the VMM and removes the instance" {
	$COLLECT -n 3 -T 60 --ok-exit 1 -- $(synth_qemu 0xf5:1 hang) 3>&- >/dev/null 2>&1 &
	local pid=$! i
	for ((i = 0; i < 100; i++)); do pgrep -f -- "$(vmm_pattern)" >/dev/null && break; sleep 0.1; done
	pgrep -f -- "$(vmm_pattern)" >/dev/null
	kill -TERM $pid
	local status=0
	wait $pid || status=$?
	[ "$status" = 143 ]
	assert_no_leftovers
}

@test "two collectors writing one database at once lose nothing" {
	local cmd
	cmd=$(synth_qemu 0xf5:1 0xf4:6)
	$COLLECT -n 6 --ok-exit 1 -l a -- $cmd 3>&- >/dev/null 2>&1 &
	local a=$!
	$COLLECT -n 6 --ok-exit 1 -l b -- $cmd 3>&- >/dev/null 2>&1 &
	local b=$!
	wait $a
	wait $b
	[ "$(sql "SELECT label || ':' || group_concat(seq) FROM (SELECT label, r.seq FROM runs r JOIN sessions s ON s.id = r.session_id ORDER BY label, r.seq) GROUP BY label")" = "$(printf 'a:1,2,3,4,5,6\nb:1,2,3,4,5,6')" ]
	local id
	for id in $(sql "SELECT id FROM runs"); do
		[ "$(run_points $id)" = "vmm_exec vmm_init_end fw_start linux_start_kernel vmm_exit" ]
	done
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" = 12 ]
}

@test "only the VMM's own process tree is recorded, not other VMs on the host" {
	# Another VM writes trace point 77 in a loop the whole time.
	local other
	other=$(synth_qemu 0xf4:77 again)
	$other 3>&- >/dev/null 2>&1 &
	run $COLLECT -n 3 --ok-exit 1 -- $(synth_qemu 0xf5:1 delay:2 0xf4:6)
	assert_success
	[ "$(sql "SELECT count(*) FROM run_points WHERE name = 'point 77'")" = 0 ]
	[ "$(sql "SELECT count(*) FROM run_points WHERE source = 'pio'")" = 6 ]
}

@test "a boot that overflows the trace buffer is stored as lost_events, never ok" {
	local flood=() i
	for ((i = 0; i < 3000; i++)); do flood+=(0xf4:9); done
	run $COLLECT -n 1 -b 4 --ok-exit 1 -- $(synth_qemu 0xf5:1 "${flood[@]}" 0xf4:6)
	assert_failure 1
	assert_output --partial "boot 1/1: lost_events, "
	[ "$(sql "SELECT status, lost_events > 0 FROM runs")" = "lost_events|1" ]
	# The same guest with a buffer large enough loses nothing.
	run $COLLECT -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1 "${flood[@]}" 0xf4:6)
	assert_success
	[ "$(sql "SELECT status, lost_events FROM runs WHERE session_id = 2")" = "ok|0" ]
	[ "$(sql "SELECT count(*) FROM run_points WHERE name = 'point 9' AND run_id = 2")" = 3000 ]
}

@test "four collectors creating one new database at the same moment all succeed" {
	local cmd pids=() i
	cmd=$(synth_qemu 0xf5:1)
	for i in 1 2 3 4; do
		$COLLECT -q -n 2 --ok-exit 1 -l "c$i" -- $cmd 3>&- 2>"$BATS_TEST_TMPDIR/err$i" &
		pids+=($!)
	done
	for i in 0 1 2 3; do
		wait ${pids[$i]} || { cat "$BATS_TEST_TMPDIR"/err*; false; }
	done
	[ "$(sql "SELECT count(*), count(DISTINCT session_id) FROM runs WHERE status = 'ok'")" = "8|4" ]
}

@test "under sudo the VMM runs as the calling user, who owns the new database" {
	id nobody >/dev/null 2>&1 || skip "no user 'nobody'"
	# The database goes where the caller may write (tests/bats/sudo.bats
	# tries where they may not).
	local home
	home=$(mktemp -d /tmp/kvmboot-caller-XXXXXX)
	chmod 755 "$home"
	chown nobody: "$home"
	DB=$home/boots.db
	# What sudo puts in the environment of the command it runs.
	SUDO_UID=$(id -u nobody) SUDO_GID=$(id -g nobody) SUDO_USER=nobody \
		run $COLLECT -n 1 -d "$DB" -- sh -c 'id -un >&2; exit 3'
	assert_failure 1
	assert_output --regexp "the VMM exited with status 3 \(isa-debug-exit.*good boot\): nobody"
	[ "$(stat -c %U "$DB")" = nobody ]
	[ "$(sql 'SELECT vmm_user FROM sessions')" = nobody ]
	rm -rf "$home"
}

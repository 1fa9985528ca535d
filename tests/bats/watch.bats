#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --watch: VMMs started by someone else are recorded, and never touched.

load helpers

setup() {
	require_tracing
	common_setup
	ln -s "$(command -v qemu-system-x86_64)" "$BATS_TEST_TMPDIR/other-vmm"
}

teardown() {
	kill_test_vmms
	pkill -KILL -f -- "$BATS_TEST_TMPDIR/other-vmm" 2>/dev/null || true
	sanitizer_check
}

# Starts the collector in the background and waits until it says it is
# watching (tracing is on: from then on no VMM can be missed).
watch_start() {
	$COLLECT "$@" 3>&- > "$BATS_TEST_TMPDIR/watch.out" 2>&1 &
	WATCHER=$!
	local i
	for ((i = 0; i < 300; i++)); do
		grep -q '^kvmboot-collect: watching for ' "$BATS_TEST_TMPDIR/watch.out" && return 0
		sleep 0.1
	done
	cat "$BATS_TEST_TMPDIR/watch.out"
	return 1
}

watch_wait() {
	WATCH_STATUS=0
	wait $WATCHER || WATCH_STATUS=$?
}

@test "--watch --comm: VMMs started from outside are boots; other names are not" {
	local args
	args=$(synth_qemu 0xf5:1 0xf4:6)
	watch_start --watch --comm qemu-system-x86_64 -n 2 --duration 60 -l watched
	$args 3>&- 2>/dev/null || true
	"$BATS_TEST_TMPDIR/other-vmm" ${args#qemu-system-x86_64 } 3>&- 2>/dev/null || true
	$args 3>&- 2>/dev/null || true
	watch_wait
	[ "$WATCH_STATUS" = 0 ] || { cat "$BATS_TEST_TMPDIR/watch.out"; false; }
	grep -q "kvmboot-collect: watching for VMMs named qemu-system-x86_64 (Ctrl-C ends the watch)" "$BATS_TEST_TMPDIR/watch.out"
	grep -q "2 boots stored" "$BATS_TEST_TMPDIR/watch.out"
	for id in 1 2; do
		[ "$(run_points $id)" = "vmm_exec vmm_init_end fw_start linux_start_kernel vmm_exit" ]
	done
	[ "$(sql 'SELECT count(*) FROM runs')" = 2 ]
	[ "$(sql "SELECT DISTINCT status || '/' || coalesce(exit_code, 'none') FROM runs")" = "ok/none" ]
	[ "$(sql 'SELECT vmm_command FROM sessions')" = "(watch) --comm qemu-system-x86_64" ]
	assert_no_leftovers
}

@test "--watch --exe with uprobes, and a VM past -T is recorded and left running" {
	local qemu
	qemu=$(readlink -f "$(command -v qemu-system-x86_64)")
	watch_start --watch --exe "$qemu" --uprobe qemu_init,vm_start -T 1 --duration 4
	$(synth_qemu 0xf5:1 hang) 3>&- 2>/dev/null &
	local vm=$!
	watch_wait
	[ "$WATCH_STATUS" = 0 ] || { cat "$BATS_TEST_TMPDIR/watch.out"; false; }
	kill -0 $vm	# the watched VM is still running: never touched
	kill -KILL $vm
	[ "$(run_points 1)" = "vmm_exec fn:qemu_init fn:vm_start vmm_init_end fw_start" ]
	[ "$(sql 'SELECT status FROM runs')" = ok ]
	run sql 'SELECT status_detail FROM runs'
	assert_output --partial "still running when recording stopped"
	assert_no_leftovers
	run grep -c ':kvmboot_' "$TRACEFS/uprobe_events"
	assert_output 0
}

@test "Ctrl-C ends the watch like --duration: the boots seen are stored" {
	watch_start --watch --comm qemu-system-x86_64 -l interrupted
	$(synth_qemu 0xf5:1) 3>&- 2>/dev/null || true
	sleep 0.5
	kill -INT $WATCHER
	watch_wait
	[ "$WATCH_STATUS" = 0 ] || { cat "$BATS_TEST_TMPDIR/watch.out"; false; }
	[ "$(sql 'SELECT count(*) FROM runs')" = 1 ]
	assert_no_leftovers
}

@test "a watch that sees nothing says so and exits 1" {
	run $COLLECT --watch --comm no-such-vmm --duration 1
	assert_failure 1
	assert_output --partial "no VMM matching (watch) --comm no-such-vmm was started during the watch"
}

@test "--watch usage errors: exit 2, nothing left" {
	local cases=(
		"--watch --comm qemu -- qemu-system-x86_64|--watch records VMMs that others start: give no VMM command"
		"--watch|--watch needs --comm NAME or --exe PATH (one of them)"
		"--watch --comm a --exe /b|--watch needs --comm NAME or --exe PATH (one of them)"
		"--watch --comm /usr/bin/qemu|--comm: '/usr/bin/qemu' is a file name, without '/' or wildcards"
		"--watch --comm q*|--comm: 'q*' is a file name"
		"--watch --exe relative/qemu|--exe: 'relative/qemu' is an absolute path"
		"--watch --comm qemu -w 1|--warmup does not apply to --watch"
		"--watch --comm qemu --uprobe main|--uprobe with --watch needs --exe PATH"
		"--comm qemu -- true|--comm, --exe and --duration go with --watch"
		"--watch --exe /nonexistent/vmm|--exe: cannot watch '/nonexistent/vmm': No such file or directory"
	)
	local c
	set -f	# 'q*' is an argument, not a pattern
	for c in "${cases[@]}"; do
		run $COLLECT ${c%%|*}
		assert_failure 2
		[ "${#lines[@]}" = 1 ] || { echo "$output"; return 1; }
		assert_output --partial "kvmboot-collect: ${c#*|}"
	done
	set +f
	[ ! -e "$DB" ]
	assert_no_leftovers
}

@test "--exe whose real path would end the kernel filter's string is refused" {
	# A link with an innocent name to a file whose name is a filter.
	local evil="$BATS_TEST_TMPDIR/a\" || common_pid > 0 || \"b"
	cp /bin/true "$evil"
	ln -s "$evil" "$BATS_TEST_TMPDIR/qemu"
	run $COLLECT --watch --exe "$BATS_TEST_TMPDIR/qemu" --duration 1
	assert_failure 2
	assert_output "kvmboot-collect: --exe: '$BATS_TEST_TMPDIR/qemu' resolves to a path with quotes, backslashes, wildcards or control characters, which a tracefs filter cannot hold"
	run $COLLECT --watch --comm $'qemu\n' --duration 1
	assert_failure 2
	[ ! -e "$DB" ]
	assert_no_leftovers
}

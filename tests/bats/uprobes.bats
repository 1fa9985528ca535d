#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Uprobes on the real QEMU binary: its own start-up in phases, no patch.

load helpers

setup() {
	require_tracing
	[ -e "$TRACEFS/uprobe_events" ] || skip "needs uprobe_events in tracefs"
	common_setup
}

teardown() {
	kill_test_vmms
	[ -z "${DEBUG_FILE:-}" ] || rm -f "$DEBUG_FILE"
	sanitizer_check
}

# Our dynamic events are gone: no kvmboot_PID_NS system is left.
assert_no_uprobes_left() {
	run grep -c ':kvmboot_' "$TRACEFS/uprobe_events"
	assert_output 0
}

@test "--uprobe qemu: QEMU's start-up functions are milestones in the order they run" {
	run $COLLECT -n 2 --ok-exit 1 --uprobe qemu -- $(synth_qemu 0xf5:1 0xf4:6)
	assert_success
	for id in 1 2; do
		[ "$(run_points $id)" = "vmm_exec fn:main fn:qemu_init fn:machine_run_board_init fn:vm_start fn:qemu_main_loop fn:kvm_cpu_exec vmm_init_end fw_start linux_start_kernel vmm_exit" ]
	done
	[ "$(sql "SELECT DISTINCT source FROM run_points WHERE name LIKE 'fn:%'")" = uprobe ]
	# The first kvm_cpu_exec comes before the first KVM_RUN ioctl.
	[ "$(sql "SELECT count(*) FROM run_milestones m JOIN run_points p ON p.run_id = m.run_id AND p.name = 'fn:kvm_cpu_exec' WHERE p.time_ns > m.vmm_init_end_ns")" = 0 ]
	# kvm_cpu_exec runs again and again: only its first call is a milestone.
	[ "$(sql "SELECT count(*) FROM run_points WHERE name = 'fn:kvm_cpu_exec'")" = 2 ]
	assert_no_uprobes_left
	assert_no_leftovers
}

@test "--uprobe with a list; a missing function is refused before any boot, naming the binary" {
	run $COLLECT -n 1 --ok-exit 1 --uprobe qemu_init,vm_start -- $(synth_qemu 0xf5:1)
	assert_success
	[ "$(sql "SELECT group_concat(name, ' ') FROM run_points WHERE source = 'uprobe'")" = "fn:qemu_init fn:vm_start" ]
	rm -f "$DB"
	run $COLLECT -n 1 --uprobe qemu_init,no_such_fn -- $(synth_qemu 0xf5:1)
	assert_failure 2
	assert_output "kvmboot-collect: --uprobe: '$(readlink -f "$(command -v qemu-system-x86_64)")' has no function 'no_such_fn' (in its symbol tables, its MiniDebugInfo or a debug file under /usr/lib/debug: for a stripped binary install its debug symbols, such as Debian's -dbgsym package; a wrapper script has none)"
	[ ! -e "$DB" ]
	assert_no_uprobes_left
	assert_no_leftovers
	printf '#!/bin/sh\nexec qemu-system-x86_64 "$@"\n' > "$BATS_TEST_TMPDIR/wrapper"
	chmod +x "$BATS_TEST_TMPDIR/wrapper"
	run $COLLECT -n 1 --uprobe main -- "$BATS_TEST_TMPDIR/wrapper" -version
	assert_failure 2
	assert_output --partial "not an ELF file, or a damaged one"
	assert_no_uprobes_left
}

@test "SIGTERM with uprobes in place removes them with the instance" {
	$COLLECT -n 5 -T 60 --ok-exit 1 --uprobe qemu -- $(synth_qemu 0xf5:1 hang) 3>&- >/dev/null 2>&1 &
	local pid=$! i
	for ((i = 0; i < 100; i++)); do pgrep -f -- "$(vmm_pattern)" >/dev/null && break; sleep 0.1; done
	grep -q ":kvmboot_${pid}_[0-9]*/" "$TRACEFS/uprobe_events"
	kill -TERM $pid
	local status=0
	wait $pid || status=$?
	[ "$status" = 143 ]
	assert_no_uprobes_left
	assert_no_leftovers
}

# A stripped program whose function kvmboot_hidden_fn is only in debug
# information, kept in symbols.dbg beside it; prints the path. Not
# prog.debug: elfutils finds BINARY.debug beside a binary even without a
# debuglink, and the tests must see each way of finding it on its own.
# Its boots fail (no vCPU ever runs), but a uprobe's hit is a point all
# the same.
hidden_program() {
	local dir=$BATS_TEST_TMPDIR
	printf '%s\n' 'static int __attribute__((noinline, used)) kvmboot_hidden_fn(int x) { return x * 3; }' \
		'int main(int argc, char **argv) { (void)argv; return kvmboot_hidden_fn(argc) == 3 ? 0 : 1; }' \
		> "$dir/prog.c"
	cc -g -O1 -o "$dir/prog" "$dir/prog.c"
	objcopy --only-keep-debug "$dir/prog" "$dir/symbols.dbg"
	strip --strip-all "$dir/prog"
	echo "$dir/prog"
}

@test "--uprobe on a stripped binary: its debug file found by build-id under /usr/lib/debug" {
	command -v cc >/dev/null && command -v objcopy >/dev/null || skip "needs cc and objcopy"
	prog=$(hidden_program)
	run $COLLECT -n 1 --uprobe kvmboot_hidden_fn -- "$prog"
	assert_failure 2
	assert_output --partial "has no function 'kvmboot_hidden_fn'"
	# Where Debian's -dbgsym packages put it: .build-id/NN/REST.debug.
	id=$(readelf -n "$prog" | awk '/Build ID/ { print $3 }')
	[ -n "$id" ]
	DEBUG_FILE=/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug
	[ ! -e "$DEBUG_FILE" ]
	mkdir -p "${DEBUG_FILE%/*}"
	cp "$BATS_TEST_TMPDIR/symbols.dbg" "$DEBUG_FILE"
	rm "$BATS_TEST_TMPDIR/symbols.dbg"
	run $COLLECT -n 1 --uprobe kvmboot_hidden_fn -- "$prog"
	assert_failure 1	# stored: it never ran a vCPU, so it is no good boot
	[ "$(sql "SELECT group_concat(name, ' ') FROM run_points WHERE source = 'uprobe'")" = "fn:kvmboot_hidden_fn" ]
	assert_no_uprobes_left
	assert_no_leftovers
}

@test "--uprobe on a stripped binary: its .gnu_debuglink and its MiniDebugInfo" {
	command -v cc >/dev/null && command -v objcopy >/dev/null && command -v xz >/dev/null ||
		skip "needs cc, objcopy and xz"
	prog=$(hidden_program)
	objcopy --add-gnu-debuglink="$BATS_TEST_TMPDIR/symbols.dbg" "$prog"
	run $COLLECT -n 1 --uprobe kvmboot_hidden_fn -- "$prog"
	assert_failure 1
	[ "$(sql "SELECT count(*) FROM run_points WHERE name = 'fn:kvmboot_hidden_fn'")" = 1 ]
	# MiniDebugInfo: the symbols .dynsym lacks, xz-compressed into the file itself.
	rm -f "$DB" "$BATS_TEST_TMPDIR/symbols.dbg"
	prog=$(hidden_program)
	(cd "$BATS_TEST_TMPDIR" && objcopy -S --keep-symbol=kvmboot_hidden_fn symbols.dbg mini &&
	 xz mini && objcopy --add-section .gnu_debugdata=mini.xz prog && rm symbols.dbg)
	run $COLLECT -n 1 --uprobe kvmboot_hidden_fn -- "$prog"
	assert_failure 1
	[ "$(sql "SELECT count(*) FROM run_points WHERE name = 'fn:kvmboot_hidden_fn'")" = 1 ]
	assert_no_uprobes_left
}

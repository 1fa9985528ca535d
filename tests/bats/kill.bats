#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kill -9 leaves nothing that lives on: the VMM dies with the collector,
# its janitor removes the tracefs instance and uprobes at once, and where
# the janitor died too, the next collector sweeps what is left, and only
# that: a live collector's instance is never touched.

load helpers

setup() {
	require_tracing
	common_setup
}

teardown() {
	kill_test_vmms
	[ -n "${LIVE:-}" ] && kill -TERM "$LIVE" 2>/dev/null && wait "$LIVE" 2>/dev/null
	sanitizer_check
}

# Polls (bounded) until COMMAND fails, e.g. until a process is gone.
wait_until_not() {
	local i
	for ((i = 0; i < 100; i++)); do
		"$@" >/dev/null 2>&1 || return 0
		sleep 0.1
	done
	return 1
}

# Polls (bounded) until COMMAND succeeds.
wait_until() {
	local i
	for ((i = 0; i < 100; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

no_instance_of() {
	[ -z "$(instance_of "$1")" ]
}

# Polls until this test's VMM runs.
wait_for_vmm() {
	local i
	for ((i = 0; i < 100; i++)); do
		pgrep -f -- "$(vmm_pattern)" >/dev/null && return 0
		sleep 0.1
	done
	return 1
}

janitor_of() {
	pgrep -P "$1" -x kvmboot-janitor
}

uprobes_of() {
	grep -c ":kvmboot_${1}_[0-9]*/" "$TRACEFS/uprobe_events" || true
}

@test "kill -9 mid-boot: the hung VMM dies, instance and uprobes go, stored boots stay" {
	# Boots that time out after 1 s are stored, one after the other.
	$COLLECT -n 10 -T 1 --ok-exit 1 --uprobe main -- $(synth_qemu 0xf5:1 hang) 3>&- >/dev/null 2>&1 &
	local pid=$!
	wait_for_sql 1 "SELECT count(*) >= 2 FROM runs"
	wait_for_vmm
	[ -d "$(instance_of $pid)" ]
	[ "$(uprobes_of $pid)" = 1 ]
	kill -KILL $pid
	wait $pid || true
	wait_until_not pgrep -f -- "$(vmm_pattern)"
	wait_until no_instance_of $pid
	[ "$(uprobes_of $pid)" = 0 ]
	assert_no_leftovers
	# Every boot committed before the kill is whole.
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'timeout'")" -ge 2 ]
	[ "$(sql "PRAGMA integrity_check")" = ok ]
}

@test "a wrapper script that does not exec its VMM: the VMM dies with the collector" {
	$COLLECT -n 1 -T 60 --ok-exit 1 -- sh -c '"$@"; echo done' sh $(synth_qemu 0xf5:1 hang) \
		3>&- >/dev/null 2>&1 &
	local pid=$!
	wait_for_vmm
	kill -KILL $pid
	wait $pid || true
	wait_until_not pgrep -f -- "$(vmm_pattern)"
	assert_no_leftovers
}

@test "collector and janitor both killed: the VMM dies; the next collector sweeps the rest" {
	$COLLECT -n 3 -T 60 --ok-exit 1 --uprobe main -- $(synth_qemu 0xf5:1 hang) \
		3>&- >/dev/null 2>&1 &
	local pid=$! janitor dir
	wait_for_vmm
	janitor=$(janitor_of $pid)
	[ -n "$janitor" ]
	dir=$(instance_of $pid)
	kill -KILL "$janitor" $pid
	wait $pid || true
	# The parent-death signal took the VMM; the instance and uprobes stay.
	wait_until_not pgrep -f -- "$(vmm_pattern)"
	[ -d "$dir" ]
	! instance_owner_alive "$dir"
	[ "$(uprobes_of $pid)" = 1 ]
	run $COLLECT -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1)
	assert_success
	assert_output --partial "kvmboot-collect: removed the tracefs instance '${dir##*/}', left by a collector that is gone"
	assert_output --partial "kvmboot-collect: removed the uprobe events of 'kvmboot_${pid}_"
	[ ! -e "$dir" ]
	[ "$(uprobes_of $pid)" = 0 ]
	assert_no_leftovers
}

@test "a sweep never touches a live collector's instance or uprobes" {
	$COLLECT -n 2 -T 60 --ok-exit 1 --uprobe main -l live -- $(synth_qemu 0xf5:1 delay:2 hang) \
		3>&- >/dev/null 2>&1 &
	LIVE=$!
	wait_for_vmm
	local dir
	dir=$(instance_of $LIVE)
	[ -d "$dir" ]
	run $COLLECT -n 2 --ok-exit 1 -l other -- $(synth_qemu 0xf5:1 0xf4:6)
	assert_success
	refute_output --partial "removed"
	[ -d "$dir" ]
	[ "$(uprobes_of $LIVE)" = 1 ]
	kill -TERM $LIVE
	local status=0
	wait $LIVE || status=$?
	LIVE=
	[ "$status" = 143 ]
	[ ! -e "$dir" ]
	assert_no_leftovers
}

@test "an older kvmboot's instance (kvmboot-PID) is swept only when its pid is gone" {
	# A pid that is surely free: a process that ran and was reaped.
	sh -c 'exit 0' &
	local gone=$!
	wait $gone
	mkdir "$TRACEFS/instances/kvmboot-$gone"
	# And one whose pid is alive (this shell's).
	mkdir "$TRACEFS/instances/kvmboot-$$"
	run $COLLECT -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1)
	rmdir "$TRACEFS/instances/kvmboot-$$"
	assert_success
	assert_output --partial "removed the tracefs instance 'kvmboot-$gone'"
	[ ! -e "$TRACEFS/instances/kvmboot-$gone" ]
}

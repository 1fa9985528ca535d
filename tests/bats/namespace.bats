#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Collecting inside a PID namespace, as CI jobs in privileged containers
# do: pids are translated for tracefs, names stay unique, and a collector
# in a namespace is never taken for a dead one.

load helpers

setup() {
	require_tracing
	command -v unshare >/dev/null || skip "needs unshare (util-linux)"
	unshare -pf --mount-proc true 2>/dev/null || skip "cannot make a PID namespace here"
	common_setup
}

teardown() {
	kill_test_vmms
	if [ -n "${LIVE:-}" ]; then
		pkill -KILL -P "$LIVE" 2>/dev/null
		kill -KILL "$LIVE" 2>/dev/null
		wait "$LIVE" 2>/dev/null
	fi
	sanitizer_check
}

in_namespace() {
	unshare -pf --mount-proc "$@"
}

@test "boots collected inside a PID namespace are whole and ok" {
	run in_namespace $COLLECT -n 3 --ok-exit 1 -- $(synth_qemu 0xf5:1 0xf4:6 0xf4:7)
	assert_success
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" = 3 ]
	local id
	for id in 1 2 3; do
		[ "$(run_points $id)" = "vmm_exec vmm_init_end fw_start linux_start_kernel linux_start_user vmm_exit" ]
	done
	# The collector was pid 1 in its namespace; its VMMs' pids were others.
	assert_no_leftovers
}

@test "two collectors in two namespaces at once (both pid 1) do not collide" {
	local cmd a b
	cmd=$(synth_qemu 0xf5:1 delay:1 0xf4:6)
	in_namespace $COLLECT -n 6 --ok-exit 1 -l a -d "$BATS_TEST_TMPDIR/a.db" -- $cmd \
		3>&- >"$BATS_TEST_TMPDIR/a.out" 2>&1 &
	a=$!
	in_namespace $COLLECT -n 6 --ok-exit 1 -l b -d "$BATS_TEST_TMPDIR/b.db" -- $cmd \
		3>&- >"$BATS_TEST_TMPDIR/b.out" 2>&1 &
	b=$!
	wait $a || { cat "$BATS_TEST_TMPDIR/a.out"; false; }
	wait $b || { cat "$BATS_TEST_TMPDIR/b.out"; false; }
	local db
	for db in a b; do
		[ "$(sqlite3 "$BATS_TEST_TMPDIR/$db.db" "SELECT count(*) FROM runs WHERE status = 'ok'")" = 6 ]
		[ "$(sqlite3 "$BATS_TEST_TMPDIR/$db.db" "SELECT count(*) FROM run_points WHERE name = 'linux_start_kernel'")" = 6 ]
	done
	# Neither saw the other's instance as a dead collector's.
	run grep -h removed "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out"
	assert_output ""
	assert_no_leftovers
}

@test "a live collector in a namespace is not swept by one on the host" {
	# unshare itself in the background (not a function: $! must be unshare).
	unshare -pf --mount-proc $COLLECT -n 2 -T 60 --ok-exit 1 --uprobe main -- \
		$(synth_qemu 0xf5:1 hang) 3>&- >/dev/null 2>&1 &
	LIVE=$!
	local i=0 dir= collector
	while [ -z "$dir" ] && ((i++ < 100)); do
		# The collector is pid 1 in its namespace: kvmboot-1-<its namespace>.
		dir=$(ls -d "$TRACEFS"/instances/kvmboot-1-* 2>/dev/null | head -1)
		[ -n "$dir" ] || sleep 0.1
	done
	[ -d "$dir" ]
	collector=$(pgrep -P $LIVE -x kvmboot-collect)	# unshare's child, as the host sees it
	[ -n "$collector" ]
	run $COLLECT -n 1 --ok-exit 1 -- $(synth_qemu 0xf5:1)
	assert_success
	refute_output --partial "removed"
	[ -d "$dir" ]
	grep -q ":kvmboot_1_${dir##*-}/" "$TRACEFS/uprobe_events"
	# SIGTERM reaches it though it is its namespace's init: it reads signals.
	kill -TERM $collector
	for ((i = 0; i < 100; i++)); do kill -0 $LIVE 2>/dev/null || break; sleep 0.1; done
	wait $LIVE || true
	LIVE=
	[ ! -e "$dir" ]
	assert_no_leftovers
}

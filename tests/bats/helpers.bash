# Shared set-up for the end-to-end tests: real binaries, real QEMU/KVM,
# real tracefs, real SQLite files, one temporary directory per test.

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
COLLECT=$ROOT/bin/kvmboot-collect
SYNTH_BIOS=$ROOT/build/guest/synth-bios.bin
STUB_BZIMAGE=$ROOT/build/guest/stub-bzimage.bin
MKSEQ=$ROOT/tests/guest/mkseq
TRACEFS=/sys/kernel/tracing

bats_load_library bats-support
bats_load_library bats-assert

# Skips (with the reason) where this host cannot trace or run KVM guests.
require_tracing() {
	[ "$(id -u)" = 0 ] || skip "needs root for tracefs"
	[ -c /dev/kvm ] || skip "needs /dev/kvm"
	[ -d "$TRACEFS/instances" ] || skip "needs tracefs mounted at $TRACEFS"
	command -v qemu-system-x86_64 >/dev/null || skip "needs qemu-system-x86_64"
}

common_setup() {
	DB=$BATS_TEST_TMPDIR/boots.db
	export KVMBOOT_DB=$DB
	# A marker in every VMM command line, to find stray VMs of this test.
	MARK=kvmboot-test-$$-$BATS_TEST_NUMBER
}

# The synthetic firmware playing SEQ (mkseq items); prints the QEMU command.
synth_qemu() {
	local seq=$BATS_TEST_TMPDIR/seq-$RANDOM.bin
	"$MKSEQ" "$@" > "$seq"
	echo qemu-system-x86_64 -name "$MARK" -accel kvm -display none -nodefaults \
		-bios "$SYNTH_BIOS" -device isa-debug-exit,iobase=0x501 \
		-fw_cfg "name=opt/kvmboot/seq,file=$seq"
}

sql() {
	sqlite3 -batch -noheader "$DB" "$@"
}

# Milestone names of run N (by id), space-separated, in stored order.
run_points() {
	sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM run_points
	     WHERE run_id = $1 ORDER BY seq)"
}

# VMMs of this test: QEMU processes whose command line has the marker
# (the collector's own command line has it too, so match from the start).
vmm_pattern() {
	echo "^qemu-system-x86_64 -name $MARK "
}

kill_test_vmms() {
	pkill -KILL -f -- "$(vmm_pattern)" 2>/dev/null || true
}

# Is the collector that owns the tracefs instance DIR alive? It holds an
# flock on it (kvmboot-PID-NS); an older kvmboot-PID is judged by its pid.
instance_owner_alive() {
	local dir=$1 name=${1##*/}
	if [[ $name =~ ^kvmboot-[0-9]+-[0-9]+$ ]]; then
		! flock -n "$dir" true 2>/dev/null
	else
		kill -0 "${name##*-}" 2>/dev/null
	fi
}

# The instance directory of the collector with pid PID (ours, not in a
# namespace), or nothing.
instance_of() {
	local dir
	for dir in "$TRACEFS"/instances/kvmboot-"$1"-*; do
		[ -e "$dir" ] && echo "$dir"
	done
	return 0
}

# No VMM of this test is running, and no collector that has exited left
# its tracefs instance (instances of live collectors are not ours to judge).
assert_no_leftovers() {
	run pgrep -f -- "$(vmm_pattern)"
	assert_failure
	local dir
	for dir in "$TRACEFS"/instances/kvmboot-*; do
		[ -e "$dir" ] || continue
		if ! instance_owner_alive "$dir"; then
			echo "stale tracefs instance: $dir" >&2
			return 1
		fi
	done
}

# Polls (bounded, no fixed sleeps) until SQL on the database prints WANT.
wait_for_sql() {
	local want=$1 sqltext=$2 i
	for ((i = 0; i < 300; i++)); do
		[ "$(sqlite3 -batch "$DB" "$sqltext" 2>/dev/null)" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up for the end-to-end tests: real binaries, real QEMU/KVM,
# real tracefs, real SQLite files, one temporary directory per test.

ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
# The binaries under test: bin/, or KVMBOOT_BIN (make check runs the suite
# again with the sanitizer-built ones of build/clang-san/bin).
KVMBOOT_BIN=${KVMBOOT_BIN:-$ROOT/bin}
COLLECT=$KVMBOOT_BIN/kvmboot-collect
REPORT=$KVMBOOT_BIN/kvmboot-report
SYNTH_BIOS=$ROOT/build/guest/synth-bios.bin
STUB_BZIMAGE=$ROOT/build/guest/stub-bzimage.bin
MKSEQ=$ROOT/tests/guest/mkseq
TRACEFS=/sys/kernel/tracing

bats_load_library bats-support
bats_load_library bats-assert

# A sanitizer-built binary writes what ASan, LeakSanitizer or UBSan find to
# a file in SANITIZER_LOGS (not to its stderr, which tests compare), and
# the test in which a report appears fails (see sanitizer_check). ASan
# stops at its first error; UBSan goes on, so that a collector still
# removes its tracefs instance. Programs that are not built with sanitizers
# (QEMU, sqlite3, gnuplot) ignore these variables. The directory is open to
# all: tests run the binaries as nobody too.
SANITIZER_LOGS=${KVMBOOT_SANITIZER_LOGS:-$BATS_RUN_TMPDIR/sanitizer}
mkdir -p -m 1777 "$SANITIZER_LOGS"
export ASAN_OPTIONS="log_path=$SANITIZER_LOGS/asan:detect_leaks=1:halt_on_error=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$SANITIZER_LOGS/ubsan:print_stacktrace=1:halt_on_error=0"
export LSAN_OPTIONS="suppressions=$ROOT/tests/bats/lsan.supp:print_suppressions=0"

# Fails, printing them, when sanitizer reports appeared since the last
# check; each report is printed once. Called by every teardown.
sanitizer_check() {
	local report found=0
	for report in "$SANITIZER_LOGS"/asan.* "$SANITIZER_LOGS"/ubsan.*; do
		[ -e "$report" ] || continue
		echo "sanitizer report ${report##*/}:" >&2
		cat "$report" >&2
		mkdir -p "$SANITIZER_LOGS/seen"
		mv "$report" "$SANITIZER_LOGS/seen/"
		found=1
	done
	[ "$found" = 0 ]
}

# The teardown of files that need no other.
teardown() {
	sanitizer_check
}

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

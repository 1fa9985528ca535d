#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Files are only ever created or changed as the caller could: kvmboot run
# as root for an unprivileged caller (the environment sudo gives: SUDO_UID,
# SUDO_GID), with that caller planting symbolic links, and racing to swap
# the files kvmboot creates for links to a victim file of root's.

load helpers

setup() {
	require_tracing
	id nobody >/dev/null 2>&1 || skip "needs the user 'nobody'"
	common_setup
	# The caller's home (theirs to plant links in) and a root-only place
	# with the victims, under a directory both may enter.
	WORK=$(mktemp -d /tmp/kvmboot-sudo-XXXXXX)
	chmod 755 "$WORK"
	HOME_DIR=$WORK/home
	ROOT_DIR=$WORK/root
	mkdir -m 755 "$HOME_DIR" "$ROOT_DIR"
	chown nobody: "$HOME_DIR"
	# A real kvmboot database of root's: SQLite would gladly write it.
	VICTIM=$ROOT_DIR/victim.db
	"$COLLECT" -q -n 1 --ok-exit 1 -d "$VICTIM" -- $(synth_qemu 0xf5:1)
	chmod 644 "$VICTIM"
	SECRET=$ROOT_DIR/shadow
	echo "root:secret:1:0:99999:7:::" > "$SECRET"
	chmod 600 "$SECRET"
	victims_note
	GUEST=$(synth_qemu 0xf5:1 0xf4:6)
}

# The collector as root for the caller 'nobody'. The VMM runs as root
# (-u root): /dev/kvm is root's here, and the files are what is tested.
collect_for_caller() {
	sudo_like "$COLLECT" -u root "$@"
}

teardown() {
	if [ -n "${RACER:-}" ]; then
		kill "$RACER" 2>/dev/null
		wait "$RACER" 2>/dev/null || true
	fi
	kill_test_vmms
	rm -rf "$WORK"
	sanitizer_check
}

# (Racers in the background are started with setpriv directly, so that $!
# is the racer itself and teardown's kill reaches it.)
as_caller() {
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"
}

# Runs a command as root for the caller 'nobody', as sudo would.
sudo_like() {
	SUDO_UID=$(id -u nobody) SUDO_GID=$(id -g nobody) SUDO_USER=nobody "$@"
}

# Content, owner and mode of every victim, to compare before and after.
victims_state() {
	local f
	for f in "$VICTIM" "$SECRET"; do
		echo "$(sha256sum < "$f") $(stat -c '%U:%G %a %s' "$f")"
	done
	ls -A "$ROOT_DIR"
}

victims_note() {
	VICTIMS_BEFORE=$(victims_state)
}

assert_victims_unchanged() {
	[ "$(victims_state)" = "$VICTIMS_BEFORE" ] || {
		echo "victims changed:" >&2
		victims_state >&2
		return 1
	}
}

@test "a link to root's database is refused, the victim unchanged, nothing created" {
	as_caller ln -s "$VICTIM" "$HOME_DIR/boots.db"
	run collect_for_caller -n 1 --ok-exit 1 -d "$HOME_DIR/boots.db" -- $GUEST
	assert_failure 2
	assert_output --partial "cannot open '$HOME_DIR/boots.db' (a symbolic link to '$VICTIM'): permission denied"
	assert_victims_unchanged
	[ "$(ls -A "$HOME_DIR")" = boots.db ]
	assert_no_leftovers
}

@test "a link to a file the caller may not even read, or to nothing in root's place" {
	as_caller ln -s "$SECRET" "$HOME_DIR/a.db"
	run collect_for_caller -n 1 --ok-exit 1 -d "$HOME_DIR/a.db" -- $GUEST
	assert_failure 2
	assert_output --partial "permission denied"
	as_caller ln -s "$ROOT_DIR/new.db" "$HOME_DIR/b.db"
	run collect_for_caller -n 1 --ok-exit 1 -d "$HOME_DIR/b.db" -- $GUEST
	assert_failure 2
	assert_output --partial "'$HOME_DIR/b.db' is a symbolic link to a file that does not exist"
	assert_victims_unchanged
	[ "$(ls -A "$HOME_DIR" | tr '\n' ' ')" = "a.db b.db " ]
}

@test "a -shm link planted beside a new database: refused, no file left" {
	as_caller ln -s "$VICTIM" "$HOME_DIR/boots.db-shm"
	run collect_for_caller -n 1 --ok-exit 1 -d "$HOME_DIR/boots.db" -- $GUEST
	assert_failure 2
	assert_output "kvmboot-collect: cannot open '$HOME_DIR/boots.db': a symbolic link where a database file (or its -wal, -shm) should be"
	assert_victims_unchanged
	[ "$(ls -A "$HOME_DIR")" = "boots.db-shm" ]
}

@test "a -wal link planted beside a new database is removed as the caller, not followed" {
	# SQLite deletes a -wal that belongs to no database: here, the caller's
	# own link, which the caller could remove too.
	as_caller ln -s "$VICTIM" "$HOME_DIR/boots.db-wal"
	run collect_for_caller -n 1 --ok-exit 1 -d "$HOME_DIR/boots.db" -- $GUEST
	assert_success
	assert_victims_unchanged
	[ ! -L "$HOME_DIR/boots.db-wal" ]
	run find "$HOME_DIR" -not -user nobody
	assert_output ""
}

@test "under sudo the database and its -wal/-shm are created as the caller" {
	run collect_for_caller -n 2 --ok-exit 1 -d "$HOME_DIR/boots.db" -- $GUEST
	assert_success
	# While a reader holds it open, the -wal and -shm exist: whose are they?
	[ "$(stat -c %U "$HOME_DIR/boots.db")" = nobody ]
	run find "$HOME_DIR" -not -user nobody
	assert_output ""
	# And a directory the caller may not write is refused, though root could.
	run collect_for_caller -n 1 --ok-exit 1 -d "$ROOT_DIR/new.db" -- $GUEST
	assert_failure 2
	assert_output --partial "cannot open '$ROOT_DIR/new.db': permission denied"
	assert_victims_unchanged
}

@test "swap race: database files replaced by links as soon as they appear" {
	# The caller swaps any regular file named boots.db* for a link to the
	# victim, as fast as it can, and counts its swaps.
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups bash -c 'cd "$1" || exit 1; n=0
		while :; do
			for f in boots.db boots.db-wal boots.db-shm boots.db-journal; do
				if [ -f "$f" ] && [ ! -L "$f" ]; then
					rm -f "$f" && ln -s "$2" "$f" && n=$((n + 1)) && echo $n > swaps
				fi
			done
		done' racer "$HOME_DIR" "$VICTIM" 3>&- &
	RACER=$!
	local i
	for ((i = 0; i < 15; i++)); do
		collect_for_caller -q -n 1 --ok-exit 1 -d "$HOME_DIR/boots.db" -- $GUEST \
			>/dev/null 2>&1 || true
		assert_victims_unchanged
		rm -f "$HOME_DIR"/boots.db*
	done
	kill "$RACER"
	wait "$RACER" 2>/dev/null || true
	RACER=
	# The race really ran: files were swapped under the collector.
	[ "$(cat "$HOME_DIR/swaps")" -gt 0 ]
	assert_victims_unchanged
	run find "$HOME_DIR" -not -user nobody
	assert_output ""
	assert_no_leftovers
}

@test "root without sudo does not follow a link another user planted" {
	as_caller ln -s "$VICTIM" "$HOME_DIR/boots.db"
	run "$COLLECT" -n 1 --ok-exit 1 -d "$HOME_DIR/boots.db" -- $GUEST
	assert_failure 2
	assert_output "kvmboot-collect: '$HOME_DIR/boots.db' is a symbolic link owned by another user (uid $(id -u nobody)): refusing to follow it (give the file it points to)"
	assert_victims_unchanged
}

@test "plot: a chart or script link planted where the output goes is refused" {
	command -v gnuplot >/dev/null || skip "needs gnuplot"
	"$COLLECT" -q -n 2 --ok-exit 1 -d "$DB" -- $GUEST
	# Root running the demo on the caller's checkout: their link is not followed.
	as_caller ln -s "$VICTIM" "$HOME_DIR/t.png"
	run "$REPORT" -d "$DB" plot trend -o "$HOME_DIR/t.png"
	assert_failure 2
	assert_output "kvmboot-report: '$HOME_DIR/t.png' is a symbolic link owned by another user (uid $(id -u nobody)): refusing to follow it"
	as_caller ln -s "$SECRET" "$HOME_DIR/s.gp"
	run "$REPORT" -d "$DB" plot trend -o "$HOME_DIR/s.png" --script
	assert_failure 2
	assert_output --partial "'$HOME_DIR/s.gp' is a symbolic link owned by another user"
	assert_victims_unchanged
	# Under sudo the caller's own link to a file they cannot write: refused.
	cp "$DB" "$HOME_DIR/own.db"
	chown nobody: "$HOME_DIR/own.db"
	run sudo_like "$REPORT" -d "$HOME_DIR/own.db" plot trend -o "$HOME_DIR/t.png"
	assert_failure 2
	assert_output "kvmboot-report: '$HOME_DIR/t.png' is a symbolic link to '$VICTIM', which you cannot write"
	assert_victims_unchanged
	# A chart written for the caller is theirs.
	run sudo_like "$REPORT" -d "$HOME_DIR/own.db" plot trend -o "$HOME_DIR/mine.svg" --script
	assert_success
	[ "$(stat -c %U "$HOME_DIR/mine.svg") $(stat -c %U "$HOME_DIR/mine.gp")" = "nobody nobody" ]
}

@test "plot: a chart swapped for a link while it is drawn never reaches the victim" {
	command -v gnuplot >/dev/null || skip "needs gnuplot"
	"$COLLECT" -q -n 2 --ok-exit 1 -d "$DB" -- $GUEST
	cp "$DB" "$HOME_DIR/own.db"
	chown nobody: "$HOME_DIR/own.db"
	setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups bash -c 'cd "$1" || exit 1; n=0
		while :; do
			if [ ! -L t.svg ]; then
				rm -f t.svg && ln -s "$2" t.svg && n=$((n + 1)) && echo $n > swaps
			fi
		done' racer "$HOME_DIR" "$VICTIM" 3>&- &
	RACER=$!
	local i
	for ((i = 0; i < 10; i++)); do
		sudo_like "$REPORT" -d "$HOME_DIR/own.db" plot trend -o "$HOME_DIR/t.svg" \
			>/dev/null 2>&1 || true
		assert_victims_unchanged
	done
	kill "$RACER"
	wait "$RACER" 2>/dev/null || true
	RACER=
	[ "$(cat "$HOME_DIR/swaps")" -gt 0 ]
	assert_victims_unchanged
}

@test "plot --script with a relative -o dir/file.svg draws again from its directory" {
	command -v gnuplot >/dev/null || skip "needs gnuplot"
	"$COLLECT" -q -n 2 --ok-exit 1 -d "$DB" -- $GUEST
	cd "$BATS_TEST_TMPDIR"
	mkdir charts
	run "$REPORT" -d "$DB" plot trend -o charts/t.svg --script
	assert_success
	assert_output "$(printf 'charts/t.svg\ncharts/t.gp')"
	rm charts/t.svg
	(cd charts && gnuplot t.gp)
	grep -q '</svg>' charts/t.svg
}

@test "--import reads only what the caller could: root's file is refused, not quoted" {
	as_caller ln -s "$SECRET" "$HOME_DIR/trace.txt"
	run sudo_like "$COLLECT" --import "$HOME_DIR/trace.txt" -d "$HOME_DIR/boots.db"
	assert_failure 2
	assert_output "kvmboot-collect: cannot read '$HOME_DIR/trace.txt': Permission denied"
	refute_output --partial "secret"
	[ ! -e "$HOME_DIR/boots.db" ]
}

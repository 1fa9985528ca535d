#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion (completion/kvmboot), driven in bash the way readline
# drives it (tests/tools/complete sets COMP_WORDS, COMP_CWORD, COMP_LINE,
# calls the function, prints COMPREPLY), against the real binaries and a
# database the real collector wrote.

load helpers

COMPLETE=$ROOT/tests/tools/complete
OPTION_NAMES=$ROOT/tests/tools/option-names

setup() {
	[ -r /usr/share/bash-completion/bash_completion ] || skip "needs bash-completion"
	common_setup
	unset KVMBOOT_DB
	cd "$BATS_TEST_TMPDIR"
}

# The replies for LINE (the cursor at its end), sorted, one a line.
replies() {
	"$COMPLETE" "$1" 2>/dev/null | sort
}

# Asserts that LINE completes to exactly the words that follow.
assert_replies() {
	local line=$1
	shift
	local expected
	expected=$(printf '%s\n' "$@" | sort)
	[ "$(replies "$line")" = "$expected" ] || {
		echo "completing '$line':"
		diff -u <(echo "$expected") <(replies "$line")
		return 1
	}
}

# The commands `kvmboot-report --help` lists.
report_commands() {
	"$REPORT" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit }
		on && /^  [a-z]/ { print $1 }'
}

# A database written by the real collector: sessions labelled "nightly"
# and "seabios bzImage" (a label with a blank), one boot each, tagged.
collected_db() {
	require_tracing
	run "$COLLECT" -d "$DB" -n 1 --ok-exit 1 -l nightly -t commit=1a2b3c -- $(synth_qemu 0xf5:1 0xf4:6)
	assert_success
	run "$COLLECT" -d "$DB" -n 1 --ok-exit 1 -l "seabios bzImage" -t branch=main -- $(synth_qemu 0xf5:1 0xf4:6)
	assert_success
}

# The files beside DB with their sizes and times, and DB's checksum. A
# read-only SQLite connection to a WAL database creates its -shm index and
# an empty -wal when they are missing (as every kvmboot-report run does):
# those are left out, the -wal checked to be empty.
dir_state() {
	(cd "$(dirname "$DB")" && find . -maxdepth 1 -type f ! -name '*.db-shm' ! -name '*.db-wal' \
		-printf '%p %s %T@\n' | sort && sha256sum ./*.db)
	[ ! -s "$DB-wal" ] || echo "$DB-wal has grown"
}

@test "kvmboot-collect: every option of --help, and nothing else" {
	assert_replies "$COLLECT -" $("$COLLECT" --help | "$OPTION_NAMES")
	assert_replies "$COLLECT --w" --warmup --watch
}

@test "kvmboot-collect: trace-point tables, comma lists of them, rule sets and progress modes as the collector knows them" {
	assert_replies "$COLLECT --table " $("$COLLECT" --help | awk '/--table /{on=1; next} on && /^        [a-z]/{print $1; next} {on=0}')
	assert_replies "$COLLECT --table q" qboot qboot-2019
	assert_replies "$COLLECT -n 3 --table=qboot,c" qboot,chv
	assert_replies "$COLLECT --table qboot,chv,qboot-" qboot,chv,qboot-2019
	# The rule sets the collector lists when it refuses one.
	run "$COLLECT" --rules bogus --import /dev/null
	assert_failure 2
	local sets
	sets=$(sed -n "s/.*no rule set 'bogus' (\(.*\) or \(.*\))$/\1, \2/p" <<<"$output" | tr -d ' ' | tr , ' ')
	[ -n "$sets" ]
	assert_replies "$COLLECT --rules " $sets
	assert_replies "$COLLECT --rules seabios,l" seabios,linux
	# --progress: the modes the collector lists when it refuses one.
	run "$COLLECT" --progress bogus --import /dev/null
	assert_failure 2
	sets=$(sed -n "s/.*'bogus' is not \(.*\) or \(.*\)$/\1, \2/p" <<<"$output" | tr -d ' ' | tr , ' ')
	[ -n "$sets" ]
	assert_replies "$COLLECT --progress " $sets
}

@test "kvmboot-collect: files, users, and the VMM command with its own completion after the options" {
	touch trace.dat boots.txt
	assert_replies "$COLLECT --import tr" trace.dat
	assert_replies "$COLLECT --import-stap bo" boots.txt
	assert_replies "$COLLECT -u roo" root
	# The VMM command, after -- or after the options; then its own words,
	# here kvmboot-report's, found past values that ':' and '=' split.
	[[ "$(replies "$COLLECT -n 2 -- bas")" == *bash* ]]
	[[ "$(replies "$COLLECT -w 1 bas")" == *bash* ]]
	assert_replies "$COLLECT -p 0x80:0x40=start_kernel -T 5 -- $REPORT s" sessions show sql summary
	assert_replies "$COLLECT -p mmio:0xd0000:7=ready $REPORT -f " csv json markdown table
	# --ab: the candidate's command after a lone ':::'.
	assert_replies "$COLLECT --ab -n 2 -- $REPORT -f csv ::: $REPORT -f c" csv
	[[ "$(replies "$COLLECT --ab -n 2 -- true ::: bas")" == *bash* ]]
	# The VMM's arguments are not ours.
	[[ "$(replies "$COLLECT -n 2 -- true --ru")" != *--runs* ]]
	# --merge: every word after it is a database to merge, never a command.
	touch host1.db host2.db
	assert_replies "$COLLECT -d fleet.db --merge host" host1.db host2.db
	assert_replies "$COLLECT -d fleet.db --merge host1.db host" host1.db host2.db
	assert_replies "$COLLECT -d fleet.db --merge host1.db bas"
}

@test "kvmboot-report: global options, commands, formats" {
	assert_replies "$REPORT -" $("$REPORT" --help | sed '/^commands:/q' | "$OPTION_NAMES")
	assert_replies "$REPORT " $(report_commands)
	assert_replies "$REPORT -f csv s" sessions show sql summary
	assert_replies "$REPORT -f " $("$REPORT" --help | head -n 1 | grep -oP '\[-f \K[a-z|]+' | tr '|' ' ')
	assert_replies "$REPORT --format=j" json
	assert_replies "$REPORT sessions -f m" markdown
	# export's own format, beside the global ones; not elsewhere.
	assert_replies "$REPORT export -f " csv json markdown openmetrics table
	assert_replies "$REPORT export --format=o" openmetrics
	assert_replies "$REPORT runs -f o"
	# sql's query from a file.
	touch q.sql
	assert_replies "$REPORT sql --file q" q.sql
}

@test "kvmboot-report: each command's options are those of its --help" {
	local cmd
	for cmd in $(report_commands); do
		assert_replies "$REPORT $cmd -" $("$REPORT" "$cmd" --help | "$OPTION_NAMES")
		assert_replies "$REPORT -f csv $cmd --tag k=v -" $("$REPORT" "$cmd" --help | "$OPTION_NAMES")
	done
}

@test "kvmboot-report: the choices its help gives: plot kinds, --by, --status, compare's and gate's forms" {
	assert_replies "$REPORT plot " dist timeline trend
	assert_replies "$REPORT plot trend --by " $("$REPORT" plot --help | grep -oP -- '--by \K[a-z:|A-Z]+' | tr '|' '\n' | sed 's/:.*/:/' | sort -u)
	assert_replies "$REPORT summary --by s" session
	assert_replies "$REPORT runs --status " all ok
	assert_replies "$REPORT compare " label: last last~ session: tag:
	assert_replies "$REPORT compare last " label: last last~ session: tag:
	assert_replies "$REPORT compare last last "
	assert_replies "$REPORT gate --baseline " label: last: session: tag:
	assert_replies "$REPORT gate -f j" json junit
	# --same: the keys gate lists when it refuses one.
	local db=$BATS_TEST_TMPDIR/fixture.db keys
	"$ROOT/tests/fixtures/make-db" "$db" "$ROOT/tests/fixtures/report.sql"
	run "$REPORT" -d "$db" gate --same bogus
	assert_failure 2
	keys=$(sed -n "s/.*'bogus' is not \(.*\) or \(.*\)$/\1, \2/p" <<<"$output" | tr -d ' ' | tr , ' ')
	[ -n "$keys" ]
	assert_replies "$REPORT gate --same " $keys
	assert_replies "$REPORT gate --same host,c" host,cmdline host,cpu
	touch chart.svg
	assert_replies "$REPORT plot trend -o ch" chart.svg
	# html's -o is a directory; its --by is its own, plot's is plot's
	mkdir charts
	assert_replies "$REPORT html -o ch" charts
	assert_replies "$REPORT html --by " host label tag:
	assert_replies "$REPORT html --pages " all
}

@test "labels, tags, session ids and milestones of the -d database, read-only" {
	collected_db
	# A host merged in from another, beside the one the collector ran on.
	sqlite3 "$DB" "UPDATE sessions SET host = 'ci-7' WHERE label = 'nightly'"
	local before
	before=$(dir_state)
	assert_replies "$REPORT -d $DB sessions --label " nightly 'seabios\ bzImage'
	assert_replies "$REPORT -d $DB sessions --label sea" 'seabios\ bzImage'
	assert_replies "$REPORT --db=$DB runs --label=n" nightly
	assert_replies "$REPORT summary -d $DB --session " 1 2
	assert_replies "$REPORT -d $DB show --tag " branch=main commit=1a2b3c
	# After '=' readline replaces only the rest of the word.
	assert_replies "$REPORT -d $DB show --tag commit=" 1a2b3c
	assert_replies "$REPORT -d $DB compare --milestone fw_" fw_do_boot fw_start
	assert_replies "$REPORT -d $DB summary --host " ci-7 "$(printf '%q' "$(uname -n)")"
	assert_replies "$REPORT -d $DB export -f openmetrics --host c" ci-7
	# compare's BASE and CAND: readline replaces what follows the ':'.
	assert_replies "$REPORT -d $DB compare label:" nightly 'seabios\ bzImage'
	assert_replies "$REPORT -d $DB compare label:nightly session:" 1 2
	assert_replies "$REPORT -d $DB compare tag:c" commit=1a2b3c
	# gate's CAND (ids, or a form) and --baseline.
	assert_replies "$REPORT -d $DB gate " 1 2 last last~ tag:
	assert_replies "$REPORT -d $DB gate --baseline label:s" 'seabios\ bzImage'
	# The collector completes labels and tags from the database it writes.
	assert_replies "$COLLECT -d $DB -l " nightly 'seabios\ bzImage'
	assert_replies "$COLLECT -n 2 --db $DB --tag b" branch=main
	# $KVMBOOT_DB, then ./kvmboot.db, as the binaries choose.
	[ "$(KVMBOOT_DB=$DB replies "$REPORT sessions --label n")" = nightly ]
	[ "$(cd "$(dirname "$DB")" && cp boots.db kvmboot.db && replies "$REPORT sessions --label n"; rm -f kvmboot.db)" = nightly ]
	# Completing wrote nothing: the same files, sizes, times and contents.
	[ "$(dir_state)" = "$before" ]
}

@test "a missing database gives no label and is not created" {
	assert_replies "$REPORT -d $BATS_TEST_TMPDIR/none.db sessions --label "
	assert_replies "$COLLECT -d $BATS_TEST_TMPDIR/none.db -l "
	assert_replies "$REPORT sessions --label "
	[ ! -e "$BATS_TEST_TMPDIR/none.db" ]
	[ ! -e "$BATS_TEST_TMPDIR/kvmboot.db" ]
	[ -z "$(ls -A "$BATS_TEST_TMPDIR")" ]
}

@test "a label with quotes, a backslash or a line end completes safely or not at all" {
	local db=$BATS_TEST_TMPDIR/hostile.db
	"$ROOT/tests/fixtures/make-db" "$db" /dev/null
	sqlite3 "$db" "INSERT INTO sessions (uuid, started_at, host, host_kernel, kvmboot_version, label,
		vmm_command, vmm_binary, vmm_user, point_table, trace_clock, runs_requested, warmup, timeout_ns)
		VALUES ('u1', '2026-11-01T10:00:00.000Z', 'h', 'k', '0', 'it''s \"a\" \\ \$(touch pwned)', 'q', 'q', 'u', 'qboot', 'mono', 1, 0, 1),
		       ('u2', '2026-11-01T11:00:00.000Z', 'h', 'k', '0', 'two' || char(10) || 'lines', 'q', 'q', 'u', 'qboot', 'mono', 1, 0, 1),
		       ('u3', '2026-11-01T12:00:00.000Z', 'h', 'k', '0', '=1+2', 'q', 'q', 'u', 'qboot', 'mono', 1, 0, 1)"
	run replies "$REPORT -d $db sessions --label "
	assert_success
	assert_output "$(printf '%q\n' "it's \"a\" \\ \$(touch pwned)" '=1+2' | sort)"
	[ ! -e pwned ]
	# What the shell makes of the reply is the label itself.
	eval "set -- $(replies "$REPORT -d $db sessions --label it")"
	[ "$1" = "it's \"a\" \\ \$(touch pwned)" ]
	[ ! -e pwned ]
}

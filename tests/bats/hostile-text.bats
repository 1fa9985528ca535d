#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile text stays text: a database filled by the real collector with a
# hostile milestone name, label, tag and guest console text, then every
# command in every format: json parses, csv records have the header's field
# count, table and markdown hold no control character, charts draw and run
# nothing.

load helpers

CHECK=$ROOT/tests/tools/output-check

# Marker files that a command run by gnuplot or a shell would create: a
# short path of fixed length (names hold it, and a name has 63 bytes at
# most), the same in every test of the run.
PWN=/tmp/kvmboot-pwn-${BATS_RUN_TMPDIR##*-}

# Milestone names: a quote first, then what gnuplot, shells, csv and
# markdown take for syntax; one a spreadsheet takes for a formula; UTF-8
# whose bytes include 0x80-0x9f inside characters (the euro sign).
NAME1="'m\"s\\\$x;|,=@GPVAL_PWD \`touch $PWN/n\`"
NAME2="=cmd|' /C calc'!A0"
NAME3=$'\xc3\xa9\xe2\x9c\x93\xe2\x82\xac'
MATCH="'console \"m\" |,;\$x"	# a --match milestone
LABEL1="'lab\"el\\ \$HOME \`touch $PWN/l\`; system(\"touch $PWN/s\") @GPVAL_PWD"$'\nset output \'/tmp/x.png\'\n\x1b[31mred\x07 \x9b1m \xc2\x9b2m \x7f,|=x'
LABEL2='=HYPERLINK("http://example.invalid","x")'
TAG=$'-2+3\x1b]0;pwn\x07|,"\xc2\x85'
# Console text as the guest writes it (mkseq's printf %b escapes): C1 raw
# and in UTF-8, DEL, a tab, a byte that is not UTF-8, csv and markdown syntax.
CONSOLE='C1raw \x9b31m C1utf8 \xc2\x9b32m del \x7f tab \t |pipe| ,comma, "q" =1+2 bad \xff\n'

setup_file() {
	[ "$(id -u)" = 0 ] && [ -c /dev/kvm ] || return 0
	export DB="$BATS_FILE_TMPDIR/boots.db" KVMBOOT_DB="$BATS_FILE_TMPDIR/boots.db"
	local BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR MARK=kvmboot-hostile-$$ guest
	mkdir -p "$PWN"
	guest=$(synth_qemu 0xf5:1 "text:0x402:$CONSOLE" 0xf4:7 0xf4:8 0xf4:9 0xf5:5)
	"$COLLECT" -q -n 3 --ok-exit 1 -p "0xf4:7=$NAME1" -p "0xf4:8=$NAME2" -p "0xf4:9=$NAME3" \
		--match "C1raw=$MATCH" -l "$LABEL1" -t "commit=$TAG" -- $guest \
		2>> "$BATS_FILE_TMPDIR/collect.log" || true
	"$COLLECT" -q -n 3 --ok-exit 1 -p "0xf4:7=$NAME1" -p "0xf4:8=$NAME2" -p "0xf4:9=$NAME3" \
		-l "$LABEL2" -t commit=plain -- $guest 2>> "$BATS_FILE_TMPDIR/collect.log" || true
}

teardown_file() {
	rm -rf "$PWN"
}

setup() {
	require_tracing
	export DB="$BATS_FILE_TMPDIR/boots.db" KVMBOOT_DB="$BATS_FILE_TMPDIR/boots.db"
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM runs WHERE status = 'ok'")" = 6 ] ||
		{ cat -v "$BATS_FILE_TMPDIR/collect.log"; return 1; }
	OUT=$BATS_TEST_TMPDIR
}

# Stdin as UTF-8, each byte that is not UTF-8 as U+FFFD.
as_utf8() {
	python3 -c 'import sys; sys.stdout.write(sys.stdin.buffer.read().decode("utf-8", "replace"))'
}

# No command run from the database's text created a marker.
assert_nothing_ran() {
	[ -z "$(ls -A "$PWN")" ] || { ls -la "$PWN"; return 1; }
	[ ! -e /tmp/x.png ]
}

# The commands to check, one per line (arguments split at spaces).
commands() {
	cat <<-'EOF'
	sessions
	runs
	show
	show 1
	summary
	summary --by label
	summary --by session
	summary --by day
	summary --by tag:commit
	compare session:1 session:2
	gate --baseline session:1 2
	gate --baseline session:1 2 --milestones
	time
	export
	console 1
	sql SELECT_LABELS
	sql SELECT_ALIASES
	changes
	changes --since 2000-01-01
	EOF
}

# Exit statuses that are answers, not failures: 1 (compare or gate found a
# regression or failed boots), 3 (3 boots a side cannot decide).
status_allowed() {
	[ "$1" = 1 ] || [ "$1" = 3 ]
}

# Runs kvmboot-report -f FORMAT with COMMAND (a line of commands()).
report() {
	local format=$1 args
	read -r -a args <<< "$2"
	case ${args[1]:-} in
	SELECT_LABELS) args[1]="SELECT label, label AS 'l\"a,b|c', (SELECT group_concat(text) FROM console_lines) AS console, -1 AS minus FROM sessions" ;;
	SELECT_ALIASES) args[1]=$'SELECT 1 AS "=a""b,c|d\x1b[2J\x9b", \'\xc2\x9b\' AS "e\x07"' ;;
	esac
	"$REPORT" -f "$format" "${args[@]}"
}

@test "the database holds the hostile names, label, tag and console text as given" {
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM milestones WHERE name IN ('$(sed "s/'/''/g" <<< "$NAME1")', '$(sed "s/'/''/g" <<< "$NAME2")', '$NAME3')")" = 3 ]
	[ "$(sqlite3 "$DB" "SELECT hex(label) FROM sessions WHERE id = 1")" = "$(printf '%s' "$LABEL1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ]
	[ "$(sqlite3 "$DB" "SELECT hex(value) FROM session_tags WHERE session_id = 1")" = "$(printf '%s' "$TAG" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ]
	# The console line as the guest wrote it (the collector keeps C1, DEL,
	# tabs and bytes that are not UTF-8; it drops only C0 and ESC sequences).
	[ "$(sqlite3 "$DB" "SELECT hex(text) FROM console_lines WHERE run_id = 1")" = "$(printf '%b' "${CONSOLE%\\n}" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ]
	[ "$(sqlite3 "$DB" "SELECT count(*) FROM run_points WHERE name = '$(sed "s/'/''/g" <<< "$MATCH")'")" = 3 ]
}

# The sanitized run of make check leaves this test out: the last test of
# the file runs each of its kvmboot-report commands on the same database.
# bats test_tags=sanitized-elsewhere
@test "json: every command's output parses, names and text come back exact" {
	local cmd
	while read -r cmd; do
		report json "$cmd" > "$OUT/out.json" || status_allowed $? || { echo "failed: $cmd"; return 1; }
		"$CHECK" json "$OUT/out.json" > /dev/null || { echo "in: $cmd"; return 1; }
	done < <(commands)
	run "$REPORT" -f json runs
	assert_success
	[ "$(jq -r --arg n "${NAME1}_ns" '.rows[0] | has($n)' <<< "$output")" = true ]
	[ "$(jq -r --arg n "${NAME2}_ns" '.rows[0] | has($n)' <<< "$output")" = true ]
	[ "$(jq -r --arg n "${NAME3}_ns" '.rows[0] | has($n)' <<< "$output")" = true ]
	# Text comes back exact, but for each byte that is not UTF-8: U+FFFD.
	run "$REPORT" -f json sessions
	[ "$(jq -r '.rows[0].label' <<< "$output")" = "$(printf '%s' "$LABEL1" | as_utf8)" ]
	# Tags are an object: the hostile value comes back as its own string.
	[ "$(jq -r '.rows[0].tags.commit' <<< "$output")" = "$(printf '%s' "$TAG" | as_utf8)" ]
	run "$REPORT" -f json console 1
	[ "$(jq -r '.rows[0].text' <<< "$output")" = "$(printf '%b' "${CONSOLE%\\n}" | as_utf8)" ]
	grep -q '\\u009b32m' <<< "$output"
	grep -q '\\u007f' <<< "$output"
}

# The sanitized run of make check leaves this test out: the last test of
# the file runs each of its kvmboot-report commands on the same database.
# bats test_tags=sanitized-elsewhere
@test "csv: every record has the header's field count; names quoted; formulas defused" {
	local cmd
	while read -r cmd; do
		report csv "$cmd" > "$OUT/out.csv" || status_allowed $? || { echo "failed: $cmd"; return 1; }
		"$CHECK" csv "$OUT/out.csv" > /dev/null || { echo "in: $cmd"; return 1; }
	done < <(commands)
	run "$REPORT" -f csv runs
	assert_success
	header=$(head -1 <<< "$output" | "$CHECK" csv)
	jq -e --arg n "${NAME1}_ns" 'index($n) != null' <<< "$header"
	jq -e --arg n "'${NAME2}_ns" 'index($n) != null' <<< "$header"	# a formula: quoted
	# The label that is a formula gets its quote; a negative number does not.
	report csv "sql SELECT_LABELS" > "$OUT/labels.csv"
	python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", errors="surrogateescape")))
assert rows[2][0] == "\x27" + sys.argv[2], rows[2][0]
assert rows[1][3] == "-1" and rows[2][3] == "-1", rows
assert rows[0][1] == "l\"a,b|c", rows[0]' "$OUT/labels.csv" "$LABEL2"
}

# The sanitized run of make check leaves this test out: the last test of
# the file runs each of its kvmboot-report commands on the same database.
# bats test_tags=sanitized-elsewhere
@test "table and markdown: no control character reaches the terminal; markdown keeps its columns" {
	local cmd f
	for f in table markdown; do
		while read -r cmd; do
			report $f "$cmd" > "$OUT/out.$f" || status_allowed $? || { echo "failed: $cmd"; return 1; }
			"$CHECK" $f "$OUT/out.$f" > /dev/null || { echo "in: -f $f $cmd"; return 1; }
		done < <(commands)
	done
	# The names are there, as written (no control character in them).
	run "$REPORT" show 1
	assert_output --partial "$NAME1"
	assert_output --partial "$NAME2"
	assert_output --partial "$NAME3"
	# The label in show's caption: blanked, not cut.
	assert_output --partial "@GPVAL_PWD set output '/tmp/x.png'  [31mred   1m  2m  ,|=x', boot 1, ok"
	# The console line, blanked byte for byte (C1 raw and in UTF-8, DEL, tab).
	run "$REPORT" console 1
	assert_output --partial 'C1raw  31m C1utf8  32m del   tab   |pipe| ,comma, "q" =1+2 bad '$'\xef\xbf\xbd'
	# Markdown: pipes escaped in names and cells.
	run "$REPORT" -f markdown runs
	assert_output --partial '=cmd\|'
	run "$REPORT" -f markdown sessions
	assert_output --partial ',\|=x'
	# JUnit XML parses with the hostile milestone names as test cases
	"$REPORT" -f junit gate --baseline session:1 2 --milestones > "$OUT/gate.xml" || status_allowed $?
	python3 -c '
import sys, xml.etree.ElementTree as ET
names = [c.get("name") for c in ET.parse(sys.argv[1]).iter("testcase")]
assert sys.argv[2] in names and sys.argv[3] in names, names' "$OUT/gate.xml" "$NAME2" "$NAME3"
}

@test "charts with hostile names and labels draw, and nothing in them runs" {
	local kind ext
	for ext in png svg; do
		for kind in "trend" "trend --milestone $NAME1" "timeline 1" "timeline --by label" \
			    "dist --by label" "dist --by tag:commit --milestone $NAME2"; do
			read -r -a args <<< "${kind%% --milestone*}"
			[[ $kind == *--milestone* ]] && args+=(--milestone "${kind#* --milestone }")
			run "$REPORT" plot "${args[@]}" -o "$OUT/chart.$ext"
			assert_success
			[ -s "$OUT/chart.$ext" ]
			assert_nothing_ran
		done
	done
	# The SVG is well-formed XML, and the names are drawn as written.
	"$REPORT" plot trend -o "$OUT/trend.svg"
	"$REPORT" plot timeline 1 -o "$OUT/timeline.svg"
	python3 -c 'import sys, xml.etree.ElementTree as ET
for path, want in ((sys.argv[1], sys.argv[3:]), (sys.argv[2], [sys.argv[3]])):
    text = " ".join(t for t in ET.parse(path).getroot().itertext())
    for w in want:
        assert w in text, (path, w)' "$OUT/trend.svg" "$OUT/timeline.svg" "$NAME1" "$NAME2" "$NAME3"
	# --script keeps a script that draws the same chart again, running nothing.
	run "$REPORT" plot timeline --by label -o "$OUT/kept.png" --script
	assert_success
	rm "$OUT/kept.png"
	(cd "$OUT" && gnuplot kept.gp)
	[ -s "$OUT/kept.png" ]
	assert_nothing_ran
}

@test "-p and --match names with control characters: exit 2, shown escaped, nothing stored" {
	local before spec
	before=$(sha256sum "$DB")
	for spec in $'0xf4:7=a\x1b[2Jb' $'0xf4:7=bell\x07' $'0xf4:7=a\nb' $'0xf4:7=del\x7f' \
		    $'0xf4:7=c1\xc2\x9b' $'0xf4:7=raw\x9b' $'0xf4:7=latin1\xe9'; do
		run "$COLLECT" -n 1 -p "$spec" -- true
		assert_failure 2
		[ "${#lines[@]}" = 1 ]
		assert_output --partial "(a name is UTF-8 text without control characters)"
		"$CHECK" table <<< "$output"
	done
	run "$COLLECT" -n 1 -p $'0xf4:7=a\x1b[2Jb' -- true
	assert_output "kvmboot-collect: --point: point name 'a\\x1b[2Jb': a control character at byte 1 (a name is UTF-8 text without control characters)"
	run "$COLLECT" -n 1 --match $'x=a\x9bb' -- true
	assert_failure 2
	assert_output "kvmboot-collect: --match: 'x=a\\x9bb' is not REGEX=NAME (NAME: UTF-8 text without control characters)"
	[ "$(sha256sum "$DB")" = "$before" ]
}

# Under sanitizers, the commands of the tests above (tagged
# sanitized-elsewhere): every line of commands() in every format, and
# gate's JUnit XML.
@test "every command in every format survives the hostile database" {
	local cmd f
	for f in table csv json markdown junit; do
		while read -r cmd; do
			[ $f != junit ] || [[ $cmd == gate* ]] || continue
			report $f "$cmd" > /dev/null 2> "$OUT/err" || [ $? -le 3 ] || { cat "$OUT/err"; return 1; }
			! grep -E 'runtime error|Sanitizer' "$OUT/err" || return 1
		done < <(commands)
	done
}

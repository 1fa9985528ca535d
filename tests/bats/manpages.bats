#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The manual pages (man/*.scd) build, render without a warning, and say
# exactly what the binaries take: every option --help names is defined in
# the page and the reverse, per command for kvmboot-report; every table,
# view and column of the database is in kvmboot(5). Whoever adds an option,
# a command or a column documents it there, or these tests fail.

load helpers

MAN=$ROOT/man
OPTION_NAMES=$ROOT/tests/tools/option-names

# The lines of scdoc section HEADING ("# NAME" or "## NAME"; for "## " the
# first word after it is enough) of FILE, up to the next heading at its
# level or above.
scd_section() {
	awk -v want="$2" '
		function level(l) { match(l, /^#+ /); return RLENGTH - 1 }
		/^#+ / {
			if (inside && level($0) <= depth)
				exit
			split($0, w, " ")
			if (!inside && ($0 == want || w[1] " " w[2] == want)) {
				inside = 1
				depth = level($0)
				next
			}
		}
		inside { print }' "$1"
}

# The subsection headings ("## NAME ...") of section SECTION of FILE: NAMEs.
scd_subsections() {
	scd_section "$1" "$2" | awk '/^## / { print $2 }'
}

# Compares two lists of options; WHAT says what differs, and how to fix it.
same_options() {
	local what=$1 expected=$2 actual=$3
	if [ "$expected" != "$actual" ]; then
		echo "$what"
		diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") || true
		return 1
	fi
}

# Options a kvmboot-report command's --help names, without the global ones.
command_help_options() {
	"$REPORT" "$1" --help | "$OPTION_NAMES" | grep -vxF -f <(global_options) || true
}

# The options of the report's OPTIONS section (the global ones).
global_options() {
	scd_section "$MAN/kvmboot-report.1.scd" "# OPTIONS" | "$OPTION_NAMES" --defined
}

# The commands `kvmboot-report --help` lists.
report_commands() {
	"$REPORT" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit }
		on && /^  [a-z]/ { print $1 }'
}

@test "make builds every manual page; man renders each without a warning" {
	local page name
	for page in kvmboot-collect.1 kvmboot-report.1 kvmboot-stap.1 kvmboot.5; do
		[ -s "$ROOT/build/man/$page" ] || { echo "build/man/$page is missing: run make"; return 1; }
		[ "$ROOT/build/man/$page" -nt "$MAN/$page.scd" ] || { echo "build/man/$page is older than its source: run make"; return 1; }
		run bash -c "MANWIDTH=80 man --warnings -l '$ROOT/build/man/$page' 2>&1 >/dev/null"
		assert_success
		assert_output ""
		name=${page%.*}
		# What mandb's whatis database reads from the NAME section.
		run lexgrog "$ROOT/build/man/$page"
		assert_success
		assert_output --regexp "\"$name - .+\"$"
		run bash -c "MANWIDTH=80 man -l '$ROOT/build/man/$page' 2>/dev/null"
		assert_line --index 0 --regexp "^$name\(${page##*.}\) "
		# The installed data directory is filled in, never left as a marker.
		refute_output --partial "@DATADIR@"
	done
}

@test "kvmboot-collect(1) defines exactly the options kvmboot-collect --help names" {
	same_options "options of --help (-) and of kvmboot-collect(1) (+) differ: document new options in man/kvmboot-collect.1.scd" \
		"$("$COLLECT" --help | "$OPTION_NAMES")" \
		"$("$OPTION_NAMES" --defined < "$MAN/kvmboot-collect.1.scd")"
}

@test "the --help of both binaries names every long option their parsers take" {
	# The parsers' tables of long options (struct option), read from the source.
	local dir src bin_help
	for dir in collector reporter; do
		src=$(grep -rl --include='*.c' 'struct option long_options\[\]' "$ROOT/$dir")
		[ -n "$src" ] || { echo "no table of long options in $dir/"; return 1; }
		if [ "$dir" = collector ]; then
			bin_help=$("$COLLECT" --help)
		else
			bin_help=$("$REPORT" --help; for c in $(report_commands); do "$REPORT" "$c" --help; done)
		fi
		same_options "long options of $dir/ (-) missing from --help (+): say what they do there" \
			"$(cat $src | grep -oP '^\s*\{ "\K[a-z][a-z0-9-]*(?=", (no|required|optional)_argument)' | sed 's/^/--/' | sort -u)" \
			"$(printf '%s\n' "$bin_help" | "$OPTION_NAMES" | grep '^--' | grep -vxF -- '--' )"
	done
}

@test "kvmboot-report(1) defines exactly the options of --help and of every command's --help" {
	local all
	all=$("$REPORT" --help; for c in $(report_commands); do "$REPORT" "$c" --help; done)
	same_options "options of kvmboot-report's helps (-) and of kvmboot-report(1) (+) differ: document them in man/kvmboot-report.1.scd" \
		"$(printf '%s\n' "$all" | "$OPTION_NAMES")" \
		"$("$OPTION_NAMES" --defined < "$MAN/kvmboot-report.1.scd")"
}

@test "kvmboot-report(1): OPTIONS defines exactly the options --help names before its commands" {
	same_options "global options of --help (-) and OPTIONS of kvmboot-report(1) (+) differ" \
		"$("$REPORT" --help | sed '/^commands:/q' | "$OPTION_NAMES")" \
		"$(global_options)"
}

@test "kvmboot-report(1): a subsection per command, with exactly the options of COMMAND --help" {
	local scd=$MAN/kvmboot-report.1.scd cmd heading documented
	same_options "commands of --help (-) and subsections of COMMANDS in kvmboot-report(1) (+) differ" \
		"$(report_commands | sort)" "$(scd_subsections "$scd" "# COMMANDS" | sort)"
	for cmd in $(report_commands); do
		heading=$(scd_section "$scd" "# COMMANDS" | grep -m1 "^## $cmd\b")
		# A command whose synopsis says SELECT takes the SELECTION options.
		documented=$({
			scd_section "$scd" "# COMMANDS" | scd_section /dev/stdin "## $cmd" | "$OPTION_NAMES"
			[[ $heading == *SELECT* ]] && scd_section "$scd" "# SELECTION" | "$OPTION_NAMES" --defined
		} | sort -u | grep -vxF -f <(global_options) || true)
		same_options "options of '$cmd --help' (-) and of its subsection in kvmboot-report(1) (+) differ" \
			"$(command_help_options "$cmd")" "$documented"
	done
}

@test "kvmboot-report: each command's --help names every option the command takes" {
	local db=$BATS_TEST_TMPDIR/empty.db cmd opt named commands options
	"$ROOT/tests/fixtures/make-db" "$db" /dev/null
	# Each option gets the value x: export -o x writes ./x, here, not in the tree.
	cd "$BATS_TEST_TMPDIR"
	commands=$(report_commands)
	# The options --help names (its list of commands has -o too), the long
	# options of every command's --help; not the global ones.
	options=$({ "$REPORT" --help | "$OPTION_NAMES"; for cmd in $commands; do
			"$REPORT" "$cmd" --help | "$OPTION_NAMES" | grep '^--'; done; } | sort -u |
		grep -vxF -f <(global_options))
	for cmd in $commands; do
		named=$("$REPORT" "$cmd" --help | "$OPTION_NAMES")
		# The parser says "does not apply" to an option the command does not take.
		for opt in $options; do
			run "$REPORT" -d "$db" "$cmd" "$opt" x
			if [[ $output != *"does not apply to '$cmd'"* ]]; then
				grep -qxF -- "$opt" <<<"$named" || { echo "'$cmd' takes $opt, but '$cmd --help' does not say so"; return 1; }
			else
				! grep -qxF -- "$opt" <<<"$named" || { echo "'$cmd --help' names $opt, which '$cmd' refuses"; return 1; }
			fi
		done
	done
}

@test "kvmboot(5) documents every table, view and column of a new database, and no other" {
	local db=$BATS_TEST_TMPDIR/new.db scd=$MAN/kvmboot.5.scd name
	"$ROOT/tests/fixtures/make-db" "$db" /dev/null
	same_options "tables (-) and subsections of TABLES in kvmboot(5) (+) differ" \
		"$(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")" \
		"$(scd_subsections "$scd" "# TABLES" | sort)"
	same_options "views (-) and subsections of VIEWS in kvmboot(5) (+) differ" \
		"$(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name")" \
		"$(scd_subsections "$scd" "# VIEWS" | sort)"
	for name in $(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"); do
		same_options "columns of $name (-) and of its subsection in kvmboot(5) (+) differ" \
			"$(sqlite3 "$db" "SELECT name FROM pragma_table_info('$name') ORDER BY name")" \
			"$({ scd_section "$scd" "# TABLES"; scd_section "$scd" "# VIEWS"; } |
				scd_section /dev/stdin "## $name" | awk '/^\t/ && prev ~ /^\*/ { print prev } { prev = $0 }' |
				grep -oP '(?<=^|, )\*\K[a-z_0-9]+(?=\*)' | sort -u)"
	done
}

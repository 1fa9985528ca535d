#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot-report plot: charts from databases filled by the real collector,
# checked as files (PNG header, SVG text), and gnuplot kept on a leash.

load helpers

# One database for the file: fast, fast, slow sessions and one whose label
# is hostile to scripts and shells. (Too few sessions for a change point:
# changes.bats has the trend chart's change points.)
setup_file() {
	command -v gnuplot >/dev/null || return 0
	[ "$(id -u)" = 0 ] && [ -c /dev/kvm ] || return 0
	export DB="$BATS_FILE_TMPDIR/boots.db" KVMBOOT_DB="$BATS_FILE_TMPDIR/boots.db"
	MARK=kvmboot-plot-$$
	local fast slow BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR	# unset here: synth_qemu's files
	fast=$(synth_qemu 0xf5:1 delay:1 0xf5:5 0xf4:6 0xf4:7)
	slow=$(synth_qemu 0xf5:1 delay:6 0xf5:5 0xf4:6 0xf4:7)
	# 6 boots a session: the least for which a step can be called a regression
	"$COLLECT" -q -n 6 --ok-exit 1 -l fast -t commit=a1 -- $fast || true
	"$COLLECT" -q -n 6 --ok-exit 1 -l fast -t commit=a2 -- $fast || true
	"$COLLECT" -q -n 6 --ok-exit 1 -l slow -t commit=b1 -- $slow || true
	"$COLLECT" -q -n 3 --ok-exit 1 -t commit=evil \
		-l $'it\'s "q" \\ `touch '"$BATS_FILE_TMPDIR"'/pwned1` system("touch '"$BATS_FILE_TMPDIR"'/pwned2") @x\nline2' \
		-- $fast || true
}

setup() {
	command -v gnuplot >/dev/null || skip "needs gnuplot (Debian package gnuplot-nox)"
	require_tracing
	export DB="$BATS_FILE_TMPDIR/boots.db" KVMBOOT_DB="$BATS_FILE_TMPDIR/boots.db"
	[ "$(sqlite3 "$DB" 'SELECT count(*) FROM runs')" = 21 ]
	export TMPDIR=$BATS_TEST_TMPDIR/tmp
	mkdir -p "$TMPDIR"
	OUT=$BATS_TEST_TMPDIR
}

# A PNG of 1200x700: signature, then the IHDR width and height.
assert_png() {
	[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
	[ "$(od -An -tu1 -j16 -N8 "$1" | tr -s ' ' | sed 's/^ //')" = "0 0 4 176 0 0 2 188" ]
}

assert_svg() {
	head -c 200 "$1" | grep -q '<?xml'
	grep -q '<svg' "$1"
	grep -q 'width="1200"' "$1"
	grep -q 'height="700"' "$1"
	grep -q '</svg>' "$1"
}

# The private temporary directory of gnuplot's script is gone.
assert_no_temporary() {
	[ -z "$(ls "$TMPDIR")" ]
}

@test "plot trend: PNG and SVG, milestones as written, segment steps" {
	run "$REPORT" plot trend -o "$OUT/trend.png"
	assert_success
	assert_output "$OUT/trend.png"
	assert_png "$OUT/trend.png"
	run "$REPORT" plot trend -o "$OUT/trend.svg"
	assert_success
	assert_svg "$OUT/trend.svg"
	grep -q 'median time to each milestone by session' "$OUT/trend.svg"
	grep -q '>linux_start_kernel<' "$OUT/trend.svg"	# underscores kept: noenhanced
	grep -q 'time since the VMM' "$OUT/trend.svg"
	grep -q '(ms)' "$OUT/trend.svg"
	grep -q '#3 slow' "$OUT/trend.svg"
	grep -q 'steps: median between change points' "$OUT/trend.svg"
	! grep -q 'change point:' "$OUT/trend.svg"	# four sessions: too few for one
	assert_no_temporary
}

@test "plot trend: like sessions; one phase; --by tag" {
	run "$REPORT" plot trend --label fast --phase fw_start..fw_do_boot -o "$OUT/fast.svg"
	assert_success
	assert_svg "$OUT/fast.svg"
	grep -q 'fw_start..fw_do_boot by session' "$OUT/fast.svg"
	grep -q 'phase duration (ms)' "$OUT/fast.svg"
	! grep -q 'change point:' "$OUT/fast.svg"
	run "$REPORT" plot trend --by tag:commit --milestone linux_start_user -o "$OUT/tag.png"
	assert_success
	assert_png "$OUT/tag.png"
}

@test "plot timeline: one boot as a waterfall, and median boots stacked" {
	local run_id
	run_id=$(sqlite3 "$DB" "SELECT min(r.id) FROM runs r JOIN sessions s ON s.id = r.session_id WHERE s.label = 'slow'")
	run "$REPORT" plot timeline "$run_id" -o "$OUT/one.svg"
	assert_success
	assert_svg "$OUT/one.svg"
	grep -q "boot timeline of run $run_id: session 3 'slow'" "$OUT/one.svg"
	grep -Eq 'fw_start..fw_do_boot  [0-9]+\.[0-9]{3} ms' "$OUT/one.svg"
	grep -q 'time since the VMM' "$OUT/one.svg"
	run "$REPORT" plot timeline --by label -o "$OUT/stacked.png"
	assert_success
	assert_png "$OUT/stacked.png"
	run "$REPORT" plot timeline --by label -o "$OUT/stacked.svg"
	grep -q 'fast (median of 12)' "$OUT/stacked.svg"
	grep -q 'slow (median of 6)' "$OUT/stacked.svg"
	grep -q '>vmm_exec..vmm_init_end<' "$OUT/stacked.svg"
}

@test "plot dist: boxes for 10 boots and more, points below" {
	run "$REPORT" plot dist --by label -o "$OUT/dist.svg"
	assert_success
	assert_svg "$OUT/dist.svg"
	grep -q 'distribution of vmm_exit by label' "$OUT/dist.svg"
	grep -q 'fast (n=12)' "$OUT/dist.svg"
	grep -q 'slow (n=6)' "$OUT/dist.svg"
	grep -q 'each boot' "$OUT/dist.svg"
	run "$REPORT" plot dist --by tag:commit --milestone fw_do_boot -o "$OUT/dist.png"
	assert_success
	assert_png "$OUT/dist.png"
}

@test "hostile labels are drawn as text and run nothing" {
	for kind in trend dist; do
		run "$REPORT" plot $kind --by session -o "$OUT/evil-$kind.svg"
		assert_success
	done
	run "$REPORT" plot timeline --tag commit=evil --by label -o "$OUT/evil-timeline.svg"
	assert_success
	[ ! -e "$BATS_FILE_TMPDIR/pwned1" ]
	[ ! -e "$BATS_FILE_TMPDIR/pwned2" ]
	grep -q 'boot timeline of the median boot of it' "$OUT/evil-timeline.svg"
	grep -q 'touch' "$OUT/evil-timeline.svg"
	grep -q 'system(' "$OUT/evil-timeline.svg"
	grep -q 'line2' "$OUT/evil-timeline.svg"
}

@test "--script keeps the script beside the chart, and it draws the chart again" {
	run "$REPORT" plot dist --by label -o "$OUT/kept.png" --script
	assert_success
	assert_output "$OUT/kept.png
$OUT/kept.gp"
	grep -q '^\$box << EOD' "$OUT/kept.gp"	# the data is in the script
	rm "$OUT/kept.png"
	(cd "$OUT" && gnuplot kept.gp)
	assert_png "$OUT/kept.png"
}

@test "gnuplot missing or failing: a clear message, exit 2, nothing left" {
	run env PATH=/nonexistent "$REPORT" plot trend -o "$OUT/x.png"
	assert_failure 2
	assert_output "kvmboot-report: gnuplot is not installed: install the Debian package gnuplot-nox (apt-get install gnuplot-nox)"
	mkdir -p "$OUT/fake"
	printf '#!/bin/sh\necho "line 12: all went wrong" >&2\nexit 1\n' > "$OUT/fake/gnuplot"
	chmod +x "$OUT/fake/gnuplot"
	run env PATH="$OUT/fake:$PATH" "$REPORT" plot trend -o "$OUT/x.png"
	assert_failure 2
	assert_output "kvmboot-report: gnuplot failed: line 12: all went wrong"
	[ ! -e "$OUT/x.png" ]
	assert_no_temporary
}

@test "plot: bad input gives one message and exit 2" {
	local cases=(
		"plot trend|give the chart's file with -o FILE.png or -o FILE.svg"
		"plot trend -o $OUT/x.jpg|-o: '$OUT/x.jpg' must end in .png or .svg"
		"plot trend -o $OUT/no/such/dir/x.png|-o: cannot write '$OUT/no/such/dir/x.png': no directory"
		"plot trend --milestone fw_start --phase a..b -o $OUT/x.png|give one --milestone, --phase or --span"
		"plot dist --by label --span fw_start..nope -o $OUT/x.png|--span: no milestone 'nope' in the database"
		"plot trend --phase nope -o $OUT/x.png|--phase: 'nope' is not FROM..TO"
		"plot trend --milestone nope -o $OUT/x.png|--milestone: no milestone 'nope'"
		"plot trend --by label -o $OUT/x.png|plot trend: --by session, day or tag:KEY"
		"plot dist -o $OUT/x.png|plot dist needs --by"
		"plot pie -o $OUT/x.png|plot: 'pie' is not trend, timeline or dist"
		"plot trend 3 -o $OUT/x.png|usage: kvmboot-report plot trend [SELECT] ... -o FILE (only timeline takes a RUN)"
		"plot timeline 9999 -o $OUT/x.png|no boot '9999' in the database"
		"plot trend --label nope -o $OUT/x.png|no session has the label 'nope'"
	)
	local c
	for c in "${cases[@]}"; do
		run "$REPORT" ${c%%|*}
		assert_failure 2
		[ "${#lines[@]}" = 1 ] || { echo "$output"; return 1; }
		assert_output --partial "kvmboot-report: ${c#*|}"
	done
	[ ! -e "$OUT/x.png" ]
	assert_no_temporary
}

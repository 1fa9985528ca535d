#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot-report html: the report page, written from a real history of
# the synthetic guest (dated nights, a slower firmware from the ninth,
# hostile text in a label, a tag, a milestone name and a console line),
# loaded page by page in headless Chromium (tests/tools/site-check).

load helpers
bats_require_minimum_version 1.5.0	# run --separate-stderr

CHECK=$ROOT/tests/tools/site-check
GOOD=(0xf5:1 0xf5:5 0xf4:3 0xf4:6 delay:1 0xf4:7 exit:0)
SLOW=(0xf5:1 delay:8 0xf5:5 0xf4:3 0xf4:6 delay:1 0xf4:7 exit:0)
EVIL_LABEL='<script>alert(1)</script>'
EVIL_TAG='<img src=x onerror=alert(2)>'
EVIL_POINT='<b>point</b>&amp;'
EVIL_LINE='<script>alert(3)</script> & "quotes"'
# the gate's rule as gate.bats has it: the VMM's start-up here varies by tens of ms
GATE=(--min-change-ms 150)

# One history for the file: 12 nights of 'nightly' (6 boots each, the firmware
# slower from night 9: the gate finds it in the newest, changes where it
# started), 2 of 'other', one hostile session.
setup_file() {
	[ "$(id -u)" = 0 ] && [ -c /dev/kvm ] && command -v qemu-system-x86_64 >/dev/null || return 0
	local BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR BATS_TEST_NUMBER=0 good slow evil night
	common_setup
	export DB=$BATS_FILE_TMPDIR/history.db
	good=$(synth_qemu "${GOOD[@]}")
	slow=$(synth_qemu "${SLOW[@]}")
	evil=$(synth_qemu 0xf5:1 0xf5:5 "text:0x402:$EVIL_LINE\n" 0xf4:9 0xf4:3 0xf4:6 0xf4:7 exit:0)
	for night in $(seq 1 12); do
		$COLLECT -q -d "$DB" -n 6 -l nightly -t commit=c$night --ok-exit 1 -T 10 \
			--started-at "$(printf '2026-03-%02dT02:00' $night)" -- \
			$([ $night -ge 9 ] && echo $slow || echo $good) \
			|| return 1
	done
	for night in 1 2; do
		$COLLECT -q -d "$DB" -n 3 -l other --ok-exit 1 -T 10 \
			--started-at "2026-03-0${night}T03:00" -- $good || return 1
	done
	$COLLECT -q -d "$DB" -n 3 -l "$EVIL_LABEL" -t "commit=$EVIL_TAG" -p "0xf4:9=$EVIL_POINT" \
		--ok-exit 1 -T 10 --started-at 2026-03-12T04:00 -- $evil || return 1
}

setup() {
	require_tracing
	common_setup
	cp "$BATS_FILE_TMPDIR/history.db" "$DB"
	[ "$(sql "SELECT count(*) FROM sessions")" = 15 ] || skip "history incomplete"
	SITE=$BATS_TEST_TMPDIR/site
}

teardown() {
	kill_test_vmms
}

needs_chromium() {
	command -v chromium >/dev/null || skip "needs chromium (Debian package chromium)"
}

# The verdict word a session page gives, or "none".
page_verdict() {
	local word
	word=$(grep -o 'class="v v-[a-z]*">[a-z]*</span> against' "$SITE/session-$1.html" |
		sed 's/.*">\([a-z]*\)<.*/\1/')
	echo "${word:-none}"
}

@test "html: index, a page per series, per recent session and per boot of the newest" {
	run --separate-stderr "$REPORT" html -o "$SITE" "${GATE[@]}"
	assert_success
	assert_output "$SITE/index.html"
	[ -s "$SITE/index.html" ] && [ -s "$SITE/kvmboot.css" ] && [ -s "$SITE/.kvmboot-site" ]
	[ "$(ls "$SITE"/series-*.html | wc -l)" = 3 ]
	[ "$(ls "$SITE"/session-*.html | wc -l)" = 13 ]	# nightly's newest 10 (night 9 among them), 2 + 1
	# every boot of each series' newest session, and each session's median boot
	local newest
	newest=$(sql "SELECT id FROM sessions WHERE label = 'nightly' ORDER BY started_at DESC LIMIT 1")
	for run in $(sql "SELECT id FROM runs WHERE session_id = $newest"); do
		[ -s "$SITE/boot-$run.html" ]
	done
	# what regressed comes first: nightly, whose boot time rose at a change point among
	# its newest 7 sessions, is the first row, with the verdict gate gives its newest
	grep -o 'href="series-[^"]*"' "$SITE/index.html" | head -1 | grep -q 'series-nightly-'
	local word
	word=$("$REPORT" gate "session:$newest" "${GATE[@]}" | sed -n '1s/^gate: \([a-z]*\): .*/\1/p')
	[ -n "$word" ]
	grep '<tr><td><a href="series-nightly-' "$SITE/index.html" | grep -q "class=\"v v-$word\">$word<"
	# time's line, the session's facts, its gate, its waterfall on the session page
	grep -q 'Boot: .* (firmware) .* (medians of 6 boots)' "$SITE/session-$newest.html"
	grep -q 'qemu-system-x86_64' "$SITE/session-$newest.html"
	grep -q 'aria-label="the phases of the session&#39;s median boot"' "$SITE/session-$newest.html"
}

@test "html: every page loads in Chromium: no console error, every link and chart good, hostile text stays text" {
	needs_chromium
	"$REPORT" html -o "$SITE" "${GATE[@]}"
	run "$CHECK" "$SITE" --hostile "$EVIL_LABEL" --hostile "$EVIL_TAG" \
		--hostile "$EVIL_POINT" --hostile "$EVIL_LINE"
	echo "$output"
	assert_success
	assert_output --regexp $'\nsite-check: [0-9]+ pages, [0-9]+ charts, [0-9]+ links, 0 failed$'
	# each page was loaded, and charts were found on them
	local pages
	pages=$(ls "$SITE"/*.html | wc -l)
	assert_output --partial "site-check: $pages pages"
	[ "$(echo "$output" | sed -n 's/.* \([0-9]*\) charts,.*/\1/p' | tail -1)" -ge 30 ]
}

# A page of the site, copied under NAME with one defect put in by sed EXPR.
spoil() {
	sed "$2" "$SITE/index.html" > "$SITE/$1.html"
	! cmp -s "$SITE/index.html" "$SITE/$1.html"	# the defect is there
}

@test "html: site-check fails each kind of defect it is there to find" {
	needs_chromium
	"$REPORT" html -o "$SITE"
	spoil broken-link 's|href="series-|href="missing-|'
	spoil console-error 's|<head>|<head><script>console.error("boom")</script>|'
	spoil missing-css 's|kvmboot.css|nowhere.css|'
	spoil wrong-size 's|<svg |<svg style="width:10px" |'
	spoil empty-chart 's|</body>|<svg width="40" height="20" viewBox="0 0 40 20"></svg></body>|'
	spoil clipped-text 's|</body>|<svg width="40" height="20" viewBox="0 0 40 20"><rect width="4" height="4"/><text x="30" y="15">far too long a text</text></svg></body>|'
	spoil injected 's|</body>|<img src="kvmboot.css"></body>|'
	run "$CHECK" "$SITE" --hostile 'text on no page'
	echo "$output"
	assert_failure 1
	assert_line --regexp '^FAIL broken-link.html: link "missing-[^"]*" resolves to no page of the site'
	assert_line --regexp '^FAIL console-error.html: .*console.error: boom'
	assert_line --regexp '^FAIL console-error.html: .*injected: <script>'
	assert_line --regexp '^FAIL missing-css.html: .*load failed'
	assert_line --regexp '^FAIL wrong-size.html: chart ".*" drawn 10x'
	assert_line --regexp '^FAIL empty-chart.html: chart "" draws nothing'
	assert_line --regexp '^FAIL clipped-text.html: chart "": text "far too long a text" is cut'
	assert_line --regexp '^FAIL injected.html: .*injected: <img>'
	assert_line "FAIL hostile text 'text on no page' shows on no page"
	assert_line --regexp '^ok index.html: [0-9]+ charts, [0-9]+ links$'
	assert_line --regexp '^site-check: [0-9]+ pages, [0-9]+ charts, [0-9]+ links, 8 failed$'
}

@test "html: hostile text is escaped in the files themselves" {
	"$REPORT" html -o "$SITE" "${GATE[@]}"
	# no element they make: their '<' is a character reference everywhere
	run grep -rl -e '<script' -e '<img' -e '<b>point' -e '<[^>]* onerror=' "$SITE"
	assert_failure
	assert_output ""
	grep -rq '&lt;script&gt;alert(1)&lt;/script&gt;' "$SITE"	# the label
	grep -rq '&lt;img src=x onerror=alert(2)&gt;' "$SITE"	# the tag
	grep -rq '&lt;b&gt;point&lt;/b&gt;&amp;amp;' "$SITE"	# the milestone
	grep -rq '&lt;script&gt;alert(3)&lt;/script&gt; &amp; &quot;quotes&quot;' "$SITE"	# the console
}

@test "html: each session page's gate is what gate session:ID decides" {
	"$REPORT" html -o "$SITE" --pages all "${GATE[@]}"
	local id word checked=0
	for id in $(sql "SELECT id FROM sessions"); do
		run "$REPORT" gate "session:$id" "${GATE[@]}"
		if [ "$status" = 2 ]; then
			assert_output --partial "no baseline"
			word=none
		else
			word=$(echo "${lines[0]}" | sed -n 's/^gate: \([a-z]*\): .*/\1/p')
		fi
		[ "$(page_verdict "$id")" = "$word" ] || { echo "session $id: page $(page_verdict "$id"), gate $word"; return 1; }
		checked=$((checked + 1))
	done
	[ "$checked" = 15 ]
	# the slower firmware is found in its first night, against 7 nights before it
	[ "$(page_verdict "$(sql "SELECT id FROM sessions WHERE started_at LIKE '2026-03-09T02%'")")" = regressed ]
}

# The change points `changes -f csv ARGS` finds: "series|stage|session|+x.y%" lines.
changes_found() {
	"$REPORT" -f csv changes "$@" | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["kind"] == "change":
        print("%s|%s|%s|%+.1f%%" % (r["group"], r["measure"], r["session"], float(r["change"]) * 100))'
}

# The change points of series page FILE's table, as changes_found prints them for SERIES.
page_changes() {
	python3 - "$1" "$2" <<'EOF'
import html.parser, re, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.row = None; self.on = False; self.cell = None
    def handle_starttag(self, tag, attrs):
        if tag == 'h2': self.on = dict(attrs).get('id') == 'changes'
        if self.on and tag == 'tr': self.row = []
        if self.on and tag == 'td': self.cell = ''
    def handle_endtag(self, tag):
        if self.on and tag == 'td': self.row.append(self.cell.strip()); self.cell = None
        if self.on and tag == 'tr' and self.row: self.rows.append(self.row); self.row = None
    def handle_data(self, data):
        if self.cell is not None: self.cell += data
p = P(); p.feed(open(sys.argv[1]).read())
for r in p.rows:
    print('%s|%s|%s|%s' % (sys.argv[2], r[0], re.search(r'session (\d+)', r[1]).group(1), r[5]))
EOF
}

@test "html: change points as changes finds them, on the series page, the index and the session after" {
	"$REPORT" html -o "$SITE" --pages 2 "${GATE[@]}"
	local want at series
	want=$(changes_found "${GATE[@]}")
	# the slower firmware from night 9 is found, in the firmware or the total (changes
	# may place the step a night early when night 8 is odd among the fast nights)
	at=$(echo "$want" | sed -nE 's/^nightly\|(firmware|total)\|([0-9]+)\|\+[0-9.]+%$/\2/p' | head -1)
	[ -n "$at" ] || { echo "changes found: $want"; return 1; }
	[[ $(sql "SELECT started_at FROM sessions WHERE id = $at") == 2026-03-0[89]T02* ]]
	# the series page's table: the same change points (stage, session, change)
	series=$(ls "$SITE"/series-nightly-*.html)
	run page_changes "$series" nightly
	assert_success
	[ "$output" = "$(echo "$want" | grep '^nightly|')" ] || {
		diff <(echo "$output") <(echo "$want" | grep '^nightly|'); return 1; }
	# the session after it is not among the newest 2, yet has a page, linked from the chart's mark and the index
	[ -s "$SITE/session-$at.html" ]
	grep -qE "<a href=\"session-$at.html\"><g><title>(firmware|total): " "$series"
	grep '<tr><td><a href="series-nightly-' "$SITE/index.html" |
		grep -qE "(firmware|total) <span class=\"up\">\+[0-9.]+%</span> from <a href=\"session-$at.html\">"
	grep -qE 'A change point starts at this session: (firmware|total) <span class="up">' \
		"$SITE/session-$at.html"
	# a series without change points says so
	grep -q '<p>No change point in any stage.</p>' "$SITE"/series-other-*.html
}

@test "html: --min-change reaches the change points, and a new value draws every series again" {
	"$REPORT" html -o "$SITE" "${GATE[@]}" --min-change 1000
	grep -q 'a median change of 1000% and 150 ms or more' "$SITE"/series-nightly-*.html
	run page_changes "$(ls "$SITE"/series-nightly-*.html)" nightly
	[ "$output" = "$(changes_found "${GATE[@]}" --min-change 1000 | grep '^nightly|')" ]
	# the total rose by about 450%, short of 1000%
	! grep -q '<tr><td>total</td>' "$SITE"/series-nightly-*.html
	run "$REPORT" html -o "$SITE" "${GATE[@]}" --min-change 1000
	[ "${lines[0]}" = "kvmboot-report: html: 3 series, 0 drawn again, 0 old pages removed" ]
	run "$REPORT" html -o "$SITE" "${GATE[@]}"
	[ "${lines[0]}" = "kvmboot-report: html: 3 series, 3 drawn again, 0 old pages removed" ]
	run page_changes "$(ls "$SITE"/series-nightly-*.html)" nightly
	[ "$output" = "$(changes_found "${GATE[@]}" | grep '^nightly|')" ]
}

# A page's table with the given caption (or the first after the heading), as lines of cells.
table_rows() {
	python3 - "$1" "$2" <<'EOF'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.rows = []; self.row = None; self.cell = None; self.after = False; self.on = False
    def handle_starttag(self, tag, attrs):
        if tag == 'h2': self.heading = ''
        if tag == 'table' and self.after: self.on = True; self.after = False
        if self.on and tag == 'tr': self.row = []
        if self.on and tag == 'td': self.cell = ''
    def handle_endtag(self, tag):
        if tag == 'table': self.on = False
        if self.on and tag == 'td': self.row.append(self.cell.strip()); self.cell = None
        if self.on and tag == 'tr' and self.row: self.rows.append(self.row); self.row = None
    def handle_data(self, data):
        if self.cell is not None: self.cell += data
        if data.strip() == sys.argv[2]: self.after = True
p = P(); p.feed(open(sys.argv[1]).read())
for r in p.rows: print('|'.join(r))
EOF
}

@test "html: a session page's summary is summary --session ID's" {
	"$REPORT" html -o "$SITE" --pages all
	local id
	id=$(sql "SELECT id FROM sessions WHERE label = 'nightly' ORDER BY started_at LIMIT 1")
	run table_rows "$SITE/session-$id.html" Summary
	assert_success
	local page=$output
	[ "$(echo "$page" | wc -l)" -ge 15 ]	# milestones, phases, stages, vmm cpu
	run "$REPORT" -f markdown summary --session "$id"
	assert_success
	local want
	want=$(echo "$output" | grep '^| [^-*]' | grep -v '^| name ' | sed 's/^| //; s/ |$//; s/ *| */|/g')
	[ "$page" = "$want" ] || { diff <(echo "$page") <(echo "$want"); return 1; }
}

@test "html: run again, only what changed is drawn; pages no longer made are removed" {
	"$REPORT" html -o "$SITE" --pages 2 "${GATE[@]}"
	local nightly old_other first_other
	nightly=$(ls "$SITE"/series-nightly-*.html)
	first_other=$(sql "SELECT id FROM sessions WHERE label = 'other' ORDER BY started_at LIMIT 1")
	[ -s "$SITE/session-$first_other.html" ]
	touch -d '2000-01-01' "$nightly"
	run --separate-stderr "$REPORT" html -o "$SITE" --pages 2 "${GATE[@]}"
	assert_success
	assert_output "$SITE/index.html"
	[ "$(stat -c %Y "$nightly")" = "$(date -d 2000-01-01 +%s)" ]	# untouched
	# one more session of 'other': that series alone is drawn again
	$COLLECT -q -n 3 -l other --ok-exit 1 -T 10 --started-at 2026-03-09T03:00 -- $(synth_qemu "${GOOD[@]}")
	run "$REPORT" html -o "$SITE" --pages 2 "${GATE[@]}"
	assert_success
	[ "$(stat -c %Y "$nightly")" = "$(date -d 2000-01-01 +%s)" ]
	[ ! -e "$SITE/session-$first_other.html" ]	# no longer among the newest 2
	[ -s "$SITE/session-$(sql "SELECT max(id) FROM sessions").html" ]
	# other options: every series drawn again
	touch -d '2000-01-01' "$nightly"
	"$REPORT" html -o "$SITE" --pages 3 "${GATE[@]}"
	[ "$(stat -c %Y "$nightly")" != "$(date -d 2000-01-01 +%s)" ]
}

@test "html: what the run says on stderr: series drawn again, pages removed" {
	run "$REPORT" html -o "$SITE" --pages 2
	assert_success
	[ "${lines[0]}" = "kvmboot-report: html: 3 series, 3 drawn again, 0 old pages removed" ]
	[ "${lines[1]}" = "$SITE/index.html" ]
	run "$REPORT" html -o "$SITE" --pages 2
	[ "${lines[0]}" = "kvmboot-report: html: 3 series, 0 drawn again, 0 old pages removed" ]
	# nightly's and other's second newest sessions and the pages of their median boots
	local gone
	gone=$(sql "SELECT s.id FROM sessions s WHERE s.label IN ('nightly', 'other') AND
		1 = (SELECT count(*) FROM sessions n WHERE n.label = s.label AND n.started_at > s.started_at)")
	[ "$(echo "$gone" | wc -l)" = 2 ]
	for id in $gone; do [ -e "$SITE/session-$id.html" ]; done
	run "$REPORT" html -o "$SITE" --pages 1
	[ "${lines[0]}" = "kvmboot-report: html: 3 series, 3 drawn again, 4 old pages removed" ]
	for id in $gone; do [ ! -e "$SITE/session-$id.html" ]; done
}

@test "html: --by tag:KEY and --by host; a selection" {
	run "$REPORT" html -o "$SITE" --by tag:commit
	assert_success
	[ "$(ls "$SITE"/series-*.html | wc -l)" = 14 ]	# c1..c12, the hostile one, and 'commit (none)'
	grep -q 'commit (none)' "$SITE/index.html"
	# A fleet's history: 'other' as if merged from a second host.
	sqlite3 "$DB" "UPDATE sessions SET host = 'ci-host-2' WHERE label = 'other'"
	run "$REPORT" html -o "$BATS_TEST_TMPDIR/hosts" --by host
	assert_success
	[ "$(ls "$BATS_TEST_TMPDIR"/hosts/series-*.html | wc -l)" = 2 ]
	grep -q 'ci-host-2' "$BATS_TEST_TMPDIR/hosts/index.html"
	grep -q "$(sql "SELECT host FROM sessions WHERE label = 'nightly' LIMIT 1")" \
		"$BATS_TEST_TMPDIR/hosts/index.html"
	run "$REPORT" html -o "$BATS_TEST_TMPDIR/other" --label other
	assert_success
	[ "$(ls "$BATS_TEST_TMPDIR"/other/session-*.html | wc -l)" = 2 ]
}

@test "html: bad input is refused with a message, exit 2, nothing written" {
	run "$REPORT" html
	assert_failure 2
	assert_output "kvmboot-report: give the site's directory with -o DIR"
	touch "$BATS_TEST_TMPDIR/file"
	run "$REPORT" html -o "$BATS_TEST_TMPDIR/file"
	assert_failure 2
	assert_output --partial "is not a directory"
	run "$REPORT" html -o "$SITE" --by session
	assert_failure 2
	assert_output --partial "--by: 'session' is not label, host or tag:KEY"
	run "$REPORT" html -o "$SITE" --pages 0
	assert_failure 2
	assert_output --partial "--pages: '0' is not a whole number above 0, or all"
	run "$REPORT" html -o "$SITE" --status all
	assert_failure 2
	run "$REPORT" html -o "$SITE" --script
	assert_failure 2
	assert_output --partial "option '--script' does not apply to 'html'"
	run "$REPORT" html -o "$BATS_TEST_TMPDIR/no/such/dir"
	assert_failure 2
	assert_output --partial "cannot make the directory"
	run "$REPORT" html -o "$SITE" extra
	assert_failure 2
	[ ! -e "$SITE/index.html" ]
}

@test "html: a link planted in the site by another user is not followed" {
	mkdir -p "$SITE"
	echo precious > "$BATS_TEST_TMPDIR/target"
	ln -s "$BATS_TEST_TMPDIR/target" "$SITE/index.html"
	chown -h nobody "$SITE/index.html"
	run "$REPORT" html -o "$SITE"
	assert_failure 2
	assert_output --partial "symbolic link owned by another user"
	[ "$(cat "$BATS_TEST_TMPDIR/target")" = precious ]
}

@test "html: --help names every option within 80 columns" {
	run "$REPORT" html --help
	assert_success
	assert_output --partial "--pages N|all"
	assert_output --partial "-o, --output DIR"
	assert_output --partial "--by label|host|tag:KEY"
	! echo "$output" | grep -q '.\{81\}'
}

@test "plot timeline --by session: the newest 12 of the 15 sessions drawn, and it says so" {
	command -v gnuplot >/dev/null || skip "needs gnuplot (Debian package gnuplot-nox)"
	run --separate-stderr "$REPORT" plot timeline --by session -o "$BATS_TEST_TMPDIR/t.svg"
	assert_success
	[ "$stderr" = "kvmboot-report: plot timeline: the last 12 of 15 groups drawn (select fewer, e.g. --last 12)" ]
	local oldest newest
	oldest=$(sql "SELECT id FROM sessions ORDER BY started_at, id LIMIT 3")
	newest=$(sql "SELECT id FROM sessions ORDER BY started_at DESC, id DESC LIMIT 12")
	for id in $oldest; do ! grep -q ">#$id " "$BATS_TEST_TMPDIR/t.svg"; done
	for id in $newest; do grep -q ">#$id " "$BATS_TEST_TMPDIR/t.svg"; done
	# 12 or fewer: nothing said
	run --separate-stderr "$REPORT" plot timeline --by session --last 12 -o "$BATS_TEST_TMPDIR/u.svg"
	assert_success
	[ -z "$stderr" ]
}

#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Exports other tools take: export -f openmetrics for Prometheus (checked
# with promtool and with prometheus_client's OpenMetrics parser where
# installed), written whole with -o; every command's json in one envelope,
# tags as an object, export's rows with their boot's tags and start.

load helpers
bats_require_minimum_version 1.5.0	# run --separate-stderr

setup() {
	common_setup
	FLEET=$BATS_TEST_TMPDIR/fleet.db
	"$ROOT/tests/fixtures/make-db" "$BATS_TEST_TMPDIR/host1.db" "$ROOT/tests/fixtures/report.sql"
	# A second host whose name needs escaping in a label value.
	cp "$BATS_TEST_TMPDIR/host1.db" "$BATS_TEST_TMPDIR/host2.db"
	sqlite3 "$BATS_TEST_TMPDIR/host2.db" "UPDATE sessions SET host = 'ci \"2\" \\ x',
		uuid = 'f0000002' || substr(uuid, 9); UPDATE runs SET uuid = 'f0000002' || substr(uuid, 9)"
	"$COLLECT" -q -d "$FLEET" --merge "$BATS_TEST_TMPDIR/host1.db" "$BATS_TEST_TMPDIR/host2.db"
	PROM=$BATS_TEST_TMPDIR/textfile/kvmboot.prom
	mkdir -p "${PROM%/*}"
}

@test "export -f openmetrics: the newest session of each host and label, for Prometheus" {
	run "$REPORT" -d "$FLEET" export -f openmetrics -o "$PROM"
	assert_success
	[ -z "$output" ]
	# The fixture's base session: 5 ok boots, vmm 40..44 ms (median 42, p90 44).
	grep -qx 'kvmboot_stage_seconds{host="host1",label="base",stage="vmm",quantile="0.5"} 0.042' "$PROM"
	grep -qx 'kvmboot_stage_seconds{host="host1",label="base",stage="vmm",quantile="0.9"} 0.044' "$PROM"
	grep -qx 'kvmboot_stage_seconds_count{host="host1",label="base",stage="vmm"} 5' "$PROM"
	grep -qx 'kvmboot_stage_seconds_sum{host="host1",label="base",stage="vmm"} 0.21' "$PROM"
	grep -qx 'kvmboot_stage_seconds_count{host="host1",label="base",stage="firmware"} 4' "$PROM"
	grep -qx 'kvmboot_stage_seconds{host="ci \\"2\\" \\\\ x",label="base",stage="total",quantile="0.5"} 0.148' "$PROM"
	# cand's newest session (3) has two boots, neither ok: no stage, 2 failures.
	grep -qx 'kvmboot_session_boots{host="host1",label="cand"} 2' "$PROM"
	grep -qx 'kvmboot_session_failed_boots{host="host1",label="cand"} 2' "$PROM"
	! grep -q 'label="cand",stage=' "$PROM"
	grep -qx 'kvmboot_session_start_timestamp_seconds{host="host1",label="cand"} 1793700000.000' "$PROM"
	[ "$(tail -1 "$PROM")" = "# EOF" ]
	# Readable by node_exporter's user, as any file the umask allows.
	[ "$(stat -c %a "$PROM")" = "$(printf '%o' $(( 0666 & ~$(umask) )))" ]
	# --host narrows it to one host's series.
	run "$REPORT" -d "$FLEET" export -f OpenMetrics --host host1
	assert_success
	refute_output --partial 'ci \"2\"'
	assert_line 'kvmboot_session_boots{host="host1",label="base"} 5'
}

@test "export -f openmetrics: promtool and an OpenMetrics parser read it" {
	"$REPORT" -d "$FLEET" export -f openmetrics -o "$PROM"
	local checked=0
	if command -v promtool >/dev/null; then
		run promtool check metrics < "$PROM"
		assert_success	# lint problems would be printed and exit 1
		[ -z "$output" ]
		checked=$((checked + 1))
	fi
	if /usr/bin/python3 -c 'import prometheus_client.openmetrics.parser' 2>/dev/null; then
		run /usr/bin/python3 -c '
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
for f in text_string_to_metric_families(open(sys.argv[1]).read()):
    print(f.name, f.type, f.unit, len(f.samples))' "$PROM"
		assert_success
		assert_line "kvmboot_stage_seconds summary seconds 32"
		assert_line "kvmboot_session_failed_boots gauge  4"
		checked=$((checked + 1))
	fi
	[ "$checked" -gt 0 ] || skip "needs promtool (Debian's prometheus) or python3-prometheus-client"
}

@test "export -o FILE: written whole by a rename, never in place" {
	echo "old content" > "$PROM"
	ln "$PROM" "$BATS_TEST_TMPDIR/old-link"	# the old inode, as a reader holding it open sees it
	"$REPORT" -d "$FLEET" export -f openmetrics -o "$PROM"
	[ "$(cat "$BATS_TEST_TMPDIR/old-link")" = "old content" ]
	[ "$(stat -c %i "$PROM")" != "$(stat -c %i "$BATS_TEST_TMPDIR/old-link")" ]
	[ "$(ls "${PROM%/*}")" = kvmboot.prom ]	# no temporary file left beside it
	# Any format goes to -o the same way.
	"$REPORT" -d "$FLEET" -f csv export --host host1 -o "$BATS_TEST_TMPDIR/boots.csv"
	local points
	points=$(sqlite3 "$BATS_TEST_TMPDIR/host1.db" "SELECT count(*) FROM points p
		JOIN runs r ON r.id = p.run_id WHERE r.status = 'ok'")
	[ "$(wc -l < "$BATS_TEST_TMPDIR/boots.csv")" = $((1 + points)) ]
	# A directory that cannot take the file: exit 2, the old file kept.
	run --separate-stderr "$REPORT" -d "$FLEET" export -f openmetrics -o "$BATS_TEST_TMPDIR/none/x.prom"
	[ "$status" = 2 ]
	run --separate-stderr "$REPORT" -d "$FLEET" -f openmetrics runs
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-report: --format: openmetrics applies to export only" ]
	run --separate-stderr "$REPORT" -d "$FLEET" export --script -o x
	[ "$status" = 2 ]
}

@test "json: every command in one envelope; tags an object; export's rows carry tags and start" {
	local args
	for args in "sessions" "runs" "show 1" "summary --by host" "time" "export --last 1" \
		    "compare label:base label:cand" "console 1" "sql 'SELECT 1 AS one'" "gate" "changes"; do
		eval "\"$REPORT\" -d \"$FLEET\" -f json $args" > "$BATS_TEST_TMPDIR/out.json" || [ $? -le 3 ]
		jq -e --arg cmd "${args%% *}" '.kvmboot_version == "0.1.0" and .schema_version == 1 and
			.command == $cmd and (.parameters | type == "object") and (.rows | type == "array")' \
			"$BATS_TEST_TMPDIR/out.json" > /dev/null || { echo "in: $args"; cat "$BATS_TEST_TMPDIR/out.json"; return 1; }
	done
	run "$REPORT" -d "$FLEET" -f json sessions --host host1 --since 2026-11-02 --last 1
	[ "$(jq -c .parameters <<< "$output")" = '{"local":false,"host":"host1","since":"2026-11-02","last":1,"status":"ok"}' ]
	[ "$(jq -c '.rows[0].tags' <<< "$output")" = '{"commit":"bbb"}' ]
	sqlite3 "$FLEET" "INSERT INTO session_tags VALUES (1, 'branch', 'main')"
	run "$REPORT" -d "$FLEET" -f json export --session 1
	[ "$(jq -c '.rows[0] | [.tags, .started_at, .host, .time_ns]' <<< "$output")" = \
	  '[{"branch":"main","commit":"aaa"},"2026-11-01T10:00:01.000Z","host1",0]' ]
	[ "$(jq '[.rows[] | select(.tags.commit != "aaa")] | length' <<< "$output")" = 0 ]
	# csv keeps the tags as text, one field.
	run "$REPORT" -d "$FLEET" -f csv export --session 1
	assert_line --index 0 "session,session_uuid,label,host,tags,run,run_uuid,boot,started_at,status,point,milestone,source,port,value,time_ns"
	assert_line --index 1 --partial ',host1,branch=main commit=aaa,1,'
}

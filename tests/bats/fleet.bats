#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Fleets: kvmboot-collect --merge copies each host's database into one,
# by uuid; kvmboot-report selects (--host) and groups (--by host) by host.
# Sources are the report fixture, copies of it made another host's (new
# uuids, another host name), older schema versions of it, and a database
# filled by the real collector.

load helpers
bats_require_minimum_version 1.5.0	# run --separate-stderr

setup() {
	common_setup
	FLEET=$BATS_TEST_TMPDIR/fleet.db
	HOST1=$BATS_TEST_TMPDIR/host1.db
	HOST2=$BATS_TEST_TMPDIR/host2.db
	"$ROOT/tests/fixtures/make-db" "$HOST1" "$ROOT/tests/fixtures/report.sql"
	host_copy "$HOST1" "$HOST2" host2 2
}

# host_copy SRC DST HOST N: SRC's history as if collected on HOST (uuids
# start with f000000N instead of their own 8 digits), ten days later.
host_copy() {
	cp "$1" "$2"
	sqlite3 "$2" "UPDATE sessions SET host = '$3', uuid = 'f000000$4' || substr(uuid, 9),
		started_at = replace(started_at, '2026-11-0', '2026-11-1');
		UPDATE runs SET uuid = 'f000000$4' || substr(uuid, 9)"
}

# The fixture at schema version V (the migrations up to V, then its rows).
old_db() {
	local db=$1 v=$2
	awk -v v="$v" '/^-- migration [0-9]+/ { if ($3 + 0 > v) exit } { print }' \
		"$ROOT/schema/schema.sql" > "$BATS_TEST_TMPDIR/schema-$v.sql"
	{ cat "$BATS_TEST_TMPDIR/schema-$v.sql"; echo "PRAGMA user_version = $v;"
	  cat "$ROOT/tests/fixtures/report.sql"; } | sqlite3 -bail "$db"
}

fleet_sql() {
	sqlite3 -batch -noheader "$FLEET" "$@"
}

# Every column of TABLE in DB but its ids, prefixed with ALIAS: the schema's
# own list, so that a column added later is compared too.
columns_of() {
	sqlite3 "$1" "SELECT group_concat('$3.' || name, ', ') FROM pragma_table_info('$2')
		WHERE name NOT IN ('id', 'session_id', 'run_id', 'milestone_id')"
}

# Each table's rows in DB, by uuid and milestone name instead of ids.
rows_by_uuid() {
	local db=$1
	sqlite3 "$db" "SELECT s.uuid, $(columns_of "$db" sessions s) FROM sessions s ORDER BY s.uuid;
		SELECT s.uuid, $(columns_of "$db" session_tags t) FROM session_tags t
			JOIN sessions s ON s.id = t.session_id ORDER BY s.uuid, t.key;
		SELECT s.uuid, $(columns_of "$db" runs r) FROM runs r
			JOIN sessions s ON s.id = r.session_id ORDER BY r.uuid;
		SELECT r.uuid, m.name, $(columns_of "$db" points p) FROM points p
			JOIN runs r ON r.id = p.run_id JOIN milestones m ON m.id = p.milestone_id
			ORDER BY r.uuid, p.seq;
		SELECT r.uuid, $(columns_of "$db" console_lines c) FROM console_lines c
			JOIN runs r ON r.id = c.run_id ORDER BY r.uuid, c.seq"
}

@test "merge: two hosts into one history; merging again adds nothing" {
	sqlite3 "$HOST1" "INSERT INTO console_lines VALUES (1, 1, 1026, 5, 'SeaBIOS (version 1.16.2)')"
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$HOST1" "$HOST2"
	assert_success
	assert_line "$HOST1 (schema 4): sessions: 3 new, 0 there already; boots: 12 new, 0 there already"
	assert_line "$HOST2 (schema 4): sessions: 3 new, 0 there already; boots: 12 new, 0 there already"
	[ "$(fleet_sql 'SELECT count(*) FROM sessions')" = 6 ]
	[ "$(fleet_sql 'SELECT count(*) FROM runs')" = 24 ]
	[ "$(fleet_sql 'SELECT count(*) FROM points')" = \
	  "$(( 2 * $(sqlite3 "$HOST1" 'SELECT count(*) FROM points') ))" ]
	[ "$(fleet_sql 'SELECT count(*) FROM session_tags')" = 6 ]
	# The copy is exact: every column of every row, by uuid and milestone name.
	diff <({ rows_by_uuid "$HOST1"; rows_by_uuid "$HOST2"; } | sort) <(rows_by_uuid "$FLEET" | sort)
	[ "$(fleet_sql 'SELECT count(*) FROM console_lines')" = 1 ]
	before=$(fleet_sql 'SELECT count(*) FROM runs; SELECT count(*) FROM points')
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$HOST2" "$HOST1"
	assert_success
	assert_line "$HOST2 (schema 4): sessions: 0 new, 3 there already; boots: 0 new, 12 there already"
	[ "$(fleet_sql 'SELECT count(*) FROM runs; SELECT count(*) FROM points')" = "$before" ]
	[ -z "$(fleet_sql 'PRAGMA foreign_key_check')" ]
}

@test "merge: a uuid with other content is a conflict, skipped, exit 1; the rest is merged" {
	"$COLLECT" -q -d "$FLEET" --merge "$HOST1"
	# Host 1 ships its file again, changed: a label, a boot's time, a
	# point, a console line; and a new boot in a session the fleet has.
	sqlite3 "$HOST1" "UPDATE sessions SET label = 'relabelled' WHERE id = 2;
		UPDATE runs SET wall_ns = 1 WHERE id = 1;
		UPDATE points SET time_ns = time_ns + 1 WHERE run_id = 3 AND seq = 2;
		INSERT INTO console_lines VALUES (5, 1, 1026, 5, 'SeaBIOS');
		INSERT INTO runs (uuid, session_id, seq, status, started_at, wall_ns)
		VALUES ('aaaaaaaa-0000-4000-8000-000000000099', 1, 6, 'ok', '2026-11-01T10:00:06.000Z', 1);
		INSERT INTO points VALUES (last_insert_rowid(), 1, 1, 'exec', NULL, NULL, NULL, 0)"
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$HOST1"
	[ "$status" = 1 ]
	assert_output "$HOST1 (schema 4): sessions: 0 new, 2 there already, 1 in conflict (their 5 boots skipped); boots: 1 new, 4 there already, 3 in conflict"
	[ "$(grep -c 'is in the database with' <<< "$stderr")" = 4 ]
	grep -qx "kvmboot-collect: '$HOST1': session 22222222-2222-4222-8222-222222222222 is in the database with other values: skipped" <<< "$stderr"
	grep -q "boot aaaaaaaa-0000-4000-8000-000000000001 is in the database with other values" <<< "$stderr"
	grep -q "boot aaaaaaaa-0000-4000-8000-000000000003 is in the database with other points" <<< "$stderr"
	grep -q "boot aaaaaaaa-0000-4000-8000-000000000005 is in the database with other console lines" <<< "$stderr"
	# The fleet kept its own version of each conflict, and took the new boot.
	[ "$(fleet_sql "SELECT label FROM sessions WHERE uuid LIKE '2222%'")" = cand ]
	[ "$(fleet_sql "SELECT wall_ns FROM runs WHERE uuid LIKE '%0001'")" = 200000000 ]
	[ "$(fleet_sql "SELECT count(*) FROM console_lines")" = 0 ]
	[ "$(fleet_sql "SELECT s.uuid FROM runs r JOIN sessions s ON s.id = r.session_id
	                WHERE r.uuid LIKE '%0099'")" = 11111111-1111-4111-8111-111111111111 ]
	[ -z "$(fleet_sql 'PRAGMA foreign_key_check')" ]
}

@test "merge: milestones are mapped by name, whatever their ids" {
	# The fleet first learns a custom point the host never saw, so that the
	# host's own custom point has an id the fleet gave to another name.
	sqlite3 "$HOST2" "INSERT INTO milestones (name, ord) VALUES ('fleet_only', 1000);
		INSERT INTO points VALUES (6, 7, last_insert_rowid(), 'pio', 244, 9, NULL, 999000000)"
	sqlite3 "$HOST1" "INSERT INTO milestones (name, ord) VALUES ('host_only', 1000);
		INSERT INTO points VALUES (1, 7, last_insert_rowid(), 'pio', 244, 10, NULL, 999000000)"
	[ "$(sqlite3 "$HOST1" "SELECT id FROM milestones WHERE name = 'host_only'")" = \
	  "$(sqlite3 "$HOST2" "SELECT id FROM milestones WHERE name = 'fleet_only'")" ]
	"$COLLECT" -q -d "$FLEET" --merge "$HOST2" "$HOST1"
	[ "$(fleet_sql "SELECT name FROM run_points p JOIN runs r ON r.id = p.run_id
	                WHERE r.uuid = 'aaaaaaaa-0000-4000-8000-000000000001' AND p.seq = 7")" = host_only ]
	[ "$(fleet_sql "SELECT name FROM run_points p JOIN runs r ON r.id = p.run_id
	                WHERE r.uuid = 'f0000002-0000-4000-8000-000000000006' AND p.seq = 7")" = fleet_only ]
	# Custom milestones keep sorting after the built-in ones, before vmm_exit.
	[ "$(fleet_sql "SELECT count(*) FROM milestones WHERE ord >= 1000 AND ord < 1000000")" = 2 ]
}

@test "merge: sources of older schema versions are read as they are, never written" {
	old_db "$BATS_TEST_TMPDIR/v1.db" 1
	old_db "$BATS_TEST_TMPDIR/v3.db" 3
	sqlite3 "$BATS_TEST_TMPDIR/v1.db" "UPDATE sessions SET uuid = 'f0000009' || substr(uuid, 9),
		host = 'old1'; UPDATE runs SET uuid = 'f0000009' || substr(uuid, 9)"
	sqlite3 "$BATS_TEST_TMPDIR/v3.db" "UPDATE sessions SET uuid = 'f0000008' || substr(uuid, 9),
		host = 'old3'; UPDATE runs SET uuid = 'f0000008' || substr(uuid, 9)"
	sums=$(cd "$BATS_TEST_TMPDIR" && sha256sum v1.db v3.db)
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$BATS_TEST_TMPDIR/v1.db" "$BATS_TEST_TMPDIR/v3.db"
	assert_success
	assert_line --partial "v1.db (schema 1): sessions: 3 new"
	assert_line --partial "v3.db (schema 3): sessions: 3 new"
	# Unchanged, at their old versions, with nothing created beside them.
	[ "$(cd "$BATS_TEST_TMPDIR" && sha256sum v1.db v3.db)" = "$sums" ]
	[ "$(sqlite3 "$BATS_TEST_TMPDIR/v1.db" 'PRAGMA user_version')" = 1 ]
	run ls "$BATS_TEST_TMPDIR"
	refute_output --partial -wal
	refute_output --partial -shm
	# Columns the old schema lacks are NULL; the figures are the fixture's.
	[ "$(fleet_sql "SELECT count(*) FROM runs WHERE cpu_user_ns IS NULL")" = 24 ]
	run "$REPORT" -d "$FLEET" -f csv summary --host old1
	want=$("$REPORT" -d "$HOST1" -f csv summary)
	[ "$output" = "$want" ]
	# Merging them again adds nothing.
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$BATS_TEST_TMPDIR/v1.db"
	assert_output --partial "sessions: 0 new, 3 there already; boots: 0 new, 12 there already"
}

@test "merge: a newer, foreign or broken source is refused whole, the others merged; exit 2" {
	cp "$HOST2" "$BATS_TEST_TMPDIR/newer.db"
	sqlite3 "$BATS_TEST_TMPDIR/newer.db" "PRAGMA user_version = 99"
	sqlite3 "$BATS_TEST_TMPDIR/other.db" "CREATE TABLE t (x)"
	# A source whose points name a milestone it does not have: its boots
	# go in before the points fail, and must come out again.
	host_copy "$HOST1" "$BATS_TEST_TMPDIR/broken.db" host3 3
	sqlite3 "$BATS_TEST_TMPDIR/broken.db" "PRAGMA foreign_keys = OFF;
		UPDATE points SET milestone_id = 999 WHERE run_id = 12 AND seq = 2"
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$BATS_TEST_TMPDIR/newer.db" \
		"$BATS_TEST_TMPDIR/other.db" "$BATS_TEST_TMPDIR/broken.db" "$HOST1" "$FLEET"
	[ "$status" = 2 ]
	assert_output "$HOST1 (schema 4): sessions: 3 new, 0 there already; boots: 12 new, 0 there already"
	grep -qx "kvmboot-collect: '$BATS_TEST_TMPDIR/newer.db' has schema version 99, newer than this kvmboot knows (4): use a newer kvmboot (the file was not changed)" <<< "$stderr"
	grep -qx "kvmboot-collect: '$BATS_TEST_TMPDIR/other.db' is an SQLite database, not a kvmboot database" <<< "$stderr"
	grep -q "^kvmboot-collect: '$BATS_TEST_TMPDIR/broken.db': cannot merge: .* (nothing of it was merged)$" <<< "$stderr"
	grep -qx "kvmboot-collect: '$FLEET' is the database merged into (-d): give another file" <<< "$stderr"
	[ "$(fleet_sql "SELECT count(*) FROM sessions WHERE host = 'host3'")" = 0 ]
	[ "$(fleet_sql "SELECT count(*) FROM runs")" = 12 ]
	[ "$(sqlite3 "$BATS_TEST_TMPDIR/newer.db" 'PRAGMA user_version')" = 99 ]
}

@test "merge: a file whose name has quotes, ?, # and % is read as it is named" {
	local odd="$BATS_TEST_TMPDIR/it's \"a\" ?#%41 host.db"
	cp "$HOST1" "$odd"
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$odd"
	assert_success
	assert_output "$odd (schema 4): sessions: 3 new, 0 there already; boots: 12 new, 0 there already"
	# Read as immutable: no -wal or -shm was made beside it under any name.
	[ "$(ls "$BATS_TEST_TMPDIR" | grep -c "^it's")" = 1 ]
}

@test "merge: usage errors" {
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-collect: --merge needs the databases to merge (kvmboot-collect -d FLEET.db --merge HOST.db ...)" ]
	run --separate-stderr "$COLLECT" -d "$FLEET" -l x --merge "$HOST1"
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-collect: --merge copies databases as they are: it takes -d and the files only" ]
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$BATS_TEST_TMPDIR/missing.db"
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-collect: cannot open '$BATS_TEST_TMPDIR/missing.db': No such file or directory" ]
}

@test "merge: boots the real collector stored, beside another host's" {
	require_tracing
	local own=$BATS_TEST_TMPDIR/own.db
	"$COLLECT" -q -n 2 --ok-exit 1 -l real -d "$own" -- $(synth_qemu 0xf5:1 0xf4:6)
	run --separate-stderr "$COLLECT" -d "$FLEET" --merge "$own" "$HOST2"
	assert_success
	assert_line "$own (schema 4): sessions: 1 new, 0 there already; boots: 2 new, 0 there already"
	# Every column of what the collector stored (CPU time, RSS, batch too).
	[ -n "$(sqlite3 "$own" "SELECT 1 FROM runs WHERE cpu_user_ns IS NOT NULL AND max_rss_kb > 0")" ]
	diff <({ rows_by_uuid "$own"; rows_by_uuid "$HOST2"; } | sort) <(rows_by_uuid "$FLEET" | sort)
	run "$REPORT" -d "$FLEET" -f csv summary --by host
	assert_success
	assert_line --regexp "^$(uname -n),stage,total,2,"
	assert_line --regexp "^host2,stage,total,"
}

@test "report: --host selects one host's sessions, --by host groups them" {
	"$COLLECT" -q -d "$FLEET" --merge "$HOST1" "$HOST2"
	count() { "$REPORT" -d "$FLEET" -f csv runs --status all "$@" | tail -n +2 | wc -l; }
	[ "$(count)" = 24 ]
	[ "$(count --host host1)" = 12 ]
	[ "$(count --host host2 --label base)" = 5 ]
	run --separate-stderr "$REPORT" -d "$FLEET" runs --host nowhere
	[ "$status" = 2 ]
	[ "$stderr" = "kvmboot-report: no session was collected on host 'nowhere' (kvmboot-report summary --by host lists the hosts)" ]
	# Each host's group has its own 10 ok boots, with the fixture's figures.
	run "$REPORT" -d "$FLEET" -f csv summary --by host
	assert_success
	assert_line "host1,milestone,vmm_init_end,10,0,42000000,42000000,1490712,40000000,44000000,44000000,44000000"
	assert_line "host2,milestone,vmm_init_end,10,0,42000000,42000000,1490712,40000000,44000000,44000000,44000000"
	run "$REPORT" -d "$FLEET" summary --by host
	assert_line --partial "host host1, 10 boots"
	assert_line --partial "host host2, 10 boots"
	run "$REPORT" -d "$FLEET" plot dist --by host -o "$BATS_TEST_TMPDIR/hosts.svg"
	assert_success
	grep -q host2 "$BATS_TEST_TMPDIR/hosts.svg"
	run --separate-stderr "$REPORT" -d "$FLEET" plot trend --by host -o "$BATS_TEST_TMPDIR/t.svg"
	[ "$status" = 2 ]
}

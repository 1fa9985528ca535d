/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen-history DB [SESSIONS] [BOOTS]: fills DB (created with the real
 * schema) with a made-up boot history for the reporter benchmark: SESSIONS
 * sessions (default 100000) of BOOTS boots (default 10), 10 milestones
 * each. Sessions 1-1000 are labelled "base", 1001-2000 "cand" (3% slower
 * in firmware), the rest "night-N".
 * gen-history --nightly DB DAYS LABELS BOOTS: a year of nightly jobs for
 * the gate: each day, one session of BOOTS boots for each of LABELS labels
 * ("job-00".."job-NN", in that order), one day apart; the last session
 * (job-NN of the last day) has a 3% slower kernel.
 * Deterministic: the same arguments give the same file.
 */
#include "../schema/db.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const names[] = {
	"vmm_exec", "vmm_init_end", "fw_start", "fw_do_boot", "linux_start_boot",
	"linux_start_kernel", "point 8", "point 9", "linux_start_user", "vmm_exit",
};
/* Typical phase lengths in ms, from the previous milestone. */
static const double phase_ms[] = { 0, 45, 5, 60, 30, 200, 40, 80, 300, 2 };
#define NPOINTS 10

static uint64_t rng = 0x6b766d626f6f74ULL;

static double noise(void)	/* about +-5%, skewed like boot times */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return 0.96 + (double)(rng % 10000) / 100000.0 * ((rng >> 20) % 4 ? 1 : 2);
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "gen-history: %s\n", msg);
	sqlite3_free(msg);
	return -1;
}

/* 0 for the usual history; else labels per day of the nightly one. */
static long nightly_labels;

static void session_text(long id, char *label, size_t llen, char *started, size_t slen)
{
	long day = (id - 1) / (nightly_labels ? nightly_labels : 1), job;
	struct tm tm = { 0 };
	time_t t;

	if (!nightly_labels) {
		snprintf(label, llen, id <= 1000 ? "base" : id <= 2000 ? "cand" : "night-%ld",
			 id % 100);
		snprintf(started, slen, "2026-%02ld-%02ldT%02ld:00:00.000Z",
			 1 + id / 10000 % 12, 1 + id / 100 % 28, id % 24);
		return;
	}
	job = (id - 1) % nightly_labels;
	snprintf(label, llen, "job-%02ld", job);
	tm.tm_year = 125;
	tm.tm_mday = 1;
	t = timegm(&tm) + day * 86400 + job * 60;
	gmtime_r(&t, &tm);
	strftime(started, slen, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

static void session_add(sqlite3_stmt *st, long id)
{
	char uuid[40], label[32], started[32];

	snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012ld", id);
	session_text(id, label, sizeof(label), started, sizeof(started));
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, started, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, label, -1, SQLITE_TRANSIENT);
	sqlite3_step(st);
	sqlite3_reset(st);
}

static long last_session;	/* nightly: the one with the slower kernel */

static double slowdown(long session, int i)
{
	if (nightly_labels)
		return session == last_session && i == 8 ? 1.03 : 1.0;
	return session > 1000 && session <= 2000 && i == 3 ? 1.03 : 1.0;
}

static void run_add(sqlite3_stmt *run, sqlite3_stmt *point, const int64_t *ms_id,
		    long session, long seq, long id)
{
	char uuid[40];
	double t = 0;
	int i;

	snprintf(uuid, sizeof(uuid), "10000000-0000-4000-8000-%012ld", id);
	sqlite3_bind_int64(run, 1, id);
	sqlite3_bind_text(run, 2, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(run, 3, session);
	sqlite3_bind_int64(run, 4, seq);
	sqlite3_step(run);
	sqlite3_reset(run);
	for (i = 0; i < NPOINTS; i++) {
		double slower = slowdown(session, i);

		t += phase_ms[i] * noise() * slower;
		sqlite3_bind_int64(point, 1, id);
		sqlite3_bind_int64(point, 2, i + 1);
		sqlite3_bind_int64(point, 3, ms_id[i]);
		sqlite3_bind_text(point, 4, i == 0 ? "exec" : i == 1 ? "kvm_run_ioctl" :
				  i == NPOINTS - 1 ? "exit" : "pio", -1, SQLITE_STATIC);
		sqlite3_bind_int64(point, 5, (int64_t)(t * 1e6));
		sqlite3_step(point);
		sqlite3_reset(point);
	}
}

static int milestone_ids(sqlite3 *db, int64_t *ms_id)
{
	sqlite3_stmt *st;
	int i;

	if (exec(db, "INSERT OR IGNORE INTO milestones (name, ord) VALUES ('point 8', 1000), "
		 "('point 9', 1001)") < 0 ||
	    sqlite3_prepare_v2(db, "SELECT id FROM milestones WHERE name = ?1", -1, &st, NULL))
		return -1;
	for (i = 0; i < NPOINTS; i++) {
		sqlite3_bind_text(st, 1, names[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			return -1;
		ms_id[i] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

static int fill(sqlite3 *db, long sessions, long boots)
{
	sqlite3_stmt *s, *r, *p;
	int64_t ms_id[NPOINTS];
	long i, j, run = 0;

	if (milestone_ids(db, ms_id) < 0 ||
	    sqlite3_prepare_v2(db, "INSERT INTO sessions (id, uuid, started_at, host, host_kernel,"
			       " kvmboot_version, label, vmm_command, vmm_binary, vmm_user,"
			       " point_table, trace_clock, runs_requested, warmup, timeout_ns)"
			       " VALUES (?1, ?2, ?3, 'bench', '6.1', '0.1.0', ?4, 'qemu',"
			       " '/usr/bin/qemu', 'root', 'qboot', 'mono', 10, 0, 60000000000)",
			       -1, &s, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO runs (id, uuid, session_id, seq, status, started_at,"
			       " exit_code, wall_ns) VALUES (?1, ?2, ?3, ?4, 'ok',"
			       " '2026-01-01T00:00:00.000Z', 0, 800000000)", -1, &r, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO points (run_id, seq, milestone_id, source, time_ns)"
			       " VALUES (?1, ?2, ?3, ?4, ?5)", -1, &p, NULL))
		return -1;
	for (i = 1; i <= sessions; i++) {
		session_add(s, i);
		for (j = 1; j <= boots; j++)
			run_add(r, p, ms_id, i, j, ++run);
	}
	sqlite3_finalize(s);
	sqlite3_finalize(r);
	return sqlite3_finalize(p) == SQLITE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct db_open_result res;
	long sessions, boots;
	char err[512];

	if (argc == 6 && strcmp(argv[1], "--nightly") == 0) {
		nightly_labels = atol(argv[4]);
		sessions = atol(argv[3]) * nightly_labels;
		boots = atol(argv[5]);
		last_session = sessions;
		argv++;
	} else {
		sessions = argc > 2 ? atol(argv[2]) : 100000;
		boots = argc > 3 ? atol(argv[3]) : 10;
	}
	if (argc < 2 || sessions < 1 || boots < 1 || (argc == 6 && nightly_labels < 1)) {
		fprintf(stderr, "usage: gen-history DB [SESSIONS] [BOOTS]\n"
			"       gen-history --nightly DB DAYS LABELS BOOTS\n");
		return 2;
	}
	if (db_open(argv[1], DB_READ_WRITE, &res, err, sizeof(err)) < 0) {
		fprintf(stderr, "gen-history: %s\n", err);
		return 1;
	}
	if (exec(res.db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; BEGIN") < 0 ||
	    fill(res.db, sessions, boots) < 0 || exec(res.db, "COMMIT") < 0) {
		fprintf(stderr, "gen-history: %s\n", sqlite3_errmsg(res.db));
		sqlite3_close(res.db);
		return 1;
	}
	return sqlite3_close(res.db) == SQLITE_OK ? 0 : 1;
}

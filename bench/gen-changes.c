/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen-changes DB TRUTH [OPTIONS]: a boot history with known change points,
 * for measuring `kvmboot-report changes` (bench/changes-accuracy). Writes
 * DB (created with the real schema) and TRUTH, a CSV of the change points
 * put in: label,stage,span,session,session_id,step.
 *
 * Each label is a series of sessions; each boot has the milestones
 * vmm_exec, vmm_init_end, linux_start_boot, linux_start_kernel,
 * linux_start_user, vmm_exit, so that each stage (vmm, firmware, loader,
 * kernel, userspace) is one phase. The noise, per stage:
 *   - boot to boot: relative, skewed to the right (a normal and an
 *     exponential part), standard deviation --noise;
 *   - session to session: a level of its own, a quarter of --noise;
 *   - bimodal firmware and kernel: each boot in a slow mode (+6%, as the
 *     synthetic guest here switches between 60 and 63.5 ms) or not, the
 *     share of slow boots drawn anew for every session;
 *   - odd nights: 1 session in 100 slower in every stage by 10-30%, and
 *     1 boot in 100 slower in one stage by half.
 * A change point multiplies one stage (not total) by 1 + step from its
 * session on, steps drawn from --steps with a random sign (or --sign), in a
 * random stage (or --stage), at least --gap sessions apart and from the
 * ends. Deterministic: the same options give
 * the same files.
 */
#include "../schema/db.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NSTAGES 5
#define MAX_STEPS 16

static const char *const milestone[NSTAGES + 1] = {
	"vmm_exec", "vmm_init_end", "linux_start_boot", "linux_start_kernel",
	"linux_start_user", "vmm_exit",
};
static const char *const stage[NSTAGES] = { "vmm", "firmware", "loader", "kernel", "userspace" };
static const double stage_ms[NSTAGES] = { 45, 60, 30, 200, 300 };
static const int bimodal[NSTAGES] = { 0, 1, 0, 1, 0 };

struct options {
	long labels, sessions, boots_min, boots_max, changes, gap;
	double noise, steps[MAX_STEPS];
	int nsteps;
	uint64_t seed;
	int odd;		/* odd nights and boots (default on) */
	int stage;		/* every change in this stage; -1: any */
	int sign;		/* every step this way (1 or -1); 0: either */
};

static uint64_t rng;

static double uniform(void)	/* (0, 1) */
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}

static double gauss(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

/* Relative noise of standard deviation 1, skewed to the right. */
static double skewed(void)
{
	return 0.8 * gauss() + 0.6 * (-log(uniform()) - 1);
}

struct change {
	long session;		/* 0-based within the label */
	int stage;
	double step;
};

static int change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;

	return (x->session > y->session) - (x->session < y->session);
}

/* Places o->changes change points at least o->gap apart; returns how many fit. */
static long changes_place(const struct options *o, struct change *c)
{
	long n = 0, tries;

	for (tries = 0; n < o->changes && tries < 100000; tries++) {
		long at = o->gap + (long)(uniform() * (double)(o->sessions - 2 * o->gap + 1)), i;

		for (i = 0; i < n && labs(c[i].session - at) >= o->gap; i++)
			;
		if (i < n || at < o->gap || at > o->sessions - o->gap)
			continue;
		c[n].session = at;
		c[n].stage = o->stage >= 0 ? o->stage : (int)(uniform() * NSTAGES);
		c[n].step = o->steps[(int)(uniform() * o->nsteps)] *
			    (o->sign ? o->sign : uniform() < 0.5 ? -1 : 1);
		n++;
	}
	qsort(c, (size_t)n, sizeof(*c), change_cmp);
	return n;
}

struct writer {
	sqlite3 *db;
	sqlite3_stmt *session, *tag, *run, *point;
	int64_t ms_id[NSTAGES + 1];
	long session_id, run_id;
};

static int exec_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "gen-changes: %s\n", msg);
	sqlite3_free(msg);
	return -1;
}

static int writer_prepare(struct writer *w)
{
	sqlite3_stmt *st;
	int i;

	if (sqlite3_prepare_v2(w->db, "INSERT INTO sessions (id, uuid, started_at, host, host_kernel,"
			       " kvmboot_version, label, vmm_command, vmm_binary, vmm_user,"
			       " point_table, trace_clock, runs_requested, warmup, timeout_ns)"
			       " VALUES (?1, ?2, ?3, 'bench', '6.1', '0.1.0', ?4, 'qemu',"
			       " '/usr/bin/qemu', 'root', 'qboot', 'mono', ?5, 0, 60000000000)",
			       -1, &w->session, NULL) ||
	    sqlite3_prepare_v2(w->db, "INSERT INTO session_tags (session_id, key, value)"
			       " VALUES (?1, 'commit', ?2)", -1, &w->tag, NULL) ||
	    sqlite3_prepare_v2(w->db, "INSERT INTO runs (id, uuid, session_id, seq, status,"
			       " started_at, exit_code, wall_ns) VALUES (?1, ?2, ?3, ?4, 'ok', ?5, 0,"
			       " 800000000)", -1, &w->run, NULL) ||
	    sqlite3_prepare_v2(w->db, "INSERT INTO points (run_id, seq, milestone_id, source,"
			       " time_ns) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &w->point, NULL) ||
	    sqlite3_prepare_v2(w->db, "SELECT id FROM milestones WHERE name = ?1", -1, &st, NULL))
		return -1;
	for (i = 0; i <= NSTAGES; i++) {
		sqlite3_bind_text(st, 1, milestone[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			return -1;
		w->ms_id[i] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Session I of label L from 2020-01-01: one every 6 hours, labels a minute apart. */
static void started_at(long l, long i, long boot, char *out, size_t len)
{
	time_t t = 1577836800 + (time_t)i * 21600 + (time_t)l * 60 + (time_t)boot;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

static int session_write(struct writer *w, long l, long i, long boots)
{
	char uuid[40], label[32], at[40], commit[16];

	snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012ld", ++w->session_id);
	snprintf(label, sizeof(label), "series-%02ld", l);
	snprintf(commit, sizeof(commit), "c%05ld", i + 1);
	started_at(l, i, 0, at, sizeof(at));
	sqlite3_bind_int64(w->session, 1, w->session_id);
	sqlite3_bind_text(w->session, 2, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(w->session, 3, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(w->session, 4, label, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(w->session, 5, boots);
	sqlite3_bind_int64(w->tag, 1, w->session_id);
	sqlite3_bind_text(w->tag, 2, commit, -1, SQLITE_TRANSIENT);
	return step_done(w->session) < 0 || step_done(w->tag) < 0 ? -1 : 0;
}

static int boot_write(struct writer *w, long l, long i, long seq, const double *stage_ns)
{
	char uuid[40], at[40];
	double t = 0;
	int k;

	snprintf(uuid, sizeof(uuid), "10000000-0000-4000-8000-%012ld", ++w->run_id);
	started_at(l, i, seq, at, sizeof(at));
	sqlite3_bind_int64(w->run, 1, w->run_id);
	sqlite3_bind_text(w->run, 2, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(w->run, 3, w->session_id);
	sqlite3_bind_int64(w->run, 4, seq);
	sqlite3_bind_text(w->run, 5, at, -1, SQLITE_TRANSIENT);
	if (step_done(w->run) < 0)
		return -1;
	for (k = 0; k <= NSTAGES; k++) {
		t += k ? stage_ns[k - 1] : 0;
		sqlite3_bind_int64(w->point, 1, w->run_id);
		sqlite3_bind_int64(w->point, 2, k + 1);
		sqlite3_bind_int64(w->point, 3, w->ms_id[k]);
		sqlite3_bind_text(w->point, 4, k == 0 ? "exec" : k == 1 ? "kvm_run_ioctl" :
				  k == NSTAGES ? "exit" : "pio", -1, SQLITE_STATIC);
		sqlite3_bind_int64(w->point, 5, (int64_t)t);
		if (step_done(w->point) < 0)
			return -1;
	}
	return 0;
}

/* One session's boots: LEVEL per stage (ns, steps applied), noise on top. */
static int session_boots(struct writer *w, const struct options *o, long l, long i,
			 const double *level)
{
	long boots = o->boots_min + (long)(uniform() * (double)(o->boots_max - o->boots_min + 1));
	double night[NSTAGES], slow_share[NSTAGES], odd = o->odd && uniform() < 0.01 ?
			1.1 + 0.2 * uniform() : 1, ns[NSTAGES];
	long b;
	int k;

	for (k = 0; k < NSTAGES; k++) {
		night[k] = 1 + 0.25 * o->noise * gauss();
		slow_share[k] = uniform();
	}
	if (session_write(w, l, i, boots) < 0)
		return -1;
	for (b = 1; b <= boots; b++) {
		for (k = 0; k < NSTAGES; k++) {
			double mode = bimodal[k] && uniform() < slow_share[k] ? 1.06 : 1;
			double spike = o->odd && uniform() < 0.01 / NSTAGES ? 1.5 : 1;

			ns[k] = level[k] * night[k] * odd * mode * spike * (1 + o->noise * skewed());
			if (ns[k] < 1000)
				ns[k] = 1000;
		}
		if (boot_write(w, l, i, b, ns) < 0)
			return -1;
	}
	return 0;
}

static void truth_write(FILE *truth, long l, const struct change *c, long first_id)
{
	fprintf(truth, "series-%02ld,%s,%s..%s,%ld,%ld,%+.4f\n", l, stage[c->stage],
		milestone[c->stage], milestone[c->stage + 1], c->session + 1,
		first_id + c->session, c->step);
}

static int label_write(struct writer *w, const struct options *o, long l, FILE *truth)
{
	struct change c[256];
	long n = changes_place(o, c), i, next = 0, first_id = w->session_id + 1;
	double level[NSTAGES];
	int k;

	for (k = 0; k < NSTAGES; k++)
		level[k] = stage_ms[k] * 1e6;
	for (i = 0; i < o->sessions; i++) {
		for (; next < n && c[next].session == i; next++) {
			level[c[next].stage] *= 1 + c[next].step;
			truth_write(truth, l, &c[next], first_id);
		}
		if (session_boots(w, o, l, i, level) < 0)
			return -1;
	}
	return 0;
}

static int steps_parse(const char *text, struct options *o)
{
	char *end;

	o->nsteps = 0;
	while (*text && o->nsteps < MAX_STEPS) {
		o->steps[o->nsteps++] = strtod(text, &end) / 100;
		if (end == text || (*end && *end != ','))
			return -1;
		text = *end ? end + 1 : end;
	}
	return o->nsteps ? 0 : -1;
}

/* N or MIN-MAX boots a session. */
static void boots_parse(const char *val, struct options *o)
{
	if (sscanf(val, "%ld-%ld", &o->boots_min, &o->boots_max) != 2)
		o->boots_max = o->boots_min = atol(val);
}

/* The stage named NAME, or -2. */
static int stage_find(const char *name)
{
	int k;

	for (k = 0; k < NSTAGES; k++)
		if (!strcmp(stage[k], name))
			return k;
	return -2;
}

static int options_parse(int argc, char **argv, struct options *o)
{
	int i;

	*o = (struct options){ 10, 1000, 10, 10, 4, 30, 0.02, { 0.05, 0.10, 0.20 }, 3, 1, 1, -1, 0 };
	for (i = 3; i + 1 < argc; i += 2) {
		const char *opt = argv[i], *val = argv[i + 1];

		if (!strcmp(opt, "--labels"))
			o->labels = atol(val);
		else if (!strcmp(opt, "--sessions"))
			o->sessions = atol(val);
		else if (!strcmp(opt, "--boots"))
			boots_parse(val, o);
		else if (!strcmp(opt, "--changes"))
			o->changes = atol(val);
		else if (!strcmp(opt, "--gap"))
			o->gap = atol(val);
		else if (!strcmp(opt, "--noise"))
			o->noise = atof(val) / 100;
		else if (!strcmp(opt, "--steps") && steps_parse(val, o) == 0)
			continue;
		else if (!strcmp(opt, "--seed"))
			o->seed = strtoull(val, NULL, 10);
		else if (!strcmp(opt, "--odd"))
			o->odd = atoi(val);
		else if (!strcmp(opt, "--stage"))
			o->stage = stage_find(val);
		else if (!strcmp(opt, "--sign"))
			o->sign = !strcmp(val, "+") ? 1 : !strcmp(val, "-") ? -1 : 2;
		else
			return -1;
	}
	return i == argc && o->stage >= -1 && o->sign != 2 && o->labels > 0 && o->sessions > 0 && o->boots_min > 0 &&
	       o->boots_max >= o->boots_min && o->changes >= 0 && o->changes <= 256 &&
	       o->gap > 0 && o->noise >= 0 ? 0 : -1;
}

static int generate(sqlite3 *db, const struct options *o, FILE *truth)
{
	struct writer w = { .db = db };
	long l;
	int rc = writer_prepare(&w);

	fprintf(truth, "label,stage,span,session,session_id,step\n");
	for (l = 1; rc == 0 && l <= o->labels; l++)
		rc = label_write(&w, o, l, truth);
	sqlite3_finalize(w.session);
	sqlite3_finalize(w.tag);
	sqlite3_finalize(w.run);
	sqlite3_finalize(w.point);
	return rc;
}

int main(int argc, char **argv)
{
	struct db_open_result res;
	struct options o;
	char err[512];
	FILE *truth;
	int rc;

	if (argc < 3 || options_parse(argc, argv, &o) < 0) {
		fprintf(stderr, "usage: gen-changes DB TRUTH [--labels N] [--sessions N] "
			"[--boots N|MIN-MAX] [--changes N] [--gap N] [--noise PCT] "
			"[--steps PCT,PCT...] [--stage NAME] [--sign +|-] [--seed N] [--odd 0|1]\n");
		return 2;
	}
	rng = o.seed * 0x9e3779b97f4a7c15ULL + 0x6b766d;
	truth = fopen(argv[2], "w");
	if (!truth || db_open(argv[1], DB_READ_WRITE, &res, err, sizeof(err)) < 0) {
		fprintf(stderr, "gen-changes: %s\n", truth ? err : "cannot write the truth file");
		return 1;
	}
	rc = exec_sql(res.db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; BEGIN");
	if (rc == 0)
		rc = generate(res.db, &o, truth);
	if (rc == 0)
		rc = exec_sql(res.db, "COMMIT");
	if (rc < 0)
		fprintf(stderr, "gen-changes: %s\n", sqlite3_errmsg(res.db));
	if (fclose(truth) != 0)
		rc = -1;
	return sqlite3_close(res.db) == SQLITE_OK && rc == 0 ? 0 : 1;
}

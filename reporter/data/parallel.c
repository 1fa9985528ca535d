/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading many boots on every core, into series merged at the end. */
#include "parallel.h"
#include "mapping.h"
#include "shard.h"
#include "../commands/stage_load.h"
#include "../../common/message.h"
#include "../../schema/db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One range of run ids, read on its own connection and thread. */
struct walker {
	struct report *r;
	struct selection sel;
	boot_fn fn;
	void *ctx;
	char err[512];
	int rc;
	pthread_t thread;
};

static void *walker_run(void *data)
{
	struct walker *w = data;
	struct db_open_result res;

	/* A connection of its own: SQLite connections are not shared here. */
	if (db_open(w->r->args->db_path, DB_READ_ONLY, &res, w->err, sizeof(w->err)) < 0) {
		w->rc = -1;
		return NULL;
	}
	mapping_apply(res.db);
	w->rc = boots_each(res.db, &w->sel, &w->r->cat, w->fn, w->ctx, w->err, sizeof(w->err));
	sqlite3_close(res.db);
	return NULL;
}

/*
 * The smallest and largest run id in the database: one subquery each, as
 * SQLite looks a lone min() or max() of the rowid up at once, and scans
 * the whole table for both in one SELECT (0.14 s over a million boots).
 */
static int run_bounds(sqlite3 *db, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT (SELECT min(id) FROM runs), (SELECT max(id) FROM runs)",
			       -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL;
	if (rc) {
		*lo = sqlite3_column_int64(stmt, 0);
		*hi = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return rc ? 0 : -1;
}

/* Narrows [*LO, *HI] to the run ids SEL's own range allows. */
static void range_clip(const struct selection *sel, int64_t *lo, int64_t *hi)
{
	if (sel->run_from > *lo)
		*lo = sel->run_from;
	if (sel->run_to && sel->run_to - 1 < *hi)
		*hi = sel->run_to - 1;
}

int parallel_run_bounds(sqlite3 *db, const struct selection *sel, int64_t *lo, int64_t *hi)
{
	if (run_bounds(db, lo, hi) < 0)
		return -1;
	range_clip(sel, lo, hi);
	return 0;
}

static size_t walkers_plan(struct report *r, const struct selection *sel, struct walker *w)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus < 1 ? 1 : cpus > PARALLEL_SHARDS_MAX ? PARALLEL_SHARDS_MAX : (size_t)cpus, i;
	int64_t lo = 0, hi = 0, step;

	if (sel->run_id || run_bounds(r->db, &lo, &hi) < 0)
		n = 1;	/* one boot, or an empty database: one thread */
	else
		range_clip(sel, &lo, &hi);
	if (n > 1 && hi - lo < 10000)
		n = 1;	/* a small database or range: one thread */
	step = n > 1 ? (hi - lo) / (int64_t)n + 1 : 0;
	for (i = 0; i < n; i++) {
		w[i].sel = *sel;
		if (n > 1) {
			w[i].sel.run_from = lo + step * (int64_t)i;
			w[i].sel.run_to = lo + step * (int64_t)(i + 1);
		}
	}
	return n;
}

int boots_each_parallel(struct report *r, const struct selection *sel, boot_fn fn,
			void *const ctxs[PARALLEL_SHARDS_MAX], size_t *nshards)
{
	struct walker w[PARALLEL_SHARDS_MAX];
	size_t n, i, started = 0;
	int rc = 0;

	memset(w, 0, sizeof(w));
	n = walkers_plan(r, sel, w);
	for (i = 0; i < n; i++) {
		w[i].r = r;
		w[i].fn = fn;
		w[i].ctx = ctxs[i];
		if (pthread_create(&w[i].thread, NULL, walker_run, &w[i]) != 0) {
			rc = report_oom(r);
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++) {
		pthread_join(w[i].thread, NULL);
		if (rc == 0 && w[i].rc < 0) {
			snprintf(r->err, sizeof(r->err), "%s", w[i].err[0] ? w[i].err : "out of memory");
			rc = 2;
		} else if (rc == 0 && w[i].rc > 0) {
			rc = w[i].rc;
		}
	}
	*nshards = n;
	return rc;
}

int series_load_parallel(struct report *r, const struct selection *sel, group_fn group_of,
			 const void *group_ctx, struct series_set *set)
{
	return series_spans_load_parallel(r, sel, group_of, group_ctx, set, NULL);
}

int series_spans_load_parallel(struct report *r, const struct selection *sel, group_fn group_of,
			       const void *group_ctx, struct series_set *set,
			       struct span_samples *spans)
{
	struct shard *sh = calloc(PARALLEL_SHARDS_MAX, sizeof(*sh));
	void *ctxs[PARALLEL_SHARDS_MAX];
	size_t i, n = 0;
	int rc = 0;

	if (!sh)
		return report_oom(r);
	for (i = 0; i < PARALLEL_SHARDS_MAX; i++) {
		ctxs[i] = &sh[i];
		if (rc == 0 && shard_init(&sh[i], group_of, group_ctx, set->ngroups, spans) < 0)
			rc = report_oom(r);
	}
	if (rc == 0)
		rc = boots_each_parallel(r, sel, shard_add_boot, ctxs, &n);
	if (rc == 1)
		rc = report_oom(r);
	for (i = 0; rc == 0 && i < n; i++)
		if (shard_merge(&sh[i], set, spans) < 0)
			rc = report_oom(r);
	for (i = 0; i < PARALLEL_SHARDS_MAX; i++)
		shard_release(&sh[i]);
	free(sh);
	return rc;
}

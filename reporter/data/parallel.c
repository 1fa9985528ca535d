/* Reading many boots on every core, into series merged at the end. */
#include "parallel.h"
#include "mapping.h"
#include "../commands/stage_load.h"
#include "../../common/message.h"
#include "../../schema/db.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SHARDS 4

struct shard {
	struct report *r;
	struct selection sel;
	group_fn group_of;
	const void *group_ctx;
	struct series_set set;
	struct span_samples spans;	/* when the caller wants spans too */
	bool with_spans;
	int64_t last_session;
	size_t last_group;
	char err[512];
	int rc;
	pthread_t thread;
};

static int on_boot(const struct boot *b, void *data)
{
	struct shard *s = data;

	if (b->session_id != s->last_session) {
		s->last_session = b->session_id;
		s->last_group = s->group_of(b->session_id, s->group_ctx);
	}
	if (s->with_spans && span_samples_add(&s->spans, s->last_group, b) < 0)
		return -1;
	return series_add_boot(&s->set, s->last_group, b) < 0 ? -1 : 0;
}

static void *shard_run(void *data)
{
	struct shard *s = data;
	struct db_open_result res;

	/* A connection of its own: SQLite connections are not shared here. */
	if (db_open(s->r->args->db_path, DB_READ_ONLY, &res, s->err, sizeof(s->err)) < 0) {
		s->rc = -1;
		return NULL;
	}
	mapping_apply(res.db);
	s->rc = boots_each(res.db, &s->sel, &s->r->cat, on_boot, s, s->err, sizeof(s->err));
	if (s->rc > 0 || (s->rc < 0 && !s->err[0]))
		msg_fail(s->err, sizeof(s->err), "out of memory");
	sqlite3_close(res.db);
	return NULL;
}

/* The smallest and largest run id in the database (rowid bounds: instant). */
static int run_bounds(sqlite3 *db, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT min(id), max(id) FROM runs", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL;
	if (rc) {
		*lo = sqlite3_column_int64(stmt, 0);
		*hi = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return rc ? 0 : -1;
}

static int shards_plan(struct report *r, const struct selection *sel, struct shard *sh)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cpus < 1 ? 1 : cpus > MAX_SHARDS ? MAX_SHARDS : (int)cpus, i;
	int64_t lo, hi, step;

	if (sel->run_id || run_bounds(r->db, &lo, &hi) < 0 || hi - lo < 10000)
		n = 1;	/* one boot, an empty or a small database: one thread */
	step = n > 1 ? (hi - lo) / n + 1 : 0;
	for (i = 0; i < n; i++) {
		sh[i].sel = *sel;
		if (n > 1) {
			sh[i].sel.run_from = lo + step * i;
			sh[i].sel.run_to = lo + step * (i + 1);
		}
	}
	return n;
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
	struct shard *sh = calloc(MAX_SHARDS, sizeof(*sh));
	int n, i, started = 0, rc = 0;

	if (!sh)
		return report_oom(r);
	n = shards_plan(r, sel, sh);
	for (i = 0; i < n; i++) {
		sh[i].r = r;
		sh[i].group_of = group_of;
		sh[i].group_ctx = group_ctx;
		sh[i].last_session = -1;
		sh[i].with_spans = spans != NULL;
		if (series_init(&sh[i].set, set->ngroups) < 0 ||
		    (spans && span_samples_init_like(&sh[i].spans, spans) < 0) ||
		    pthread_create(&sh[i].thread, NULL, shard_run, &sh[i]) != 0) {
			rc = report_oom(r);
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++) {
		pthread_join(sh[i].thread, NULL);
		if (rc == 0 && sh[i].rc != 0) {
			snprintf(r->err, sizeof(r->err), "%s", sh[i].err);
			rc = 2;
		}
		if (rc == 0 && series_merge(set, &sh[i].set) < 0)
			rc = report_oom(r);
		if (rc == 0 && spans && span_samples_merge(spans, &sh[i].spans) < 0)
			rc = report_oom(r);
		span_samples_release(&sh[i].spans);	/* as soon as merged: one copy at a time */
	}
	for (i = 0; i < MAX_SHARDS; i++) {
		series_release(&sh[i].set);
		span_samples_release(&sh[i].spans);
	}
	free(sh);
	return rc;
}

_Static_assert(PARALLEL_SHARDS == MAX_SHARDS, "parallel.h says how many shards there are");

/* One shard of boots_each_parallel: a range of run ids, its own connection. */
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

	if (db_open(w->r->args->db_path, DB_READ_ONLY, &res, w->err, sizeof(w->err)) < 0) {
		w->rc = -1;
		return NULL;
	}
	mapping_apply(res.db);
	w->rc = boots_each(res.db, &w->sel, &w->r->cat, w->fn, w->ctx, w->err, sizeof(w->err));
	if (w->rc > 0 || (w->rc < 0 && !w->err[0]))
		msg_fail(w->err, sizeof(w->err), "out of memory");
	sqlite3_close(res.db);
	return NULL;
}

int boots_each_parallel(struct report *r, const struct selection *sel, boot_fn fn,
			void *const ctxs[])
{
	struct shard *plan = calloc(MAX_SHARDS, sizeof(*plan));
	struct walker *w = calloc(MAX_SHARDS, sizeof(*w));
	int n = 0, i, started = 0, rc = 0;

	if (!plan || !w) {
		free(plan);
		free(w);
		return report_oom(r), -1;
	}
	n = shards_plan(r, sel, plan);
	for (i = 0; i < n; i++) {
		w[i] = (struct walker){ .r = r, .sel = plan[i].sel, .fn = fn, .ctx = ctxs[i] };
		if (pthread_create(&w[i].thread, NULL, walker_run, &w[i]) != 0) {
			rc = report_oom(r);
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++) {
		pthread_join(w[i].thread, NULL);
		if (rc == 0 && w[i].rc != 0) {
			snprintf(r->err, sizeof(r->err), "%s", w[i].err);
			rc = 2;
		}
	}
	free(plan);
	free(w);
	return rc ? -1 : n;
}

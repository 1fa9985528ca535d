/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading many boots window by window, on every core: readers take the
 * next window as soon as they are free, so that none waits for another
 * at the end of each window, and the caller merges and uses window after
 * window while the next ones are read.
 */
#include "windows.h"
#include "mapping.h"
#include "shard.h"
#include "../../common/message.h"
#include "../../schema/db.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One window of run ids and what a reader found in it. */
struct window {
	struct shard sh;
	int64_t to;		/* its run ids end before this one */
	bool read;		/* SH holds all its boots (or RC says why not) */
	int rc;			/* boots_each's: 0, 1 out of memory, -1 with ERR */
	char err[512];
};

struct windows {
	struct report *r;
	const struct selection *sel;
	group_fn group_of;
	const void *group_ctx;
	size_t ngroups;
	const struct span_samples *spans_like;	/* NULL: no spans */
	int64_t lo, hi;
	size_t n;		/* windows */
	size_t next;		/* the next window a reader takes */
	size_t merged;		/* windows the caller is done with */
	bool stop;
	struct window ring[WINDOWS_AHEAD];	/* window k in ring[k % WINDOWS_AHEAD] */
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

/* Reads window K into its slot W on DB (NULL: OPEN_ERR says why not). */
static void window_read(struct windows *ws, size_t k, struct window *w, sqlite3 *db,
			const char *open_err)
{
	struct selection sel = *ws->sel;

	sel.run_from = ws->lo + (int64_t)k * WINDOW_RUNS;
	sel.run_to = k + 1 == ws->n ? ws->hi + 1 : sel.run_from + WINDOW_RUNS;
	w->to = sel.run_to;
	w->err[0] = '\0';
	if (!db) {
		snprintf(w->err, sizeof(w->err), "%s", open_err);
		w->rc = -1;
	} else if (shard_init(&w->sh, ws->group_of, ws->group_ctx, ws->ngroups,
			      ws->spans_like) < 0) {
		w->rc = 1;
	} else {
		w->rc = boots_each(db, &sel, &ws->r->cat, shard_add_boot, &w->sh, w->err,
				   sizeof(w->err));
	}
}

/* The next window for a reader, once its slot is free; SIZE_MAX: none left. */
static size_t window_take(struct windows *ws)
{
	size_t k = SIZE_MAX;

	pthread_mutex_lock(&ws->lock);
	while (!ws->stop && ws->next < ws->n && ws->next >= ws->merged + WINDOWS_AHEAD)
		pthread_cond_wait(&ws->changed, &ws->lock);
	if (!ws->stop && ws->next < ws->n)
		k = ws->next++;
	pthread_mutex_unlock(&ws->lock);
	return k;
}

static void *reader_run(void *data)
{
	struct windows *ws = data;
	struct db_open_result res;
	char err[512];
	sqlite3 *db = NULL;
	size_t k;

	/* A connection of its own, for every window it reads */
	if (db_open(ws->r->args->db_path, DB_READ_ONLY, &res, err, sizeof(err)) == 0) {
		db = res.db;
		mapping_apply(db);
	}
	while ((k = window_take(ws)) != SIZE_MAX) {
		struct window *w = &ws->ring[k % WINDOWS_AHEAD];

		window_read(ws, k, w, db, err);
		if (db)	/* the file's pages it read count once, not once per reader */
			mapping_drop(db);
		pthread_mutex_lock(&ws->lock);
		w->read = true;
		pthread_cond_broadcast(&ws->changed);
		pthread_mutex_unlock(&ws->lock);
	}
	sqlite3_close(db);
	return NULL;
}

/* Waits for window K, merges it into SET and SPANS and frees its slot. 0, or 2 with r->err. */
static int window_merge(struct windows *ws, size_t k, struct series_set *set,
			struct span_samples *spans)
{
	struct window *w = &ws->ring[k % WINDOWS_AHEAD];
	int rc = 0;

	pthread_mutex_lock(&ws->lock);
	while (!w->read)
		pthread_cond_wait(&ws->changed, &ws->lock);
	pthread_mutex_unlock(&ws->lock);
	if (w->rc < 0) {
		msg_fail(ws->r->err, sizeof(ws->r->err), "%s", w->err);
		rc = 2;
	} else if (w->rc > 0 || shard_merge(&w->sh, set, spans) < 0)
		rc = report_oom(ws->r);
	shard_release(&w->sh);
	return rc;
}

/* Lets the readers go on to window K + WINDOWS_AHEAD. */
static void window_done(struct windows *ws, size_t k)
{
	pthread_mutex_lock(&ws->lock);
	ws->ring[k % WINDOWS_AHEAD].read = false;
	ws->merged = k + 1;
	pthread_cond_broadcast(&ws->changed);
	pthread_mutex_unlock(&ws->lock);
}

/* Tells the readers to take no more windows. */
static void windows_stop(struct windows *ws)
{
	pthread_mutex_lock(&ws->lock);
	ws->stop = true;
	pthread_cond_broadcast(&ws->changed);
	pthread_mutex_unlock(&ws->lock);
}

/* How many readers: one per core, no more than windows. */
static size_t readers_wanted(size_t windows)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus < 1 ? 1 : cpus > PARALLEL_SHARDS_MAX ? PARALLEL_SHARDS_MAX : (size_t)cpus;

	return n < windows ? n : windows;
}

/* Merges window after window and calls DONE after each. 0, DONE's value, or 2. */
static int windows_consume(struct windows *ws, struct series_set *set,
			   struct span_samples *spans, window_fn done, void *done_ctx)
{
	size_t k;
	int rc = 0;

	for (k = 0; rc == 0 && k < ws->n; k++) {
		rc = window_merge(ws, k, set, spans);
		if (rc == 0)	/* after the last window, nothing is left to ask about */
			rc = done(k + 1 == ws->n ? INT64_MAX : ws->ring[k % WINDOWS_AHEAD].to,
				  done_ctx);
		window_done(ws, k);
	}
	return rc;
}

static int windows_run(struct windows *ws, struct series_set *set, struct span_samples *spans,
		       window_fn done, void *done_ctx)
{
	pthread_t readers[PARALLEL_SHARDS_MAX];
	size_t n = readers_wanted(ws->n), started = 0, i;
	int rc = 0;

	for (; started < n; started++)
		if (pthread_create(&readers[started], NULL, reader_run, ws) != 0)
			break;
	if (started == 0)
		rc = report_oom(ws->r);
	else
		rc = windows_consume(ws, set, spans, done, done_ctx);
	windows_stop(ws);	/* after an error: readers still at work take no more */
	for (i = 0; i < started; i++)
		pthread_join(readers[i], NULL);
	for (i = 0; i < WINDOWS_AHEAD; i++)	/* read and never merged, after an error */
		shard_release(&ws->ring[i].sh);
	return rc;
}

int series_spans_load_windows(struct report *r, const struct selection *sel, group_fn group_of,
			      const void *group_ctx, struct series_set *set,
			      struct span_samples *spans, window_fn done, void *done_ctx)
{
	struct windows *ws;
	int rc;

	if (sel->run_id) {	/* one boot */
		rc = series_spans_load_parallel(r, sel, group_of, group_ctx, set, spans);
		return rc ? rc : done(INT64_MAX, done_ctx);
	}
	ws = calloc(1, sizeof(*ws));
	if (!ws)
		return report_oom(r);
	*ws = (struct windows){ .r = r, .sel = sel, .group_of = group_of, .group_ctx = group_ctx,
				.ngroups = set->ngroups, .spans_like = spans };
	if (parallel_run_bounds(r->db, sel, &ws->lo, &ws->hi) == 0 && ws->lo <= ws->hi)
		ws->n = (size_t)((ws->hi - ws->lo) / WINDOW_RUNS) + 1;
	pthread_mutex_init(&ws->lock, NULL);
	pthread_cond_init(&ws->changed, NULL);
	rc = ws->n ? windows_run(ws, set, spans, done, done_ctx) : done(INT64_MAX, done_ctx);
	pthread_cond_destroy(&ws->changed);
	pthread_mutex_destroy(&ws->lock);
	free(ws);
	return rc;
}

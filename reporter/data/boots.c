/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The selected boots streamed one at a time, each with its points. */
#include "boots.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * The walk: the selected boots are read ahead in chunks (one row each,
 * up to CHUNK_MAX, while no two are more than SEEK_GAP ids apart), then
 * the points of a chunk's id range go through one aggregate call,
 * kvmboot_points(), which SQLite calls per point without a result row:
 * about a third cheaper than stepping a million rows and fetching their
 * columns. A join would decode each boot's columns again for every point.
 */
#define CHUNK_MAX 1024
#define SEEK_GAP 4096

/* A selected boot's own columns, as read ahead. */
struct run_row {
	int64_t id, session_id, seq, cpu_ns, max_rss_kb, batch;
	char status[16];
	char uuid[40];
	char *label;		/* the session's, or NULL */
	bool own_label;		/* else shared with the row before */
	char *detail;
};

struct walk {
	sqlite3_stmt *runs, *points;
	const struct catalog *cat;
	boot_fn fn;
	void *ctx;
	struct run_row rows[CHUNK_MAX + 1];	/* the last: read ahead for the next chunk */
	size_t n, at;		/* rows in the chunk; the boot whose points come */
	bool carried;		/* rows[n] was read and belongs to the next chunk */
	int runs_rc;
	int64_t last_run;
	bool past;		/* the points went past the chunk's last boot */
	int *ms;		/* the points of rows[at] so far */
	int64_t *time_ns;
	size_t npoints, cap;
	int out;		/* fn's non-zero value, -ENOMEM or -EIO */
};

/* Column COL's text into DST, cut to SIZE - 1 bytes (read as bytes: no terminated copy made). */
static void text_copy(char *dst, size_t size, sqlite3_stmt *stmt, int col)
{
	const void *src = sqlite3_column_blob(stmt, col);
	size_t n = (size_t)sqlite3_column_bytes(stmt, col);

	n = src ? (n < size - 1 ? n : size - 1) : 0;
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

static int64_t int_or(sqlite3_stmt *stmt, int col, int64_t null_value)
{
	return sqlite3_column_type(stmt, col) == SQLITE_NULL ? null_value :
	       sqlite3_column_int64(stmt, col);
}

static void row_release(struct run_row *row)
{
	if (row->own_label)
		free(row->label);
	free(row->detail);
	row->label = row->detail = NULL;
	row->own_label = false;
}

/* Reads the runs statement's current row into ROW; PREV (or NULL) may share its label. */
static int row_read(struct run_row *row, sqlite3_stmt *stmt, const struct run_row *prev)
{
	const char *label;

	row->id = sqlite3_column_int64(stmt, 0);
	row->session_id = sqlite3_column_int64(stmt, 1);
	row->seq = sqlite3_column_int64(stmt, 2);
	text_copy(row->status, sizeof(row->status), stmt, 3);
	text_copy(row->uuid, sizeof(row->uuid), stmt, 4);
	/* Consecutive boots mostly share a session: one copy of its label. */
	if (prev && prev->session_id == row->session_id) {
		row->label = prev->label;
	} else {
		label = (const char *)sqlite3_column_text(stmt, 5);
		row->label = label ? strdup(label) : NULL;
		row->own_label = label != NULL;
		if (label && !row->label)
			return -ENOMEM;
	}
	if (sqlite3_column_type(stmt, 6) != SQLITE_NULL &&
	    !(row->detail = strdup((const char *)sqlite3_column_text(stmt, 6))))
		return -ENOMEM;
	row->cpu_ns = int_or(stmt, 7, -1);
	row->max_rss_kb = int_or(stmt, 8, -1);
	row->batch = sqlite3_column_int64(stmt, 9);
	return 0;
}

/* Reads the next chunk of selected boots; 0 with w->n == 0 at the end. */
static int chunk_read(struct walk *w)
{
	size_t i;
	int rc;

	for (i = 0; i < w->n; i++)
		row_release(&w->rows[i]);
	w->n = w->at = 0;
	if (w->carried) {
		w->rows[0] = w->rows[CHUNK_MAX];	/* moves: its strings go with it */
		memset(&w->rows[CHUNK_MAX], 0, sizeof(w->rows[CHUNK_MAX]));
		w->n = 1;
		w->carried = false;
	}
	while (w->runs_rc == SQLITE_ROW && (w->runs_rc = sqlite3_step(w->runs)) == SQLITE_ROW) {
		struct run_row *row = &w->rows[w->n];

		rc = row_read(row, w->runs, w->n ? &w->rows[w->n - 1] : NULL);
		if (rc < 0)
			return rc;
		if (w->n && (w->n == CHUNK_MAX || row->id - w->rows[w->n - 1].id > SEEK_GAP)) {
			/* Belongs to the next chunk; the label it may share is released first. */
			if (!row->own_label && row->label) {
				row->label = strdup(row->label);
				row->own_label = true;
				if (!row->label)
					return -ENOMEM;
			}
			if (row != &w->rows[CHUNK_MAX]) {
				w->rows[CHUNK_MAX] = *row;
				memset(row, 0, sizeof(*row));
			}
			w->carried = true;
			return 0;
		}
		w->n++;
	}
	return w->runs_rc == SQLITE_DONE ? 0 : -EIO;
}

static int point_add(struct walk *w, int ms, int64_t time_ns)
{
	if (w->npoints == w->cap) {
		size_t want = w->cap ? w->cap * 2 : 32;
		int *m = realloc(w->ms, want * sizeof(*m));
		int64_t *t;

		if (!m)
			return -ENOMEM;
		w->ms = m;
		t = realloc(w->time_ns, want * sizeof(*t));
		if (!t)
			return -ENOMEM;
		w->time_ns = t;
		w->cap = want;
	}
	w->ms[w->npoints] = ms;
	w->time_ns[w->npoints++] = time_ns;
	return 0;
}

/* Hands boot rows[at] with the points gathered to the caller's function. */
static int boot_done(struct walk *w)
{
	const struct run_row *row = &w->rows[w->at++];
	struct boot b = {
		.id = row->id, .session_id = row->session_id, .seq = row->seq,
		.status = row->status, .uuid = row->uuid, .label = row->label,
		.detail = row->detail, .cpu_ns = row->cpu_ns, .max_rss_kb = row->max_rss_kb,
		.batch = row->batch, .n = w->npoints, .ms = w->ms, .time_ns = w->time_ns,
	};

	w->npoints = 0;
	return w->fn(&b, w->ctx);
}

/*
 * The walk kvmboot_points() serves. Per thread, as each connection is
 * used by one thread at a time: a bound pointer would be copied per point.
 */
static __thread struct walk *current_walk;

/* kvmboot_points(run_id, milestone_id, time_ns): one point, in key order. */
static void on_point(sqlite3_context *context, int argc, sqlite3_value **argv)
{
	struct walk *w = current_walk;
	int64_t run = sqlite3_value_int64(argv[0]), mid = sqlite3_value_int64(argv[1]);
	const struct catalog *cat = w->cat;

	(void)argc;
	/* The primary key's order is what the boots rely on: say so if it is not. */
	if (run < w->last_run)
		w->out = -EIO;
	w->last_run = run;
	while (w->out == 0 && w->at < w->n && w->rows[w->at].id < run)
		w->out = boot_done(w);
	if (w->out == 0 && w->at == w->n)
		w->past = true;		/* no more of the chunk: stop reading */
	else if (w->out == 0 && w->rows[w->at].id == run &&
		 mid >= 0 && mid <= cat->max_id && cat->index_of_id[mid] >= 0)
		w->out = point_add(w, cat->index_of_id[mid], sqlite3_value_int64(argv[2]));
	if (w->out || w->past)
		sqlite3_result_error_code(context, SQLITE_ABORT);
}

static void points_end(sqlite3_context *context)
{
	sqlite3_result_null(context);
}

/* The points of the chunk's boots, each boot handed on when complete. */
static int chunk_points(struct walk *w)
{
	struct walk *outer = current_walk;
	int rc;

	w->last_run = INT64_MIN;
	w->past = false;
	sqlite3_reset(w->points);
	sqlite3_bind_int64(w->points, 1, w->rows[0].id);
	current_walk = w;
	rc = sqlite3_step(w->points);
	current_walk = outer;
	if (w->out)
		return w->out;
	if (rc != SQLITE_ROW && !w->past)
		return -EIO;
	while (w->out == 0 && w->at < w->n)
		w->out = boot_done(w);
	return w->out;
}

static int walk_prepare(sqlite3 *db, const struct selection *sel, struct walk *w,
			char *err, size_t errlen)
{
	struct sqlbuf q;
	int rc;

	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT r.id, r.session_id, r.seq, r.status, r.uuid, s.label,"
		   " r.status_detail, r.cpu_user_ns + r.cpu_sys_ns, r.max_rss_kb, r.batch"
		   " FROM runs r JOIN sessions s ON s.id = r.session_id WHERE 1");
	selection_where(sel, &q, false);
	sqlbuf_add(&q, " ORDER BY r.id");
	if (sqlbuf_prepare(db, &q, &w->runs, err, errlen) < 0)
		return -1;
	/* Defined once per connection; SQLITE_BUSY: defined already, with statements running. */
	rc = sqlite3_create_function(db, "kvmboot_points", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY,
				     NULL, NULL, on_point, points_end);
	if ((rc != SQLITE_OK && rc != SQLITE_BUSY) ||
	    sqlite3_prepare_v2(db, "SELECT kvmboot_points(run_id, milestone_id, time_ns)"
			       " FROM points WHERE run_id >= ?1", -1, &w->points, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot read the points: %s", sqlite3_errmsg(db));
	return 0;
}

static void walk_release(struct walk *w)
{
	size_t i;

	for (i = 0; i <= CHUNK_MAX; i++)
		row_release(&w->rows[i]);
	sqlite3_finalize(w->runs);
	sqlite3_finalize(w->points);
	free(w->ms);
	free(w->time_ns);
	free(w);
}

int boots_each(sqlite3 *db, const struct selection *sel, const struct catalog *cat,
	       boot_fn fn, void *ctx, char *err, size_t errlen)
{
	struct walk *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return msg_fail(err, errlen, "out of memory");
	w->cat = cat;
	w->fn = fn;
	w->ctx = ctx;
	w->runs_rc = SQLITE_ROW;
	if (walk_prepare(db, sel, w, err, errlen) < 0) {
		walk_release(w);
		return -1;
	}
	while ((rc = chunk_read(w)) == 0 && w->n > 0 && (rc = chunk_points(w)) == 0)
		;
	if (rc == -EIO)
		msg_fail(err, errlen, "cannot read the boots: %s", sqlite3_errmsg(db));
	else if (rc == -ENOMEM)
		msg_fail(err, errlen, "out of memory");
	if (rc == -EIO || rc == -ENOMEM)
		rc = -1;
	walk_release(w);
	return rc;
}

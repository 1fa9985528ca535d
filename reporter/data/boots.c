/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The milestone catalogue, and the selected boots streamed one at a time. */
#include "boots.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int catalog_add(struct catalog *c, sqlite3_stmt *stmt, size_t *cap)
{
	struct milestone_def *m;

	if (c->n == *cap) {
		size_t want = *cap ? *cap * 2 : 32;
		struct milestone_def *grown = realloc(c->ms, want * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		c->ms = grown;
		*cap = want;
	}
	m = &c->ms[c->n];
	m->id = sqlite3_column_int64(stmt, 0);
	m->name = strdup((const char *)sqlite3_column_text(stmt, 1));
	m->ord = sqlite3_column_int64(stmt, 2);
	if (!m->name)
		return -ENOMEM;
	if (m->id > c->max_id)
		c->max_id = m->id;
	c->n++;
	return 0;
}

static int catalog_index(struct catalog *c)
{
	size_t i;

	c->index_of_id = malloc(((size_t)c->max_id + 1) * sizeof(*c->index_of_id));
	if (!c->index_of_id)
		return -ENOMEM;
	for (i = 0; i <= (size_t)c->max_id; i++)
		c->index_of_id[i] = -1;
	for (i = 0; i < c->n; i++)
		if (c->ms[i].id >= 0)
			c->index_of_id[c->ms[i].id] = (int)i;
	return 0;
}

int catalog_load(sqlite3 *db, struct catalog *c, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	if (sqlite3_prepare_v2(db, "SELECT id, name, ord FROM milestones ORDER BY ord, id",
			       -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot read the milestones: %s", sqlite3_errmsg(db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (catalog_add(c, stmt, &cap) < 0)
			break;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE || catalog_index(c) < 0)
		return msg_fail(err, errlen, "cannot read the milestones: %s",
				rc == SQLITE_DONE ? "out of memory" : sqlite3_errmsg(db));
	return 0;
}

int catalog_find(const struct catalog *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->ms[i].name, name) == 0)
			return (int)i;
	return -1;
}

void catalog_release(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->ms[i].name);
	free(c->ms);
	free(c->index_of_id);
	memset(c, 0, sizeof(*c));
}

/* The boot being assembled from consecutive rows. */
struct pending {
	struct boot b;
	int *ms;
	int64_t *time_ns;
	size_t cap;
	char status[16];
	char uuid[40];
	char *label;
	char *detail;
};

static int pending_point(struct pending *p, int ms, int64_t time_ns)
{
	if (p->b.n == p->cap) {
		size_t want = p->cap ? p->cap * 2 : 32;
		int *m = realloc(p->ms, want * sizeof(*m));
		int64_t *t;

		if (!m)
			return -ENOMEM;
		p->ms = m;
		t = realloc(p->time_ns, want * sizeof(*t));
		if (!t)
			return -ENOMEM;
		p->time_ns = t;
		p->cap = want;
	}
	p->ms[p->b.n] = ms;
	p->time_ns[p->b.n++] = time_ns;
	return 0;
}

static void pending_start(struct pending *p, sqlite3_stmt *stmt)
{
	const char *status = (const char *)sqlite3_column_text(stmt, 3);
	const char *uuid = (const char *)sqlite3_column_text(stmt, 4);
	const char *label = (const char *)sqlite3_column_text(stmt, 5);

	p->b.id = sqlite3_column_int64(stmt, 0);
	p->b.session_id = sqlite3_column_int64(stmt, 1);
	p->b.seq = sqlite3_column_int64(stmt, 2);
	snprintf(p->status, sizeof(p->status), "%s", status ? status : "");
	snprintf(p->uuid, sizeof(p->uuid), "%s", uuid ? uuid : "");
	p->b.status = p->status;
	p->b.uuid = p->uuid;
	/* Consecutive boots mostly share a session: copy the label when it changes. */
	if (!label != !p->label || (label && strcmp(label, p->label) != 0)) {
		free(p->label);
		p->label = label ? strdup(label) : NULL;
	}
	p->b.label = p->label;
	free(p->detail);	/* NULL for most boots: ok ones have no detail */
	p->detail = sqlite3_column_type(stmt, 6) == SQLITE_NULL ? NULL :
		    strdup((const char *)sqlite3_column_text(stmt, 6));
	p->b.detail = p->detail;
	p->b.cpu_ns = sqlite3_column_type(stmt, 7) == SQLITE_NULL ? -1 :
		      sqlite3_column_int64(stmt, 7);
	p->b.max_rss_kb = sqlite3_column_type(stmt, 8) == SQLITE_NULL ? -1 :
			  sqlite3_column_int64(stmt, 8);
	p->b.batch = sqlite3_column_int64(stmt, 9);
	p->b.n = 0;
}

static int pending_flush(struct pending *p, boot_fn fn, void *ctx)
{
	p->b.ms = p->ms;
	p->b.time_ns = p->time_ns;
	return fn(&p->b, ctx);
}

/*
 * Two ordered streams merged here: the selected boots (one row each) and
 * the points from the first selected boot on, in (run_id, seq) order. A
 * join would make SQLite decode the boot's columns again for every point
 * and seek once per boot; a million boots take several times as long.
 */
struct streams {
	sqlite3_stmt *runs, *points;
	int points_rc;		/* SQLITE_ROW while points has a current row */
	int64_t at;		/* run_id of that row */
};

/* Boots further apart than this are reached by a new seek, not by skipping. */
#define SEEK_GAP 4096

static void points_step(struct streams *st)
{
	st->points_rc = sqlite3_step(st->points);
	if (st->points_rc == SQLITE_ROW)
		st->at = sqlite3_column_int64(st->points, 0);
}

static void points_seek(struct streams *st, int64_t run_id)
{
	sqlite3_reset(st->points);
	sqlite3_bind_int64(st->points, 1, run_id);
	points_step(st);
}

/* Moves the points stream to boot RUN_ID; true if it has points there. */
static bool points_reach(struct streams *st, int64_t run_id)
{
	while (st->points_rc == SQLITE_ROW) {
		if (st->at >= run_id)
			return st->at == run_id;
		if (run_id - st->at > SEEK_GAP)
			points_seek(st, run_id);
		else
			points_step(st);
	}
	return false;
}

static int points_collect(struct streams *st, struct pending *p, const struct catalog *cat)
{
	if (!points_reach(st, p->b.id))
		return 0;
	do {
		int64_t mid = sqlite3_column_int64(st->points, 1);

		if (mid >= 0 && mid <= cat->max_id && cat->index_of_id[mid] >= 0 &&
		    pending_point(p, cat->index_of_id[mid], sqlite3_column_int64(st->points, 2)) < 0)
			return -ENOMEM;
		points_step(st);
	} while (st->points_rc == SQLITE_ROW && st->at == p->b.id);
	return 0;
}

static int streams_walk(struct streams *st, const struct catalog *cat, boot_fn fn, void *ctx)
{
	struct pending p = { 0 };
	bool first = true;
	int rc, out = 0;

	while (out == 0 && (rc = sqlite3_step(st->runs)) == SQLITE_ROW) {
		pending_start(&p, st->runs);
		if (first)
			points_seek(st, p.b.id);
		first = false;
		out = points_collect(st, &p, cat);
		if (out == 0 && st->points_rc != SQLITE_ROW && st->points_rc != SQLITE_DONE)
			out = -EIO;
		if (out == 0)
			out = pending_flush(&p, fn, ctx);
	}
	if (out == 0 && rc != SQLITE_DONE)
		out = -EIO;
	free(p.ms);
	free(p.time_ns);
	free(p.label);
	free(p.detail);
	return out;
}

int boots_each(sqlite3 *db, const struct selection *sel, const struct catalog *cat,
	       boot_fn fn, void *ctx, char *err, size_t errlen)
{
	struct streams st = { NULL, NULL, SQLITE_DONE, 0 };
	struct sqlbuf q;
	int rc = -1;

	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT r.id, r.session_id, r.seq, r.status, r.uuid, s.label,"
		   " r.status_detail, r.cpu_user_ns + r.cpu_sys_ns, r.max_rss_kb, r.batch"
		   " FROM runs r JOIN sessions s ON s.id = r.session_id WHERE 1");
	selection_where(sel, &q, false);
	sqlbuf_add(&q, " ORDER BY r.id");
	if (sqlbuf_prepare(db, &q, &st.runs, err, errlen) < 0)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT run_id, milestone_id, time_ns FROM points"
			       " WHERE run_id >= ?1 ORDER BY run_id, seq", -1, &st.points,
			       NULL) != SQLITE_OK) {
		msg_fail(err, errlen, "cannot read the points: %s", sqlite3_errmsg(db));
		goto out;
	}
	rc = streams_walk(&st, cat, fn, ctx);
	if (rc == -EIO)
		msg_fail(err, errlen, "cannot read the boots: %s", sqlite3_errmsg(db));
	else if (rc == -ENOMEM)
		msg_fail(err, errlen, "out of memory");
	if (rc == -EIO || rc == -ENOMEM)
		rc = -1;
out:
	sqlite3_finalize(st.runs);
	sqlite3_finalize(st.points);
	return rc;
}

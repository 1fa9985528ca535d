/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report page's sessions: all of them (a gate's baseline may lie
 * outside the selection), their boot counts, the selected ones grouped
 * into series, which get pages, and each paged one's baseline.
 */
#include "site.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *column_dup(sqlite3_stmt *stmt, int col)
{
	const char *text = (const char *)sqlite3_column_text(stmt, col);

	return text ? strdup(text) : NULL;
}

/* One row of the sessions query into K. 0 or -ENOMEM. */
static int session_read(sqlite3_stmt *stmt, struct site_session *k)
{
	int i;

	memset(k, 0, sizeof(*k));
	k->series = SITE_NONE;
	k->info.id = sqlite3_column_int64(stmt, 0);
	k->uuid = column_dup(stmt, 1);
	k->info.started_at = column_dup(stmt, 2);
	k->info.label = column_dup(stmt, 3);
	for (i = 0; i < ENV_N; i++) {
		k->info.env[i] = column_dup(stmt, 4 + i);
		if (!k->info.env[i] && !(k->info.env[i] = strdup("")))
			return -ENOMEM;
	}
	k->tags = column_dup(stmt, 4 + ENV_N);
	if (!k->uuid || !k->info.started_at ||
	    (!k->info.label && sqlite3_column_type(stmt, 3) != SQLITE_NULL) ||
	    (!k->tags && sqlite3_column_type(stmt, 4 + ENV_N) != SQLITE_NULL))
		return -ENOMEM;
	return 0;
}

static int sessions_grow(struct site *s, size_t *cap)
{
	struct site_session *grown;

	if (s->nsessions < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 256;
	grown = realloc(s->sessions, *cap * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	s->sessions = grown;
	return 0;
}

static int sql_fail(struct report *r, const char *what)
{
	return msg_fail(r->err, sizeof(r->err), "cannot read %s: %s", what, sqlite3_errmsg(r->db)), 2;
}

/* Every session, in the order they started (the gate's order). */
static int sessions_read(struct site *s)
{
	struct report *r = s->r;
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(r->db, "SELECT s.id, s.uuid, s.started_at, s.label, s.host, "
			       "s.cpu_model, s.host_kernel, s.vmm_binary, s.vmm_version, s.vmm_command, "
			       "(SELECT group_concat(kv, ' ') FROM (SELECT t.key || '=' || t.value AS kv "
			       "FROM session_tags t WHERE t.session_id = s.id ORDER BY t.key)) "
			       "FROM sessions s ORDER BY s.started_at, s.id", -1, &stmt, NULL) != SQLITE_OK)
		return sql_fail(r, "the sessions");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (sessions_grow(s, &cap) < 0 || session_read(stmt, &s->sessions[s->nsessions++]) < 0) {
			sqlite3_finalize(stmt);
			return report_oom(r);
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : sql_fail(r, "the sessions");
}

static const struct site *id_sort_site;

static int by_id_cmp(const void *a, const void *b)
{
	int64_t x = id_sort_site->sessions[*(const size_t *)a].info.id;
	int64_t y = id_sort_site->sessions[*(const size_t *)b].info.id;

	return (x > y) - (x < y);
}

static int by_id_build(struct site *s)
{
	size_t i;

	s->by_id = malloc((s->nsessions + 1) * sizeof(*s->by_id));
	if (!s->by_id)
		return report_oom(s->r);
	for (i = 0; i < s->nsessions; i++)
		s->by_id[i] = i;
	id_sort_site = s;
	if (s->nsessions > 1)
		qsort(s->by_id, s->nsessions, sizeof(*s->by_id), by_id_cmp);
	return 0;
}

size_t site_session_find(const struct site *s, int64_t id)
{
	size_t lo = 0, hi = s->nsessions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->sessions[s->by_id[mid]].info.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nsessions && s->sessions[s->by_id[lo]].info.id == id ? s->by_id[lo] : SITE_NONE;
}

/* How many boots each session has, by status, and its newest boot's id. */
static int counts_read(struct site *s)
{
	struct report *r = s->r;
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(r->db, "SELECT session_id, count(*), sum(status = 'ok'), "
			       "sum(status = 'timeout'), sum(status = 'lost_events'), max(id) "
			       "FROM runs GROUP BY session_id", -1, &stmt, NULL) != SQLITE_OK)
		return sql_fail(r, "the boots");
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t k = site_session_find(s, sqlite3_column_int64(stmt, 0));

		if (k == SITE_NONE)
			continue;
		s->sessions[k].boots = (size_t)sqlite3_column_int64(stmt, 1);
		s->sessions[k].ok = (size_t)sqlite3_column_int64(stmt, 2);
		s->sessions[k].timeout = (size_t)sqlite3_column_int64(stmt, 3);
		s->sessions[k].lost_events = (size_t)sqlite3_column_int64(stmt, 4);
		s->sessions[k].max_run = sqlite3_column_int64(stmt, 5);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : sql_fail(r, "the boots");
}

/* The series a session's value names: found, or added. SITE_NONE when out of memory. */
static size_t series_of(struct site *s, const char *value)
{
	struct site_series *grown;
	size_t i;

	for (i = 0; i < s->nseries; i++)
		if (strcmp(s->series[i].name, value) == 0)
			return i;
	grown = realloc(s->series, (s->nseries + 1) * sizeof(*grown));
	if (!grown)
		return SITE_NONE;
	s->series = grown;
	memset(&s->series[s->nseries], 0, sizeof(*s->series));
	s->series[s->nseries].name = strdup(value);
	return s->series[s->nseries].name ? s->nseries++ : SITE_NONE;
}

/* The SQL of a session's series value for --by, its tag key bound as ?1. */
static const char *value_expr(const char *by)
{
	if (strcmp(by, "host") == 0)
		return "s.host";
	if (strncmp(by, "tag:", 4) == 0)
		return "coalesce((SELECT t.key || '=' || t.value FROM session_tags t WHERE "
		       "t.session_id = s.id AND t.key = ?1), ?1 || ' (none)')";
	return "coalesce(s.label, '(no label)')";
}

/* The selected sessions, each into the series its --by value names. */
static int series_read(struct site *s, const struct selection *sel)
{
	struct report *r = s->r;
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	int rc;

	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT s.id, ");
	if (strncmp(s->by, "tag:", 4) == 0)
		sqlbuf_text(&q, s->by + 4);	/* the first parameter: ?1 */
	else
		sqlbuf_add(&q, "NULL");
	sqlbuf_add(&q, ", ");
	sqlbuf_add(&q, value_expr(s->by));
	sqlbuf_add(&q, " FROM sessions s WHERE 1");
	selection_where(sel, &q, true);
	if (sqlbuf_prepare(r->db, &q, &stmt, r->err, sizeof(r->err)) < 0)
		return 2;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		size_t k = site_session_find(s, sqlite3_column_int64(stmt, 0));
		const char *value = (const char *)sqlite3_column_text(stmt, 2);

		if (k == SITE_NONE)
			continue;
		s->sessions[k].series = series_of(s, value ? value : "");
		if (s->sessions[k].series == SITE_NONE) {
			sqlite3_finalize(stmt);
			return report_oom(r);
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : sql_fail(r, "the sessions");
}

/* Each series' sessions, in time order. */
static int series_fill(struct site *s)
{
	size_t k, i;

	for (i = 0; i < s->nseries; i++) {
		s->series[i].sessions = malloc((s->nsessions + 1) * sizeof(size_t));
		if (!s->series[i].sessions)
			return report_oom(s->r);
	}
	for (k = 0; k < s->nsessions; k++) {
		struct site_series *ser;

		if (s->sessions[k].series == SITE_NONE)
			continue;
		ser = &s->series[s->sessions[k].series];
		ser->sessions[ser->n++] = k;
	}
	return 0;
}

/* Pages: the newest s->pages sessions of each series, every boot of its newest. */
static void pages_choose(struct site *s)
{
	size_t i, j;

	for (i = 0; i < s->nseries; i++) {
		struct site_series *ser = &s->series[i];
		size_t from = s->pages && ser->n > s->pages ? ser->n - s->pages : 0;

		for (j = from; j < ser->n; j++)
			s->sessions[ser->sessions[j]].paged = true;
		if (ser->n)
			s->sessions[ser->sessions[ser->n - 1]].boots_paged = true;
	}
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Two sessions run the same job on the same host: same label (none matching none), same host. */
static bool same_job(const struct site_session *a, const struct site_session *b)
{
	return same_text(a->info.label, b->info.label) &&
	       strcmp(a->info.env[ENV_HOST], b->info.env[ENV_HOST]) == 0;
}

static const struct site *job_sort_site;

/* By label (none first), host, then time order (the index is it). */
static int job_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct site_session *x = &job_sort_site->sessions[i], *y = &job_sort_site->sessions[j];
	int c = !x->info.label || !y->info.label ? !!x->info.label - !!y->info.label
		: strcmp(x->info.label, y->info.label);

	if (c == 0)
		c = strcmp(x->info.env[ENV_HOST], y->info.env[ENV_HOST]);
	return c ? c : (i > j) - (i < j);
}

/*
 * The gate's default baseline of each session (a change point may give an
 * older one a page): the 7 sessions before it (by started_at, then id)
 * with the same label (none matching none) on the same host, as
 * gate_sides.c's query chooses them, from all sessions.
 */
static int baselines_find(struct site *s)
{
	size_t *order = malloc((s->nsessions + 1) * sizeof(*order)), p, j;

	if (!order)
		return report_oom(s->r);
	for (p = 0; p < s->nsessions; p++)
		order[p] = p;
	job_sort_site = s;
	if (s->nsessions > 1)
		qsort(order, s->nsessions, sizeof(*order), job_cmp);
	for (p = 0; p < s->nsessions; p++) {
		struct site_session *c = &s->sessions[order[p]];

		for (j = p; j-- > 0 && c->nbase < GATE_BASELINE_LAST;) {
			if (!same_job(&s->sessions[order[j]], c))
				break;
			c->base[c->nbase++] = order[j];
		}
	}
	free(order);
	return 0;
}

int site_sessions_load(struct site *s)
{
	struct report *r = s->r;
	struct selection sel;
	int rc = report_selection(r, &r->args->select, &sel);

	if (rc == 0)
		rc = sessions_read(s);
	if (rc == 0)
		rc = by_id_build(s);
	if (rc == 0)
		rc = counts_read(s);
	if (rc == 0)
		rc = series_read(s, &sel);
	if (rc == 0)
		rc = series_fill(s);
	if (rc)
		return rc;
	pages_choose(s);
	return baselines_find(s);
}

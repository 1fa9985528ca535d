/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which group each selected session's boots belong to. */
#include "grouping.h"
#include "../../common/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct session_group {
	int64_t session_id;
	size_t group;
};

void grouping_release(struct grouping *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->names[i]);
		free(g->values[i]);
		free(g->ticks[i]);
	}
	free(g->names);
	free(g->values);
	free(g->ticks);
	free(g->session_ids);
	free(g->group_of);
}

/* The caption name of a group: "label x", "session 3", "tag commit=abc". */
static char *group_name(const struct grouping *g, const char *value, const char *tag_key)
{
	char *name = NULL;
	int rc;

	if (!g->by)
		return strdup("all boots");
	if (tag_key)
		rc = asprintf(&name, "tag %s=%s", tag_key, value);
	else if (strcmp(g->by, "day") == 0)
		rc = asprintf(&name, "%s", value);
	else
		rc = asprintf(&name, "%s %s", g->by, value);
	return rc < 0 ? NULL : name;
}

/* Room for one more pointer after the N of *LIST. -1 when out of memory. */
static int grow(char ***list, size_t n)
{
	char **grown = realloc(*list, (n + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	*list = grown;
	return 0;
}

/* A short axis label: the session's id and label for --by session. */
static char *group_tick(const struct grouping *g, const char *value, const char *label)
{
	char *tick = NULL;

	if (!g->by || strcmp(g->by, "session") != 0)
		return strdup(g->by ? value : "all");
	return asprintf(&tick, "#%s%s%s", value, *label ? " " : "", label) < 0 ? NULL : tick;
}

/*
 * Finds a group by its value while the sessions are read: an open hash of
 * group indexes + 1 (0: empty), so that --by session over 100,000
 * sessions does not compare each value with every group before it.
 */
struct group_finder {
	size_t *slot;
	size_t nslots;
};

static size_t value_hash(const char *value, size_t nslots)
{
	uint64_t h = 14695981039346656037ULL;	/* FNV-1a */

	for (; *value; value++)
		h = (h ^ (unsigned char)*value) * 1099511628211ULL;
	return (size_t)(h & (nslots - 1));
}

/* Doubles F's slots (to at least 64) over G's groups. -1 when out of memory. */
static int finder_grow(struct group_finder *f, const struct grouping *g)
{
	size_t nslots = f->nslots ? f->nslots * 2 : 64, i;
	size_t *slot = calloc(nslots, sizeof(*slot));

	if (!slot)
		return -1;
	for (i = 0; i < g->n; i++) {
		size_t h = value_hash(g->values[i], nslots);

		while (slot[h])
			h = (h + 1) & (nslots - 1);
		slot[h] = i + 1;
	}
	free(f->slot);
	f->slot = slot;
	f->nslots = nslots;
	return 0;
}

/* Adds group VALUE (its names made from it) as the last of G. -1 when out of memory. */
static long group_add(struct grouping *g, const char *value, const char *label,
		      const char *tag_key)
{
	if (grow(&g->names, g->n) < 0 || grow(&g->values, g->n) < 0 || grow(&g->ticks, g->n) < 0)
		return -1;
	g->names[g->n] = group_name(g, value, tag_key);
	g->values[g->n] = strdup(value);
	g->ticks[g->n] = group_tick(g, value, label);
	if (!g->names[g->n] || !g->values[g->n] || !g->ticks[g->n]) {
		free(g->names[g->n]);
		free(g->values[g->n]);
		free(g->ticks[g->n]);
		return -1;
	}
	return (long)g->n++;
}

/* The group of VALUE: found, or added. -1 when out of memory. */
static long group_index(struct grouping *g, struct group_finder *f, const char *value,
			const char *label, const char *tag_key)
{
	size_t h;
	long i;

	if ((g->n + 1) * 2 > f->nslots && finder_grow(f, g) < 0)
		return -1;
	for (h = value_hash(value, f->nslots); f->slot[h]; h = (h + 1) & (f->nslots - 1))
		if (strcmp(g->values[f->slot[h] - 1], value) == 0)
			return (long)f->slot[h] - 1;
	i = group_add(g, value, label, tag_key);
	if (i >= 0)
		f->slot[h] = (size_t)i + 1;
	return i;
}

static int by_parse(struct report *r, const char *by, const char **key_expr,
		    const char **tag_key, bool local)
{
	*tag_key = NULL;
	if (!by)
		*key_expr = "'all'";
	else if (strcmp(by, "label") == 0)
		*key_expr = "coalesce(s.label, '(no label)')";
	else if (strcmp(by, "session") == 0)
		*key_expr = "s.id";
	else if (strcmp(by, "day") == 0)
		*key_expr = local ? "date(s.started_at, 'localtime')" : "substr(s.started_at, 1, 10)";
	else if (strcmp(by, "host") == 0)
		*key_expr = "s.host";
	else if (strncmp(by, "tag:", 4) == 0 && by[4])
		*tag_key = by + 4;
	else
		return msg_fail(r->err, sizeof(r->err), "--by: '%s' is not label, session, day, "
				"host or tag:KEY", by);
	return 0;
}

static int session_group_cmp(const void *a, const void *b)
{
	const struct session_group *x = a, *y = b;

	return (x->session_id > y->session_id) - (x->session_id < y->session_id);
}

static int grouping_store(struct grouping *g, struct session_group *pairs, size_t n)
{
	size_t i;

	if (n > 1)	/* pairs is NULL when no session matched */
		qsort(pairs, n, sizeof(*pairs), session_group_cmp);
	g->session_ids = malloc((n + 1) * sizeof(*g->session_ids));
	g->group_of = malloc((n + 1) * sizeof(*g->group_of));
	if (!g->session_ids || !g->group_of)
		return -1;
	for (i = 0; i < n; i++) {
		g->session_ids[i] = pairs[i].session_id;
		g->group_of[i] = pairs[i].group;
	}
	g->nsessions = n;
	return 0;
}

/* Reads the selected sessions' group keys, in the order they started. */
static int grouping_read(struct report *r, sqlite3_stmt *stmt, struct grouping *g,
			 const char *tag_key)
{
	struct session_group *pairs = NULL;
	struct group_finder finder = { NULL, 0 };
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(stmt, 1);
		const char *value = (const char *)sqlite3_column_text(stmt, 2);
		long group = group_index(g, &finder, value ? value : "(none)", label ? label : "",
					 tag_key);

		if (group < 0)
			break;
		if (n == cap) {
			struct session_group *grown = realloc(pairs, (cap ? cap * 2 : 64) * sizeof(*pairs));

			if (!grown)
				break;
			pairs = grown;
			cap = cap ? cap * 2 : 64;
		}
		pairs[n++] = (struct session_group){ sqlite3_column_int64(stmt, 0), (size_t)group };
	}
	free(finder.slot);
	if (rc != SQLITE_DONE || grouping_store(g, pairs, n) < 0) {
		free(pairs);
		return rc == SQLITE_DONE || rc == SQLITE_ROW ? report_oom(r)
		       : (msg_fail(r->err, sizeof(r->err), "%s", sqlite3_errmsg(r->db)), 2);
	}
	free(pairs);
	return 0;
}

int grouping_load(struct report *r, const struct selection *sel, const char *by,
		  struct grouping *g)
{
	const char *key_expr = NULL, *tag_key;
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	int rc;

	memset(g, 0, sizeof(*g));
	if (by_parse(r, by, &key_expr, &tag_key, r->args->local) < 0)
		return 2;
	g->by = by;
	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT s.id, coalesce(s.label, ''), ");
	if (tag_key) {
		sqlbuf_add(&q, "(SELECT value FROM session_tags t WHERE t.session_id = s.id AND t.key = ");
		sqlbuf_text(&q, tag_key);
		sqlbuf_add(&q, ")");
	} else {
		sqlbuf_add(&q, key_expr);
	}
	sqlbuf_add(&q, " FROM sessions s WHERE 1");
	selection_where(sel, &q, true);
	sqlbuf_add(&q, " ORDER BY s.started_at, s.id");
	if (sqlbuf_prepare(r->db, &q, &stmt, r->err, sizeof(r->err)) < 0)
		return 2;
	rc = grouping_read(r, stmt, g, tag_key);
	sqlite3_finalize(stmt);
	return rc;
}

size_t grouping_of_session(const struct grouping *g, int64_t session_id)
{
	size_t lo = 0, hi = g->nsessions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->session_ids[mid] < session_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->nsessions && g->session_ids[lo] == session_id ? g->group_of[lo] : 0;
}


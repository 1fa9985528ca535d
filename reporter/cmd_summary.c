/*
 * kvmboot-report summary: per milestone and per phase, n, median, mean,
 * stddev, min, max, p90, p99 over the selected boots, optionally by label,
 * session or tag. A boot that misses a milestone is counted as missing.
 */
#include "report.h"
#include "parallel.h"
#include "series.h"
#include "stats.h"
#include "../common/message.h"

#include <stdlib.h>
#include <string.h>

/* Which group each session's boots go to. */
struct grouping {
	char **names;		/* shown in captions */
	char **values;		/* the raw value, for csv/json */
	size_t n;
	int64_t *session_ids;	/* sorted */
	size_t *group_of;
	size_t nsessions;
	const char *by;		/* "label", "session", "tag KEY", or NULL */
};

struct session_group {
	int64_t session_id;
	size_t group;
};

static void grouping_release(struct grouping *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->names[i]);
		free(g->values[i]);
	}
	free(g->names);
	free(g->values);
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
	else
		rc = asprintf(&name, "%s %s", g->by, value);
	return rc < 0 ? NULL : name;
}

/* The group of VALUE: found, or added. -1 when out of memory. */
static long group_index(struct grouping *g, const char *value, const char *tag_key)
{
	char **names, **values;
	size_t i;

	for (i = 0; i < g->n; i++)
		if (strcmp(g->values[i], value) == 0)
			return (long)i;
	names = realloc(g->names, (g->n + 1) * sizeof(*names));
	if (!names)
		return -1;
	g->names = names;
	values = realloc(g->values, (g->n + 1) * sizeof(*values));
	if (!values)
		return -1;
	g->values = values;
	g->names[g->n] = group_name(g, value, tag_key);
	g->values[g->n] = strdup(value);
	if (!g->names[g->n] || !g->values[g->n]) {
		free(g->names[g->n]);
		free(g->values[g->n]);
		return -1;
	}
	return (long)g->n++;
}

static int by_parse(struct report *r, const char **key_expr, const char **tag_key)
{
	const char *by = r->args->by;

	*tag_key = NULL;
	if (!by)
		*key_expr = "'all'";
	else if (strcmp(by, "label") == 0)
		*key_expr = "coalesce(s.label, '(no label)')";
	else if (strcmp(by, "session") == 0)
		*key_expr = "s.id";
	else if (strncmp(by, "tag:", 4) == 0 && by[4])
		*tag_key = by + 4;
	else
		return msg_fail(r->err, sizeof(r->err), "--by: '%s' is not label, session or tag:KEY", by);
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
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *value = (const char *)sqlite3_column_text(stmt, 1);
		long group = group_index(g, value ? value : "(none)", tag_key);

		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			pairs = realloc(pairs, cap * sizeof(*pairs));
		}
		if (group < 0 || !pairs)
			break;
		pairs[n++] = (struct session_group){ sqlite3_column_int64(stmt, 0), (size_t)group };
	}
	if (rc != SQLITE_DONE || grouping_store(g, pairs, n) < 0) {
		free(pairs);
		return rc == SQLITE_DONE || rc == SQLITE_ROW ? report_oom(r)
		       : (msg_fail(r->err, sizeof(r->err), "%s", sqlite3_errmsg(r->db)), 2);
	}
	free(pairs);
	return 0;
}

static int grouping_load(struct report *r, const struct selection *sel, struct grouping *g)
{
	const char *key_expr = NULL, *tag_key;
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	int rc;

	memset(g, 0, sizeof(*g));
	if (by_parse(r, &key_expr, &tag_key) < 0)
		return 2;
	g->by = r->args->by;
	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT s.id, ");
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

static size_t group_of_session(const struct grouping *g, int64_t session_id)
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

static size_t group_of(int64_t session_id, const void *ctx)
{
	return group_of_session(ctx, session_id);
}

struct summary_ctx {
	struct series_set set;
	struct grouping *g;
};

static const struct column columns[] = {
	{ "group", COL_TEXT, SHOW_DATA, 0, false },
	{ "kind", COL_TEXT, SHOW_DATA, 0, false },
	{ "name", COL_TEXT, SHOW_ALL, 24, true },
	{ "n", COL_INT, SHOW_ALL, 0, true },
	{ "missing", COL_INT, SHOW_DATA, 0, false },
	{ "median", COL_TIME, SHOW_ALL, 0, false },
	{ "mean", COL_TIME, SHOW_ALL, 0, false },
	{ "stddev", COL_TIME, SHOW_ALL, 0, false },
	{ "min", COL_TIME, SHOW_ALL, 0, false },
	{ "p90", COL_TIME, SHOW_ALL, 0, false },
	{ "p99", COL_TIME, SHOW_ALL, 0, false },
	{ "max", COL_TIME, SHOW_ALL, 0, false },
};

static int stats_row(struct table *t, const struct series *s, const struct catalog *cat,
		     const struct grouping *g, size_t boots)
{
	long row = table_row_add(t);
	struct stats st;

	if (row < 0)
		return -1;
	stats_compute(s->v, s->n, &st);
	table_text_set(t, (size_t)row, 0, g->values[s->group]);
	table_text_set(t, (size_t)row, 1, s->phase ? "phase" : "milestone");
	if (s->phase)
		table_textf_set(t, (size_t)row, 2, "%s..%s", cat->ms[s->from].name, cat->ms[s->to].name);
	else
		table_text_set(t, (size_t)row, 2, cat->ms[s->to].name);
	table_int_set(t, (size_t)row, 3, (int64_t)st.n);
	table_int_set(t, (size_t)row, 4, (int64_t)(boots - st.n));
	table_real_set(t, (size_t)row, 5, st.median);
	table_real_set(t, (size_t)row, 6, st.mean);
	if (st.has_stddev)
		table_real_set(t, (size_t)row, 7, st.stddev);
	table_int_set(t, (size_t)row, 8, st.min);
	table_int_set(t, (size_t)row, 9, st.p90);
	table_int_set(t, (size_t)row, 10, st.p99);
	table_int_set(t, (size_t)row, 11, st.max);
	return (int)row;
}

static struct table *summary_table(struct summary_ctx *c, const struct catalog *cat)
{
	struct table *t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	const struct series *shown = NULL;
	size_t i;

	if (!t)
		return NULL;

	table_title_set(t, "times in ms; percentiles nearest-rank; n: boots with the milestone or phase");
	for (i = 0; i < c->set.n; i++) {
		const struct series *s = &c->set.s[i];
		size_t boots = c->set.boots[s->group];
		int row;

		if (!s->phase && s->to == 0)
			continue;	/* vmm_exec: time zero itself */
		row = stats_row(t, s, cat, c->g, boots);
		if (row < 0)
			break;
		if (!shown || shown->group != s->group || shown->phase != s->phase)
			table_group_set(t, (size_t)row, "%s, %zu boot%s: %s", c->g->names[s->group],
					boots, boots == 1 ? "" : "s",
					s->phase ? "phases (time between consecutive milestones)"
						 : "milestones (time since the VMM's exec)");
		shown = s;
	}
	if (i < c->set.n) {
		table_free(t);
		return NULL;
	}
	return t;
}

int cmd_summary(struct report *r)
{
	struct summary_ctx c = { 0 };
	struct grouping g;
	struct selection sel;
	struct table *t;
	int rc;

	if (report_selection(r, &r->args->select, &sel))
		return 2;
	rc = grouping_load(r, &sel, &g);
	if (rc)
		goto out_grouping;
	c.g = &g;
	if (series_init(&c.set, g.n) < 0) {
		rc = report_oom(r);
		goto out;
	}
	rc = series_load_parallel(r, &sel, group_of, &g, &c.set);
	if (rc == 0 && series_sort(&c.set, &r->cat) < 0)
		rc = report_oom(r);
	if (rc)
		goto out;
	t = summary_table(&c, &r->cat);
	rc = t ? report_table_print(r, t) : report_oom(r);
out:
	series_release(&c.set);
out_grouping:
	grouping_release(&g);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report changes: per series (each label and milestone by
 * default), where in the history boot time stepped up or down, by how
 * much and at which session (with its tags: the commit), as the pure
 * change-point module finds them; with --since, also the drift of each
 * series since then. Exit status 1 with --fail-recent N when a change that
 * raised boot time starts among the newest N sessions of its series.
 */
#include "../report.h"
#include "../data/history.h"
#include "../data/dates.h"
#include "../analysis/changepoint.h"
#include "../../common/message.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct column columns[] = {
	{ "group", COL_TEXT, SHOW_DATA, 0, false },
	{ "measure", COL_TEXT, SHOW_DATA, 0, false },
	{ "kind", COL_TEXT, SHOW_ALL, 0, true },
	{ "session", COL_INT, SHOW_ALL, 0, true },
	{ "started_at", COL_TEXT, SHOW_DATA, 0, false },
	{ "started UTC", COL_TEXT, SHOW_TEXT, 0, false },	/* "started local" with --local */
	{ "tags", COL_TEXT, SHOW_NOT_JSON, 24, false },	/* key=value key=value */
	{ "tags", COL_JSON, SHOW_JSON, 0, false },	/* {"key": "value", ...} */
	{ "before", COL_TIME, SHOW_ALL, 0, false },
	{ "after", COL_TIME, SHOW_ALL, 0, false },
	{ "change", COL_RATIO, SHOW_ALL, 0, false },
	{ "95% CI", COL_TEXT, SHOW_TEXT, 0, false },
	{ "ci_low", COL_RATIO, SHOW_DATA, 0, false },
	{ "ci_high", COL_RATIO, SHOW_DATA, 0, false },
	{ "p", COL_PVALUE, SHOW_ALL, 0, false },
	{ "sessions", COL_TEXT, SHOW_TEXT, 0, false },
	{ "sessions_before", COL_INT, SHOW_DATA, 0, false },
	{ "sessions_after", COL_INT, SHOW_DATA, 0, false },
	{ "boots_before", COL_INT, SHOW_DATA, 0, false },
	{ "boots_after", COL_INT, SHOW_DATA, 0, false },
};
enum { C_GROUP, C_MEASURE, C_KIND, C_SESSION, C_STARTED_AT, C_STARTED, C_TAGS, C_TAGS_JSON, C_BEFORE,
       C_AFTER, C_CHANGE, C_CI, C_CI_LOW, C_CI_HIGH, C_P, C_SESSIONS, C_SESSIONS_BEFORE,
       C_SESSIONS_AFTER, C_BOOTS_BEFORE, C_BOOTS_AFTER };

struct changes {
	struct report *r;
	struct history_set set;
	struct cp_params params;
	bool drift;		/* --since given */
	sqlite3_stmt *tags;
	struct table *t;
	size_t nchanges, series, series_changed;
	unsigned recent_rises;	/* changes that raised boot time, among the newest sessions */
	char recent[512];	/* where, for the verdict line */
};

/* One figure of a row: a change point, or the drift of a series. */
struct row_figures {
	const char *kind;
	size_t session;		/* index in the set's sessions */
	double before, after, change, ci_low, ci_high, p;
	bool have_ci;
	size_t sessions_before, sessions_after, boots_before, boots_after;
};

/* The session's tags into ROW: "k=v k=v" (nothing when it has none), and as a JSON object. */
static int tags_set(struct changes *c, size_t row, int64_t session_id)
{
	const char *text;
	int rc;

	sqlite3_reset(c->tags);
	sqlite3_bind_int64(c->tags, 1, session_id);
	rc = sqlite3_step(c->tags);
	if (rc != SQLITE_ROW)
		return msg_fail(c->r->err, sizeof(c->r->err), "cannot read the tags: %s",
				sqlite3_errmsg(c->r->db));
	text = (const char *)sqlite3_column_text(c->tags, 0);
	if (text && table_text_set(c->t, row, C_TAGS, text) < 0)
		return -1;
	text = (const char *)sqlite3_column_text(c->tags, 1);
	return text && table_text_set(c->t, row, C_TAGS_JSON, text) < 0 ? -1 : 0;
}

static int row_add(struct changes *c, const struct history *h, const struct row_figures *f)
{
	const struct history_session *s = &c->set.sessions[f->session];
	long row = table_row_add(c->t);
	char start[DATE_SHOW_LEN];
	size_t r;

	if (row < 0)
		return -1;
	r = (size_t)row;
	table_text_set(c->t, r, C_GROUP, c->set.g.values[h->group]);
	table_text_set(c->t, r, C_MEASURE, c->set.measures.v[h->measure].name);
	table_text_set(c->t, r, C_KIND, f->kind);
	table_int_set(c->t, r, C_SESSION, s->id);
	table_text_set(c->t, r, C_STARTED_AT, s->started_at);
	date_show(s->started_at, c->r->args->local, start, sizeof(start));
	table_text_set(c->t, r, C_STARTED, start);
	table_real_set(c->t, r, C_BEFORE, f->before);
	table_real_set(c->t, r, C_AFTER, f->after);
	table_real_set(c->t, r, C_CHANGE, f->change);
	if (f->have_ci) {
		table_real_set(c->t, r, C_CI_LOW, f->ci_low);
		table_real_set(c->t, r, C_CI_HIGH, f->ci_high);
		table_textf_set(c->t, r, C_CI, "%+.1f%%..%+.1f%%", f->ci_low * 100, f->ci_high * 100);
	}
	table_real_set(c->t, r, C_P, f->p);
	table_textf_set(c->t, r, C_SESSIONS, "%zu|%zu", f->sessions_before, f->sessions_after);
	table_int_set(c->t, r, C_SESSIONS_BEFORE, (int64_t)f->sessions_before);
	table_int_set(c->t, r, C_SESSIONS_AFTER, (int64_t)f->sessions_after);
	table_int_set(c->t, r, C_BOOTS_BEFORE, (int64_t)f->boots_before);
	table_int_set(c->t, r, C_BOOTS_AFTER, (int64_t)f->boots_after);
	return tags_set(c, r, s->id);
}

/* Notes a change that raised boot time among the newest --fail-recent sessions. */
static void recent_check(struct changes *c, const struct history *h, const struct cp_change *x)
{
	size_t len = strlen(c->recent);
	const struct history_session *s = &c->set.sessions[h->session[x->at]];

	if (!c->r->args->fail_recent || x->change <= 0 ||
	    x->at + c->r->args->fail_recent < h->h.nsessions)
		return;
	c->recent_rises++;
	snprintf(c->recent + len, sizeof(c->recent) - len, "%s%s %s at session %lld (%+.1f%%)",
		 len ? ", " : "", c->set.g.names[h->group], c->set.measures.v[h->measure].name,
		 (long long)s->id, x->change * 100);
}

static int change_rows(struct changes *c, const struct history *h, const struct cp_changes *cps)
{
	size_t j;

	for (j = 0; j < cps->n; j++) {
		const struct cp_change *x = &cps->v[j];
		struct row_figures f = {
			"change", h->session[x->at], x->median_before, x->median_after, x->change,
			x->ci_low, x->ci_high, x->p, x->have_ci, x->at - x->from, x->to - x->at,
			x->boots_before, x->boots_after,
		};

		if (row_add(c, h, &f) < 0)
			return -1;
		recent_check(c, h, x);
	}
	return 0;
}

static int drift_row(struct changes *c, const struct history *h, const struct cp_drift *d)
{
	struct row_figures f = {
		"drift", h->session[d->then_from], d->median_then, d->median_now, d->change,
		d->ci_low, d->ci_high, d->p, d->have_ci, d->then_to - d->then_from,
		d->now_to - d->now_from, d->boots_then, d->boots_now,
	};

	return row_add(c, h, &f);
}

/* The change points (and drift) of one history, as rows under its caption. */
static int history_rows(struct changes *c, const struct history *h,
			const struct history_changes *hc)
{
	size_t first_row = c->t->nrows;
	int rc;

	if (h->h.nsessions == 0)
		return 0;
	c->series++;
	rc = change_rows(c, h, &hc->cps);
	if (rc == 0 && hc->have_drift)
		rc = drift_row(c, h, &hc->drift);
	c->nchanges += hc->cps.n;
	c->series_changed += hc->cps.n > 0;
	if (rc == 0 && c->t->nrows > first_row)
		rc = table_group_set(c->t, first_row, "%s, %s: %zu session%s, %zu boots",
				     c->set.g.names[h->group], c->set.measures.v[h->measure].name,
				     h->h.nsessions, h->h.nsessions == 1 ? "" : "s",
				     h->h.first[h->h.nsessions]);
	return rc;
}

static void title_set(struct changes *c)
{
	const struct cp_params *p = &c->params;

	table_title_set(c->t, "change points in time order: session = the first after the change;\n"
			"before, after: medians (ms) of the segments it separates; change of the\n"
			"median with its bootstrap 95%% CI; p: permutation test over whole sessions.\n"
			"A change needs p < %g, a median change of %g%% and %g ms or more, %zu\n"
			"sessions a side.%s", p->alpha, p->min_change * 100, p->min_change_ns / 1e6,
			p->min_segment, c->drift ?
			"\ndrift: the first sessions since then against the last (up to 10 each)." :
			"");
}

/* The line under the table (text formats), and the exit status. */
static int verdict_print(struct changes *c)
{
	enum format f = c->r->args->format;
	unsigned n = c->r->args->fail_recent;

	if (f == FORMAT_CSV || f == FORMAT_JSON)
		return c->recent_rises ? 1 : 0;
	if (c->nchanges)
		fprintf(c->r->out, "\n%zu change point%s in %zu of %zu series\n", c->nchanges,
			c->nchanges == 1 ? "" : "s", c->series_changed, c->series);
	else
		fprintf(c->r->out, "\nno change point in %s%zu series\n",
			c->series > 1 ? "any of the " : "", c->series);
	if (n && c->recent_rises)
		fprintf(c->r->out, "REGRESSED: boot time rose in the newest %u session%s: %s\n", n,
			n == 1 ? "" : "s", c->recent);
	else if (n)
		fprintf(c->r->out, "no change raised boot time in the newest %u session%s\n", n,
			n == 1 ? "" : "s");
	return c->recent_rises ? 1 : 0;
}

static int tags_prepare(struct changes *c)
{
	if (sqlite3_prepare_v2(c->r->db, "SELECT group_concat(key || '=' || value, ' '), "
			       "json_group_object(key, value) FROM "
			       "(SELECT key, value FROM session_tags WHERE session_id = ?1 "
			       "ORDER BY key)", -1, &c->tags, NULL) != SQLITE_OK)
		return msg_fail(c->r->err, sizeof(c->r->err), "cannot read the tags: %s",
				sqlite3_errmsg(c->r->db)), 2;
	return 0;
}

/*
 * Is TEXT meant as a date: a form of --since (-7d, yesterday, ...), or
 * anything that starts like one (YYYY-), so that a bad date is named as
 * such? Otherwise --since names a session.
 */
static bool date_like(const char *text)
{
	char bound[DATE_BOUND_LEN];

	if (date_bound_parse(text, false, 0, false, bound, sizeof(bound)) == 0)
		return true;
	return strlen(text) > 4 && isdigit((unsigned char)text[0]) &&
	       isdigit((unsigned char)text[1]) && isdigit((unsigned char)text[2]) &&
	       isdigit((unsigned char)text[3]) && text[4] == '-';
}

/* The selection; --since SESSION starts it at that session's start. 0 or 2. */
static int selection_make(struct report *r, struct selection *sel)
{
	struct select_opts o = r->args->select;
	const char *since = o.since;
	sqlite3_stmt *stmt;
	int64_t id;
	int rc;

	if (!since || date_like(since))
		return report_selection(r, &o, sel);
	o.since = NULL;
	if ((rc = report_selection(r, &o, sel)))
		return rc;
	if (session_resolve(r->db, since, &id, r->err, sizeof(r->err)) < 0)
		return msg_fail(r->err, sizeof(r->err), "--since: '%s' is not a date (%s) or a "
				"session of the database", since, DATE_FORMS), 2;
	if (sqlite3_prepare_v2(r->db, "SELECT started_at FROM sessions WHERE id = ?1", -1, &stmt,
			       NULL) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "%s", sqlite3_errmsg(r->db)), 2;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		snprintf(sel->since, sizeof(sel->since), "%s", sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return 0;
}

static int changes_report(struct changes *c, const struct history_changes *found)
{
	size_t k;
	int rc = tags_prepare(c);

	if (rc)
		return rc;
	c->t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	if (!c->t)
		return report_oom(c->r);
	if (c->r->args->local)
		c->t->cols[C_STARTED].name = "started local";
	for (k = 0; k < c->set.n; k++)
		if (history_rows(c, &c->set.v[k], &found[k]) < 0)
			return c->r->err[0] ? 2 : report_oom(c->r);
	title_set(c);
	rc = report_table_print(c->r, c->t);
	c->t = NULL;
	return rc ? rc : verdict_print(c);
}

int cmd_changes(struct report *r)
{
	struct changes c = { .r = r };
	struct history_changes *found = NULL;
	struct selection sel;
	struct measures m;
	const char *by = r->args->by ? r->args->by : "label";
	int rc;

	if (strcmp(by, "session") == 0 || strcmp(by, "day") == 0)
		return msg_fail(r->err, sizeof(r->err), "changes: --by label, host or tag:KEY "
				"(a series is a history of sessions)"), 2;
	history_cp_params(r->args, &c.params);
	c.drift = r->args->select.since != NULL;
	if ((rc = selection_make(r, &sel)) || (rc = measures_build(r, MEASURES_STAGES, &m)))
		return rc;
	rc = history_load(r, &sel, by, &m, &c.set);
	if (rc == 0 && c.set.boots == 0)
		report_empty_note(r, &sel);
	if (rc == 0 && !(found = calloc(c.set.n + 1, sizeof(*found))))
		rc = report_oom(r);
	if (rc == 0 && history_changes_find(&c.set, &c.params, c.drift, found) < 0)
		rc = report_oom(r);
	if (rc == 0)
		rc = changes_report(&c, found);
	if (found)
		history_changes_release(found, c.set.n);
	free(found);
	table_free(c.t);
	sqlite3_finalize(c.tags);
	history_set_release(&c.set);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-report runs: one line per boot, its milestones in columns. */
#include "../report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Rows go into the table as the boots are read (a big table spools them
 * to a file), with a column for every milestone of the catalogue; the
 * columns of milestones no boot reached are hidden at the end.
 */
struct runs_ctx {
	const struct catalog *cat;
	struct table *t;
	int64_t *first;		/* the boot's first hit per catalogue position */
	bool *used;
};

static const struct column fixed[] = {
	{ "run", COL_INT, SHOW_ALL, 0, true },
	{ "session", COL_INT, SHOW_ALL, 0, false },
	{ "boot", COL_INT, SHOW_ALL, 0, false },
	{ "status", COL_TEXT, SHOW_ALL, 0, false },
	{ "uuid", COL_TEXT, SHOW_DATA, 0, false },
	{ "batch", COL_INT, SHOW_DATA, 0, false },
	{ "cpu", COL_TIME, SHOW_ALL, 0, false },
	{ "max_rss_kb", COL_INT, SHOW_DATA, 0, false },
};
#define NFIXED (sizeof(fixed) / sizeof(fixed[0]))
#define MAX_MILESTONE_COLUMNS 256
enum { C_RUN, C_SESSION, C_BOOT, C_STATUS, C_UUID, C_BATCH, C_CPU, C_RSS };

/* Last: why a boot is not ok, or what it could not keep. */
static const struct column detail_column = { "detail", COL_TEXT, SHOW_ALL, 48, false };

#define NO_TIME INT64_MIN

static int on_boot(const struct boot *b, void *data)
{
	struct runs_ctx *c = data;
	struct table *t = c->t;
	long row = table_row_add(t);
	size_t i, r;

	if (row < 0)
		return -1;
	r = (size_t)row;
	table_int_set(t, r, C_RUN, b->id);
	table_int_set(t, r, C_SESSION, b->session_id);
	table_int_set(t, r, C_BOOT, b->seq);
	if (table_text_set(t, r, C_STATUS, b->status) < 0 ||
	    table_text_set(t, r, C_UUID, b->uuid) < 0 ||
	    (b->detail && table_text_set(t, r, t->ncols - 1, b->detail) < 0))
		return -1;
	if (b->batch)
		table_int_set(t, r, C_BATCH, b->batch);
	if (b->cpu_ns >= 0)
		table_int_set(t, r, C_CPU, b->cpu_ns);
	if (b->max_rss_kb >= 0)
		table_int_set(t, r, C_RSS, b->max_rss_kb);
	for (i = 0; i < c->cat->n; i++)
		c->first[i] = NO_TIME;
	for (i = b->n; i-- > 0;)	/* backwards: the first hit wins */
		c->first[b->ms[i]] = b->time_ns[i];
	for (i = 1; i < c->cat->n; i++) {	/* 0 is vmm_exec: always 0 */
		if (c->first[i] == NO_TIME)
			continue;
		table_int_set(t, r, NFIXED + i - 1, c->first[i]);
		c->used[i] = true;
	}
	return 0;
}

static struct table *table_make(const struct catalog *cat)
{
	size_t n = cat->n > 0 ? NFIXED + cat->n - 1 + 1 : NFIXED + 1, m;
	struct column *cols = calloc(n, sizeof(*cols));
	struct table *t;

	if (!cols)
		return NULL;
	memcpy(cols, fixed, sizeof(fixed));
	for (m = 1; m < cat->n; m++)
		cols[NFIXED + m - 1] = (struct column){ cat->ms[m].name, COL_TIME, SHOW_ALL, 0, false };
	cols[n - 1] = detail_column;
	t = table_new(cols, n);
	free(cols);
	if (t && table_title_set(t, "milestones in ms since the VMM's exec; - : not reached; "
				 "cpu: the VMM's CPU time (user + system)") < 0) {
		table_free(t);
		return NULL;
	}
	return t;
}

/* A column per milestone some boot reached (the first 256 of them). */
static void columns_hide_unused(struct table *t, const struct runs_ctx *c)
{
	size_t m, shown = 0;

	for (m = 1; m < c->cat->n; m++) {
		if (c->used[m] && shown < MAX_MILESTONE_COLUMNS)
			shown++;
		else
			t->cols[NFIXED + m - 1].show = SHOW_NONE;
	}
}

int cmd_runs(struct report *r)
{
	struct runs_ctx c = { &r->cat, NULL, NULL, NULL };
	struct selection sel;
	int rc;

	if (report_selection(r, &r->args->select, &sel))
		return 2;
	c.used = calloc(r->cat.n + 1, sizeof(*c.used));
	c.first = calloc(r->cat.n + 1, sizeof(*c.first));
	c.t = c.used && c.first ? table_make(&r->cat) : NULL;
	if (!c.t) {
		rc = report_oom(r);
		goto out;
	}
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &c, r->err, sizeof(r->err));
	if (rc != 0) {
		rc = r->err[0] ? 2 : report_oom(r);
		goto out;
	}
	if (c.t->nrows == 0)
		report_empty_note(r, &sel);
	columns_hide_unused(c.t, &c);
	rc = report_table_print(r, c.t);
	c.t = NULL;
out:
	table_free(c.t);
	free(c.used);
	free(c.first);
	return rc;
}

/* kvmboot-report runs: one line per boot, its milestones in columns. */
#include "../report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_TIME INT64_MIN

struct run_row {
	int64_t id, session_id, seq;
	int64_t cpu_ns, max_rss_kb, batch;	/* -1, -1, 0: not measured, not -j */
	char status[16];
	char uuid[40];
	char *detail;
};

/* The boots, kept until the columns are known: a column per milestone reached. */
struct runs_ctx {
	const struct catalog *cat;
	struct run_row *rows;
	int64_t *times;		/* per row: first hit per catalogue position */
	size_t n, cap;
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
#define MAX_COLUMNS (NFIXED + 256 + 1)
enum { C_RUN, C_SESSION, C_BOOT, C_STATUS, C_UUID, C_BATCH, C_CPU, C_RSS };

/* Last: why a boot is not ok, or what it could not keep. */
static const struct column detail_column = { "detail", COL_TEXT, SHOW_ALL, 48, false };

static int rows_grow(struct runs_ctx *c)
{
	size_t cap = c->cap ? c->cap * 2 : 256, i;
	struct run_row *rows = realloc(c->rows, cap * sizeof(*rows));
	int64_t *times;

	if (!rows)
		return -1;
	c->rows = rows;
	times = realloc(c->times, cap * c->cat->n * sizeof(*times));
	if (!times)
		return -1;
	for (i = c->cap * c->cat->n; i < cap * c->cat->n; i++)
		times[i] = NO_TIME;
	c->times = times;
	c->cap = cap;
	return 0;
}

static int on_boot(const struct boot *b, void *data)
{
	struct runs_ctx *c = data;
	struct run_row *row;
	size_t i;

	if (c->n == c->cap && rows_grow(c) < 0)
		return -1;
	row = &c->rows[c->n];
	row->id = b->id;
	row->session_id = b->session_id;
	row->seq = b->seq;
	row->cpu_ns = b->cpu_ns;
	row->max_rss_kb = b->max_rss_kb;
	row->batch = b->batch;
	row->detail = b->detail ? strdup(b->detail) : NULL;
	if (b->detail && !row->detail)
		return -1;
	snprintf(row->status, sizeof(row->status), "%s", b->status);
	snprintf(row->uuid, sizeof(row->uuid), "%s", b->uuid);
	for (i = b->n; i-- > 0;) {	/* backwards: the first hit wins */
		c->times[c->n * c->cat->n + (size_t)b->ms[i]] = b->time_ns[i];
		c->used[b->ms[i]] = true;
	}
	c->n++;
	return 0;
}

static int row_fill(struct table *t, const struct runs_ctx *c, size_t r)
{
	const struct run_row *row = &c->rows[r];
	size_t m, k = NFIXED;

	if (table_row_add(t) < 0)
		return -1;
	table_int_set(t, r, C_RUN, row->id);
	table_int_set(t, r, C_SESSION, row->session_id);
	table_int_set(t, r, C_BOOT, row->seq);
	table_text_set(t, r, C_STATUS, row->status);
	table_text_set(t, r, C_UUID, row->uuid);
	if (row->batch)
		table_int_set(t, r, C_BATCH, row->batch);
	if (row->cpu_ns >= 0)
		table_int_set(t, r, C_CPU, row->cpu_ns);
	if (row->max_rss_kb >= 0)
		table_int_set(t, r, C_RSS, row->max_rss_kb);
	if (row->detail)
		table_text_set(t, r, t->ncols - 1, row->detail);
	for (m = 1; m < c->cat->n && k < t->ncols - 1; m++) {	/* 0 is vmm_exec: always 0 */
		int64_t v = c->times[r * c->cat->n + m];

		if (!c->used[m])
			continue;
		if (v != NO_TIME)
			table_int_set(t, r, k, v);
		k++;
	}
	return 0;
}

static struct table *table_build(const struct runs_ctx *c)
{
	struct column cols[MAX_COLUMNS];
	size_t n = NFIXED, m, r;
	struct table *t;

	memcpy(cols, fixed, sizeof(fixed));
	for (m = 1; m < c->cat->n && n < MAX_COLUMNS - 1; m++)
		if (c->used[m])
			cols[n++] = (struct column){ c->cat->ms[m].name, COL_TIME, SHOW_ALL, 0, false };
	cols[n++] = detail_column;
	t = table_new(cols, n);
	if (t)
		table_title_set(t, "milestones in ms since the VMM's exec; - : not reached; cpu: "
				"the VMM's CPU time (user + system)");
	for (r = 0; t && r < c->n; r++) {
		if (row_fill(t, c, r) < 0) {
			table_free(t);
			return NULL;
		}
	}
	return t;
}

int cmd_runs(struct report *r)
{
	struct runs_ctx c = { &r->cat, NULL, NULL, 0, 0, NULL };
	struct selection sel;
	struct table *t;
	size_t i;
	int rc;

	if (report_selection(r, &r->args->select, &sel))
		return 2;
	c.used = calloc(r->cat.n + 1, sizeof(*c.used));
	if (!c.used) {
		rc = report_oom(r);
		goto out;
	}
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &c, r->err, sizeof(r->err));
	if (rc != 0) {
		rc = r->err[0] ? 2 : report_oom(r);
		goto out;
	}
	if (c.n == 0)
		report_empty_note(r, &sel);
	t = table_build(&c);
	rc = t ? report_table_print(r, t) : report_oom(r);
out:
	for (i = 0; i < c.n; i++)
		free(c.rows[i].detail);
	free(c.rows);
	free(c.times);
	free(c.used);
	return rc;
}

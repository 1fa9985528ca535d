/*
 * kvmboot-report show: each boot as a timeline, milestone by milestone:
 * time since the exec and since the previous milestone (the layout of
 * qemu-boot-time's perf script).
 */
#include "../report.h"
#include "stage_load.h"

#include <stdlib.h>
#include <string.h>

static const struct column columns[] = {
	{ "run", COL_INT, SHOW_DATA, 0, false },
	{ "run_uuid", COL_TEXT, SHOW_DATA, 0, false },
	{ "session", COL_INT, SHOW_DATA, 0, false },
	{ "boot", COL_INT, SHOW_DATA, 0, false },
	{ "status", COL_TEXT, SHOW_DATA, 0, false },
	{ "point", COL_INT, SHOW_DATA, 0, false },
	{ "milestone", COL_TEXT, SHOW_ALL, 0, true },
	{ "since_exec", COL_TIME, SHOW_ALL, 0, false },
	{ "delta", COL_TIME, SHOW_ALL, 0, false },
};

struct show_ctx {
	struct table *t;
	const struct catalog *cat;
	struct span_list spans;	/* stages and --span, after each boot's points */
	int64_t *first;		/* first hits of the boot */
};

/*
 * "run 5: session 2 'nightly', boot 3, failed: why; cpu 135.2 ms, peak RSS
 * 40.1 MB" above a boot's rows, then NOTE.
 */
static int boot_caption(struct table *t, size_t row, const struct boot *b, const char *note)
{
	char host[96] = "";

	if (b->cpu_ns >= 0)
		snprintf(host, sizeof(host), "; cpu %.1f ms, peak RSS %.1f MB",
			 (double)b->cpu_ns / 1e6, (double)b->max_rss_kb / 1024);
	return table_group_set(t, row, "run %lld: session %lld%s%s%s, boot %lld, %s%s%s%s%s",
			       (long long)b->id, (long long)b->session_id, b->label ? " '" : "",
			       b->label ? b->label : "", b->label ? "'" : "", (long long)b->seq,
			       b->status, b->detail ? ": " : "", b->detail ? b->detail : "",
			       host, note);
}

static int point_row(struct show_ctx *c, const struct boot *b, size_t i)
{
	long row = table_row_add(c->t);

	if (row < 0)
		return -1;
	if (i == 0 && boot_caption(c->t, (size_t)row, b, "") < 0)
		return -1;
	table_int_set(c->t, (size_t)row, 0, b->id);
	table_text_set(c->t, (size_t)row, 1, b->uuid);
	table_int_set(c->t, (size_t)row, 2, b->session_id);
	table_int_set(c->t, (size_t)row, 3, b->seq);
	table_text_set(c->t, (size_t)row, 4, b->status);
	table_int_set(c->t, (size_t)row, 5, (int64_t)i + 1);
	table_text_set(c->t, (size_t)row, 6, c->cat->ms[b->ms[i]].name);
	table_int_set(c->t, (size_t)row, 7, b->time_ns[i]);
	if (i > 0)
		table_int_set(c->t, (size_t)row, 8, b->time_ns[i] - b->time_ns[i - 1]);
	return 0;
}

/* Boot B's stages and spans: the span's name, and its duration as the delta. */
static int span_rows(struct show_ctx *c, const struct boot *b)
{
	size_t i;
	int64_t v;

	span_first_hits(b->ms, b->time_ns, b->n, c->first, c->cat->n);
	for (i = 0; i < c->spans.n; i++) {
		long row;

		if (!span_measure(&c->spans.v[i], c->first, c->cat->n, &v))
			continue;
		row = table_row_add(c->t);
		if (row < 0)
			return -1;
		table_int_set(c->t, (size_t)row, 0, b->id);
		table_text_set(c->t, (size_t)row, 1, b->uuid);
		table_int_set(c->t, (size_t)row, 2, b->session_id);
		table_int_set(c->t, (size_t)row, 3, b->seq);
		table_text_set(c->t, (size_t)row, 4, b->status);
		table_textf_set(c->t, (size_t)row, 6, "%s %s", strstr(c->spans.v[i].name, "..") ?
				"span" : "stage", c->spans.v[i].name);
		table_int_set(c->t, (size_t)row, 8, v);
	}
	return 0;
}

static int on_boot(const struct boot *b, void *data)
{
	struct show_ctx *c = data;
	size_t i;

	if (b->n == 0) {	/* a boot with no event at all still shows */
		long row = table_row_add(c->t);

		if (row < 0 || boot_caption(c->t, (size_t)row, b, "; no milestone recorded") < 0)
			return -1;
		table_int_set(c->t, (size_t)row, 0, b->id);
		return 0;
	}
	for (i = 0; i < b->n; i++)
		if (point_row(c, b, i) < 0)
			return -1;
	return span_rows(c, b);
}

int cmd_show(struct report *r)
{
	struct report_args *a = r->args;
	struct show_ctx c = { NULL, &r->cat, { 0 }, NULL };
	struct selection sel;
	int rc;

	if (a->npos == 1 && a->select.given) {
		snprintf(r->err, sizeof(r->err), "show takes a RUN or a selection, not both");
		return 2;
	}
	if (report_selection(r, &a->select, &sel))
		return 2;
	if (a->npos == 1 && run_resolve(r->db, a->pos[0], &sel.run_id, r->err, sizeof(r->err)) < 0)
		return 2;
	rc = stage_list_build(r, false, &c.spans);
	if (rc)
		return rc;
	c.first = calloc(r->cat.n + 1, sizeof(*c.first));
	c.t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	if (!c.t || !c.first) {
		rc = report_oom(r);
		goto out;
	}
	table_title_set(c.t, "times in ms: since the VMM's exec, and since the previous milestone;\n"
			"then the boot's stages and spans (first hit to first hit) as deltas");
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &c, r->err, sizeof(r->err));
	if (rc != 0) {
		rc = r->err[0] ? 2 : report_oom(r);
		goto out;
	}
	if (c.t->nrows == 0)
		report_empty_note(r, &sel);
	rc = report_table_print(r, c.t);
	c.t = NULL;
out:
	table_free(c.t);
	free(c.first);
	span_list_release(&c.spans);
	return rc;
}

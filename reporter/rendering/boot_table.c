/* SPDX-License-Identifier: GPL-2.0-or-later */
/* show's table: each boot as a timeline, then its stages. */
#include "boot_table.h"

#include <errno.h>
#include <stdio.h>
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

static int point_row(struct boot_table *c, const struct boot *b, size_t i)
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
static int span_rows(struct boot_table *c, const struct boot *b)
{
	size_t i;
	int64_t v;

	span_first_hits(b->ms, b->time_ns, b->n, c->first, c->cat->n);
	for (i = 0; i < c->spans->n; i++) {
		long row;

		if (!span_measure(&c->spans->v[i], c->first, c->cat->n, &v))
			continue;
		row = table_row_add(c->t);
		if (row < 0)
			return -1;
		table_int_set(c->t, (size_t)row, 0, b->id);
		table_text_set(c->t, (size_t)row, 1, b->uuid);
		table_int_set(c->t, (size_t)row, 2, b->session_id);
		table_int_set(c->t, (size_t)row, 3, b->seq);
		table_text_set(c->t, (size_t)row, 4, b->status);
		table_textf_set(c->t, (size_t)row, 6, "%s %s", strstr(c->spans->v[i].name, "..") ?
				"span" : "stage", c->spans->v[i].name);
		table_int_set(c->t, (size_t)row, 8, v);
	}
	return 0;
}

int boot_table_add(struct boot_table *c, const struct boot *b)
{
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

int boot_table_init(struct boot_table *bt, const struct catalog *cat, const struct span_list *spans)
{
	memset(bt, 0, sizeof(*bt));
	bt->cat = cat;
	bt->spans = spans;
	bt->first = calloc(cat->n + 1, sizeof(*bt->first));
	bt->t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	if (!bt->t || !bt->first) {
		boot_table_release(bt);
		return -ENOMEM;
	}
	table_title_set(bt->t, "times in ms: since the VMM's exec, and since the previous milestone;\n"
			"then the boot's stages and spans (first hit to first hit) as deltas");
	return 0;
}

void boot_table_release(struct boot_table *bt)
{
	table_free(bt->t);
	free(bt->first);
	memset(bt, 0, sizeof(*bt));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report time [RUN|SELECT]: the boot in one line, stage by stage,
 * the way systemd-analyze time says it:
 *   Boot: 37.1 ms (vmm) + 2.10 s (firmware) + ... = 2.20 s
 * For a selection, each stage's median over the ok boots (the stages'
 * medians need not add up to the median total).
 */
#include "stage_load.h"
#include "../analysis/stages.h"
#include "../analysis/stats.h"
#include "../rendering/time_line.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct column columns[] = {
	{ "stage", COL_TEXT, SHOW_ALL, 0, true },
	{ "definition", COL_TEXT, SHOW_ALL, 0, false },
	{ "n", COL_INT, SHOW_ALL, 0, false },
	{ "median", COL_TIME, SHOW_ALL, 0, false },
};

static int on_boot(const struct boot *b, void *data)
{
	return span_samples_add(data, 0, b) < 0 ? -ENOMEM : 0;
}

static double median_of(struct sample *s)
{
	return stats_median(s->v, s->n);	/* reorders: the samples are a set */
}

/* The line, from each span's median. 0 or 2. */
static int line_print(struct report *r, struct span_samples *ss, size_t boots)
{
	double *median = calloc(ss->spans.n + 1, sizeof(*median));
	bool *have = calloc(ss->spans.n + 1, sizeof(*have));
	size_t i;

	if (!median || !have) {
		free(median);
		free(have);
		return report_oom(r);
	}
	for (i = 0; i < ss->spans.n; i++) {
		struct sample *s = span_samples_at(ss, 0, i);

		have[i] = s->n > 0;
		if (have[i])
			median[i] = median_of(s);
	}
	time_line_print(r->out, &ss->spans, median, have, boots);
	free(median);
	free(have);
	return 0;
}

static int data_print(struct report *r, struct span_samples *ss)
{
	struct table *t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	char def[2 * SPAN_TEXT_MAX];
	size_t i;

	if (!t)
		return report_oom(r);
	for (i = 0; i < ss->spans.n; i++) {
		struct sample *s = span_samples_at(ss, 0, i);
		long row = table_row_add(t);

		if (row < 0) {
			table_free(t);
			return report_oom(r);
		}
		span_format(&ss->spans.v[i], def, sizeof(def));
		table_text_set(t, (size_t)row, 0, ss->spans.v[i].name);
		table_text_set(t, (size_t)row, 1, def);
		table_int_set(t, (size_t)row, 2, (int64_t)s->n);
		if (s->n)
			table_real_set(t, (size_t)row, 3, median_of(s));
	}
	return report_table_print(r, t);
}

int cmd_time(struct report *r)
{
	struct report_args *a = r->args;
	struct span_samples ss;
	struct span_list spans;
	struct selection sel;
	int rc;

	if (a->npos == 1 && a->select.given)
		return snprintf(r->err, sizeof(r->err), "time takes a RUN or a selection, not both"), 2;
	if (report_selection(r, &a->select, &sel))
		return 2;
	if (a->npos == 1 && run_resolve(r->db, a->pos[0], &sel.run_id, r->err, sizeof(r->err)) < 0)
		return 2;
	rc = stage_list_build(r, false, &spans);
	if (rc || (rc = span_samples_init(r, &ss, &spans, 1)))
		return rc;
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &ss, r->err, sizeof(r->err));
	if (rc)
		rc = rc == -ENOMEM ? report_oom(r) : 2;
	else if (span_samples_expand(&ss) < 0)
		rc = report_oom(r);
	else if (ss.boots_ok[0] == 0)
		report_empty_note(r, &sel);
	else if (a->format == FORMAT_TABLE)
		rc = line_print(r, &ss, ss.boots_ok[0]);
	else
		rc = data_print(r, &ss);
	span_samples_release(&ss);
	return rc;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report summary: per milestone and per phase, n, median, mean,
 * stddev, min, max, p90, p99 over the selected boots, optionally by label,
 * session or tag. A boot that misses a milestone is counted as missing.
 *
 * The boots are read window by window in id order, and each group's rows
 * are made (and its values freed) once no boot of it is left to read, in
 * the groups' order: --by session over a long history holds a window's
 * boots and the groups still open, not the history.
 */
#include "../report.h"
#include "stage_load.h"
#include "../data/grouping.h"
#include "../data/group_done.h"
#include "../data/windows.h"
#include "../analysis/series.h"
#include "../rendering/summary_table.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static size_t group_of(int64_t session_id, const void *ctx)
{
	return grouping_of_session(ctx, session_id);
}

struct summary_ctx {
	struct report *r;
	const struct grouping *g;
	struct series_set set;		/* the groups not shown yet */
	struct span_samples spans;	/* one side per group */
	struct series_order order;	/* learnt from the groups shown */
	struct group_done done;
	struct table *t;
	size_t shown;			/* groups before it are in T */
	size_t boots;
};

/* Moves the groups from c->shown up to UPTO into the table. 0, or 2 with r->err. */
static int groups_show(struct summary_ctx *c, size_t upto)
{
	struct series_set part;
	size_t k;
	int rc;

	if (series_split(&c->set, upto, &part) < 0)
		return report_oom(c->r);
	rc = series_order_learn(&c->order, &part);
	if (rc == 0)
		rc = series_order_sort(&c->order, &part, &c->r->cat);
	if (rc == 0)
		rc = summary_table_add(c->t, &part, &c->spans, c->g, &c->r->cat);
	for (k = c->shown; k < upto; k++)
		c->boots += part.boots[k];
	series_release(&part);
	c->shown = upto;
	return rc ? report_oom(c->r) : 0;
}

/* After each window: the groups, in order, whose boots are all read. */
static int on_window(int64_t read_below, void *data)
{
	struct summary_ctx *c = data;
	size_t upto = group_done_upto(&c->done, c->shown, c->g->n, read_below);

	return upto > c->shown ? groups_show(c, upto) : 0;
}

/* Reads the boots SEL selects into C's table, group by group. 0, or 2 with r->err. */
static int summary_load(struct summary_ctx *c, const struct selection *sel)
{
	struct span_list spans;
	int rc;

	rc = stage_list_build(c->r, false, &spans);
	if (rc == 0)
		rc = span_list_add_cpu(c->r, &spans);
	if (rc == 0)
		rc = span_samples_init(c->r, &c->spans, &spans, c->g->n);
	if (rc)
		return rc;
	if (series_init(&c->set, c->g->n) < 0 || series_order_init(&c->order, c->r->cat.n) < 0 ||
	    !(c->t = summary_table_new()))
		return report_oom(c->r);
	rc = group_done_init(&c->done, c->r->db, c->g);
	if (rc == -ENOMEM)
		return report_oom(c->r);
	if (rc < 0) {
		msg_fail(c->r->err, sizeof(c->r->err), "cannot read the sessions' boots: %s",
			 sqlite3_errmsg(c->r->db));
		return 2;
	}
	return series_spans_load_windows(c->r, sel, group_of, c->g, &c->set, &c->spans,
					 on_window, c);
}

int cmd_summary(struct report *r)
{
	struct summary_ctx c = { 0 };
	struct grouping g;
	struct selection sel;
	int rc;

	if (report_selection(r, &r->args->select, &sel))
		return 2;
	c.r = r;
	c.g = &g;
	rc = grouping_load(r, &sel, r->args->by, &g);
	if (rc == 0)
		rc = summary_load(&c, &sel);
	if (rc == 0 && c.boots == 0)
		report_empty_note(r, &sel);
	if (rc == 0) {
		rc = report_table_print(r, c.t);	/* frees it */
		c.t = NULL;
	}
	table_free(c.t);
	group_done_release(&c.done);
	series_order_release(&c.order);
	span_samples_release(&c.spans);
	series_release(&c.set);
	grouping_release(&g);
	return rc;
}

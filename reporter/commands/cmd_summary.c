/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report summary: per milestone and per phase, n, median, mean,
 * stddev, min, max, p90, p99 over the selected boots, optionally by label,
 * session or tag. A boot that misses a milestone is counted as missing.
 */
#include "../report.h"
#include "stage_load.h"
#include "../data/grouping.h"
#include "../data/parallel.h"
#include "../analysis/series.h"
#include "../rendering/summary_table.h"
#include "../../common/message.h"

#include <stdlib.h>
#include <string.h>

static size_t group_of(int64_t session_id, const void *ctx)
{
	return grouping_of_session(ctx, session_id);
}

struct summary_ctx {
	struct series_set set;
	struct span_samples spans;	/* one side per group */
};

static size_t boots_total(const struct series_set *set)
{
	size_t g, n = 0;

	for (g = 0; g < set->ngroups; g++)
		n += set->boots[g];
	return n;
}

int cmd_summary(struct report *r)
{
	struct summary_ctx c = { 0 };
	struct span_list spans;
	struct grouping g;
	struct selection sel;
	struct table *t;
	int rc;

	if (report_selection(r, &r->args->select, &sel))
		return 2;
	rc = grouping_load(r, &sel, r->args->by, &g);
	if (rc)
		goto out_grouping;
	rc = stage_list_build(r, false, &spans);
	if (rc == 0)
		rc = span_list_add_cpu(r, &spans);
	if (rc == 0)
		rc = span_samples_init(r, &c.spans, &spans, g.n);
	if (rc)
		goto out;
	if (series_init(&c.set, g.n) < 0) {
		rc = report_oom(r);
		goto out;
	}
	rc = series_spans_load_parallel(r, &sel, group_of, &g, &c.set, &c.spans);
	if (rc == 0 && series_sort(&c.set, &r->cat) < 0)
		rc = report_oom(r);
	if (rc)
		goto out;
	if (boots_total(&c.set) == 0)
		report_empty_note(r, &sel);
	t = summary_table(&c.set, &c.spans, &g, &r->cat);
	rc = t ? report_table_print(r, t) : report_oom(r);
out:
	span_samples_release(&c.spans);
	series_release(&c.set);
out_grouping:
	grouping_release(&g);
	return rc;
}

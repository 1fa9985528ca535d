/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plot dist: the distribution of one milestone or phase per group, side
 * by side: a box from p25 to p75 with the median and whiskers to min and
 * max (nearest-rank, as in summary), or every boot as a point where a
 * group has fewer than 10.
 */
#include "plot.h"
#include "../analysis/stats.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define STRIP_BELOW 10

/* With no --milestone or --phase: the last milestone of the boots. */
static int target_default(struct report *r, const struct series_set *set, struct target *t)
{
	size_t i;

	t->all = false;
	t->phase = false;
	t->to = -1;
	for (i = 0; i < set->n; i++)	/* sorted: group 0's milestones, in time order */
		if (set->s[i].group == 0 && !set->s[i].phase)
			t->to = set->s[i].to;
	t->from = t->to;
	if (t->to <= 0)
		return msg_fail(r->err, sizeof(r->err), "no milestone to draw"), 2;
	return 0;
}

/* The target's series as plain arrays; the others' values go. 0 or -ENOMEM. */
static int target_expand(struct series_set *set, const struct target *t)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		if (!target_has(t, &set->s[i]))
			series_drop(&set->s[i]);
		else if (series_expand(&set->s[i]) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Box or strip data per group; COUNTS gets n per group. */
static void data_write(const struct series_set *set, const struct grouping *g,
		       const struct target *t, FILE *gp, size_t *counts)
{
	size_t gi, i;

	fputs("$box << EOD\n", gp);
	for (gi = 0; gi < g->n; gi++) {
		struct series *s = series_find(set, gi, t->phase, t->from, t->to);
		struct stats st;

		counts[gi] = s ? s->n : 0;
		if (!s || s->n < STRIP_BELOW)
			continue;
		stats_compute(s->v, s->n, &st);
		fprintf(gp, "%zu %.6f %.6f %.6f %.6f %.6f\n", gi, (double)st.p25 / 1e6,
			(double)st.min / 1e6, (double)st.max / 1e6, (double)st.p75 / 1e6, st.median / 1e6);
	}
	fputs("EOD\n$strip << EOD\n", gp);
	for (gi = 0; gi < g->n; gi++) {
		struct series *s = series_find(set, gi, t->phase, t->from, t->to);

		for (i = 0; s && s->n < STRIP_BELOW && i < s->n; i++)	/* a little spread */
			fprintf(gp, "%.3f %.6f\n", (double)gi + ((double)(i % 7) - 3) * 0.04,
				(double)s->v[i] / 1e6);
	}
	fputs("EOD\n$stripmedian << EOD\n", gp);
	for (gi = 0; gi < g->n; gi++) {
		struct series *s = series_find(set, gi, t->phase, t->from, t->to);

		if (s && s->n > 0 && s->n < STRIP_BELOW)
			fprintf(gp, "%zu %.6f\n", gi, stats_median(s->v, s->n) / 1e6);
	}
	fputs("EOD\n", gp);
}

static int dist_draw(struct report *r, struct series_set *set, struct grouping *g,
		     struct target *t, struct plot *p)
{
	size_t *counts = calloc(g->n, sizeof(*counts));
	char name[256], title[400];
	FILE *gp = p->script;

	if (!counts)
		return report_oom(r);
	snprintf(name, sizeof(name), "%s%s%s", r->cat.ms[t->from].name, t->phase ? ".." : "",
		 t->phase ? r->cat.ms[t->to].name : "");
	snprintf(title, sizeof(title), "distribution of %s by %s (box: p25..p75 with median, "
		 "whiskers: min..max; points below %d boots)", name, g->by, STRIP_BELOW);
	fputs("set title ", gp);
	gp_put(gp, title);
	fputs("\nset xlabel ", gp);
	gp_put(gp, g->by);
	fprintf(gp, "\nset ylabel '%s (ms)'\nset xrange [-0.6:%zu.6]\nset grid ytics\n"
		"set boxwidth 0.5\nset style fill solid 0.3\nset key outside right top\n"
		"set bmargin 9\n", t->phase ? "phase duration" : "time since the VMM''s exec",
		g->n - 1);
	data_write(set, g, t, gp, counts);
	plot_xtics(gp, g->ticks, g->n, counts);
	free(counts);
	fputs("plot $box using 1:2:3:4:5 with candlesticks whiskerbars lc rgb '#1f77b4' title ", gp);
	gp_put(gp, name);
	fputs(", \\\n  $box using 1:6:6:6:6 with candlesticks lc rgb '#1f77b4' lw 2 notitle, \\\n"
	      "  $strip using 1:2 with points pt 7 ps 0.8 lc rgb '#ff7f0e' title 'each boot', \\\n"
	      "  $stripmedian using 1:2:(0.2) with xerrorbars pt 0 lw 2 lc rgb '#ff7f0e' "
	      "title 'median'\n", gp);
	return plot_finish(p, r->out, r->err, sizeof(r->err)) < 0 ? 2 : 0;
}

int plot_dist(struct report *r)
{
	struct series_set set = { 0 };
	struct grouping g = { 0 };
	struct selection sel;
	struct target t;
	struct plot p = { 0 };
	int rc;

	if (!r->args->by)
		return msg_fail(r->err, sizeof(r->err), "plot dist needs --by label, host, session, "
				"day or tag:KEY"), 2;
	if ((rc = report_selection(r, &r->args->select, &sel)) || (rc = target_parse(r, &t, true)))
		return rc;
	if (plot_begin(&p, r->args->output, r->args->keep_script, r->err, sizeof(r->err)) < 0)
		rc = 2;
	if (rc == 0)
		rc = plot_series_load(r, &sel, r->args->by, &g, &set);
	if (rc == 0 && t.all)
		rc = target_default(r, &set, &t);
	if (rc == 0 && target_expand(&set, &t) < 0)
		rc = report_oom(r);
	if (rc == 0)
		rc = dist_draw(r, &set, &g, &t, &p);
	series_release(&set);
	grouping_release(&g);
	plot_release(&p);
	return rc;
}

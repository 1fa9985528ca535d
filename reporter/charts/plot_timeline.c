/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plot timeline: the phases of a boot as a waterfall, the way
 * systemd-analyze plot shows a boot: one row per phase, a bar from its
 * start to its end, labelled with its name and duration. For a selection,
 * the median boot of each group (the boot whose total time is the median
 * one: a real boot, not a mix) is drawn, groups side by side in each row.
 */
#include "plot.h"
#include "../../common/message.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 64
#define MAX_BOOTS 12

/* One boot to draw: its first hits, in time order. */
struct drawn {
	char caption[256];	/* "run 12: ..." or the group's name */
	size_t of;		/* a median boot: of how many boots (0 for a RUN) */
	size_t n;
	int ms[MAX_ROWS + 1];
	int64_t time_ns[MAX_ROWS + 1];
};

struct timeline {
	struct report *r;
	struct drawn boots[MAX_BOOTS];
	size_t nboots;
	int from[MAX_ROWS], to[MAX_ROWS];	/* the rows: phases */
	size_t nrows;
	int64_t end_ns;
};

/* Keeps a boot's first hits (a repeated point is drawn once). */
static void drawn_fill(struct drawn *d, const struct boot *b)
{
	size_t i, j;

	d->n = 0;
	for (i = 0; i < b->n && d->n <= MAX_ROWS; i++) {
		for (j = 0; j < d->n && d->ms[j] != b->ms[i]; j++)
			;
		if (j < d->n)
			continue;
		d->ms[d->n] = b->ms[i];
		d->time_ns[d->n++] = b->time_ns[i];
	}
}

static int on_one_boot(const struct boot *b, void *data)
{
	struct timeline *t = data;
	struct drawn *d;

	if (t->nboots == MAX_BOOTS)
		return 0;
	d = &t->boots[t->nboots++];
	drawn_fill(d, b);
	snprintf(d->caption, sizeof(d->caption), "run %lld: session %lld%s%s%s, boot %lld, %s",
		 (long long)b->id, (long long)b->session_id, b->label ? " '" : "",
		 b->label ? b->label : "", b->label ? "'" : "", (long long)b->seq, b->status);
	return 0;
}

/* Total time of each boot of each group, to find the groups' median boots. */
struct totals {
	const struct grouping *g;
	int64_t (*v)[2];	/* total ns, run id */
	size_t *group;
	size_t n, cap;
};

static int on_total(const struct boot *b, void *data)
{
	struct totals *t = data;

	if (b->n == 0)
		return 0;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		int64_t (*v)[2] = realloc(t->v, cap * sizeof(*v));
		size_t *group;

		if (!v)
			return -1;
		t->v = v;
		group = realloc(t->group, cap * sizeof(*group));
		if (!group)
			return -1;
		t->group = group;
		t->cap = cap;
	}
	t->v[t->n][0] = b->time_ns[b->n - 1];
	t->v[t->n][1] = b->id;
	t->group[t->n++] = grouping_of_session(t->g, b->session_id);
	return 0;
}

static int pair_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The run id of group G's median boot (the lower middle one for even n), or 0. */
static int64_t median_boot(struct totals *t, size_t g, size_t *count)
{
	int64_t (*mine)[2] = malloc((t->n + 1) * sizeof(*mine)), id = 0;
	size_t i, n = 0;

	if (!mine)
		return -1;
	for (i = 0; i < t->n; i++)
		if (t->group[i] == g)
			memcpy(mine[n++], t->v[i], sizeof(*mine));
	qsort(mine, n, sizeof(*mine), pair_cmp);
	if (n)
		id = mine[(n - 1) / 2][1];
	*count = n;
	free(mine);
	return id;
}

/* Groups past MAX_BOOTS are not drawn: the last ones are (the newest, by
 * session or day), and stderr says how many were left out. */
static size_t groups_first(const struct grouping *g)
{
	if (g->n <= MAX_BOOTS)
		return 0;
	fprintf(stderr, "kvmboot-report: plot timeline: the last %d of %zu groups drawn (select "
		"fewer, e.g. --last %d)\n", MAX_BOOTS, g->n, MAX_BOOTS);
	return g->n - MAX_BOOTS;
}

static int boots_choose(struct timeline *t, const struct selection *sel)
{
	struct report *r = t->r;
	struct grouping g;
	struct totals tot = { &g, NULL, NULL, 0, 0 };
	size_t i, count = 0;
	int rc = grouping_load(r, sel, r->args->by, &g);

	if (rc)
		return rc;
	rc = boots_each(r->db, sel, &r->cat, on_total, &tot, r->err, sizeof(r->err));
	if (rc)
		rc = r->err[0] ? 2 : report_oom(r);
	for (i = groups_first(&g); rc == 0 && i < g.n && t->nboots < MAX_BOOTS; i++) {
		struct selection one = *sel;
		size_t before = t->nboots;

		one.run_id = median_boot(&tot, i, &count);
		if (one.run_id < 0)
			rc = report_oom(r);
		if (one.run_id <= 0)
			continue;
		rc = boots_each(r->db, &one, &r->cat, on_one_boot, t, r->err, sizeof(r->err)) ? 2 : 0;
		if (t->nboots > before) {
			snprintf(t->boots[before].caption, sizeof(t->boots[0].caption), "%s",
				 g.by ? g.ticks[i] : "all boots");
			t->boots[before].of = count;
		}
	}
	free(tot.v);
	free(tot.group);
	grouping_release(&g);
	return rc;
}

/* The rows: every phase of the drawn boots, in the order first met. */
static void rows_collect(struct timeline *t)
{
	size_t b, i, j;

	for (b = 0; b < t->nboots; b++) {
		struct drawn *d = &t->boots[b];

		for (i = 1; i < d->n; i++) {
			for (j = 0; j < t->nrows; j++)
				if (t->from[j] == d->ms[i - 1] && t->to[j] == d->ms[i])
					break;
			if (j == t->nrows && t->nrows < MAX_ROWS) {
				t->from[t->nrows] = d->ms[i - 1];
				t->to[t->nrows++] = d->ms[i];
			}
		}
		if (d->n && d->time_ns[d->n - 1] > t->end_ns)
			t->end_ns = d->time_ns[d->n - 1];
	}
}

static size_t row_of(const struct timeline *t, int from, int to)
{
	size_t j;

	for (j = 0; j < t->nrows; j++)
		if (t->from[j] == from && t->to[j] == to)
			return j;
	return 0;
}

/* Boot B's bars (x centre, row, half width, half height) and their labels. */
static void bars_write(struct timeline *t, size_t b, FILE *gp)
{
	const struct catalog *cat = &t->r->cat;
	struct drawn *d = &t->boots[b];
	double h = 0.8 / (double)t->nboots, pad = (double)t->end_ns / 1e6 * 0.01;
	char label[256];
	size_t i;

	fprintf(gp, "$boot%zu << EOD\n", b);
	for (i = 1; i < d->n; i++) {
		double start = (double)d->time_ns[i - 1] / 1e6, end = (double)d->time_ns[i] / 1e6;
		double y = (double)row_of(t, d->ms[i - 1], d->ms[i]) + 1 - 0.4 + h * ((double)b + 0.5);

		fprintf(gp, "%.6f %.6f %.6f %.6f\n", (start + end) / 2, y, (end - start) / 2, h / 2);
	}
	fputs("EOD\n", gp);
	for (i = 1; i < d->n; i++) {
		double end = (double)d->time_ns[i] / 1e6;
		double y = (double)row_of(t, d->ms[i - 1], d->ms[i]) + 1 - 0.4 + h * ((double)b + 0.5);

		if (t->nboots == 1)
			snprintf(label, sizeof(label), "%s..%s  %.3f ms", cat->ms[d->ms[i - 1]].name,
				 cat->ms[d->ms[i]].name, end - (double)d->time_ns[i - 1] / 1e6);
		else
			snprintf(label, sizeof(label), "%.3f ms", end - (double)d->time_ns[i - 1] / 1e6);
		fputs("set label ", gp);
		gp_put(gp, label);
		fprintf(gp, " at %.6f,%.6f left front font ',%d'\n", end + pad, y, t->nboots == 1 ? 9 : 8);
	}
}

static void axes_write(struct timeline *t, FILE *gp)
{
	const struct catalog *cat = &t->r->cat;
	char name[256];
	size_t j;

	fputs("set title ", gp);
	if (t->nboots == 1 && !t->boots[0].of)
		snprintf(name, sizeof(name), "boot timeline of %s", t->boots[0].caption);
	else if (t->nboots == 1)
		snprintf(name, sizeof(name), "boot timeline of the median boot of %s (of %zu)",
			 t->boots[0].caption, t->boots[0].of);
	else
		snprintf(name, sizeof(name), "boot timeline of the median boot of each %s",
			 t->r->args->by ? t->r->args->by : "group");
	gp_put(gp, name);
	fputs("\nset xlabel 'time since the VMM''s exec (ms)'\n", gp);
	/* Room on the right for the labels past the last bar. */
	fprintf(gp, "set xrange [0:%.6f]\nset yrange [%zu.5:0.5]\nset grid xtics\n"
		"set style fill solid 0.85 noborder\nset key outside right top\n",
		(double)t->end_ns / 1e6 * (t->nboots == 1 ? 1.45 : 1.2), t->nrows);
	if (t->nboots == 1) {
		fputs("unset ytics\n", gp);
		return;
	}
	fputs("set ytics nomirror (", gp);
	for (j = 0; j < t->nrows; j++) {
		snprintf(name, sizeof(name), "%s..%s", cat->ms[t->from[j]].name, cat->ms[t->to[j]].name);
		fputs(j ? ", " : "", gp);
		gp_put(gp, name);
		fprintf(gp, " %zu", j + 1);
	}
	fputs(")\nset lmargin 34\n", gp);
}

static int timeline_draw(struct timeline *t, struct plot *p)
{
	FILE *gp = p->script;
	char name[300];
	size_t b;

	rows_collect(t);
	if (t->nrows == 0)
		return msg_fail(t->r->err, sizeof(t->r->err), "no phase to draw: the boots have "
				"fewer than two milestones"), 2;
	axes_write(t, gp);
	for (b = 0; b < t->nboots; b++)
		bars_write(t, b, gp);
	fputs("plot ", gp);
	for (b = 0; b < t->nboots; b++) {
		fprintf(gp, "%s$boot%zu using 1:2:3:4 with boxxyerror lc rgb '%s' ",
			b ? ", \\\n  " : "", b, plot_colour(b));
		if (t->nboots == 1) {
			fputs("notitle", gp);
			continue;
		}
		snprintf(name, sizeof(name), "%s (median of %zu)", t->boots[b].caption, t->boots[b].of);
		fputs("title ", gp);
		gp_put(gp, name);
	}
	fputc('\n', gp);
	return plot_finish(p, t->r->out, t->r->err, sizeof(t->r->err)) < 0 ? 2 : 0;
}

int plot_timeline(struct report *r)
{
	struct timeline *t = calloc(1, sizeof(*t));
	struct report_args *a = r->args;
	struct selection sel;
	struct plot p = { 0 };
	int rc;

	if (!t)
		return report_oom(r);
	t->r = r;
	if (a->npos == 2 && (a->select.given || a->by))
		rc = (msg_fail(r->err, sizeof(r->err), "plot timeline takes a RUN or a selection, "
			       "not both"), 2);
	else
		rc = report_selection(r, &a->select, &sel);
	if (rc == 0 && a->npos == 2 && run_resolve(r->db, a->pos[1], &sel.run_id, r->err,
						   sizeof(r->err)) < 0)
		rc = 2;
	if (rc == 0 && plot_begin(&p, a->output, a->keep_script, r->err, sizeof(r->err)) < 0)
		rc = 2;
	if (rc == 0 && a->npos == 2)
		rc = boots_each(r->db, &sel, &r->cat, on_one_boot, t, r->err, sizeof(r->err)) ? 2 : 0;
	else if (rc == 0)
		rc = boots_choose(t, &sel);
	if (rc == 0 && t->nboots == 0)
		rc = (msg_fail(r->err, sizeof(r->err), "no boot matches the selection"), 2);
	if (rc == 0)
		rc = timeline_draw(t, &p);
	plot_release(&p);
	free(t);
	return rc;
}

/*
 * plot trend: per group (session, day or tag value) in time order, the
 * median of each milestone (or of one milestone or phase) with a band
 * from p25 to p75 and bars from min to max. Where compare would call the
 * step from the previous group a regression, the point is marked.
 */
#include "plot.h"
#include "../analysis/stats.h"
#include "../analysis/verdict.h"
#include "../../common/message.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct trend {
	struct report *r;
	struct grouping g;
	struct series_set set;
	struct target target;
	struct series **keys;	/* one series per drawn line (from some group) */
	size_t nkeys;
	FILE *marks;		/* "x y" of the regressions */
	char *marks_text;
	size_t marks_len, nmarks;
	FILE *labels;		/* their "set label" commands: not inside a datablock */
	char *labels_text;
	size_t labels_len;
	double *label_y;	/* where labels are, per group: no two on top of each other */
	size_t *label_x, nlabels;
};

/* Is there a label at group G already, within 3% of Y? */
static bool label_near(const struct trend *t, size_t g, double y)
{
	size_t i;

	for (i = 0; i < t->nlabels; i++)
		if (t->label_x[i] == g && fabs(t->label_y[i] - y) < 0.03 * fmax(fabs(y), 1e-9))
			return true;
	return false;
}

/* The distinct lines to draw, in timeline order of their first group. */
static int keys_collect(struct trend *t)
{
	size_t i, j;

	t->keys = calloc(t->set.n + 1, sizeof(*t->keys));
	if (!t->keys)
		return -1;
	for (i = 0; i < t->set.n; i++) {
		struct series *s = &t->set.s[i];

		if (!target_has(&t->target, s))
			continue;
		for (j = 0; j < t->nkeys; j++)
			if (t->keys[j]->phase == s->phase && t->keys[j]->from == s->from &&
			    t->keys[j]->to == s->to)
				break;
		if (j == t->nkeys)
			t->keys[t->nkeys++] = s;
	}
	return 0;
}

static double ms(double ns)
{
	return ns / 1e6;
}

/* Marks group G of line K when the step from the previous group regressed. */
static int step_check(struct trend *t, struct series *prev, struct series *cur, size_t g,
		      const struct stats *st)
{
	struct verdict v;

	if (!prev || verdict_decide(prev->v, prev->n, cur->v, cur->n, t->r->args->alpha,
				    t->r->args->threshold, &v) < 0)
		return prev ? -1 : 0;
	if (strcmp(v.word, "regressed") != 0)
		return 0;
	fprintf(t->marks, "%zu %.6f\n", g, ms(st->median));
	t->nmarks++;
	if (label_near(t, g, ms(st->median)))
		return 0;
	fprintf(t->labels, "set label '%+.1f%%' at %zu,%.6f offset 0,1.4 center front "
		"tc rgb '#d62728' font ',9'\n", v.mc.change * 100, g, ms(st->median));
	t->label_x = realloc(t->label_x, (t->nlabels + 1) * sizeof(*t->label_x));
	t->label_y = realloc(t->label_y, (t->nlabels + 1) * sizeof(*t->label_y));
	if (!t->label_x || !t->label_y)
		return -1;
	t->label_x[t->nlabels] = g;
	t->label_y[t->nlabels++] = ms(st->median);
	return 0;
}

/* One datablock per line: x median p25 p75 min max, in ms. */
static int line_data(struct trend *t, size_t k, FILE *gp)
{
	struct series *key = t->keys[k], *prev = NULL;
	size_t g;

	fprintf(gp, "$line%zu << EOD\n", k);
	for (g = 0; g < t->g.n; g++) {
		struct series *s = series_find(&t->set, g, key->phase, key->from, key->to);
		struct stats st;

		if (!s || s->n == 0)
			continue;
		stats_compute(s->v, s->n, &st);	/* reorders: samples are sets to the verdict */
		fprintf(gp, "%zu %.6f %.6f %.6f %.6f %.6f\n", g, ms(st.median), ms((double)st.p25),
			ms((double)st.p75), ms((double)st.min), ms((double)st.max));
		if (step_check(t, prev, s, g, &st) < 0)
			return -1;
		prev = s;
	}
	fputs("EOD\n", gp);
	return 0;
}

static void axes_write(struct trend *t, FILE *gp)
{
	const char *by = t->g.by;
	char what[200];

	if (t->target.all)
		snprintf(what, sizeof(what), "median time to each milestone");
	else
		series_name(&t->r->cat, t->keys[0], what, sizeof(what));
	fputs("set title ", gp);
	snprintf(what + strlen(what), sizeof(what) - strlen(what), " by %s%s", by,
		 " (line: median; band: p25..p75; bars: min..max)");
	gp_put(gp, what);
	fputs("\nset xlabel ", gp);
	gp_put(gp, strcmp(by, "session") == 0 ? "session (in the order they started)" :
		   strcmp(by, "day") == 0 ? "day (UTC)" : by);
	fprintf(gp, "\nset ylabel '%s (ms)'\n", t->target.phase ? "phase duration"
		: "time since the VMM''s exec");
	fprintf(gp, "set xrange [-0.5:%zu.5]\nset yrange [0:*]\nset grid ytics\n"
		"set key outside right top vertical\nset bmargin 9\n", t->g.n - 1);
	plot_xtics(gp, t->g.ticks, t->g.n, NULL);
}

static void plot_write(struct trend *t, FILE *gp)
{
	char name[200];
	size_t k;

	if (t->nmarks) {
		fflush(t->marks);
		fflush(t->labels);
		fprintf(gp, "$marks << EOD\n%.*sEOD\n", (int)t->marks_len, t->marks_text);
		fwrite(t->labels_text, 1, t->labels_len, gp);
	}
	fputs("plot ", gp);
	for (k = 0; k < t->nkeys; k++) {
		const char *c = plot_colour(k);

		series_name(&t->r->cat, t->keys[k], name, sizeof(name));
		fprintf(gp, "%s$line%zu using 1:3:4 with filledcurves fc rgb '%s' fs transparent "
			"solid 0.15 noborder notitle, \\\n  $line%zu using 1:2:5:6 with yerrorbars lc "
			"rgb '%s' pt 7 ps 0.5 notitle, \\\n  $line%zu using 1:2 with lines lc rgb '%s' "
			"lw 2 title ", k ? ", \\\n  " : "", k, c, k, c, k, c);
		gp_put(gp, name);
	}
	if (t->nmarks)
		fputs(", \\\n  $marks using 1:2 with points pt 9 ps 2 lc rgb '#d62728' "
		      "title 'regressed (as compare would say)'", gp);
	fputc('\n', gp);
}

static int trend_draw(struct trend *t, struct plot *p)
{
	size_t k;

	t->marks = open_memstream(&t->marks_text, &t->marks_len);
	t->labels = open_memstream(&t->labels_text, &t->labels_len);
	if (!t->marks || !t->labels || keys_collect(t) < 0)
		return report_oom(t->r);
	if (t->nkeys == 0)
		return msg_fail(t->r->err, sizeof(t->r->err), "no boot of the selection has %s",
				t->target.all ? "any milestone" : "that milestone or phase"), 2;
	axes_write(t, p->script);
	for (k = 0; k < t->nkeys; k++)
		if (line_data(t, k, p->script) < 0)
			return report_oom(t->r);
	plot_write(t, p->script);
	return plot_finish(p, t->r->out, t->r->err, sizeof(t->r->err)) < 0 ? 2 : 0;
}

int plot_trend(struct report *r)
{
	struct trend t = { .r = r };
	struct selection sel;
	struct plot p = { 0 };
	const char *by = r->args->by ? r->args->by : "session";
	int rc;

	if (strcmp(by, "label") == 0)
		return msg_fail(r->err, sizeof(r->err), "plot trend: --by session, day or tag:KEY "
				"(a label is not a point in time; see plot dist)"), 2;
	if ((rc = report_selection(r, &r->args->select, &sel)) || (rc = target_parse(r, &t.target, true)))
		return rc;
	if (plot_begin(&p, r->args->output, r->args->keep_script, r->err, sizeof(r->err)) < 0)
		return 2;
	rc = plot_series_load(r, &sel, by, &t.g, &t.set);
	if (rc == 0)
		rc = trend_draw(&t, &p);
	if (t.marks)
		fclose(t.marks);
	if (t.labels)
		fclose(t.labels);
	free(t.marks_text);
	free(t.labels_text);
	free(t.label_x);
	free(t.label_y);
	free(t.keys);
	series_release(&t.set);
	grouping_release(&t.g);
	plot_release(&p);
	return rc;
}

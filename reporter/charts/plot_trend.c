/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plot trend: per group (session, day or tag value) in time order, the
 * median of each milestone (or of one milestone or phase) with a band
 * from p25 to p75 and bars from min to max; behind them, the median of
 * each segment between the change points `changes` finds over the
 * selected sessions, and at each change point a mark with its change.
 * More sessions (or days) than the chart has pixels for are drawn per day,
 * week or month, and the title says so; the change points are still
 * those of the sessions.
 */
#include "plot.h"
#include "../data/history.h"
#include "../data/dates.h"
#include "../analysis/stats.h"
#include "../../common/message.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Past this many groups, sessions are drawn per day, then week, then month. */
#define GROUPS_MAX 800

/* The x axis: which group each session falls in, in time order. */
struct xaxis {
	char unit[64];		/* "session", "day", "week", "month" or "tag:KEY" */
	bool aggregated;	/* coarser than asked for: too many groups */
	char **ticks;
	size_t n;
	size_t *of;		/* per session of the set: its group */
};

struct trend {
	struct report *r;
	struct history_set set;
	struct history_changes *found;
	struct xaxis x;
	struct grouping tags;	/* for --by tag:KEY */
	struct {
		char *text;	/* "x median p25 p75 min max" lines of each measure */
		size_t len;
	} *groups;
	FILE *labels;		/* "set label" commands: not inside a datablock */
	char *labels_text;
	size_t labels_len;
	double *label_x, *label_y;	/* where labels are: no two on top of each other */
	size_t nlabels;
	size_t nrises, ndrops;
};

static double ms(double ns)
{
	return ns / 1e6;
}

/* The group key of a session for UNIT: its id, day, week (its Monday) or month, UTC or LOCAL. */
static void time_key(const struct history_session *s, const char *unit, bool local, char *key,
		     size_t len)
{
	char start[DATE_SHOW_LEN];
	struct tm tm = { 0 };
	time_t t;

	if (strcmp(unit, "session") == 0) {
		snprintf(key, len, "#%lld%s%s", (long long)s->id, s->label ? " " : "",
			 s->label ? s->label : "");
		return;
	}
	date_show(s->started_at, local, start, sizeof(start));
	if (strcmp(unit, "month") == 0) {
		snprintf(key, len, "%.7s", start);
	} else if (strcmp(unit, "week") == 0 &&
		   sscanf(start, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		t = timegm(&tm) / 86400;
		t = (t - (t + 3) % 7) * 86400;	/* 1970-01-01 was a Thursday */
		gmtime_r(&t, &tm);
		strftime(key, len, "week of %Y-%m-%d", &tm);
	} else {
		snprintf(key, len, "%.10s", start);
	}
}

/* Groups of consecutive sessions with the same key for UNIT; their count. */
static size_t time_groups(const struct history_set *set, const char *unit, bool local, size_t *of)
{
	char key[160], last[160] = "";
	size_t i, n = 0;

	for (i = 0; i < set->nsessions; i++) {
		time_key(&set->sessions[i], unit, local, key, sizeof(key));
		if (i == 0 || strcmp(unit, "session") == 0 || strcmp(key, last) != 0)
			n++;
		of[i] = n - 1;
		snprintf(last, sizeof(last), "%s", key);
	}
	return n;
}

static int time_ticks(const struct history_set *set, bool local, struct xaxis *x)
{
	char key[160];
	size_t i;

	x->ticks = calloc(x->n + 1, sizeof(*x->ticks));
	if (!x->ticks)
		return -1;
	for (i = 0; i < set->nsessions; i++) {
		if (x->ticks[x->of[i]])
			continue;
		time_key(&set->sessions[i], x->unit, local, key, sizeof(key));
		x->ticks[x->of[i]] = strdup(key);
		if (!x->ticks[x->of[i]])
			return -1;
	}
	return 0;
}

/* Sessions, days, weeks or months: the finest that fits, from what BY asks. */
static int axis_by_time(struct trend *t, const char *by)
{
	static const char *const units[] = { "session", "day", "week", "month" };
	size_t u = strcmp(by, "day") == 0 ? 1 : 0;

	t->x.of = calloc(t->set.nsessions + 1, sizeof(*t->x.of));
	if (!t->x.of)
		return report_oom(t->r);
	for (;; u++) {
		snprintf(t->x.unit, sizeof(t->x.unit), "%s", units[u]);
		t->x.n = time_groups(&t->set, units[u], t->r->args->local, t->x.of);
		if (t->x.n <= GROUPS_MAX || u + 1 == sizeof(units) / sizeof(units[0]))
			break;
		t->x.aggregated = true;
	}
	return time_ticks(&t->set, t->r->args->local, &t->x) < 0 ? report_oom(t->r) : 0;
}

static int axis_by_tag(struct trend *t, const struct selection *sel, const char *by)
{
	size_t i;
	int rc = grouping_load(t->r, sel, by, &t->tags);

	if (rc)
		return rc;
	snprintf(t->x.unit, sizeof(t->x.unit), "%s", by);
	t->x.n = t->tags.n;
	t->x.ticks = t->tags.ticks;
	t->x.of = calloc(t->set.nsessions + 1, sizeof(*t->x.of));
	if (!t->x.of)
		return report_oom(t->r);
	for (i = 0; i < t->set.nsessions; i++)
		t->x.of[i] = grouping_of_session(&t->tags, t->set.sessions[i].id);
	return 0;
}

/* What a group's point, band and bars show: median, p25, p75, min, max. */
static void group_figures(int64_t *v, size_t n, double *f)
{
	size_t ranks[5] = { 1, stats_rank(n, 25), (n + 1) / 2, n / 2 + 1, stats_rank(n, 75) };
	int64_t at[5], max = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		max = v[i] > max ? v[i] : max;
	stats_select_ranks(v, n, ranks, 5, at);
	f[0] = ((double)at[2] + (double)at[3]) / 2.0;
	f[1] = (double)at[1];
	f[2] = (double)at[4];
	f[3] = (double)at[0];
	f[4] = (double)max;
}

/* One measure's boots per group, "x median p25 p75 min max" in ms, into TEXT. */
static int groups_text(const struct trend *t, const struct history *h, FILE *text)
{
	size_t n = h->h.first[h->h.nsessions], ng = t->x.n, i, j, g;
	size_t *start = calloc(ng + 2, sizeof(*start));
	int64_t *v = malloc((n + 1) * sizeof(*v));
	double f[5];

	if (!start || !v) {
		free(start);
		free(v);
		return -ENOMEM;
	}
	for (j = 0; j < h->h.nsessions; j++)	/* counting sort of the boots by group */
		start[t->x.of[h->session[j]] + 2] += h->h.first[j + 1] - h->h.first[j];
	for (g = 2; g <= ng + 1; g++)
		start[g] += start[g - 1];
	for (j = 0; j < h->h.nsessions; j++)
		for (i = h->h.first[j]; i < h->h.first[j + 1]; i++)
			v[start[t->x.of[h->session[j]] + 1]++] = h->h.v[i];
	for (g = 0; g < ng; g++) {
		if (start[g + 1] == start[g])
			continue;
		group_figures(v + start[g], start[g + 1] - start[g], f);
		fprintf(text, "%zu %.6f %.6f %.6f %.6f %.6f\n", g, ms(f[0]), ms(f[1]), ms(f[2]),
			ms(f[3]), ms(f[4]));
	}
	free(start);
	free(v);
	return 0;
}

/* The data of measure K, on a thread of its own (history_each_parallel). */
static int groups_one(size_t k, void *ctx)
{
	struct trend *t = ctx;
	FILE *text;
	int rc;

	if (t->set.v[k].h.nsessions == 0)
		return 0;
	text = open_memstream(&t->groups[k].text, &t->groups[k].len);
	if (!text)
		return -ENOMEM;
	rc = groups_text(t, &t->set.v[k], text);
	return fclose(text) != 0 ? -ENOMEM : rc;
}

/* Where session J of H is on the x axis: the middle of its group. */
static double x_of(const struct trend *t, const struct history *h, size_t j)
{
	return (double)t->x.of[h->session[j]];
}

/* Each segment's median as a line of steps: from where it starts to where the next does. */
static void segments_write(struct trend *t, const struct history *h, const struct cp_changes *c,
			   FILE *gp, size_t k)
{
	double from = x_of(t, h, 0) - 0.5, median = c->n ? c->v[0].median_before : c->median;
	size_t j;

	fprintf(gp, "$seg%zu << EOD\n", k);
	for (j = 0; j < c->n; j++) {
		double at = x_of(t, h, c->v[j].at) - 0.5;

		fprintf(gp, "%.3f %.6f\n%.3f %.6f\n", from, ms(median), at, ms(median));
		from = at;
		median = c->v[j].median_after;
	}
	fprintf(gp, "%.3f %.6f\n%.3f %.6f\nEOD\n", from, ms(median),
		x_of(t, h, h->h.nsessions - 1) + 0.5, ms(median));
}

/* The marks of the change points, rises and drops apart, with their change in %. */
static void marks_write(struct trend *t, FILE *gp)
{
	size_t k, j;
	int rise;

	for (rise = 1; rise >= 0; rise--) {
		fprintf(gp, "$%s << EOD\n", rise ? "rises" : "drops");
		for (k = 0; k < t->set.n; k++) {
			const struct history *h = &t->set.v[k];
			const struct cp_changes *c = &t->found[k].cps;

			for (j = 0; j < c->n; j++)
				if ((c->v[j].change > 0) == rise)
					fprintf(gp, "%.0f %.6f\n", x_of(t, h, c->v[j].at),
						ms(c->v[j].median_after));
		}
		fputs("EOD\n", gp);
	}
}

/* Is there a label at X already, within 3% of Y? If not, X, Y is taken (when memory allows). */
static bool label_taken(struct trend *t, double x, double y)
{
	double *lx, *ly;
	size_t i;

	for (i = 0; i < t->nlabels; i++)
		if (t->label_x[i] == x && fabs(t->label_y[i] - y) < 0.03 * fmax(fabs(y), 1e-9))
			return true;
	lx = realloc(t->label_x, (t->nlabels + 1) * sizeof(*lx));
	if (lx)
		t->label_x = lx;
	ly = realloc(t->label_y, (t->nlabels + 1) * sizeof(*ly));
	if (ly)
		t->label_y = ly;
	if (lx && ly) {
		t->label_x[t->nlabels] = x;
		t->label_y[t->nlabels++] = y;
	}
	return false;
}

static void labels_write(struct trend *t)
{
	size_t k, j;

	for (k = 0; k < t->set.n; k++) {
		const struct history *h = &t->set.v[k];
		const struct cp_changes *c = &t->found[k].cps;

		for (j = 0; j < c->n; j++) {
			bool rise = c->v[j].change > 0;
			double x = x_of(t, h, c->v[j].at), y = ms(c->v[j].median_after);

			if (rise)
				t->nrises++;
			else
				t->ndrops++;
			if (label_taken(t, x, y))
				continue;
			fprintf(t->labels, "set label '%+.1f%%' at %.0f,%.6f offset 0,%s center front "
				"tc rgb '%s' font ',9'\n", c->v[j].change * 100, x, y,
				rise ? "1.4" : "-1.4", rise ? "#d62728" : "#2ca02c");
		}
	}
}

/* The title: what is drawn, how to read it, and how the sessions were grouped. */
static void title_write(const struct trend *t, FILE *gp)
{
	const struct measures *m = &t->set.measures;
	char line[400];

	snprintf(line, sizeof(line), "%s by %s", m->n == 1 ? m->v[0].name :
		 m->v[0].kind == MEASURE_MILESTONE ? "median time to each milestone" :
		 "median of each stage", t->x.unit);
	fputs("set title ", gp);
	gp_put(gp, line);
	fputs(".\"\\n\".", gp);
	gp_put(gp, "(points: median; band: p25..p75; bars: min..max; steps: median between "
	       "change points)");
	if (t->x.aggregated) {
		snprintf(line, sizeof(line), "%zu sessions, drawn per %s (more than %d groups); "
			 "change points found over the sessions", t->set.nsessions, t->x.unit,
			 GROUPS_MAX);
		fputs(".\"\\n\".", gp);
		gp_put(gp, line);
	}
	fputc('\n', gp);
}

/* The x axis's title: the unit, and the zone of days, weeks and months. */
static const char *xlabel(const char *unit, bool local)
{
	if (strcmp(unit, "session") == 0)
		return "session (in the order they started)";
	if (strcmp(unit, "day") == 0)
		return local ? "day (local time)" : "day (UTC)";
	if (strcmp(unit, "week") == 0)
		return local ? "week (local time, from Monday)" : "week (UTC, from Monday)";
	if (strcmp(unit, "month") == 0)
		return local ? "month (local time)" : "month (UTC)";
	return unit;
}

static void axes_write(struct trend *t, FILE *gp)
{
	const struct measures *m = &t->set.measures;
	const char *unit = t->x.unit;

	title_write(t, gp);
	fputs("set xlabel ", gp);
	gp_put(gp, xlabel(unit, t->r->args->local));
	fprintf(gp, "\nset ylabel '%s (ms)'\n", !measure_is_duration(&m->v[0]) ?
		"time since the VMM''s exec" : m->v[0].kind == MEASURE_PHASE ? "phase duration" :
		"duration");
	fprintf(gp, "set xrange [-0.5:%zu.5]\nset yrange [0:*]\nset grid ytics\n"
		"set key outside right top vertical\nset bmargin 9\nset tmargin 5\n",
		t->x.n ? t->x.n - 1 : 0);
	plot_xtics(gp, t->x.ticks, t->x.n, NULL);
}

static void plot_write(struct trend *t, FILE *gp)
{
	size_t k, drawn = 0;

	fflush(t->labels);
	fwrite(t->labels_text, 1, t->labels_len, gp);
	fputs("plot ", gp);
	for (k = 0; k < t->set.n; k++) {
		const char *c = plot_colour(drawn);

		if (t->set.v[k].h.nsessions == 0)
			continue;
		fprintf(gp, "%s$line%zu using 1:3:4 with filledcurves fc rgb '%s' fs transparent "
			"solid 0.15 noborder notitle, \\\n  $seg%zu using 1:2 with lines lc rgb '%s' "
			"lw 3 title ", drawn ? ", \\\n  " : "", k, c, k, c);
		gp_put(gp, t->set.measures.v[k].name);
		fprintf(gp, ", \\\n  $line%zu using 1:2:5:6 with yerrorbars lc rgb '%s' pt 7 "
			"ps 0.5 notitle", k, c);
		drawn++;
	}
	if (t->nrises)
		fputs(", \\\n  $rises using 1:2 with points pt 9 ps 2 lc rgb '#d62728' "
		      "title 'change point: boot time rose'", gp);
	if (t->ndrops)
		fputs(", \\\n  $drops using 1:2 with points pt 11 ps 2 lc rgb '#2ca02c' "
		      "title 'change point: boot time fell'", gp);
	fputc('\n', gp);
}

static int trend_draw(struct trend *t, struct plot *p)
{
	size_t k, drawn = 0;

	t->labels = open_memstream(&t->labels_text, &t->labels_len);
	if (!t->labels)
		return report_oom(t->r);
	for (k = 0; k < t->set.n; k++)
		drawn += t->set.v[k].h.nsessions > 0;
	if (drawn == 0)
		return msg_fail(t->r->err, sizeof(t->r->err), "no boot of the selection has %s",
				t->set.measures.n == 1 ? "that milestone or phase" : "any milestone"), 2;
	t->groups = calloc(t->set.n + 1, sizeof(*t->groups));
	if (!t->groups || history_each_parallel(t->set.n, groups_one, t) < 0)
		return report_oom(t->r);
	axes_write(t, p->script);
	for (k = 0; k < t->set.n; k++) {
		if (t->set.v[k].h.nsessions == 0)
			continue;
		fprintf(p->script, "$line%zu << EOD\n%.*sEOD\n", k, (int)t->groups[k].len,
			t->groups[k].text);
		segments_write(t, &t->set.v[k], &t->found[k].cps, p->script, k);
	}
	marks_write(t, p->script);
	labels_write(t);
	plot_write(t, p->script);
	return plot_finish(p, t->r->out, t->r->err, sizeof(t->r->err)) < 0 ? 2 : 0;
}

static int trend_load(struct trend *t, const struct selection *sel, const char *by)
{
	struct cp_params params;
	struct measures m;
	int rc = measures_build(t->r, MEASURES_MILESTONES, &m);

	if (rc || (rc = history_load(t->r, sel, NULL, &m, &t->set)))
		return rc;
	if (t->set.nsessions == 0)
		return msg_fail(t->r->err, sizeof(t->r->err), "no session matches the selection"), 2;
	rc = strncmp(by, "tag:", 4) == 0 ? axis_by_tag(t, sel, by) : axis_by_time(t, by);
	if (rc)
		return rc;
	history_cp_params(t->r->args, &params);
	t->found = calloc(t->set.n + 1, sizeof(*t->found));
	if (!t->found || history_changes_find(&t->set, &params, false, t->found) < 0)
		return report_oom(t->r);
	return 0;
}

static void trend_release(struct trend *t)
{
	size_t i;

	for (i = 0; t->groups && i < t->set.n; i++)
		free(t->groups[i].text);
	free(t->groups);
	if (t->labels)
		fclose(t->labels);
	free(t->labels_text);
	free(t->label_x);
	free(t->label_y);
	if (t->found)
		history_changes_release(t->found, t->set.n);
	free(t->found);
	if (t->x.ticks != t->tags.ticks)
		for (i = 0; t->x.ticks && i < t->x.n; i++)
			free(t->x.ticks[i]);
	if (t->x.ticks != t->tags.ticks)
		free(t->x.ticks);
	free(t->x.of);
	grouping_release(&t->tags);
	history_set_release(&t->set);
}

int plot_trend(struct report *r)
{
	struct trend t = { .r = r };
	struct selection sel;
	struct plot p = { 0 };
	const char *by = r->args->by ? r->args->by : "session";
	int rc;

	if (strcmp(by, "label") == 0 || strcmp(by, "host") == 0)
		return msg_fail(r->err, sizeof(r->err), "plot trend: --by session, day or tag:KEY "
				"(a %s is not a point in time; see plot dist, or select one "
				"with --%s)", by, by), 2;
	if (strcmp(by, "session") != 0 && strcmp(by, "day") != 0 && strncmp(by, "tag:", 4) != 0)
		return msg_fail(r->err, sizeof(r->err), "plot trend: --by session, day or tag:KEY, "
				"not '%s'", by), 2;
	if ((rc = report_selection(r, &r->args->select, &sel)))
		return rc;
	if (plot_begin(&p, r->args->output, r->args->keep_script, r->err, sizeof(r->err)) < 0)
		return 2;
	rc = trend_load(&t, &sel, by);
	if (rc == 0)
		rc = trend_draw(&t, &p);
	trend_release(&t);
	plot_release(&p);
	return rc;
}

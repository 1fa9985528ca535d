/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A series' page: its stages over time (with change points), where the
 * time goes session by session, the distribution of its latest sessions,
 * its change points and its sessions.
 */
#include "page.h"
#include "site_files.h"
#include "../charts/palette.h"
#include "../charts/svg_charts.h"
#include "../rendering/html.h"
#include "../rendering/time_line.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BARS_MAX 60	/* sessions in the stacked bars: the recent ones */
#define DIST_MAX 10	/* sessions in the distribution */

/* Captions and links of the x positions: the series' sessions FROM..N. */
struct xs {
	struct svg_x *x;
	char (*tick)[16], (*hover)[400], (*href)[40];
	size_t n;
};

static void xs_release(struct xs *xs)
{
	free(xs->x);
	free(xs->tick);
	free(xs->hover);
	free(xs->href);
}

static int xs_make(const struct site *s, const struct site_series *ser, size_t from, struct xs *xs)
{
	size_t i;

	xs->n = ser->n - from;
	xs->x = calloc(xs->n + 1, sizeof(*xs->x));
	xs->tick = calloc(xs->n + 1, sizeof(*xs->tick));
	xs->hover = calloc(xs->n + 1, sizeof(*xs->hover));
	xs->href = calloc(xs->n + 1, sizeof(*xs->href));
	if (!xs->x || !xs->tick || !xs->hover || !xs->href)
		return -1;
	for (i = 0; i < xs->n; i++) {
		size_t k = ser->sessions[from + i];

		snprintf(xs->tick[i], sizeof(xs->tick[i]), "%.10s", s->sessions[k].info.started_at);
		page_session_caption(s, k, xs->hover[i], sizeof(xs->hover[i]));
		page_session_file(s, k, xs->href[i], sizeof(xs->href[i]));
		xs->x[i] = (struct svg_x){ xs->tick[i], xs->hover[i],
					   s->sessions[k].paged ? xs->href[i] : NULL };
	}
	return 0;
}

static double stat_or_nan(const struct site_stat *st, double v)
{
	return st->n ? v : NAN;
}

/* The panels of the stages the series has, one after the other. */
struct panels {
	struct svg_panel *p;
	double *values;		/* median, p25, p75 per panel and session */
	size_t *counts;
	size_t n;
};

static bool span_present(const struct site *s, const struct site_series *ser, size_t j)
{
	size_t i;

	for (i = 0; i < ser->n; i++)
		if (site_stat_at(s, ser->sessions[i], j)->n)
			return true;
	return false;
}

static void panel_fill(const struct site *s, const struct site_series *ser, size_t j,
		       const struct page_marks *m, struct panels *ps)
{
	const struct svg_mark *marks;
	size_t nmarks = page_marks_of_span(ser, m, j, 0, &marks);
	size_t i, n = ser->n, at = ps->n;
	double *med = ps->values + 3 * at * n, *p25 = med + n, *p75 = p25 + n;
	size_t *count = ps->counts + at * n;

	for (i = 0; i < n; i++) {
		const struct site_stat *st = site_stat_at(s, ser->sessions[i], j);

		med[i] = stat_or_nan(st, st->median);
		p25[i] = stat_or_nan(st, (double)st->p25);
		p75[i] = stat_or_nan(st, (double)st->p75);
		count[i] = st->n;
	}
	ps->p[ps->n++] = (struct svg_panel){ s->samples.spans.v[j].name, palette_colour(j), med, p25,
					     p75, count, marks, nmarks };
}

static int panels_make(const struct site *s, const struct site_series *ser,
		       const struct page_marks *m, struct panels *ps)
{
	size_t j, nspans = s->samples.spans.n;

	memset(ps, 0, sizeof(*ps));
	ps->p = calloc(nspans + 1, sizeof(*ps->p));
	ps->values = calloc(3 * nspans * ser->n + 1, sizeof(*ps->values));
	ps->counts = calloc(nspans * ser->n + 1, sizeof(*ps->counts));
	if (!ps->p || !ps->values || !ps->counts)
		return -1;
	for (j = 0; j < nspans; j++)
		if (span_present(s, ser, j))
			panel_fill(s, ser, j, m, ps);
	return 0;
}

static void panels_release(struct panels *ps)
{
	free(ps->p);
	free(ps->values);
	free(ps->counts);
}

static int trend_draw(FILE *out, const struct site *s, const struct site_series *ser)
{
	struct panels ps = { 0 };
	struct page_marks m;
	struct xs xs = { 0 };
	int rc = -1;

	if (page_marks_make(s, ser, 0, &m) < 0)
		return -1;
	if (panels_make(s, ser, &m, &ps) == 0 && xs_make(s, ser, 0, &xs) == 0) {
		fputs("<h2 id=\"trend\">Stages over time</h2>\n", out);
		if (ps.n)
			svg_trend(out, xs.x, xs.n, ps.p, ps.n, PAGE_CHART_W, "each stage's median per "
				  "session over time, with its p25..p75 band and change points");
		else
			fputs("<p class=\"note\">No ok boot of this series has a stage.</p>\n", out);
		rc = 0;
	}
	xs_release(&xs);
	panels_release(&ps);
	page_marks_release(&m);
	return rc;
}

/* Where the time goes: the stages but the total, stacked, in the newest sessions. */
static int bars_draw(FILE *out, const struct site *s, const struct site_series *ser)
{
	size_t from = ser->n > BARS_MAX ? ser->n - BARS_MAX : 0, total = page_total_span(s);
	size_t nspans = s->samples.spans.n, i, j, k = 0;
	const char **names = calloc(nspans + 1, sizeof(*names));
	const char **colours = calloc(nspans + 1, sizeof(*colours));
	size_t *which = calloc(nspans + 1, sizeof(*which));
	double *v = calloc((ser->n - from) * nspans + 1, sizeof(*v));
	struct xs xs = { 0 };
	int rc = -1;

	if (!names || !colours || !which || !v || xs_make(s, ser, from, &xs) < 0)
		goto out;
	for (j = 0; j < nspans; j++)
		if (j != total && span_present(s, ser, j)) {
			names[k] = s->samples.spans.v[j].name;
			colours[k] = palette_colour(j);
			which[k++] = j;
		}
	for (i = from; i < ser->n; i++)
		for (j = 0; j < k; j++) {
			const struct site_stat *st = site_stat_at(s, ser->sessions[i], which[j]);

			v[(i - from) * k + j] = stat_or_nan(st, st->median);
		}
	fprintf(out, "<h2 id=\"where\">Where the time goes</h2>\n<p class=\"note\">Each stage's "
		"median in the newest %zu sessions, stacked (medians need not add up to the "
		"median total).</p>\n", xs.n);
	if (k)
		svg_bars(out, xs.x, xs.n, v, k, names, colours, PAGE_CHART_W,
			 "each stage's median per session, stacked");
	rc = 0;
out:
	xs_release(&xs);
	free(names);
	free(colours);
	free(which);
	free(v);
	return rc;
}

/* The total of every ok boot of the newest sessions, a row each. */
static int dist_draw(FILE *out, const struct site *s, const struct site_series *ser)
{
	size_t from = ser->n > DIST_MAX ? ser->n - DIST_MAX : 0, total = page_total_span(s), i;
	struct svg_dist_row *rows = calloc(ser->n - from + 1, sizeof(*rows));
	char (*names)[64] = calloc(ser->n - from + 1, sizeof(*names));
	char (*hrefs)[40] = calloc(ser->n - from + 1, sizeof(*hrefs));
	int64_t **copies = calloc(ser->n - from + 1, sizeof(*copies));	/* the rows' values */
	size_t nrows = 0;
	int rc = -1;

	if (!rows || !names || !hrefs || !copies)
		goto out;
	for (i = ser->n; i-- > from;) {
		size_t k = ser->sessions[i];
		const struct sample *v = span_samples_at(&s->samples, k, total);
		char when[32];

		if (!v->n)
			continue;
		copies[nrows] = sample_values(v);	/* the site's samples stay compact */
		if (!copies[nrows])
			goto out;
		page_time_short(s->sessions[k].info.started_at, when, sizeof(when));
		snprintf(names[nrows], sizeof(names[0]), "session %lld, %s",
			 (long long)s->sessions[k].info.id, when);
		page_session_file(s, k, hrefs[nrows], sizeof(hrefs[0]));
		rows[nrows] = (struct svg_dist_row){ names[nrows], s->sessions[k].paged ? hrefs[nrows]
						     : NULL, copies[nrows], v->n, palette_colour(0) };
		nrows++;
	}
	fprintf(out, "<h2 id=\"latest\">The latest sessions</h2>\n<p class=\"note\">%s of every ok "
		"boot, newest first: box p25..p75 with the median, whiskers min..max.</p>\n",
		s->samples.spans.n ? s->samples.spans.v[total].name : "total");
	if (nrows)
		svg_dist(out, rows, nrows, true, PAGE_CHART_W, "distribution of each boot's total in "
			 "the latest sessions");
	rc = 0;
out:
	for (i = 0; copies && i < ser->n - from; i++)
		free(copies[i]);
	free(copies);
	free(rows);
	free(names);
	free(hrefs);
	return rc;
}

static void session_row(FILE *out, const struct site *s, size_t k)
{
	const struct site_session *c = &s->sessions[k];
	const struct site_stat *st = site_stat_at(s, k, page_total_span(s));
	const char *word = c->gate ? gate_verdict_word(c->gate) : NULL;
	char file[40], when[32], text[32];

	page_session_file(s, k, file, sizeof(file));
	snprintf(text, sizeof(text), "%lld", (long long)c->info.id);
	fputs("<tr><td>", out);
	if (c->paged)
		page_link(out, file, text);
	else
		html_put(out, text);
	page_time_short(c->info.started_at, when, sizeof(when));
	fputs("</td><td>", out);
	html_put(out, when);
	fputs("</td><td>", out);
	html_put(out, c->tags);
	fprintf(out, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">",
		c->boots, c->boots - c->ok);
	if (st->n)
		fprintf(out, "%.3f", st->median / 1e6);
	fprintf(out, "</td><td><span class=\"%s\">%s</span></td></tr>\n", page_verdict_class(word),
		word ? word : c->paged ? "no baseline" : "");
}

static void sessions_table(FILE *out, const struct site *s, const struct site_series *ser)
{
	size_t i;

	fputs("<h2 id=\"sessions\">Sessions</h2>\n<table>\n<thead><tr><th>session</th><th>started"
	      "</th><th>tags</th><th class=\"num\">boots</th><th class=\"num\">not ok</th>"
	      "<th class=\"num\">median total (ms)</th><th>gate</th></tr></thead>\n<tbody>\n", out);
	for (i = ser->n; i-- > 0;)
		session_row(out, s, ser->sessions[i]);
	fputs("</tbody></table>\n", out);
}

static void header(FILE *out, const struct site *s, const struct site_series *ser)
{
	const struct site_session *first = &s->sessions[ser->sessions[0]];
	const struct site_session *last = &s->sessions[ser->sessions[ser->n - 1]];
	char from[32], to[32];
	size_t i, boots = 0;

	for (i = 0; i < ser->n; i++)
		boots += s->sessions[ser->sessions[i]].boots;
	page_time_short(first->info.started_at, from, sizeof(from));
	page_time_short(last->info.started_at, to, sizeof(to));
	fputs("<nav><a href=\"index.html\">all series</a></nav>\n<h1>", out);
	html_put(out, ser->name);
	fprintf(out, "</h1>\n<p>%zu session%s, %zu boot%s, from ", ser->n, ser->n == 1 ? "" : "s",
		boots, boots == 1 ? "" : "s");
	html_put(out, from);
	fputs(" to ", out);
	html_put(out, to);
	fprintf(out, " (series by %s). The newest %zu sessions have pages of their own.</p>\n",
		s->by, s->pages && s->pages < ser->n ? s->pages : ser->n);
}

int page_series_write(struct site *s, struct report *r, size_t i)
{
	struct site_series *ser = &s->series[i];
	struct site_page p;
	int rc;

	if (site_page_begin(&p, s->dir, ser->file) < 0)
		return report_oom(r);
	page_begin(p.out, ser->name);
	header(p.out, s, ser);
	rc = trend_draw(p.out, s, ser);
	if (rc == 0)
		rc = bars_draw(p.out, s, ser);
	if (rc == 0)
		rc = dist_draw(p.out, s, ser);
	if (rc < 0) {
		site_page_abort(&p);
		return report_oom(r);
	}
	page_changes_table(p.out, s, ser);
	sessions_table(p.out, s, ser);
	page_end(p.out);
	return site_page_commit(&p, r->err, sizeof(r->err)) < 0 ? 2 : 0;
}

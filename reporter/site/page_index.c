/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * index.html: every series with its latest session, that session's gate
 * verdict, its change points, a small trend of its total and how many
 * boots it holds; what regressed first.
 */
#include "page.h"
#include "site_files.h"
#include "../charts/svg_charts.h"
#include "../rendering/html.h"
#include "../rendering/time_line.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SPARK_SESSIONS 60
#define SPARK_W 160.0
#define SPARK_H 30.0
/* A change that raised boot time among a series' newest sessions (as many as
 * the gate's baseline: a step the gate no longer sees once they are all slow). */
#define RECENT GATE_BASELINE_LAST

/*
 * The index's order: what needs a look first. The latest session failed
 * or regressed; else boot time rose at a change point among the newest
 * sessions; then the other verdicts; last, no gate (the first session of
 * its job). A rise breaks ties within each.
 */
static int rank_of(const char *word, bool recent_rise)
{
	static const char *const order[] = { "failed", "regressed", "", "inconclusive",
					     "improved", "pass" };
	int i;

	for (i = 0; i < 6; i++)
		if (word && *order[i] && strcmp(word, order[i]) == 0)
			break;
	if (i > 2 && recent_rise)
		i = 2;
	return 2 * i + !recent_rise;
}

static void spark(FILE *out, const struct site *s, const struct site_series *ser)
{
	size_t from = ser->n > SPARK_SESSIONS ? ser->n - SPARK_SESSIONS : 0, i, total = page_total_span(s);
	double v[SPARK_SESSIONS], lo = INFINITY, hi = -INFINITY;
	size_t marks[SPARK_SESSIONS], nmarks = 0;
	char hover[256], a[32], b[32];

	for (i = from; i < ser->n; i++) {
		const struct site_stat *st = site_stat_at(s, ser->sessions[i], total);

		v[i - from] = st->n ? st->median : NAN;
		if (st->n) {
			lo = fmin(lo, st->median);
			hi = fmax(hi, st->median);
		}
	}
	if (!isfinite(lo)) {
		fputs("-", out);
		return;
	}
	for (i = 0; i < ser->nchanges && nmarks < SPARK_SESSIONS; i++)
		if (ser->changes[i].span == total && ser->changes[i].pos >= from)
			marks[nmarks++] = ser->changes[i].pos - from;
	duration_text(lo, a, sizeof(a));
	duration_text(hi, b, sizeof(b));
	snprintf(hover, sizeof(hover), "median %s of the last %zu session%s: from %s to %s%s",
		 s->samples.spans.v[total].name, ser->n - from, ser->n - from == 1 ? "" : "s", a, b,
		 nmarks ? "; dashed: its change points" : "");
	svg_spark(out, v, ser->n - from, marks, nmarks, SPARK_W, SPARK_H, hover);
}

static void latest_cell(FILE *out, const struct site *s, size_t k)
{
	const struct site_session *c = &s->sessions[k];
	char file[40], when[32];

	page_session_file(s, k, file, sizeof(file));
	page_time_short(c->info.started_at, when, sizeof(when));
	page_link(out, file, when);
	if (c->tags) {
		fputs("<br><span class=\"note\">", out);
		html_put(out, c->tags);
		fputs("</span>", out);
	}
}

static void row_write(FILE *out, const struct site *s, const struct site_series *ser)
{
	size_t last = ser->sessions[ser->n - 1], i, boots = 0;
	const struct site_session *c = &s->sessions[last];
	const char *word = c->gate ? gate_verdict_word(c->gate) : NULL;
	const struct site_stat *st = site_stat_at(s, last, page_total_span(s));

	for (i = 0; i < ser->n; i++)
		boots += s->sessions[ser->sessions[i]].boots;
	fputs("<tr><td>", out);
	page_link(out, ser->file, ser->name);
	fputs("</td><td>", out);
	latest_cell(out, s, last);
	fprintf(out, "</td><td><span class=\"%s\">%s</span></td><td>",
		page_verdict_class(word), word ? word : "no baseline");
	page_changes_cell(out, s, ser);
	fputs("</td><td>", out);
	spark(out, s, ser);
	fputs("</td><td class=\"num\">", out);
	if (st->n)
		fprintf(out, "%.3f", st->median / 1e6);
	fprintf(out, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>", ser->n, boots);
}

int page_index_row(struct site *s, size_t i)
{
	struct site_series *ser = &s->series[i];
	const struct site_session *c = &s->sessions[ser->sessions[ser->n - 1]];
	size_t len = 0;
	FILE *f;

	free(ser->row);
	ser->row = NULL;
	f = open_memstream(&ser->row, &len);
	if (!f)
		return -ENOMEM;
	row_write(f, s, ser);
	if (fclose(f) != 0)
		return -ENOMEM;
	ser->rank = rank_of(c->gate ? gate_verdict_word(c->gate) : NULL,
			    page_changes_recent_rise(ser, RECENT));
	return 0;
}

static const struct site *order_site;

static int order_cmp(const void *a, const void *b)
{
	const struct site_series *x = &order_site->series[*(const size_t *)a];
	const struct site_series *y = &order_site->series[*(const size_t *)b];

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void header(FILE *out, const struct site *s)
{
	size_t k, sessions = 0, boots = 0, newest = SITE_NONE;
	char when[32];

	for (k = 0; k < s->nsessions; k++)
		if (s->sessions[k].series != SITE_NONE) {
			sessions++;
			boots += s->sessions[k].boots;
			newest = k;
		}
	fprintf(out, "<h1>Boot time</h1>\n<p>%zu series (by ", s->nseries);
	html_put(out, s->by);
	fprintf(out, "), %zu session%s, %zu boot%s", sessions, sessions == 1 ? "" : "s", boots,
		boots == 1 ? "" : "s");
	if (newest != SITE_NONE) {
		page_time_short(s->sessions[newest].info.started_at, when, sizeof(when));
		fputs("; the newest session started ", out);
		html_put(out, when);
	}
	fprintf(out, ". Each series' latest session is gated against the %d before it with the "
		"same label on the same host (kvmboot-report gate), and its history searched for "
		"change points (kvmboot-report changes): what regressed comes first, then what rose "
		"at a change point among its newest %d sessions.</p>\n", GATE_BASELINE_LAST, RECENT);
}

int page_index_write(const struct site *s, char *err, size_t errlen)
{
	size_t *order = calloc(s->nseries + 1, sizeof(*order)), i;
	struct site_page p;

	if (!order || site_page_begin(&p, s->dir, "index.html") < 0) {
		free(order);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < s->nseries; i++)
		order[i] = i;
	order_site = s;
	if (s->nseries > 1)
		qsort(order, s->nseries, sizeof(*order), order_cmp);
	page_begin(p.out, "Boot time");
	header(p.out, s);
	if (s->nseries == 0)
		fputs("<p class=\"note\">No session matches the selection.</p>\n", p.out);
	else
		fputs("<table>\n<thead><tr><th>series</th><th>latest session</th><th>gate</th>"
		      "<th>change points</th><th>median total, last sessions</th><th class=\"num\">"
		      "latest total (ms)</th><th class=\"num\">sessions</th><th class=\"num\">boots"
		      "</th></tr></thead>\n<tbody>\n", p.out);
	for (i = 0; i < s->nseries; i++)
		fprintf(p.out, "%s\n", s->series[order[i]].row);
	if (s->nseries)
		fputs("</tbody></table>\n", p.out);
	page_end(p.out);
	free(order);
	return site_page_commit(&p, err, errlen);
}

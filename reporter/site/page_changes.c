/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Change points on the report page: as marks on the series' charts, as
 * its table (the columns of kvmboot-report changes), as the index's cell
 * and as a note on the page of the session after a change. Each change
 * links to that session (its tags say the commit).
 */
#include "page.h"
#include "../rendering/html.h"
#include "../rendering/time_line.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Changes in the index's cell, the newest first. */
#define CELL_MAX 3

static const char *span_name(const struct site *s, const struct site_change *c)
{
	return s->samples.spans.v[c->span].name;
}

static size_t session_after(const struct site_series *ser, const struct site_change *c)
{
	return ser->sessions[c->pos];
}

/* "firmware: 60.2 ms to 72.4 ms (+20.3%, 95% CI +18.0%..+22.1%, p 0.0002) from session 12, ..." */
void page_change_hover(const struct site *s, const struct site_series *ser,
		       const struct site_change *c, char *buf, size_t len)
{
	char before[32], after[32], ci[64] = "", who[400];

	duration_text(c->cp.median_before, before, sizeof(before));
	duration_text(c->cp.median_after, after, sizeof(after));
	if (c->cp.have_ci)
		snprintf(ci, sizeof(ci), ", 95%% CI %+.1f%%..%+.1f%%", c->cp.ci_low * 100,
			 c->cp.ci_high * 100);
	page_session_caption(s, session_after(ser, c), who, sizeof(who));
	snprintf(buf, len, "%s: %s to %s (%+.1f%%%s, p %.2g) from %s on", span_name(s, c), before,
		 after, c->cp.change * 100, ci, c->cp.p, who);
}

void page_marks_release(struct page_marks *m)
{
	free(m->v);
	free(m->text);
	free(m->hover);
	free(m->href);
	memset(m, 0, sizeof(*m));
}

int page_marks_make(const struct site *s, const struct site_series *ser, size_t from,
		    struct page_marks *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->v = calloc(ser->nchanges + 1, sizeof(*m->v));
	m->text = calloc(ser->nchanges + 1, sizeof(*m->text));
	m->hover = calloc(ser->nchanges + 1, sizeof(*m->hover));
	m->href = calloc(ser->nchanges + 1, sizeof(*m->href));
	if (!m->v || !m->text || !m->hover || !m->href) {
		page_marks_release(m);
		return -ENOMEM;
	}
	for (i = 0; i < ser->nchanges; i++) {
		const struct site_change *c = &ser->changes[i];
		size_t k = session_after(ser, c);

		snprintf(m->text[i], sizeof(m->text[i]), "%+.1f%%", c->cp.change * 100);
		page_change_hover(s, ser, c, m->hover[i], sizeof(m->hover[i]));
		page_session_file(s, k, m->href[i], sizeof(m->href[i]));
		m->v[i] = (struct svg_mark){ c->pos >= from ? c->pos - from : 0, c->cp.change > 0,
					     m->text[i], m->hover[i],
					     s->sessions[k].paged ? m->href[i] : NULL };
	}
	return 0;
}

size_t page_marks_of_span(const struct site_series *ser, const struct page_marks *m, size_t span,
			  size_t from, const struct svg_mark **first)
{
	size_t i, n = 0;

	*first = NULL;
	for (i = 0; i < ser->nchanges; i++) {
		if (ser->changes[i].span != span || ser->changes[i].pos < from)
			continue;
		if (!*first)
			*first = &m->v[i];
		n++;
	}
	return n;
}

/* The session after change C as a link to its page: "session 12", with its date when DATED. */
static void session_link(FILE *out, const struct site *s, const struct site_series *ser,
			 const struct site_change *c, bool dated)
{
	size_t k = session_after(ser, c);
	char file[40], text[64], when[32];

	page_session_file(s, k, file, sizeof(file));
	page_time_short(s->sessions[k].info.started_at, when, sizeof(when));
	if (dated)
		snprintf(text, sizeof(text), "%s (session %lld)", when,
			 (long long)s->sessions[k].info.id);
	else
		snprintf(text, sizeof(text), "session %lld", (long long)s->sessions[k].info.id);
	if (s->sessions[k].paged)
		page_link(out, file, text);
	else
		html_put(out, text);
}

static void change_row(FILE *out, const struct site *s, const struct site_series *ser,
		       const struct site_change *c)
{
	const struct site_session *after = &s->sessions[session_after(ser, c)];

	fputs("<tr><td>", out);
	html_put(out, span_name(s, c));
	fputs("</td><td>", out);
	session_link(out, s, ser, c, true);
	fputs("</td><td>", out);
	html_put(out, after->tags);
	fprintf(out, "</td><td class=\"num\">%.3f</td><td class=\"num\">%.3f</td><td class=\"num "
		"%s\">%+.1f%%</td><td class=\"num\">", c->cp.median_before / 1e6,
		c->cp.median_after / 1e6, c->cp.change > 0 ? "up" : "down", c->cp.change * 100);
	if (c->cp.have_ci)
		fprintf(out, "%+.1f%%..%+.1f%%", c->cp.ci_low * 100, c->cp.ci_high * 100);
	fprintf(out, "</td><td class=\"num\">%.2g</td><td class=\"num\">%zu|%zu</td></tr>\n",
		c->cp.p, c->pos - c->from, c->to - c->pos);
}

void page_changes_table(FILE *out, const struct site *s, const struct site_series *ser)
{
	const struct cp_params *p = &s->cp;
	size_t i;

	fputs("<h2 id=\"changes\">Change points</h2>\n", out);
	fprintf(out, "<p class=\"note\">As <code>kvmboot-report changes</code> finds them: where a "
		"stage's boot times stepped up or down, at the first session of the new level. "
		"Before, after: the medians of the segments it separates; the change of the median "
		"with its bootstrap 95%% CI; p: permutation test over whole sessions. A change needs "
		"p &lt; %g, a median change of %g%% and %g ms or more, %zu sessions a side.</p>\n",
		p->alpha, p->min_change * 100, p->min_change_ns / 1e6, p->min_segment);
	if (!ser->nchanges) {
		fputs("<p>No change point in any stage.</p>\n", out);
		return;
	}
	fputs("<table>\n<thead><tr><th>stage</th><th>first session after</th><th>tags</th>"
	      "<th class=\"num\">before (ms)</th><th class=\"num\">after (ms)</th>"
	      "<th class=\"num\">change</th><th class=\"num\">95% CI</th><th class=\"num\">p</th>"
	      "<th class=\"num\">sessions</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < ser->nchanges; i++)
		change_row(out, s, ser, &ser->changes[i]);
	fputs("</tbody></table>\n", out);
}

/* The series' changes, the newest first (then by stage): indexes into ser->changes. */
static size_t newest_first(const struct site_series *ser, size_t *order, size_t max)
{
	size_t n = 0, i, j;

	for (i = 0; i < ser->nchanges; i++) {
		for (j = n; j > 0 && ser->changes[order[j - 1]].pos < ser->changes[i].pos; j--)
			if (j < max)
				order[j] = order[j - 1];
		if (j < max)
			order[j] = i;
		n += n < max;
	}
	return n;
}

void page_changes_cell(FILE *out, const struct site *s, const struct site_series *ser)
{
	size_t order[CELL_MAX], n = newest_first(ser, order, CELL_MAX), i;
	char hover[1024];

	if (!ser->nchanges) {
		fputs("<span class=\"note\">none</span>", out);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct site_change *c = &ser->changes[order[i]];

		page_change_hover(s, ser, c, hover, sizeof(hover));
		fprintf(out, "%s<span title=\"", i ? "<br>" : "");
		html_put(out, hover);
		fputs("\">", out);
		html_put(out, span_name(s, c));
		fprintf(out, " <span class=\"%s\">%+.1f%%</span> from ", c->cp.change > 0 ? "up" : "down",
			c->cp.change * 100);
		session_link(out, s, ser, c, false);
		if (s->sessions[session_after(ser, c)].tags) {
			fputs(" <span class=\"note\">", out);
			html_put(out, s->sessions[session_after(ser, c)].tags);
			fputs("</span>", out);
		}
		fputs("</span>", out);
	}
	if (ser->nchanges > n) {
		fprintf(out, "<br><a href=\"");
		html_put(out, ser->file);
		fprintf(out, "#changes\">and %zu more</a>", ser->nchanges - n);
	}
}

bool page_changes_recent_rise(const struct site_series *ser, size_t recent)
{
	size_t i;

	for (i = 0; i < ser->nchanges; i++)
		if (ser->changes[i].cp.change > 0 && ser->changes[i].pos + recent >= ser->n)
			return true;
	return false;
}

void page_changes_note(FILE *out, const struct site *s, size_t k)
{
	const struct site_series *ser;
	size_t i, n = 0;

	if (s->sessions[k].series == SITE_NONE)
		return;
	ser = &s->series[s->sessions[k].series];
	for (i = 0; i < ser->nchanges; i++) {
		const struct site_change *c = &ser->changes[i];

		if (session_after(ser, c) != k)
			continue;
		fputs(n++ ? "; " : "<p>A change point starts at this session: ", out);
		html_put(out, span_name(s, c));
		fprintf(out, " <span class=\"%s\">%+.1f%%</span> (%.3f ms to %.3f ms)",
			c->cp.change > 0 ? "up" : "down", c->cp.change * 100,
			c->cp.median_before / 1e6, c->cp.median_after / 1e6);
	}
	if (n) {
		fputs(" (<a href=\"", out);
		html_put(out, ser->file);
		fputs("#changes\">the series' change points</a>).</p>\n", out);
	}
}
